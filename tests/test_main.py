"""The command line, end to end on tiny runs."""

import json
import os
import shlex
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import main
from custom_train_objects.callbacks.checkpoint import ResumableCheckpoint
from models import load_preset

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY_FLAGS = [
    "--dataset", "mnist_sample", "--batch-size", "8", "--latent-dim", "8", "--steps-per-epoch", "2",
    "--verbose", "0", "--hparams", "g_filters=[8,4,4]", "d_filters=[4,8]", "kernel_size=3",
]


def run_cli(capsys, *argv):
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys, *argv):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """A 1-epoch run, resumed to 2 epochs: the checks below read its folder."""
    out = str(tmp_path_factory.mktemp("runs") / "dcgan")
    assert main.main(["train", "dcgan", "--epochs", "1", "--out", out, "--seed", "3", *TINY_FLAGS]) == 0
    first = dict(ResumableCheckpoint.restore(os.path.join(out, "checkpoint"))[1])
    assert main.main(["train", "dcgan", "--epochs", "2", "--out", out, "--resume", "--dataset", "mnist_sample",
                      "--steps-per-epoch", "2", "--verbose", "0"]) == 0
    return out, first


def test_list(capsys):
    code, out, _ = run_cli(capsys, "list")
    lines = out.splitlines()
    assert code == 0
    for name in ("gan", "dcgan", "dcgan_mnist"):
        assert any(line.split()[0] == name and len(line.split()) > 2 for line in lines), out


def test_train_writes_the_run_folder(tiny_run):
    out, first = tiny_run
    assert first["epoch"] == 1
    for name in ("samples/epoch_0001.png", "samples/epoch_0002.png", "progress.gif", "losses.png",
                 "checkpoint/epoch_000002/model.keras", "checkpoint/epoch_000001/state.json", "preset/config.json", "preset/generator.weights.h5", "history.json"):
        assert os.path.isfile(os.path.join(out, name)), name
    history = json.load(open(os.path.join(out, "history.json")))
    assert len(history["d_loss"]) == 2 and len(history["g_loss"]) == 2
    meta = json.load(open(os.path.join(out, "preset", "metadata.json")))
    assert meta["epochs"] == 2 and meta["seed"] == 3 and meta["command"].startswith("python main.py train dcgan")
    first_command = meta["command"].split(" && ")[0]  # quoted as a shell reruns it: the brackets stay one word
    assert "'g_filters=[8,4,4]'" in first_command
    assert shlex.split(first_command)[2:] == ["train", "dcgan", "--epochs", "1", "--out", out, "--seed", "3",
                                              *TINY_FLAGS]


def test_resume_continues_epochs_and_both_optimizers(tiny_run):
    out, _ = tiny_run
    model, state = ResumableCheckpoint.restore(os.path.join(out, "checkpoint"))
    assert state["epoch"] == 2 and len(state["commands"]) == 2 and "--resume" in state["commands"][1]
    assert int(model.g_optimizer.iterations) == 4 and int(model.d_optimizer.iterations) == 4
    assert model.hparams.g_filters == [8, 4, 4] and model.hparams.seed == 3


def test_resuming_a_finished_run_rewrites_its_preset_only(tiny_run, tmp_path, capsys):
    out = str(tmp_path / "run")
    shutil.copytree(tiny_run[0], out)
    meta_before = json.load(open(os.path.join(out, "preset", "metadata.json")))
    shutil.rmtree(os.path.join(out, "preset"))  # e.g. the process died while writing it
    assert run_cli(capsys, "train", "dcgan", "--epochs", "2", "--out", out, "--resume", "--verbose", "0")[0] == 0
    meta = json.load(open(os.path.join(out, "preset", "metadata.json")))
    assert meta["command"] == meta_before["command"] and meta["epochs"] == 2
    _, state = ResumableCheckpoint.restore(os.path.join(out, "checkpoint"))
    assert state["epoch"] == 2 and len(state["commands"]) == 2  # nothing trained, nothing recorded
    line = one_line_error(capsys, "train", "dcgan", "--epochs", "1", "--out", out, "--resume")
    assert "already trained 2 epochs" in line and "--epochs 2" in line


