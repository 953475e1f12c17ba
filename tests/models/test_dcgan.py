import keras
import numpy as np
import pytest

from models import DCGAN
from tests.helpers import run_gan_family_test

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4)


def test_dcgan_family(tmp_path):
    run_gan_family_test(DCGAN, TINY, tmp_path)


def test_dcgan_with_dropout_off_and_hinge(tmp_path):
    run_gan_family_test(DCGAN, {**TINY, "dropout": 0.0, "loss": "hinge"}, tmp_path)


def test_mnist_default_is_the_tutorial_architecture():
    model = DCGAN()
    hp = model.hparams
    assert (hp.latent_dim, hp.batch_size, hp.g_lr, hp.beta_1) == (100, 256, 2e-4, 0.5)
    assert model.generator.output_shape == (None, 28, 28, 1)
    assert model.discriminator.output_shape == (None, 1)
    # Dense(7*7*256) without bias, as in the TensorFlow tutorial.
    assert model.generator.count_params() == 2_330_944
    assert model.discriminator.count_params() == 212_865


def test_rgb_and_other_sizes():
    model = DCGAN(image_shape=[16, 16, 3], g_filters=[8, 8, 4], d_filters=[4], latent_dim=4)
    assert model.generate(2, seed=0).shape == (2, 16, 16, 3)


def test_bad_image_size_is_a_clear_error():
    with pytest.raises(ValueError, match="divisible by 4"):
        DCGAN(image_shape=[30, 30, 1])


def test_unknown_hparam_lists_valid_keys():
    with pytest.raises(ValueError, match="valid keys: .*g_filters"):
        DCGAN(g_filter=[1])


def test_discriminator_sees_real_and_fake_separately_in_training_mode():
    # Dropout is active in train_step: two calls on the same batch differ.
    model = DCGAN(**TINY)
    x = np.zeros((4, 8, 8, 1), "float32") + 0.5
    a = model.discriminator(x, training=True).numpy()
    b = model.discriminator(x, training=True).numpy()
    assert not np.allclose(a, b)


@pytest.mark.parametrize("side, maps", [(28, [7, 14, 28]), (32, [4, 8, 16, 32]), (64, [4, 8, 16, 32, 64])])
def test_paper_architecture_follows_the_image_size(side, maps):
    model = DCGAN(architecture="paper", image_shape=[side, side, 3], base_width=8, latent_dim=4)
    generator, discriminator = model.generator, model.discriminator
    convs = [l for l in generator.layers if isinstance(l, keras.layers.Conv2DTranspose)]
    assert [l.kernel_size for l in convs] == [(4, 4)] * len(convs)
    assert [l.output.shape[1] for l in convs] == maps[1:]
    widths = [l.filters for l in convs[:-1]]
    assert widths == sorted(widths, reverse=True) and widths[-1] == 8  # halving down to base_width
    norms = [l for l in discriminator.layers if isinstance(l, keras.layers.BatchNormalization)]
    assert len(norms) == len(maps) - 2  # every D block but the first
    assert model.generate(2, seed=0).shape == (2, side, side, 3)


def test_paper_critic_of_wgan_gp_has_no_batch_norm():
    from models import WGANGP

    model = WGANGP(architecture="paper", image_shape=[28, 28, 1], base_width=8, latent_dim=4)
    assert not [l for l in model.discriminator.layers if isinstance(l, keras.layers.BatchNormalization)]
    with pytest.raises(ValueError, match="even image side"):
        DCGAN(architecture="paper", image_shape=[7, 7, 1])


def test_paper_architecture_trains(tmp_path):
    run_gan_family_test(DCGAN, dict(architecture="paper", image_shape=[8, 8, 1], base_width=4, latent_dim=4,
                                    batch_size=4), tmp_path)


def test_sngan_cnn_is_the_papers_standard_cnn_at_32x32():
    from models import SNDCGAN

    model = SNDCGAN(architecture="sngan_cnn", image_shape=[32, 32, 3], latent_dim=128)
    deconvs = [l for l in model.generator.layers if isinstance(l, keras.layers.Conv2DTranspose)]
    assert [(l.filters, l.kernel_size, l.strides) for l in deconvs] == [(w, (4, 4), (2, 2)) for w in (256, 128, 64)]
    assert model.generator.get_layer("images").output.shape[1:] == (32, 32, 3)
    wrapped = [l for l in model.discriminator.layers if isinstance(l, keras.layers.SpectralNormalization)]
    convs = [l.layer for l in wrapped if isinstance(l.layer, keras.layers.Conv2D)]
    assert [(c.filters, c.kernel_size[0], c.strides[0]) for c in convs] == [
        (64, 3, 1), (64, 4, 2), (128, 3, 1), (128, 4, 2), (256, 3, 1), (256, 4, 2), (512, 3, 1)]
    assert len(wrapped) == 8  # the seven convs and the dense logit
    assert DCGAN(architecture="sngan_cnn", image_shape=[32, 32, 3]).discriminator.layers[1].__class__ \
        is keras.layers.Conv2D  # plain DCGAN: no spectral norm
    with pytest.raises(ValueError, match="multiple of 8"):
        DCGAN(architecture="sngan_cnn", image_shape=[28, 28, 1])


