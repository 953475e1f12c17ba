"""Precision policies (`--precision`), loss scaling under float16, and XLA on/off."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

import main
import utils.precision as precision
from models import DCGAN, WGANGP, Pix2Pix
from tests.helpers import tiny_dataset
from tests.test_main import TINY_FLAGS

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4)


@pytest.fixture(autouse=True)
def restore_policy():
    yield
    keras.mixed_precision.set_global_policy("float32")


def test_auto_follows_the_hardware(monkeypatch, tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("flags\t\t: fpu avx2 avx512f avx512_bf16\n")
    assert precision.cpu_has_native_bf16(str(cpuinfo))
    cpuinfo.write_text("flags\t\t: fpu avx2 fma\n")
    assert not precision.cpu_has_native_bf16(str(cpuinfo))
    monkeypatch.setattr(precision, "gpu_has_float16_tensor_cores", lambda: False)
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: True)
    assert precision.resolve_precision("auto") == "mixed_bfloat16"
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: False)
    assert precision.resolve_precision("auto") == "float32"
    monkeypatch.setattr(precision, "gpu_has_float16_tensor_cores", lambda: True)
    assert precision.resolve_precision("auto") == "mixed_float16"
    with pytest.raises(ValueError, match="valid: auto, float32"):
        precision.resolve_precision("float8")


def test_bf16_without_native_support_warns_once_with_its_cost(monkeypatch, capsys):
    monkeypatch.setattr(precision, "cpu_has_native_bf16", lambda: False)
    monkeypatch.setattr(precision, "_warned", set())
    for _ in range(3):
        assert precision.set_precision("mixed_bfloat16") == "mixed_bfloat16"
    err = capsys.readouterr().err
    assert err.count("14x slower than float32") == 1 and "--precision float32 or auto" in err


def test_precision_scope_restores_the_policy():
    with precision.precision_scope("mixed_bfloat16") as policy:
        assert policy == keras.mixed_precision.global_policy().name == "mixed_bfloat16"
    assert keras.mixed_precision.global_policy().name == "float32"


@pytest.mark.parametrize("policy", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_precision_trains_with_float32_logits_and_losses(policy):
    with precision.precision_scope(policy):
        model = WGANGP(**TINY)
        model.compile()
        scaled = isinstance(model.g_optimizer, keras.optimizers.LossScaleOptimizer)
        assert scaled == isinstance(model.d_optimizer, keras.optimizers.LossScaleOptimizer) == (policy == "mixed_float16")
        assert model.generator.layers[1].compute_dtype == policy.split("_")[1]
        images = tf.zeros((2, 8, 8, 1))
        assert model.discriminator(images).dtype == tf.float32
        assert model.generator(tf.zeros((2, 8))).dtype == tf.float32
        history = model.fit(tiny_dataset(n=4 * model.data_batch_size(), batch_size=model.data_batch_size()),
                            epochs=1, steps_per_epoch=1, verbose=0).history
        assert all(np.isfinite(v[0]) for v in history.values()), history


def test_float16_loss_scaling_gives_the_float32_update_direction():
    """One SGD step under mixed_float16 with loss scaling moves the weights like float32 does (to 1e-2)."""
    updates = {}
    for policy in ("float32", "mixed_float16"):
        with precision.precision_scope(policy):
            keras.utils.set_random_seed(0)
            model = DCGAN(**TINY, dropout=0.0)
            model.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.1))
            before = model.discriminator.trainable_weights[0].numpy().copy()
            model.fit(tiny_dataset(n=4, batch_size=4, with_labels=False), epochs=1, verbose=0)
            updates[policy] = model.discriminator.trainable_weights[0].numpy() - before
    scale = np.abs(updates["float32"]).max()
    assert scale > 0
    np.testing.assert_allclose(updates["mixed_float16"], updates["float32"], atol=2e-2 * scale)


def test_xla_on_and_off_give_the_same_step():
    """With no random draws (pix2pix without dropout) XLA and plain TF compute the same two steps. (Random
    draws differ: TF's stateless generators pick another algorithm under XLA, so noise is not shared.)"""
    from tests.models.test_pix2pix import TINY as PIX2PIX, tiny_dataset as pairs

    updates = {}
    for jit in (False, True):
        keras.utils.set_random_seed(0)
        model = Pix2Pix(**PIX2PIX, dropout=0.0)
        model.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.1), jit_compile=jit)
        variables = model.generator.trainable_weights + model.discriminator.trainable_weights
        before = [w.numpy().copy() for w in variables]
        model.fit(pairs(4, batch_size=2), epochs=1, verbose=0)
        updates[jit] = np.concatenate([(w.numpy() - b).ravel() for w, b in zip(variables, before)])
    # The two compilers sum in different orders (and oneDNN's threads vary between runs): a weight once
    # differed by 8e-5 after the two steps (CI, 2026-12-06), against updates as large as 3.3 here.
    assert np.abs(updates[False]).max() > 0.1
    np.testing.assert_allclose(updates[True], updates[False], atol=1e-3)


def test_cli_records_precision_xla_and_strategy(tmp_path):
    out = tmp_path / "run"
    argv = ["train", "dcgan", "--epochs", "1", "--out", str(out), *TINY_FLAGS, "--precision", "mixed_bfloat16",
            "--jit-compile", "off", "--strategy", "one_device"]
    assert main.main(argv) == 0
    meta = json.load(open(out / "preset" / "metadata.json"))
    assert (meta["precision"], meta["jit_compile"]) == ("mixed_bfloat16", "off")
    assert meta["strategy"].startswith("one_device")
    assert json.load(open(out / "run.json"))["precision"] == "mixed_bfloat16"
    assert keras.mixed_precision.global_policy().name == "float32"  # restored after the run
    assert main.main(["train", "dcgan", "--epochs", "2", "--out", str(out), "--resume", "--verbose", "0"]) == 0
    assert json.load(open(out / "preset" / "metadata.json"))["precision"] == "mixed_bfloat16"