def test_resume_without_a_model_name_takes_the_runs_own(tiny_run, tmp_path, capsys):
    out = str(tmp_path / "run")
    shutil.copytree(tiny_run[0], out)
    shutil.rmtree(os.path.join(out, "preset"))
    assert run_cli(capsys, "train", "--epochs", "2", "--out", out, "--resume", "--verbose", "0")[0] == 0
    assert json.load(open(os.path.join(out, "preset", "config.json")))["class_name"] == "DCGAN"
    line = one_line_error(capsys, "train", "--epochs", "2", "--out", out)
    assert "required: model" in line
    os.remove(os.path.join(out, "run.json"))
    line = one_line_error(capsys, "train", "--epochs", "2", "--out", out, "--resume")
    assert "no run.json" in line and "python main.py train MODEL" in line
    assert os.path.isfile(os.path.join(out, "checkpoint", "epoch_000002", "model.keras"))
    line = one_line_error(capsys, "train", "--out", str(tmp_path / "nothing"), "--resume")
    assert "holds no run" in line and "python main.py train MODEL" in line


def test_existing_run_is_never_overwritten_silently(tiny_run, capsys):
    out, _ = tiny_run
    before = os.path.getmtime(os.path.join(out, "checkpoint", "epoch_000002", "model.keras"))
    line = one_line_error(capsys, "train", "dcgan", "--epochs", "1", "--out", out, *TINY_FLAGS)
    assert "--resume" in line and "--overwrite" in line
    assert os.path.getmtime(os.path.join(out, "checkpoint", "epoch_000002", "model.keras")) == before


def test_generate_png_and_npz_are_reproducible(tiny_run, tmp_path, capsys):
    out, _ = tiny_run
    for ext in ("png", "npz"):
        a, b = str(tmp_path / f"a.{ext}"), str(tmp_path / f"b.{ext}")
        assert run_cli(capsys, "generate", out, "--num", "10", "--seed", "0", "--out", a)[0] == 0
        assert run_cli(capsys, "generate", out, "--num", "10", "--seed", "0", "--out", b)[0] == 0
        assert open(a, "rb").read() == open(b, "rb").read()
    images = np.load(tmp_path / "a.npz")["images"]
    assert images.dtype == np.uint8 and images.shape == (10, 28, 28, 1)


def test_export_serves_without_this_repository(tiny_run, tmp_path, capsys):
    out, _ = tiny_run
    exported = str(tmp_path / "exported")
    assert run_cli(capsys, "export", out, "--out", exported)[0] == 0
    from models import load_preset

    model = load_preset(os.path.join(out, "preset"))
    latents = model.sample_latents(6, seed=11)
    np.save(tmp_path / "z.npy", latents)
    script = textwrap.dedent(f"""
        import sys, numpy as np, tensorflow as tf
        served = tf.saved_model.load({exported!r})
        images = served.serve(tf.constant(np.load({str(tmp_path / 'z.npy')!r}))).numpy()
        assert not any(m in sys.modules for m in ("models", "custom_architectures", "hparams"))
        np.save({str(tmp_path / 'served.npy')!r}, images)
    """)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path), env=env, check=True, capture_output=True)
    served = np.load(tmp_path / "served.npy")
    assert served.min() >= -1.0 and served.max() <= 1.0
    np.testing.assert_allclose((served + 1) / 2, model.generate(6, seed=11), atol=1e-5)


def test_unknown_hparam_lists_the_valid_keys(capsys, tmp_path):
    line = one_line_error(capsys, "train", "dcgan", "--out", str(tmp_path / "r"), "--hparams", "g_filter=[1]")
    assert "g_filter" in line and "valid keys" in line and "g_filters" in line


