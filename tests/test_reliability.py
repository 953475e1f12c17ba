"""Bad inputs and failures: one-line errors, nothing destroyed, NaN caught, files as the umask says."""

import gzip
import json
import os
import shutil
import stat

import numpy as np
import pytest
import tensorflow as tf

import main
import models.training
from custom_train_objects.callbacks import ResumableCheckpoint
from datasets.mnist import SAMPLE_MNIST_DIR
from tests.test_main import TINY_FLAGS, one_line_error, run_cli


def tiny_train(out, *extra, epochs=1):
    return main.main(["train", "dcgan", "--epochs", str(epochs), "--out", str(out), *TINY_FLAGS, *extra])


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("rel") / "run"
    assert tiny_train(out) == 0
    return str(out)


def folder_digest(folder):
    """{relative path: bytes} of every file under `folder`."""
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = open(path, "rb").read()
    return found


@pytest.mark.parametrize("flags, expected", [
    (["--steps-per-epoch", "0"], "--steps-per-epoch must be at least 1"),
    (["--steps-per-epoch", "-3"], "--steps-per-epoch must be at least 1"),
    (["--batch-size", "0"], "--batch-size must be at least 1"),
    (["--latent-dim", "0"], "--latent-dim must be at least 1"),
    (["--fid-every", "-1"], "--fid-every must be at least 0"),
    (["--verbose", "loud"], "invalid choice"),
    (["--lr", "nan"], "finite"),
    (["--lr", "inf"], "finite"),
    (["--lr", "1e30"], "out of range"),
    (["--hparams", "g_filters=[]"], "non-empty list"),
    (["--hparams", "g_filters=[8.5,4,4]"], "list of ints"),
    (["--hparams", "image_shape=[28,28]"], "height, width, channels"),
    (["--hparams", "dropout=1.5"], "out of range"),
    (["--resume", "--overwrite"], "contradict"),
])
def test_bad_train_flags_are_refused_before_anything_is_written(tmp_path, capsys, flags, expected):
    out = tmp_path / "run"
    argv = ["train", "dcgan", "--out", str(out), "--dataset", "mnist_sample", "--verbose", "0", *flags]
    assert expected in one_line_error(capsys, *argv)
    assert not out.exists()


def test_overwrite_never_deletes_what_is_not_a_run(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "thesis.txt").write_text("x")
    line = one_line_error(capsys, "train", "dcgan", "--dataset", "nope", "--out", str(folder), "--overwrite")
    assert "holds no GAN Zoo run" in line
    line = one_line_error(capsys, "train", "dcgan", "--out", str(folder), "--overwrite", *TINY_FLAGS)
    assert "holds no GAN Zoo run" in line
    assert (folder / "thesis.txt").read_text() == "x" and os.listdir(folder) == ["thesis.txt"]


def test_overwrite_replaces_a_run_of_ours_only_after_validation(small_run, tmp_path, capsys):
    out = tmp_path / "run"
    shutil.copytree(small_run, out)
    before = folder_digest(out)
    one_line_error(capsys, "train", "dcgan", "--dataset", "nope", "--out", str(out), "--overwrite")
    assert folder_digest(out) == before  # a bad input deletes nothing
    assert tiny_train(out, "--overwrite", "--seed", "9") == 0
    assert json.load(open(out / "preset" / "metadata.json"))["seed"] == 9


def test_nan_stops_the_run_keeps_the_last_checkpoint_and_writes_no_preset(tmp_path, capsys, monkeypatch):
    original = models.training.training_batches

    def poisoned(model, arrays, start_batch=0):  # every batch after the third holds a NaN image
        data = original(model, arrays, start_batch).enumerate(start_batch)
        return data.map(lambda i, b: (tf.where(i >= 3, np.nan, b[0]), b[1]))

    monkeypatch.setattr(models.training, "training_batches", poisoned)
    out = tmp_path / "run"
    line = one_line_error(capsys, "train", "dcgan", "--epochs", "3", "--out", str(out), *TINY_FLAGS)
    assert "nan at epoch 2, step 2" in line and "epoch_000001" in line and "no preset" in line
    assert not (out / "preset").exists()
    _, state = ResumableCheckpoint.restore(str(out / "checkpoint"))
    assert state["epoch"] == 1
    assert len(json.load(open(out / "history.json"))["d_loss"]) == 1


def test_resume_accepts_repeated_unchanged_flags_and_names_a_changed_one(small_run, tmp_path, capsys):
    out = tmp_path / "run"
    shutil.copytree(small_run, out)
    assert tiny_train(out, "--resume", epochs=2) == 0  # TINY_FLAGS repeat --batch-size 8, g_filters, ...
    line = one_line_error(capsys, "train", "dcgan", "--epochs", "3", "--out", str(out), "--resume",
                          "--batch-size", "16")
    assert "batch_size is 8" in line and "not 16" in line


def test_a_run_killed_before_its_first_checkpoint_resumes_from_the_start(small_run, tmp_path, capsys):
    out = tmp_path / "run"
    shutil.copytree(small_run, out)
    shutil.rmtree(out / "checkpoint")
    shutil.rmtree(out / "preset")
    assert "--resume" in one_line_error(capsys, "train", "dcgan", "--epochs", "1", "--out", str(out), *TINY_FLAGS)
    assert run_cli(capsys, "train", "dcgan", "--epochs", "1", "--out", str(out), "--resume", "--verbose", "0")[0] == 0
    _, state = ResumableCheckpoint.restore(str(out / "checkpoint"))
    assert state["epoch"] == 1 and (out / "preset" / "config.json").exists()