def test_sngan_cnn_critic_behind_the_tutorial_generator_on_digits():
    from models import SNDCGAN

    model = SNDCGAN(d_architecture="sngan_cnn", image_shape=[28, 28, 1], g_filters=[16, 8, 4], pack=4, latent_dim=4)
    assert model.discriminator_architecture() == "sngan_cnn"
    deconvs = [l for l in model.generator.layers if isinstance(l, keras.layers.Conv2DTranspose)]
    assert {l.kernel_size for l in deconvs} == {(5, 5)}  # the tutorial generator
    wrapped = [l for l in model.discriminator.layers if isinstance(l, keras.layers.SpectralNormalization)]
    sides = [l.output.shape[1] for l in wrapped if isinstance(l.layer, keras.layers.Conv2D)]
    assert sides == [28, 14, 14, 7, 7, 4, 4]  # stride-2 convs pad: 28 -> 14 -> 7 -> 4
    images = np.random.default_rng(0).uniform(-1, 1, (8, 28, 28, 1)).astype("float32")
    assert tuple(model.critic(images, training=False).shape) == (2, 1)  # one logit per packed group of 4
    restored = SNDCGAN.from_config(model.get_config())
    assert restored.discriminator_architecture() == "sngan_cnn"
    assert DCGAN().discriminator_architecture() == "tutorial"  # "same" follows `architecture`
    with pytest.raises(ValueError, match="side 8 or more"):
        DCGAN(d_architecture="sngan_cnn", image_shape=[4, 4, 1], g_filters=[8, 4])
    with pytest.raises(ValueError, match="d_architecture"):
        DCGAN(d_architecture="resnet")


def test_sngan_cnn_trains(tmp_path):
    from models import SNDCGAN

    run_gan_family_test(SNDCGAN, dict(architecture="sngan_cnn", image_shape=[8, 8, 3], latent_dim=4, batch_size=4),
                        tmp_path)


def test_default_step_is_reuse_and_old_configs_keep_theirs():
    from models import WGAN, WGANGP, load_preset

    assert DCGAN().hparams.step == "alternating_reuse"
    assert WGANGP().hparams.step == WGAN().hparams.step == "alternating_fresh"  # critic repeats
    # A config written before the step HParam existed trained with alternating_fresh and resumes so.
    from models import InfoGAN

    old = InfoGAN().get_config()
    del old["step"]
    assert InfoGAN.from_config(old).hparams.step == "alternating_fresh"
    for retrained in ("dcgan_mnist", "cgan_mnist", "infogan_mnist"):
        assert load_preset(retrained, load_discriminator=False).hparams.step == "alternating_reuse"
    config = DCGAN(step="simultaneous").get_config()
    assert DCGAN.from_config(config).hparams.step == "simultaneous"


def test_packed_discriminator_judges_pairs_and_the_family_trains(tmp_path):
    model = run_gan_family_test(DCGAN, {**TINY, "pack": 2}, tmp_path)
    assert model.discriminator.input_shape == (None, 8, 8, 2)
    images = np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    logits = np.asarray(model.critic(images, training=False))
    assert logits.shape == (2, 1)
    pairs = np.concatenate([images[2:3], images[3:4]], axis=-1)  # the second packed sample by hand
    np.testing.assert_allclose(logits[1], np.asarray(model.discriminator(pairs, training=False))[0], atol=1e-5)


def test_pack_must_divide_the_batch():
    with pytest.raises(ValueError, match="multiple"):
        DCGAN(**{**TINY, "pack": 3})


@pytest.mark.parametrize("step", ["alternating_reuse", "simultaneous"])
def test_r1_weight_adds_half_gamma_times_r1_to_the_discriminator_loss(step):
    import tensorflow as tf

    from custom_train_objects.losses import r1_penalty

    settings = {**TINY, "dropout": 0.0, "pack": 2, "step": step}
    plain, regularised = DCGAN(**settings), DCGAN(**settings, r1_weight=4.0)
    regularised.set_weights(plain.get_weights())  # same networks; the same seed gives the same fake batch
    for model in (plain, regularised):
        model.compile()
    real = tf.constant(np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype("float32"))
    r1 = float(r1_penalty(regularised.critic, real))
    assert r1 > 0
    step_of = {"alternating_reuse": "reuse_step", "simultaneous": "simultaneous_step"}[step]
    d_plain, _ = getattr(plain, step_of)(real)
    d_regularised, _ = getattr(regularised, step_of)(real)
    np.testing.assert_allclose(float(d_regularised) - float(d_plain), 0.5 * 4.0 * r1, rtol=1e-4)
    changed = [not np.allclose(a, b) for a, b in zip(plain.discriminator.get_weights(),
                                                      regularised.discriminator.get_weights())]
    assert any(changed)  # the penalty's gradient moved D
    assert DCGAN.from_config({k: v for k, v in plain.get_config().items() if k != "r1_weight"}).hparams.r1_weight == 0


