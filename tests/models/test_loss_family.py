"""WGAN, WGAN-GP, SN-DCGAN, LSGAN, RaLSGAN, RaSGAN: the shared checks plus what each paper requires."""

import keras
import numpy as np
import pytest

from custom_train_objects.losses import GANLoss
from models import LSGAN, MODELS, SNDCGAN, WGAN, WGANGP, RaLSGAN, RaSGAN
from tests.helpers import run_gan_family_test, tiny_dataset

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4)


@pytest.mark.parametrize("cls", [WGAN, WGANGP, SNDCGAN, LSGAN, RaLSGAN, RaSGAN], ids=lambda c: c.family)
def test_family(cls, tmp_path):
    run_gan_family_test(cls, TINY, tmp_path)


def test_families_are_registered_for_the_cli():
    for cls in (WGAN, WGANGP, SNDCGAN, LSGAN, RaLSGAN, RaSGAN):
        assert MODELS[cls.family] is cls and cls.__doc__ and "Reference:" in cls.__doc__


def test_paper_defaults():
    wgan = WGAN.default_hparams()
    assert (wgan.optimizer, wgan.d_lr, wgan.n_critic, wgan.clip_value, wgan.loss) == ("rmsprop", 5e-5, 5, 0.01, "wasserstein")
    gp = WGANGP.default_hparams()
    assert (gp.g_lr, gp.beta_1, gp.beta_2, gp.gp_weight, gp.n_critic) == (1e-4, 0.0, 0.9, 10.0, 5)
    assert (LSGAN.default_hparams().ls_a, LSGAN.default_hparams().ls_b, LSGAN.default_hparams().ls_c) == (0.0, 1.0, 1.0)
    assert RaLSGAN.default_hparams().loss == "relativistic_least_squares"
    assert RaSGAN.default_hparams().loss == "relativistic_bce"


def compiled(cls, **overrides):
    keras.utils.set_random_seed(0)
    model = cls(**{**TINY, **overrides})
    model.compile()
    return model


def test_wgan_clips_every_critic_weight_after_a_step():
    model = compiled(WGAN)
    assert max(np.abs(v.numpy()).max() for v in model.discriminator.trainable_variables) > 0.01
    model.fit(tiny_dataset(n=20, batch_size=model.data_batch_size()), epochs=1, steps_per_epoch=1, verbose=0)
    for variable in model.discriminator.trainable_variables:
        assert np.abs(variable.numpy()).max() <= 0.01 + 1e-7, variable.path
    critic_output = model.discriminator.layers[-1]
    assert critic_output.activation is keras.activations.linear  # linear critic, no sigmoid


@pytest.mark.parametrize("architecture", ["tutorial", "paper"])
def test_wgan_clip_biases_false_clips_kernels_and_scales_but_not_offsets(architecture):
    model = compiled(WGAN, clip_biases=False, architecture=architecture, base_width=4)
    offsets = [v for v in model.discriminator.trainable_variables if v.name in ("bias", "beta")]
    assert offsets and len(offsets) < len(model.discriminator.trainable_variables)
    for variable in offsets:
        variable.assign(np.full(variable.shape, 0.5, "float32"))
    model.fit(tiny_dataset(n=20, batch_size=model.data_batch_size()), epochs=1, steps_per_epoch=1, verbose=0)
    for variable in model.discriminator.trainable_variables:
        largest = np.abs(variable.numpy()).max()
        if variable.name in ("bias", "beta"):
            assert largest > 0.4, variable.path  # one RMSprop step at 5e-5 from 0.5, not clipped to 0.01
        else:
            assert largest <= 0.01 + 1e-7, variable.path


def test_wgan_clip_biases_survives_a_config_round_trip():
    model = WGAN(**TINY, clip_biases=False)
    assert WGAN.from_config(model.get_config()).hparams.clip_biases is False
    config = model.get_config()
    del config["clip_biases"]
    assert WGAN.from_config(config).hparams.clip_biases is True  # configs saved before it clipped everything


@pytest.mark.parametrize("cls", [WGAN, WGANGP])
def test_generator_steps_once_per_n_critic_critic_steps(cls):
    model = compiled(cls)
    data = tiny_dataset(n=40, batch_size=model.data_batch_size())  # 2 batches of 5 x 4 images
    model.fit(data, epochs=1, steps_per_epoch=2, verbose=0)
    assert int(model.g_optimizer.iterations) == 2
    assert int(model.d_optimizer.iterations) == 2 * model.n_critic == 10


def test_wgan_gp_reports_its_penalty_and_has_no_batch_norm_in_the_critic():
    model = compiled(WGANGP)
    history = model.fit(tiny_dataset(n=20, batch_size=20), epochs=1, steps_per_epoch=1, verbose=0)
    assert history.history["gp"][0] > 0.0 and np.isfinite(history.history["gp"][0])
    assert not any(isinstance(l, keras.layers.BatchNormalization) for l in model.discriminator.layers)


def test_wgan_gp_penalty_stays_float32_under_mixed_precision():
    keras.config.set_dtype_policy("mixed_float16")
    try:
        model = compiled(WGANGP)
        real = np.zeros((4, 8, 8, 1), "float32")
        fake = np.ones((4, 8, 8, 1), "float32")
        loss = model.discriminator_objective(real, fake, model.discriminator(real), model.discriminator(fake))
        assert loss.dtype == "float32" and model.extra_trackers["gp"].result().dtype == "float32"
    finally:
        keras.config.set_dtype_policy("float32")


def test_spectral_norm_keeps_each_kernel_near_unit_norm():
    model = compiled(SNDCGAN)
    model.fit(tiny_dataset(n=24, batch_size=4), epochs=1, steps_per_epoch=6, verbose=0)
    wrapped = [l for l in model.discriminator.layers if isinstance(l, keras.layers.SpectralNormalization)]
    assert len(wrapped) == len(TINY["d_filters"]) + 1  # every conv and the dense output
    for layer in wrapped:
        kernel = layer.layer.kernel.numpy()
        sigma = np.linalg.svd(kernel.reshape(-1, kernel.shape[-1]), compute_uv=False)[0]
        assert abs(sigma - 1.0) < 0.05, (layer.name, sigma)


def test_lsgan_second_scheme_and_hinge_are_options():
    model = compiled(LSGAN, ls_a=-1.0, ls_c=0.0)
    assert model.loss_fn.get_config()["ls_a"] == -1.0 and model.loss_fn.ls_c == 0.0
    assert compiled(SNDCGAN, loss="hinge").loss_fn.kind == "hinge"


def test_relativistic_generator_uses_real_logits():
    assert GANLoss("relativistic_least_squares").generator_needs_real
    model = compiled(RaLSGAN)
    history = model.fit(tiny_dataset(n=8, batch_size=4), epochs=1, steps_per_epoch=2, verbose=0)
    assert np.isfinite(history.history["g_loss"][0])


@pytest.mark.parametrize("cls", [WGANGP, RaLSGAN], ids=lambda c: c.family)
def test_packed_critic_trains_with_a_penalty_or_a_relativistic_loss(cls, tmp_path):
    model = run_gan_family_test(cls, {**TINY, "pack": 2}, tmp_path)
    assert model.discriminator.input_shape[-1] == 2
