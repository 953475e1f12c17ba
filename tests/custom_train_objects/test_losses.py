"""Every adversarial loss against values computed by hand (plain-Python math, 5 decimals)."""

import numpy as np
import pytest

from custom_train_objects.losses import GANLoss, LOSS_KINDS

REAL = np.array([1.0, -0.5, 2.0, 0.25], "float32")
FAKE = np.array([-1.0, 0.5, 0.0, -2.0], "float32")

# kind -> (discriminator loss, generator loss) on REAL/FAKE as 1-D logits.
EXPECTED_1D = {
    "minimax": (1.0244049914803484, -0.5268534658253119),
    "non_saturating": (1.0244049914803484, 1.151853465825312),
    "wasserstein": (-1.3125, 0.625),
    "least_squares": (1.1328125, 1.78125),
    "relativistic_bce": (0.6193558054695019, 3.244355805469502),
    "relativistic_least_squares": (1.97265625, 12.47265625),
    "hinge": (1.1875, 0.625),
}

# The same values as PatchGAN maps [batch 2, 1, 2, 1]: relativistic means are per position.
EXPECTED_PATCH = {
    **EXPECTED_1D,
    "relativistic_bce": (0.6615457169574477, 3.286545716957448),
    "relativistic_least_squares": (2.2421875, 12.7421875),
}


@pytest.mark.parametrize("kind", list(LOSS_KINDS))
def test_losses_1d(kind):
    loss = GANLoss(kind)
    d_expected, g_expected = EXPECTED_1D[kind]
    np.testing.assert_allclose(float(loss.discriminator_loss(REAL, FAKE)), d_expected, atol=1e-5)
    np.testing.assert_allclose(float(loss.generator_loss(REAL, FAKE)), g_expected, atol=1e-5)


@pytest.mark.parametrize("kind", list(LOSS_KINDS))
def test_losses_patchgan_shaped(kind):
    loss = GANLoss(kind)
    real, fake = REAL.reshape(2, 1, 2, 1), FAKE.reshape(2, 1, 2, 1)
    d_expected, g_expected = EXPECTED_PATCH[kind]
    np.testing.assert_allclose(float(loss.discriminator_loss(real, fake)), d_expected, atol=1e-5)
    np.testing.assert_allclose(float(loss.generator_loss(real, fake)), g_expected, atol=1e-5)


def test_least_squares_targets_are_configurable():
    loss = GANLoss("least_squares", ls_a=-1.0, ls_b=1.0, ls_c=0.0)
    np.testing.assert_allclose(float(loss.discriminator_loss(REAL, FAKE)), 1.0078125, atol=1e-5)
    np.testing.assert_allclose(float(loss.generator_loss(REAL, FAKE)), 0.65625, atol=1e-5)


def test_one_sided_label_smoothing():
    loss = GANLoss("non_saturating", label_smoothing=0.1)
    np.testing.assert_allclose(float(loss.discriminator_loss(REAL, FAKE)), 1.0931549914803482, atol=1e-5)


def test_half_precision_logits_give_float32_losses():
    loss = GANLoss("non_saturating")
    value = loss.discriminator_loss(REAL.astype("float16"), FAKE.astype("float16"))
    assert value.dtype == "float32"
    np.testing.assert_allclose(float(value), 1.0244049914803484, atol=2e-3)


def test_config_round_trip_and_serialization():
    import keras

    loss = GANLoss("least_squares", ls_a=-1.0, ls_c=0.0)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(loss))
    assert isinstance(restored, GANLoss) and restored.get_config() == loss.get_config()


def test_unknown_kind_lists_valid_ones():
    with pytest.raises(ValueError, match="valid losses: minimax"):
        GANLoss("nonsense")


def test_smoothing_only_for_cross_entropy():
    with pytest.raises(ValueError, match="label_smoothing"):
        GANLoss("hinge", label_smoothing=0.1)
