"""The command line for image-to-image models: train, translate, evaluate, export on a tiny paired folder."""

import json
import os

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

import main
from custom_train_objects.callbacks import ResumableCheckpoint
from tests.datasets.test_paired import write_pairs
from tests.test_main import one_line_error, run_cli

TINY = ["--hparams", "image_shape=[32,32,3]", "g_filters=4", "d_filters=4", "d_layers=2", "sample_dropout=false"]


@pytest.fixture(scope="module")
def paired_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("pairs")
    for split, n in (("train", 4), ("test", 3)):
        write_pairs(str(data / split), n, size=(48, 24), seed=len(split))
    out = str(tmp_path_factory.mktemp("runs") / "p2p")
    args = ["train", "pix2pix", "--dataset", "paired", "--data-dir", str(data), "--out", out, "--verbose", "0",
            "--steps-per-epoch", "2", "--batch-size", "2"]
    assert main.main([*args, "--epochs", "1", *TINY]) == 0
    assert main.main([*args[:-2], "--epochs", "2", "--resume"]) == 0
    return str(data), out


def test_train_writes_triplet_grids_and_a_preset(paired_run):
    _, out = paired_run
    _, state = ResumableCheckpoint.restore(os.path.join(out, "checkpoint"))
    assert state["epoch"] == 2
    grid = np.asarray(Image.open(os.path.join(out, "samples", "epoch_0002.png")))
    assert grid.shape[1] == 2 + 6 * (32 + 2)  # two input | output | truth triplets per row
    meta = json.load(open(os.path.join(out, "preset", "metadata.json")))
    assert meta["model"] == "pix2pix" and meta["epochs"] == 2
    assert os.path.isfile(os.path.join(out, "preset", "examples.png"))
    history = json.load(open(os.path.join(out, "history.json")))
    assert {"g_gan", "g_l1", "d_real_score", "d_fake_score"} <= set(history)


def test_translate_file_and_folder(paired_run, tmp_path, capsys):
    data, out = paired_run
    folder = tmp_path / "in"
    folder.mkdir()
    Image.fromarray(np.zeros((10, 30), np.uint8)).save(folder / "gray.png")
    Image.fromarray(np.full((50, 40, 4), 200, np.uint8)).save(folder / "rgba.png")
    Image.fromarray(np.full((20, 20, 3), 90, np.uint8)).save(folder / "photo.jpg")
    (folder / "notes.txt").write_text("not an image; ignored")
    code, stdout, _ = run_cli(capsys, "translate", out, "--input", str(folder), "--out", str(tmp_path / "outs"))
    assert code == 0 and "3 image" in stdout
    assert sorted(os.listdir(tmp_path / "outs")) == ["gray.png", "photo.png", "rgba.png"]
    assert Image.open(tmp_path / "outs" / "gray.png").size == (32, 32)
    assert run_cli(capsys, "translate", out, "--input", str(folder / "photo.jpg"), "--out",
                   str(tmp_path / "one.png"))[0] == 0
    assert np.asarray(Image.open(tmp_path / "one.png")).shape == (32, 32, 3)


def test_translate_bad_inputs_are_one_line_errors(paired_run, tmp_path, capsys):
    data, out = paired_run
    (tmp_path / "empty").mkdir()
    assert "holds no images" in one_line_error(capsys, "translate", out, "--input", str(tmp_path / "empty"),
                                               "--out", str(tmp_path / "o"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.png").write_bytes(b"\x89PNG garbage")
    assert "x.png" in one_line_error(capsys, "translate", out, "--input", str(tmp_path / "bad"), "--out",
                                     str(tmp_path / "o2"))
    assert not os.path.exists(tmp_path / "o2")
    assert "does not exist" in one_line_error(capsys, "translate", out, "--input", str(tmp_path / "nope.png"),
                                              "--out", str(tmp_path / "o.png"))
    (tmp_path / "taken.png").write_bytes(b"user file")
    assert "already exists" in one_line_error(capsys, "translate", out, "--input",
                                              os.path.join(data, "test", "0.png"), "--out", str(tmp_path / "taken.png"))
    assert (tmp_path / "taken.png").read_bytes() == b"user file"
    assert "not an image-to-image" in one_line_error(capsys, "translate", "dcgan_mnist", "--input",
                                                     os.path.join(data, "test", "0.png"), "--out", str(tmp_path / "z.png"))
    assert "translate" in one_line_error(capsys, "generate", out, "--out", str(tmp_path / "g.png"))


def test_evaluate_prints_pair_metrics_beside_the_mean_baseline(paired_run, capsys):
    data, out = paired_run
    code, stdout, _ = run_cli(capsys, "evaluate", out, "--dataset", "paired", "--data-dir", data)
    assert code == 0
    result = json.loads(stdout)
    for key in ("l1", "psnr", "ssim", "baseline_l1", "baseline_psnr", "baseline_ssim"):
        assert np.isfinite(result[key]), key
    assert result["pairs"] == 3 and 0 <= result["l1"] <= 1


def test_export_serves_without_the_repository(paired_run, tmp_path, capsys):
    _, out = paired_run
    assert run_cli(capsys, "export", out, "--out", str(tmp_path / "saved"))[0] == 0
    served = tf.saved_model.load(str(tmp_path / "saved"))
    images = served.serve(tf.zeros((2, 32, 32, 3))).numpy()
    assert images.shape == (2, 32, 32, 3) and np.abs(images).max() <= 1


def test_pairs_and_models_must_match(tmp_path, capsys):
    data = write_pairs(str(tmp_path / "d" / "train"), 2)
    assert "image pairs" in one_line_error(capsys, "train", "dcgan", "--dataset", "paired", "--data-dir",
                                           str(tmp_path / "d"), "--out", str(tmp_path / "r1"))
    assert "valid datasets" in one_line_error(capsys, "train", "pix2pix", "--dataset", "mnist_sample", "--out",
                                              str(tmp_path / "r2"))
    assert "--data-dir" in one_line_error(capsys, "train", "pix2pix", "--dataset", "paired", "--out",
                                          str(tmp_path / "r3"))
    assert "power of two" in one_line_error(capsys, "train", "pix2pix", "--dataset", "paired", "--data-dir",
                                            str(tmp_path / "d"), "--out", str(tmp_path / "r4"), "--hparams",
                                            "image_shape=[48,48,3]")
    assert data


def test_exported_pix2pix_serves_in_a_process_without_this_repository(tmp_path):
    """Sampling-time dropout on (the paper's noise): the SavedModel still loads and serves with TensorFlow alone."""
    import subprocess
    import sys
    import textwrap

    from models import Pix2Pix

    Pix2Pix(image_shape=[32, 32, 3], g_filters=4, d_filters=4, d_layers=2).export(str(tmp_path / "saved"))
    script = textwrap.dedent(f"""
        import sys, numpy as np, tensorflow as tf
        served = tf.saved_model.load({str(tmp_path / 'saved')!r})
        out = served.serve(tf.zeros((2, 32, 32, 3))).numpy()
        assert out.shape == (2, 32, 32, 3) and np.abs(out).max() <= 1
        assert not any(m in sys.modules for m in ("models", "custom_layers", "custom_architectures"))
        print("OK")
    """)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path), env=env, capture_output=True,
                            text=True)
    assert result.stdout.strip().endswith("OK"), result.stderr[-2000:]
