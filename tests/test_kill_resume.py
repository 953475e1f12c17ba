"""SIGKILL `main.py train` at several moments; the same command plus --resume ends where an uninterrupted run does."""

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

from custom_train_objects.callbacks import ResumableCheckpoint
from models import load_preset

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EPOCHS = 3
FLAGS = ["--dataset", "mnist_sample", "--batch-size", "8", "--latent-dim", "8", "--steps-per-epoch", "3",
         "--verbose", "0", "--seed", "5", "--hparams", "g_filters=[8,4,4]", "d_filters=[4,8]", "kernel_size=3"]


def train(out, resume=False, kill_at=None):
    env = {**os.environ, "GAN_ZOO_KILL_AT": kill_at or ""}
    argv = [sys.executable, "main.py", "train", "dcgan", "--epochs", str(EPOCHS), "--out", str(out), *FLAGS]
    return subprocess.run(argv + ["--resume"] * resume, cwd=REPO, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("kill") / "straight"
    result = train(out)
    assert result.returncode == 0, result.stderr
    return load_preset(str(out / "preset"))


@pytest.mark.parametrize("kill_at", [
    "train_batch:2",               # during epoch 1, before any checkpoint
    "train_batch:5",               # in the middle of epoch 2
    "checkpoint_before_rename:2",  # epoch 2's checkpoint fully written, not yet in place
    "checkpoint_before_prune:3",   # epoch 3's checkpoint in place, older ones not yet removed
])
def test_killed_run_resumes_to_the_uninterrupted_weights(uninterrupted, tmp_path, kill_at):
    out = tmp_path / "run"
    killed = train(out, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    resumed = train(out, resume=True)
    assert resumed.returncode == 0, resumed.stderr
    model = load_preset(str(out / "preset"))
    for a, b in zip(model.generator.weights, uninterrupted.generator.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-6, err_msg=a.path)
    history = json.load(open(out / "history.json"))
    assert len(history["d_loss"]) == EPOCHS
    checkpoints = ResumableCheckpoint.checkpoints(str(out / "checkpoint"))
    assert [os.path.basename(c) for c in checkpoints] == ["epoch_000003", "epoch_000002"]  # the last two kept
    assert not [n for n in os.listdir(out / "checkpoint") if n.startswith(".tmp")]
    _, state = ResumableCheckpoint.restore(str(out / "checkpoint"))
    assert state["epoch"] == EPOCHS and state["batches"] == EPOCHS * 3
