"""tf.distribute: a mirrored step on 2 logical CPUs equals the one-device step; a 2-process multi-worker run."""

import json
import os
import socket
import subprocess
import sys
import textwrap

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MIRRORED_SCRIPT = textwrap.dedent("""
    import sys
    import numpy as np
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import keras
    from models import Pix2Pix
    from tests.models.test_pix2pix import TINY, tiny_pairs

    def one_step(strategy):
        with strategy.scope():
            keras.utils.set_random_seed(3)
            model = Pix2Pix(**{**TINY, "batch_size": 4}, dropout=0.0)
            model.compile(g_optimizer=keras.optimizers.SGD(0.5), d_optimizer=keras.optimizers.SGD(0.5))
        a, b = tiny_pairs(4)
        model.initial = [w.numpy() for w in model.generator.weights + model.discriminator.weights]
        logs = model.fit(tf.data.Dataset.from_tensor_slices((a, b)).batch(4), epochs=1, verbose=0).history
        return model, logs

    mirrored, m_logs = one_step(tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"]))
    single, s_logs = one_step(tf.distribute.OneDeviceStrategy("/cpu:0"))
    weights = mirrored.generator.weights + mirrored.discriminator.weights
    others = single.generator.weights + single.discriminator.weights
    np.testing.assert_array_equal(np.concatenate([w.ravel() for w in mirrored.initial]),
                                  np.concatenate([w.ravel() for w in single.initial]))
    change = max(float(np.max(np.abs(w.numpy() - w0))) for w, w0 in zip(others, single.initial))
    diff = max(float(np.max(np.abs(a.numpy() - b.numpy()))) for a, b in zip(weights, others)) / change
    print("RESULT", diff, m_logs["g_loss"][0], s_logs["g_loss"][0], m_logs["d_loss"][0], s_logs["d_loss"][0],
          mirrored.distribute_strategy.num_replicas_in_sync)
""")


def test_mirrored_step_equals_the_one_device_step():
    """pix2pix without dropout uses no randomness and instance norm is per image, so 2 replicas of 2 images
    must compute the same update as one device with 4. The gradients differ only by float32 summation order
    (the two replicas' halves are reduced, then added), so the weight updates must agree to 1e-5 of the
    largest update; a wrong loss scaling (not dividing by the replicas) would be off by 100%."""
    result = subprocess.run([sys.executable, "-c", MIRRORED_SCRIPT], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": REPO})
    line = [x for x in result.stdout.splitlines() if x.startswith("RESULT")]
    assert line, result.stderr[-3000:]
    diff, m_g, s_g, m_d, s_d, replicas = map(float, line[0].split()[1:])
    assert replicas == 2
    assert diff < 1e-5, diff
    np.testing.assert_allclose([m_g, m_d], [s_g, s_d], rtol=1e-5)


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("localhost", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_process_multi_worker_run_writes_one_checkpoint(tmp_path):
    ports = free_ports(2)
    cluster = {"worker": [f"localhost:{p}" for p in ports]}
    out = tmp_path / "run"
    argv = [sys.executable, "main.py", "train", "dcgan", "--dataset", "mnist_sample", "--epochs", "1",
            "--steps-per-epoch", "2", "--batch-size", "8", "--latent-dim", "8", "--verbose", "0", "--out", str(out),
            "--strategy", "multi_worker", "--hparams", "g_filters=[8,4,4]", "d_filters=[4,8]", "kernel_size=3"]
    workers = []
    for index in range(2):
        env = {**os.environ, "TF_CONFIG": json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})}
        workers.append(subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True))
    try:
        results = [w.communicate(timeout=240) for w in workers]
    finally:
        for w in workers:
            w.kill()
    for w, (_, err) in zip(workers, results):
        assert w.returncode == 0, err[-3000:]
    assert sorted(os.listdir(out / "checkpoint")) == ["epoch_000001"]
    meta = json.load(open(out / "preset" / "metadata.json"))
    assert meta["strategy"] == "multi_worker (2 replica(s))"


def test_multi_worker_without_tf_config_is_a_one_line_error(tmp_path, capsys, monkeypatch):
    from tests.test_main import one_line_error

    monkeypatch.delenv("TF_CONFIG", raising=False)
    line = one_line_error(capsys, "train", "dcgan", "--strategy", "multi_worker", "--out", str(tmp_path / "r"),
                          "--dataset", "mnist_sample")
    assert "TF_CONFIG" in line


@pytest.mark.parametrize("config, chief", [
    ({}, True),
    ({"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 0}}, True),
    ({"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 1}}, False),
    ({"cluster": {"chief": ["c:0"], "worker": ["a:1"]}, "task": {"type": "worker", "index": 0}}, False),
    ({"cluster": {"chief": ["c:0"], "worker": ["a:1"]}, "task": {"type": "chief", "index": 0}}, True),
])
def test_only_the_chief_writes(monkeypatch, config, chief):
    from utils.distribute import is_chief

    monkeypatch.setenv("TF_CONFIG", json.dumps(config))
    assert is_chief() is chief