ROTATION = {**TINY, "dropout": 0.0, "pack": 2, "rotation_weight": 1.0, "rotation_g_weight": 0.5}


def test_rotation_task_family_trains_saves_and_resumes(tmp_path):
    model = run_gan_family_test(DCGAN, ROTATION, tmp_path)
    # The rotation head shares D's body: two more variables (its kernel and bias) on D's side.
    body = {id(v) for v in model.discriminator.trainable_variables[:-2]}
    assert body <= {id(v) for v in model.rotation_network.trainable_variables}
    assert len(model.discriminator_variables()) == len(model.discriminator.trainable_variables) + 2
    assert model.rotation_network.output_shape == (None, 4)
    old_config = {k: v for k, v in DCGAN(**TINY).get_config().items() if not k.startswith("rotation")}
    assert DCGAN.from_config(old_config).rotation_network is None


def test_rotation_terms_are_added_to_both_losses(monkeypatch):
    import tensorflow as tf

    from custom_train_objects.losses.rotation import rotation_loss
    from models.generation import dcgan

    turns = tf.constant([3, 1], tf.int32)
    monkeypatch.setattr(dcgan, "draw_rotations", lambda n, seed=None: turns)
    model = DCGAN(**ROTATION)
    model.compile()
    real = tf.constant(np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype("float32"))
    fake = tf.constant(np.random.default_rng(1).uniform(-1, 1, (4, 8, 8, 1)).astype("float32"))
    real_logits, fake_logits = model.critic(real), model.critic(fake)
    d_adversarial = float(model.loss_fn.discriminator_loss(real_logits, fake_logits))
    g_adversarial = float(model.loss_fn.generator_loss(real_logits, fake_logits))
    d_loss = float(model.discriminator_objective(real, fake, real_logits, fake_logits))
    g_loss = float(model.generator_objective(real_logits, fake_logits, fake))
    on_real = float(rotation_loss(model.rotation_network, real, turns, pack=2))
    on_fake = float(rotation_loss(model.rotation_network, fake, turns, pack=2))
    assert on_real > 0 and on_fake > 0
    np.testing.assert_allclose(d_loss, d_adversarial + 1.0 * on_real, rtol=1e-5)
    np.testing.assert_allclose(g_loss, g_adversarial + 0.5 * on_fake, rtol=1e-5)
    d_only = DCGAN(**{**ROTATION, "rotation_g_weight": 0.0})
    d_only.set_weights(model.get_weights())
    d_only.compile()
    np.testing.assert_allclose(float(d_only.generator_objective(real_logits, fake_logits, fake)), g_adversarial,
                               rtol=1e-5)
    assert "g_rotation_loss" not in d_only.extra_trackers


def test_rotation_head_learns_to_tell_turned_digits():
    from tests.helpers import tiny_dataset

    model = DCGAN(**{**ROTATION, "d_filters": [16, 32], "d_lr": 1e-3, "batch_size": 8, "seed": 0})
    model.compile()
    data = tiny_dataset(n=64, batch_size=8, with_labels=False).repeat()
    history = model.fit(data, steps_per_epoch=50, epochs=4, verbose=0).history["rotation_loss"]
    assert history[0] > 1.2  # about ln 4 = 1.386 while the head guesses
    assert history[-1] < 1.05  # real digits: the head tells their turns apart


@pytest.mark.parametrize("settings, message", [
    ({"architecture": "paper", "image_shape": [28, 28, 1]}, "architecture=tutorial"),
    ({"image_shape": [8, 16, 1]}, "square images"),
])
def test_rotation_task_refuses_what_it_cannot_turn(settings, message):
    with pytest.raises(ValueError, match=message):
        DCGAN(**{**ROTATION, **settings})


def test_sn_reparametrize_puts_the_papers_spectral_norm_on_every_critic_layer(tmp_path):
    from custom_layers import SpectralNorm
    from models import SNDCGAN

    model = SNDCGAN(**{**TINY, "dropout": 0.0}, sn_reparametrize=True)
    wrapped = [l for l in model.discriminator.layers if isinstance(l, (SpectralNorm, keras.layers.SpectralNormalization))]
    assert len(wrapped) == 3 and all(isinstance(l, SpectralNorm) for l in wrapped)  # two convs, the dense logit
    assert not any(isinstance(l, SpectralNorm) for l in SNDCGAN(**TINY).discriminator.layers)  # default: Keras's
    run_gan_family_test(SNDCGAN, {**TINY, "dropout": 0.0, "sn_reparametrize": True}, tmp_path)
