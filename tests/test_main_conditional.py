"""The command line for conditional families: labels, codes and sweeps."""

import os

import numpy as np
import pytest

import main
from tests.test_main import TINY_FLAGS, one_line_error, run_cli


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("conditional")
    out = {}
    for family in ("cgan", "infogan"):
        out[family] = str(root / family)
        assert main.main(["train", family, "--epochs", "1", "--out", out[family], *TINY_FLAGS]) == 0
    return out


def test_cgan_run_grid_and_labels(runs, tmp_path, capsys):
    assert os.path.isfile(os.path.join(runs["cgan"], "samples", "epoch_0001.png"))
    target = str(tmp_path / "x.npz")
    assert run_cli(capsys, "generate", runs["cgan"], "--labels", "0,1,2", "--num", "7", "--out", target)[0] == 0
    data = np.load(target)
    assert data["images"].shape == (7, 28, 28, 1) and data["labels"].tolist() == [0, 1, 2, 0, 1, 2, 0]
    assert "valid labels: 0-9" in one_line_error(capsys, "generate", runs["cgan"], "--labels", "3,12", "--out", target)
    assert "--labels" in one_line_error(capsys, "generate", runs["cgan"], "--labels", "a,b", "--out", target)


def test_infogan_codes_and_sweep(runs, tmp_path, capsys):
    target = str(tmp_path / "x.npz")
    code, _, err = run_cli(capsys, "generate", runs["infogan"], "--code", "3", "--continuous", "0.5,-1",
                           "--num", "4", "--out", target)
    assert code == 0, err
    data = np.load(target)
    assert data["categorical"].tolist() == [3, 3, 3, 3] and data["continuous"].tolist() == [[0.5, -1.0]] * 4
    sweep = str(tmp_path / "sweep.npz")
    assert run_cli(capsys, "generate", runs["infogan"], "--sweep", "1", "--out", sweep)[0] == 0
    assert np.load(sweep)["images"].shape == (100, 28, 28, 1)
    assert "InfoGAN" in one_line_error(capsys, "generate", runs["cgan"], "--code", "1", "--out", target)


def test_exported_conditional_signature_takes_latent_and_label(runs, tmp_path, capsys):
    import tensorflow as tf

    from models import load_preset

    exported = str(tmp_path / "cgan_export")
    assert run_cli(capsys, "export", runs["cgan"], "--out", exported)[0] == 0
    served = tf.saved_model.load(exported)
    model = load_preset(os.path.join(runs["cgan"], "preset"))
    z = model.sample_latents(3, seed=0)
    out = served.serve(tf.constant(z), tf.constant([1, 2, 3], tf.int32)).numpy()
    np.testing.assert_allclose((out + 1) / 2, model.generate(3, labels=[1, 2, 3], seed=0), atol=1e-5)