@pytest.mark.parametrize("argv,expected", [
    (["train", "dcgn", "--out", "x"], "valid models: gan, dcgan"),
    (["generate", "nope", "--out", "x.png"], "valid presets: dcgan_mnist"),
    (["generate", "dcgan_mnist", "--out", "x.jpg", "--num", "1"], ".png or .npz"),
    (["train", "dcgan", "--out", "x", "--epochs", "two"], "invalid int value"),
    (["train", "dcgan", "--out", "x", "--loss", "hing"], "valid values: minimax"),
    (["train", "dcgan", "--out", "x", "--data-dir", "/nonexistent"], "put the original MNIST IDX .gz files there"),
    (["frobnicate"], "invalid choice"),
    (["train", "dcgan", "--out", "x", "--epochs", "two"], "; see python main.py train --help"),
    (["frobnicate"], "; see python main.py --help"),
])
def test_user_errors_are_one_line(capsys, tmp_path, argv, expected):
    argv = [str(tmp_path / a) if a in ("x", "x.png", "x.jpg") else a for a in argv]
    assert expected in one_line_error(capsys, *argv)


def test_corrupted_weights_in_a_subprocess_print_one_line_and_exit_2(tiny_run, tmp_path):
    import shutil

    out, _ = tiny_run
    broken = tmp_path / "broken"
    shutil.copytree(os.path.join(out, "preset"), broken)
    weights = broken / "generator.weights.h5"
    weights.write_bytes(weights.read_bytes()[:1000])
    result = subprocess.run([sys.executable, "main.py", "generate", str(broken), "--out", str(tmp_path / "g.png")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "SHA256SUMS" in lines[0], result.stderr


def test_evaluate_prints_named_metrics_and_writes_json(tiny_run, tmp_path, capsys):
    out, _ = tiny_run
    json_out = str(tmp_path / "eval.json")
    code, stdout, err = run_cli(capsys, "evaluate", out, "--num", "300", "--dataset", "mnist_sample",
                                "--json-out", json_out)
    assert code == 0, err
    result = json.loads(stdout.strip().splitlines()[-1])
    for key in ("fid300", "kid300", "kid300_std", "is300", "is300_std", "precision300", "recall300"):
        assert isinstance(result[key], float), key
    shares = result["class_shares300"]
    assert len(shares) == 10 and abs(sum(shares) - 1) < 1e-3 and result["min_class_share300"] == min(shares)
    assert result["feature_network"].startswith("mnist_classifier") and "test" in result["reference"]
    assert result["seconds"] > 0 and json.load(open(json_out)) == result


def test_evaluate_can_record_metrics_in_the_preset(tiny_run, capsys):
    from models import load_preset
    from models.presets import load_metadata

    out, _ = tiny_run
    code, _, err = run_cli(capsys, "evaluate", out, "--num", "200", "--metrics", "fid,classes", "--dataset",
                           "mnist_sample", "--write-metadata")
    assert code == 0, err
    meta = load_metadata(os.path.join(out, "preset"))
    assert meta["metrics"]["fid200"] > 0 and "--write-metadata" in meta["metrics_commands"][0]
    card = open(os.path.join(out, "preset", "README.md")).read()
    assert "fid200" in card and "Samples per class" in card
    bars = card.split("`class_shares200`):")[1].split("```")[1].strip().splitlines()
    assert [line.split()[0] for line in bars] == [str(d) for d in range(10)]
    load_preset(os.path.join(out, "preset"))  # checksums were rewritten


def test_evaluate_reference_baselines_order_correctly(capsys):
    results = {}
    for source in ("real", "noise"):
        code, stdout, err = run_cli(capsys, "evaluate", source, "--num", "1000", "--metrics", "fid,is",
                                    "--dataset", "mnist_sample")
        assert code == 0, err
        results[source] = json.loads(stdout.strip().splitlines()[-1])
    assert results["real"]["fid1k"] < 25 < 400 < results["noise"]["fid1k"]
    assert results["real"]["is1k"] > 9 > 1.5 > results["noise"]["is1k"]
    assert "lpips" in one_line_error(capsys, "evaluate", "real", "--metrics", "fid,lpips")


def test_resume_keeps_the_runs_fid_every(tmp_path):
    out = str(tmp_path / "run")
    assert main.main(["train", "dcgan", "--epochs", "1", "--out", out, "--fid-every", "1", *TINY_FLAGS]) == 0
    assert json.load(open(os.path.join(out, "run.json")))["fid_every"] == 1
    assert main.main(["train", "dcgan", "--epochs", "2", "--out", out, "--resume", "--verbose", "0"]) == 0
    history = json.load(open(os.path.join(out, "history.json")))
    fid_keys = [k for k in history if k.startswith("fid")]
    assert fid_keys and all(len(history[k]) == 2 and np.isfinite(history[k]).all() for k in fid_keys), history.keys()
    assert main.main(["train", "dcgan", "--epochs", "3", "--out", out, "--resume", "--fid-every", "0",
                      "--verbose", "0"]) == 0
    history = json.load(open(os.path.join(out, "history.json")))
    assert all(len(history[k]) == 2 for k in fid_keys) and len(history["d_loss"]) == 3  # 0: off for this part


def test_a_run_folder_copied_elsewhere_resumes_there(tmp_path, capsys):
    """A long training split across machines or sessions: the folder alone carries the run."""
    first, copied, moved = str(tmp_path / "first"), str(tmp_path / "other" / "copied"), str(tmp_path / "moved")
    assert main.main(["train", "dcgan", "--epochs", "1", "--out", first, "--seed", "5", *TINY_FLAGS]) == 0
    shutil.copytree(first, copied)
    shutil.move(first, moved)  # the folder it was trained in is gone while both copies resume
    for out in (copied, moved):
        assert run_cli(capsys, "train", "--epochs", "2", "--out", out, "--resume", "--verbose", "0")[0] == 0
        _, state = ResumableCheckpoint.restore(os.path.join(out, "checkpoint"))
        assert state["epoch"] == 2 and len(state["commands"]) == 2
    assert not os.path.exists(first)
    presets = [load_preset(os.path.join(out, "preset")) for out in (copied, moved)]
    for a, b in zip(presets[0].generator.weights, presets[1].generator.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-6, err_msg=a.path)


def test_resume_may_start_a_learning_rate_decay_ahead_but_keeps_other_hyperparameters(tmp_path, capsys):
    straight, split = str(tmp_path / "straight"), str(tmp_path / "split")
    assert main.main(["train", "dcgan", "--epochs", "4", "--out", straight, "--seed", "4", *TINY_FLAGS,
                      "lr_decay_epochs=2"]) == 0
    assert main.main(["train", "dcgan", "--epochs", "2", "--out", split, "--seed", "4", *TINY_FLAGS]) == 0
    line = one_line_error(capsys, "train", "--epochs", "4", "--out", split, "--resume", "--hparams", "d_lr=1e-3")
    assert "d_lr" in line and "keeps the run's hyperparameters" in line
    line = one_line_error(capsys, "train", "--epochs", "4", "--out", split, "--resume", "--hparams",
                          "lr_decay_epochs=3")
    assert "starts the decay at epoch 1" in line and "use at most 2" in line
    assert run_cli(capsys, "train", "--epochs", "4", "--out", split, "--resume", "--verbose", "0", "--hparams",
                   "lr_decay_epochs=2")[0] == 0
    presets = [load_preset(os.path.join(out, "preset")) for out in (straight, split)]
    assert presets[1].hparams.lr_decay_epochs == 2
    for a, b in zip(presets[0].generator.weights, presets[1].generator.weights):  # the uninterrupted run's
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-6, err_msg=a.path)
    line = one_line_error(capsys, "train", "--epochs", "8", "--out", split, "--resume", "--hparams",
                          "lr_decay_epochs=4")
    assert "constant rate" in line and "lr_decay_epochs=2" in line  # its decay has begun
