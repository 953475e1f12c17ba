"""pix2pix: networks, objective, steps, presets and export on tiny shapes."""

import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from custom_architectures.pix2pix import build_patchgan_discriminator, build_unet_generator, encoder_widths
from custom_layers import SampleDropout
from models import Pix2Pix, load_preset
from tests.helpers import check_config_round_trip, check_keras_save_resumes_exactly

TINY = dict(image_shape=[32, 32, 3], g_filters=8, d_filters=8, d_layers=2, batch_size=2)


def tiny_pairs(n=8, size=32, seed=0):
    """(A, B) in [-1, 1]: B is a coloured label-like map, A a smooth image made from it."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 4, (n, size // 8, size // 8, 1))
    b = np.kron(blocks, np.ones((1, 8, 8, 1))) * np.array([0.6, -0.2, 0.3]) - 0.5
    a = np.tanh(b * 2.0 + 0.1 * rng.standard_normal(b.shape))
    return a.astype("float32"), b.astype("float32")


def tiny_dataset(n=8, batch_size=2):
    return tf.data.Dataset.from_tensor_slices(tiny_pairs(n)).batch(batch_size, drop_remainder=True)


def test_unet_follows_the_image_size():
    assert encoder_widths(256) == [64, 128, 256, 512, 512, 512, 512, 512]
    assert encoder_widths(128) == [64, 128, 256, 512, 512, 512, 512]
    assert encoder_widths(64) == [64, 128, 256, 512, 512, 512]
    assert encoder_widths(256, max_filters=256)[-1] == 256
    generator = build_unet_generator([64, 64, 3], source_channels=1, base_filters=8)
    assert generator.input_shape == (None, 64, 64, 1) and generator.output_shape == (None, 64, 64, 3)
    downs = [layer for layer in generator.layers if layer.name.startswith("down")]
    assert [layer.output.shape[1] for layer in downs] == [32, 16, 8, 4, 2, 1]  # 6 blocks down to 1x1
    assert sum(isinstance(layer, SampleDropout) for layer in generator.layers) == 3
    with pytest.raises(ValueError, match="power of two"):
        build_unet_generator([48, 48, 3])


def test_patchgan_sees_input_and_output_and_gives_patch_logits():
    discriminator = build_patchgan_discriminator([64, 64, 3], source_channels=1, base_filters=8)
    assert [tuple(x.shape) for x in discriminator.inputs] == [(None, 64, 64, 1), (None, 64, 64, 3)]
    assert discriminator.output_shape == (None, 8, 8, 1)  # 64 / 2**3, one logit per 70x70 patch


def test_paper_defaults():
    hp = Pix2Pix.default_hparams()
    assert (hp.l1_weight, hp.g_lr, hp.d_lr, hp.beta_1, hp.batch_size) == (100.0, 2e-4, 2e-4, 0.5, 1)
    assert (hp.direction, hp.loss, hp.dropout, hp.image_shape) == ("BtoA", "non_saturating", 0.5, [256, 256, 3])
    assert "latent_dim" not in hp


def test_pix2pix_family_round_trips(tmp_path):
    keras.utils.set_random_seed(0)
    model = Pix2Pix(**TINY, sample_dropout=False)
    check_config_round_trip(model)
    model.compile()
    history = model.fit(tiny_dataset(), epochs=1, verbose=0)
    for key in ("d_loss", "g_loss", "g_gan", "g_l1", "d_real_score", "d_fake_score"):
        assert np.isfinite(history.history[key][0]), key
    sources, _ = tiny_pairs(3)
    out = model.translate((sources + 1) / 2)
    assert out.shape == (3, 32, 32, 3) and out.min() >= 0 and out.max() <= 1
    np.testing.assert_array_equal(out, model.translate((sources + 1) / 2))  # no sampling noise

    model.save_to_preset(str(tmp_path / "preset"))
    loaded = load_preset(str(tmp_path / "preset"))
    np.testing.assert_allclose(loaded.translate((sources + 1) / 2), out, atol=1e-6)

    model.export(str(tmp_path / "export"))
    served = tf.saved_model.load(str(tmp_path / "export"))
    expected = model.generator(sources, training=False).numpy()
    np.testing.assert_allclose(served.serve(tf.constant(sources)).numpy(), expected, atol=1e-5)
    check_keras_save_resumes_exactly(model, tiny_dataset(), str(tmp_path / "model.keras"))


def test_sampling_dropout_is_seeded_noise():
    model = Pix2Pix(**TINY)
    sources = (tiny_pairs(2)[1] + 1) / 2
    first = model.translate(sources, seed=1)
    np.testing.assert_array_equal(first, model.translate(sources, seed=1))
    assert not np.allclose(first, model.translate(sources, seed=2))
    model.set_sample_dropout(False)
    np.testing.assert_array_equal(model.translate(sources), model.translate(sources))


def test_translate_takes_any_size_and_channels():
    model = Pix2Pix(**TINY, sample_dropout=False)
    rng = np.random.default_rng(0)
    for images in (rng.random((2, 50, 70)), rng.random((2, 20, 20, 1)), rng.integers(0, 255, (1, 40, 40, 4), np.uint8)):
        assert model.translate(images).shape == (len(images), 32, 32, 3)
    with pytest.raises(ValueError, match="shape"):
        model.translate(rng.random((2, 20, 20, 2)))


def test_direction_picks_the_source():
    a, b = tiny_pairs(2)
    target, source = Pix2Pix(**TINY).split_batch((a, b))
    np.testing.assert_array_equal(source, b)  # BtoA: the right half B is the input
    target, source = Pix2Pix(**TINY, direction="AtoB").split_batch((a, b))
    np.testing.assert_array_equal(source, a)


def test_simultaneous_step_is_the_paper_objective():
    """One SGD step equals hand-computed gradients of 0.5 * D-BCE and BCE + 100 * L1."""
    keras.utils.set_random_seed(1)
    model = Pix2Pix(**TINY, dropout=0.0, step="simultaneous")
    model.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.1))
    a, b = (tf.constant(x) for x in tiny_pairs(2))
    g_before = [w.numpy() for w in model.generator.trainable_weights]
    d_before = [w.numpy() for w in model.discriminator.trainable_weights]
    with tf.GradientTape(persistent=True) as tape:
        fake = model.generator(b, training=True)
        real_logits = model.discriminator([b, a], training=True)
        fake_logits = model.discriminator([b, fake], training=True)
        d_loss = 0.5 * (tf.reduce_mean(tf.nn.softplus(-real_logits)) + tf.reduce_mean(tf.nn.softplus(fake_logits)))
        g_loss = tf.reduce_mean(tf.nn.softplus(-fake_logits)) + 100.0 * tf.reduce_mean(tf.abs(a - fake))
    g_grads = tape.gradient(g_loss, model.generator.trainable_weights)
    d_grads = tape.gradient(d_loss, model.discriminator.trainable_weights)
    logs = model.train_on_batch(a, b, return_dict=True)
    np.testing.assert_allclose(logs["d_loss"], d_loss.numpy(), rtol=1e-4)
    np.testing.assert_allclose(logs["g_loss"], g_loss.numpy(), rtol=1e-4)
    for w, before, grad in zip(model.generator.trainable_weights, g_before, g_grads):
        np.testing.assert_allclose(w.numpy(), before - 0.1 * grad.numpy(), atol=1e-5)
    for w, before, grad in zip(model.discriminator.trainable_weights, d_before, d_grads):
        np.testing.assert_allclose(w.numpy(), before - 0.1 * grad.numpy(), atol=1e-5)


@pytest.mark.parametrize("step, passes", [("alternating_fresh", 2), ("alternating_reuse", 1), ("simultaneous", 1)])
def test_step_kinds_run_the_generator_as_often_as_they_say(step, passes):
    model = Pix2Pix(**TINY, step=step)
    calls = []
    original = model.sample_fake

    def counting_sample_fake(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    model.sample_fake = counting_sample_fake
    model.compile(run_eagerly=True)
    before = [w.numpy().copy() for w in model.generator.trainable_weights + model.discriminator.trainable_weights]
    model.train_on_batch(*tiny_pairs(2))
    assert len(calls) == passes
    after = model.generator.trainable_weights + model.discriminator.trainable_weights
    assert all(not np.array_equal(b, a.numpy()) for b, a in zip(before[:1] + before[-1:], after[:1] + after[-1:]))


def test_simultaneous_with_critic_repeats_is_refused():
    from models import WGANGP

    with pytest.raises(ValueError, match="n_critic=1"):
        WGANGP(image_shape=[8, 8, 1], latent_dim=4, g_filters=[8, 4, 4], d_filters=[4], step="simultaneous")


def test_learns_a_colour_mapping_on_small_data():
    """Pairs whose target is a fixed colour transform of the source: L1 falls well below its start."""
    keras.utils.set_random_seed(0)
    model = Pix2Pix(**TINY, sample_dropout=False, dropout=0.0)
    model.compile()
    a, b = tiny_pairs(8)
    before = np.mean(np.abs(model.translate((b + 1) / 2) - (a + 1) / 2))
    model.fit(tiny_dataset(8, batch_size=2), epochs=40, verbose=0)
    after = np.mean(np.abs(model.translate((b + 1) / 2) - (a + 1) / 2))
    assert after < 0.5 * before, (before, after)


def test_preset_card_shows_example_pairs(tmp_path):
    model = Pix2Pix(**TINY)
    a, b = tiny_pairs(4)
    model.example_pairs = [b, a]
    model.save_to_preset(str(tmp_path / "p"), metadata={"preset": "tiny"})
    card = (tmp_path / "p" / "README.md").read_text()
    assert "examples.png" in card and "translate" in card and "generate(" not in card
    config = json.loads((tmp_path / "p" / "config.json").read_text())
    assert config["class_name"] == "Pix2Pix"
    assert os.path.isfile(tmp_path / "p" / "examples.png")


def test_card_says_how_far_the_model_is_from_the_baseline(tmp_path):
    from models.presets import update_metadata

    model = Pix2Pix(**TINY)
    model.save_to_preset(str(tmp_path / "p"), metadata={"preset": "tiny"})
    update_metadata(str(tmp_path / "p"), {"metrics": {"l1": 0.1, "baseline_l1": 0.25, "psnr": 18.0,
                                                      "baseline_psnr": 14.5, "ssim": 0.3, "baseline_ssim": 0.2}})
    card = (tmp_path / "p" / "README.md").read_text()
    assert "l1: 0.15 better than the baseline" in card and "psnr: 3.5 dB better" in card
    load_preset(str(tmp_path / "p"))  # checksums rewritten
