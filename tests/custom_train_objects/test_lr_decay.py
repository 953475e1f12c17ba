"""Linear learning-rate decay: the pix2pix reference formula, applied by `main.py train`."""

import os

import pytest

import main
from custom_train_objects.callbacks.lr_decay import decay_factor
from custom_train_objects.callbacks.checkpoint import ResumableCheckpoint
from models import load_preset

TINY = ["--dataset", "mnist_sample", "--batch-size", "8", "--latent-dim", "8", "--steps-per-epoch", "2",
        "--verbose", "0", "--seed", "1"]
NETS = ["g_filters=[8,4,4]", "d_filters=[4,8]", "kernel_size=3"]


def test_factor_is_constant_then_linear_to_one_over_decay_plus_one():
    assert [decay_factor(e, 4, 0) for e in range(4)] == [1.0] * 4
    # 5 epochs, last 3 decay: 1, 1, then 3/4, 2/4, 1/4 (pix2pix: 1 - max(0, e + 1 - niter) / (niter_decay + 1)).
    assert [decay_factor(e, 5, 3) for e in range(5)] == [1.0, 1.0, 0.75, 0.5, 0.25]


def test_train_decays_both_optimizers_over_the_last_epochs(tmp_path):
    out = str(tmp_path / "run")
    assert main.main(["train", "dcgan", "--out", out, "--epochs", "3", *TINY, "--hparams", *NETS, "g_lr=0.001",
                      "d_lr=0.002", "lr_decay_epochs=2"]) == 0
    model, state = ResumableCheckpoint.restore(os.path.join(out, "checkpoint"))
    assert state["epoch"] == 3
    # Epochs 1, 2, 3 train at factors 1, 2/3, 1/3 of the HParams' rates.
    assert float(model.g_optimizer.learning_rate) == pytest.approx(0.001 / 3)
    assert float(model.d_optimizer.learning_rate) == pytest.approx(0.002 / 3)
    assert load_preset(os.path.join(out, "preset")).hparams.lr_decay_epochs == 2


def test_more_decay_epochs_than_epochs_is_a_one_line_error(tmp_path, capsys):
    out = tmp_path / "run"
    code = main.main(["train", "dcgan", "--out", str(out), "--epochs", "2", *TINY, "--hparams", *NETS,
                      "lr_decay_epochs=5"])
    assert code == 2 and not out.exists()
    assert "lr_decay_epochs=5 is more than --epochs 2" in capsys.readouterr().err
