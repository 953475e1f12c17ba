"""SRGAN and ESRGAN on tiny shapes (8 -> 32 px): steps, modes, round trips, the CLI, and the data pipeline."""

import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

import main
from datasets.super_resolution import load_hr_images, sr_batches
from models import ESRGAN, SRGAN, load_preset
from tests.helpers import check_config_round_trip
from tests.test_main import one_line_error, run_cli

TINY = {
    SRGAN: dict(image_shape=[32, 32, 3], num_blocks=1, filters=8, d_filters=4, dense_units=8, batch_size=2),
    ESRGAN: dict(image_shape=[32, 32, 3], num_blocks=1, filters=8, growth=4, d_filters=4, dense_units=8,
                 batch_size=2, perceptual_weight=0.0),
}


def lr_hr(n=4, seed=0):
    rng = np.random.default_rng(seed)
    hr = np.clip(rng.normal(0, 0.5, (n, 32, 32, 3)), -1, 1).astype("float32")
    lr = tf.image.resize(hr, (8, 8), method="bicubic", antialias=True).numpy()
    return lr, hr


def dataset():
    return tf.data.Dataset.from_tensor_slices(lr_hr()).batch(2)


@pytest.mark.parametrize("cls", [SRGAN, ESRGAN])
def test_family_round_trips(cls, tmp_path):
    keras.utils.set_random_seed(0)
    model = cls(**TINY[cls])
    check_config_round_trip(model)
    model.compile()
    history = model.fit(dataset(), epochs=1, verbose=0).history
    assert all(np.isfinite(v[0]) for v in history.values()) and history["d_loss"][0] > 0
    low = np.random.default_rng(1).random((2, 6, 9, 3))
    out = model.upscale(low)
    assert out.shape == (2, 24, 36, 3) and 0 <= out.min() and out.max() <= 1
    model.save_to_preset(str(tmp_path / "p"))
    assert not os.path.exists(tmp_path / "p" / "discriminator.weights.h5")  # 94 MB at 96 px, unused by sampling
    np.testing.assert_allclose(load_preset(str(tmp_path / "p")).upscale(low), out, atol=1e-6)
    model.export(str(tmp_path / "saved"))
    saved = tf.saved_model.load(str(tmp_path / "saved"))
    for shape in ((1, 8, 8, 3), (2, 5, 7, 3)):  # any LR size
        x = tf.random.uniform(shape, -1, 1)
        np.testing.assert_allclose(saved.serve(x).numpy(), model.generator(x, training=False).numpy(), atol=1e-5)


@pytest.mark.parametrize("cls", [SRGAN, ESRGAN])
def test_psnr_mode_trains_the_generator_only(cls):
    model = cls(**{**TINY[cls], "adversarial_weight": 0.0})
    model.compile()
    d_before = [w.numpy().copy() for w in model.discriminator.weights]
    g_before = model.generator.trainable_weights[0].numpy().copy()
    history = model.fit(dataset(), epochs=1, verbose=0).history
    assert sorted(history) == ["g_content", "g_loss"]  # no discriminator numbers that were never measured
    assert all(np.array_equal(a, b.numpy()) for a, b in zip(d_before, model.discriminator.weights))
    assert not np.array_equal(g_before, model.generator.trainable_weights[0].numpy())


def test_psnr_mode_learns_to_beat_nearest_upscaling():
    """Real digits (the bundled MNIST sample) at 32 px: after 150 steps the model beats nearest upscaling."""
    from tests.helpers import tiny_images

    keras.utils.set_random_seed(0)
    model = SRGAN(**{**TINY[SRGAN], "adversarial_weight": 0.0, "g_lr": 1e-3})
    model.compile()
    hr = tiny_images((32, 32, 3), n=8)[0]
    lr = tf.image.resize(hr, (8, 8), method="bicubic", antialias=True).numpy()
    model.fit(tf.data.Dataset.from_tensor_slices((lr, hr)).batch(4).repeat(), epochs=1, steps_per_epoch=150, verbose=0)
    mse = np.mean((model.generator(lr).numpy() - hr) ** 2)
    nearest = np.mean((tf.image.resize(lr, (32, 32), method="nearest").numpy() - hr) ** 2)
    assert mse < nearest, (mse, nearest)


def test_vgg_loss_plumbing_and_the_offline_error(monkeypatch):
    import datasets.mnist

    model = SRGAN(**{**TINY[SRGAN], "content": "vgg", "vgg_weights": "random"})  # untrained VGG19: plumbing only
    model.compile()
    history = model.fit(dataset(), epochs=1, verbose=0).history
    assert np.isfinite(history["g_content"][0]) and history["g_content"][0] > 0
    monkeypatch.setattr(datasets.mnist, "_online", lambda: False)
    monkeypatch.setenv("HOME", "/nonexistent")
    offline = SRGAN(**{**TINY[SRGAN], "content": "vgg"})
    offline.compile()
    with pytest.raises(ValueError, match="vgg_weights=FILE.*online"):
        offline.fit(dataset(), epochs=1, verbose=0)


def test_esrgan_uses_the_relativistic_loss_and_scaled_residuals():
    model = ESRGAN(**TINY[ESRGAN])
    assert model.hparams.loss == "relativistic_bce" and model.loss_fn is None
    model.compile()
    assert model.loss_fn.generator_needs_real
    assert any(isinstance(l, keras.layers.Rescaling) and l.scale == 0.2 for l in model.generator.layers)


def write_hr_folder(folder, n=4, size=40):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        Image.fromarray(rng.integers(0, 255, (size, size + 4 * i, 3), np.uint8)).save(os.path.join(folder, f"{i}.png"))
    return folder