def test_swapped_mnist_files_are_named(tmp_path, capsys):
    for name in os.listdir(SAMPLE_MNIST_DIR):
        shutil.copy(os.path.join(SAMPLE_MNIST_DIR, name), tmp_path / name)
    os.replace(tmp_path / "train-images-idx3-ubyte.gz", tmp_path / "tmp.gz")
    os.replace(tmp_path / "train-labels-idx1-ubyte.gz", tmp_path / "train-images-idx3-ubyte.gz")
    os.replace(tmp_path / "tmp.gz", tmp_path / "train-labels-idx1-ubyte.gz")
    line = one_line_error(capsys, "train", "dcgan", "--dataset", "mnist", "--data-dir", str(tmp_path), "--out",
                          str(tmp_path / "r"))
    assert "swapped" in line


def test_labels_that_are_not_class_ids_are_refused(monkeypatch, tmp_path):
    images = np.zeros((40, 28, 28, 1), np.uint8)
    labels = np.concatenate([np.arange(10).repeat(3), np.full(10, 200)])
    monkeypatch.setattr(models.training, "load_arrays", lambda *a, **k: (images, labels))
    with pytest.raises(ValueError, match="class ids 0..K-1"):
        models.training.build_model("cgan", {}, "mnist_sample")


@pytest.mark.parametrize("argv, expected", [
    (["generate", "dcgan_mnist", "--num", "1000000000", "--out", "{tmp}/x.npz"], "GiB"),
    (["generate", "cgan_mnist", "--labels", "99999999999999999999999", "--out", "{tmp}/x.png"], "class ids"),
    (["generate", "cgan_mnist", "--labels", "3,12", "--out", "{tmp}/x.png"], "label 12 is out of range"),
    (["generate", "infogan_mnist", "--code", "99", "--out", "{tmp}/x.png"], "categorical code 99"),
    (["generate", "infogan_mnist", "--continuous", "nan,0", "--out", "{tmp}/x.png"], "finite"),
    (["generate", "dcgan_mnist", "--out", "{tmp}/missing/x.png"], "does not exist"),
    (["evaluate", "real", "--json-out", "{tmp}/missing/e.json", "--dataset", "mnist_sample"], "does not exist"),
])
def test_cli_inputs_give_one_line(tmp_path, capsys, argv, expected):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert expected in one_line_error(capsys, *argv)


@pytest.mark.parametrize("content", ["[]", '{"class_name": "DCGAN", "config": 5}', '{"class_name": "DCGAN", '
                                     '"config": {"latent_dim": "big"}}', "{not json"])
def test_malformed_preset_config_names_the_file(small_run, tmp_path, capsys, content):
    from utils.files import write_checksums

    preset = tmp_path / "preset"
    shutil.copytree(os.path.join(small_run, "preset"), preset)
    (preset / "config.json").write_text(content)
    write_checksums(str(preset))
    assert "config.json" in one_line_error(capsys, "generate", str(preset), "--out", str(tmp_path / "x.png"))


def test_corrupt_checkpoint_is_named_and_the_one_before_is_used(small_run, tmp_path, capsys):
    out = tmp_path / "run"
    shutil.copytree(small_run, out)
    assert tiny_train(out, "--resume", epochs=2) == 0
    newest, older = ResumableCheckpoint.checkpoints(str(out / "checkpoint"))
    with open(os.path.join(newest, "model.keras"), "wb") as f:
        f.write(b"PK\x03\x04 broken")
    _, state = ResumableCheckpoint.restore(str(out / "checkpoint"))
    assert state["epoch"] == 1
    assert "cannot load checkpoint" in capsys.readouterr().err
    with open(os.path.join(older, "model.keras"), "wb") as f:
        f.write(b"broken too")
    line = one_line_error(capsys, "train", "dcgan", "--epochs", "3", "--out", str(out), "--resume")
    assert "model.keras" in line and "File not found" not in line


def test_generate_does_not_need_the_discriminator(small_run, tmp_path, capsys):
    from utils.files import write_checksums

    preset = tmp_path / "preset"
    shutil.copytree(os.path.join(small_run, "preset"), preset)
    (preset / "discriminator.weights.h5").write_bytes(b"garbage")
    write_checksums(str(preset))
    assert run_cli(capsys, "generate", str(preset), "--num", "4", "--out", str(tmp_path / "x.png"))[0] == 0


def test_files_we_write_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "run"
        assert tiny_train(out) == 0
        assert main.main(["export", str(out), "--out", str(tmp_path / "exported")]) == 0
    finally:
        os.umask(old)
    for path in ("preset", "checkpoint", "checkpoint/epoch_000001", "samples"):
        assert stat.S_IMODE(os.stat(out / path).st_mode) == 0o755, path
    for path in ("history.json", "run.json", "checkpoint/epoch_000001/state.json", "preset/metadata.json"):
        assert stat.S_IMODE(os.stat(out / path).st_mode) == 0o644, path
    assert stat.S_IMODE(os.stat(tmp_path / "exported").st_mode) == 0o755


def test_idx_gzip_helper_round_trip(tmp_path):
    # The swapped-files check relies on read_idx seeing the header; a truncated file is named too.
    path = tmp_path / "bad.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"\x00\x00\x08\x03\x00\x00\x00\x05")
    from datasets.mnist import read_idx

    with pytest.raises(ValueError, match="bad.gz"):
        read_idx(str(path))


def test_pruning_never_removes_the_only_checkpoint_of_the_old_flat_layout(small_run, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(small_run, out)
    folder = out / "checkpoint"
    newest = ResumableCheckpoint.checkpoints(str(folder))[0]
    for name in ("model.keras", "state.json"):
        shutil.move(os.path.join(newest, name), folder / name)  # the flat layout of earlier versions
    os.rmdir(newest)
    ResumableCheckpoint(str(folder)).prune()
    assert (folder / "model.keras").exists() and ResumableCheckpoint.restore(str(folder))[1]["epoch"] == 1