def test_sr_batches_replay_and_augment(tmp_path):
    images = load_hr_images("images", write_hr_folder(str(tmp_path / "hr")))
    first = [b for b in sr_batches(images, 16, 4, 2, seed=3).take(3)]
    again = [b for b in sr_batches(images, 16, 4, 2, seed=3, start_batch=2).take(1)]
    np.testing.assert_array_equal(first[2][1].numpy(), again[0][1].numpy())
    lr, hr = first[0]
    assert lr.shape == (2, 4, 4, 3) and hr.shape == (2, 16, 16, 3)
    with pytest.raises(ValueError, match="smaller than"):
        sr_batches(images, 64, 4, 2, seed=0)


def test_cli_train_upscale_evaluate_interpolate(tmp_path, capsys):
    hr_dir = write_hr_folder(str(tmp_path / "hr"))
    common = ["--dataset", "images", "--data-dir", hr_dir, "--epochs", "1", "--steps-per-epoch", "2", "--verbose", "0",
              "--batch-size", "2", "--hparams", "image_shape=[16,16,3]", "num_blocks=1", "filters=8", "d_filters=4",
              "dense_units=8"]
    assert main.main(["train", "srgan", "--out", str(tmp_path / "psnr"), *common, "adversarial_weight=0"]) == 0
    assert main.main(["train", "srgan", "--out", str(tmp_path / "gan"), *common,
                      "--init-generator", str(tmp_path / "psnr")]) == 0  # the GAN phase starts from the PSNR phase
    assert os.path.isfile(tmp_path / "gan" / "preset" / "examples.png")
    started = json.load(open(tmp_path / "gan" / "preset" / "metadata.json"))["initialised_from"]
    assert started["preset"].endswith("preset") and len(started["generator_sha256"]) == 64
    code, out, _ = run_cli(capsys, "upscale", str(tmp_path / "gan"), "--input", hr_dir, "--out", str(tmp_path / "up"))
    assert code == 0 and sorted(os.listdir(tmp_path / "up")) == ["0.png", "1.png", "2.png", "3.png"]
    assert Image.open(tmp_path / "up" / "1.png").size == (4 * 44, 4 * 40)
    code, out, _ = run_cli(capsys, "evaluate", str(tmp_path / "gan"), "--dataset", "set5", "--data-dir", hr_dir)
    result = json.loads(out)
    assert code == 0 and {"psnr", "ssim", "bicubic_psnr", "bicubic_ssim"} <= set(result)
    for benchmark in ("set5", "set14"):  # the card keeps one set of numbers per benchmark
        assert run_cli(capsys, "evaluate", str(tmp_path / "gan"), "--dataset", benchmark, "--data-dir", hr_dir,
                       "--write-metadata")[0] == 0
    metrics = json.load(open(tmp_path / "gan" / "preset" / "metadata.json"))["metrics"]
    assert metrics["set5_psnr"] == result["psnr"] and {"set14_psnr", "set14_bicubic_ssim", "protocol"} <= set(metrics)
    assert run_cli(capsys, "interpolate", str(tmp_path / "psnr"), str(tmp_path / "gan"), "--alpha", "0.8", "--out",
                   str(tmp_path / "mix"))[0] == 0
    a, b, mix = (load_preset(str(p)) for p in (tmp_path / "psnr" / "preset", tmp_path / "gan" / "preset",
                                                tmp_path / "mix"))
    np.testing.assert_allclose(mix.generator.weights[0].numpy(),
                               0.2 * a.generator.weights[0].numpy() + 0.8 * b.generator.weights[0].numpy(), atol=1e-6)
    assert "--alpha" in one_line_error(capsys, "interpolate", str(tmp_path / "psnr"), str(tmp_path / "gan"),
                                       "--alpha", "1.5", "--out", str(tmp_path / "bad"))
    assert "use upscale" in one_line_error(capsys, "translate", str(tmp_path / "gan"), "--input", hr_dir, "--out",
                                           str(tmp_path / "t"))


def test_training_on_the_benchmarks_is_refused(monkeypatch, tmp_path, capsys):
    import datasets.super_resolution

    benchmarks = write_hr_folder(str(tmp_path / "sr_benchmarks" / "Set5"))
    monkeypatch.setattr(datasets.super_resolution, "SHARED_SR_DIR", str(tmp_path / "sr_benchmarks"))
    assert "never train" in one_line_error(capsys, "train", "srgan", "--out", str(tmp_path / "x"), "--dataset",
                                           "images", "--data-dir", benchmarks)
    assert not (tmp_path / "x").exists()


def test_init_generator_copies_weights_and_refuses_other_architectures(tmp_path):
    from models.presets import PresetError, init_generator

    keras.utils.set_random_seed(0)
    source = ESRGAN(**TINY[ESRGAN])
    source.compile()
    source.fit(dataset(), epochs=1, steps_per_epoch=1, verbose=0)
    source.save_to_preset(str(tmp_path / "psnr"))
    target = ESRGAN(**{**TINY[ESRGAN], "adversarial_weight": 0.1})  # same generator, other losses: allowed
    assert not all(np.array_equal(a, b) for a, b in zip(target.generator.get_weights(), source.generator.get_weights()))
    record = init_generator(target, str(tmp_path / "psnr"))
    for a, b in zip(target.generator.get_weights(), source.generator.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert record["generator_sha256"] and record["preset"] == str(tmp_path / "psnr")
    with pytest.raises(PresetError, match="filters"):
        init_generator(ESRGAN(**{**TINY[ESRGAN], "filters": 4}), str(tmp_path / "psnr"))
    with pytest.raises(PresetError, match="esrgan generator; a srgan run"):
        init_generator(SRGAN(**TINY[SRGAN]), str(tmp_path / "psnr"))
