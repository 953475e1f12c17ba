"""Adversarial objectives as paired pure functions on discriminator logits.

Every function takes `real_logits` and `fake_logits` (any shape: one logit per
image, or a PatchGAN map), computes in float32 and returns a scalar mean. The
discriminator outputs raw logits; the link function (sigmoid, identity) is
applied here. The generator functions take `real_logits` too, because the
relativistic objectives need them; the others ignore it.

Reference: TF-GAN's `losses_impl.py` uses the same pairing.
"""

import tensorflow as tf

__all__ = [
    "hinge_discriminator_loss",
    "hinge_generator_loss",
    "least_squares_discriminator_loss",
    "least_squares_generator_loss",
    "minimax_discriminator_loss",
    "minimax_generator_loss",
    "non_saturating_discriminator_loss",
    "non_saturating_generator_loss",
    "relativistic_bce_discriminator_loss",
    "relativistic_bce_generator_loss",
    "relativistic_least_squares_discriminator_loss",
    "relativistic_least_squares_generator_loss",
    "wasserstein_discriminator_loss",
    "wasserstein_generator_loss",
]



def _f32(x):
    return tf.cast(x, tf.float32)


def _bce_real(logits, smoothing=0.0):
    # -[(1 - s) log sigmoid(x) + s log(1 - sigmoid(x))], one-sided smoothing.
    return (1.0 - smoothing) * tf.nn.softplus(-logits) + smoothing * tf.nn.softplus(logits)


def _bce_fake(logits):
    # -log(1 - sigmoid(x))
    return tf.nn.softplus(logits)


def _batch_mean(logits):
    # The "average" of relativistic losses: over the batch, per output unit.
    return tf.reduce_mean(logits, axis=0, keepdims=True)


# -- minimax (Goodfellow et al. 2014) ---------------------------------------
def minimax_discriminator_loss(real_logits, fake_logits, label_smoothing=0.0):
    real_logits, fake_logits = _f32(real_logits), _f32(fake_logits)
    return tf.reduce_mean(_bce_real(real_logits, label_smoothing)) + tf.reduce_mean(
        _bce_fake(fake_logits)
    )


def minimax_generator_loss(real_logits, fake_logits):
    # Minimises log(1 - D(G(z))) = -softplus(x): the saturating objective.
    del real_logits
    return -tf.reduce_mean(tf.nn.softplus(_f32(fake_logits)))


# -- non-saturating (Goodfellow et al. 2014, section 3) ---------------------
non_saturating_discriminator_loss = minimax_discriminator_loss


def non_saturating_generator_loss(real_logits, fake_logits):
    del real_logits
    return tf.reduce_mean(tf.nn.softplus(-_f32(fake_logits)))


# -- Wasserstein (Arjovsky et al. 2017) --------------------------------------
def wasserstein_discriminator_loss(real_logits, fake_logits):
    return tf.reduce_mean(_f32(fake_logits)) - tf.reduce_mean(_f32(real_logits))


def wasserstein_generator_loss(real_logits, fake_logits):
    del real_logits
    return -tf.reduce_mean(_f32(fake_logits))


# -- least squares (Mao et al. 2017): D pushes real to b, fake to a; G to c --
def least_squares_discriminator_loss(real_logits, fake_logits, a=0.0, b=1.0):
    real_logits, fake_logits = _f32(real_logits), _f32(fake_logits)
    return 0.5 * tf.reduce_mean(tf.square(real_logits - b)) + 0.5 * tf.reduce_mean(
        tf.square(fake_logits - a)
    )


def least_squares_generator_loss(real_logits, fake_logits, c=1.0):
    del real_logits
    return 0.5 * tf.reduce_mean(tf.square(_f32(fake_logits) - c))


# -- relativistic average BCE, RaSGAN (Jolicoeur-Martineau 2018) -------------
def relativistic_bce_discriminator_loss(real_logits, fake_logits):
    real_logits, fake_logits = _f32(real_logits), _f32(fake_logits)
    real_rel = real_logits - _batch_mean(fake_logits)
    fake_rel = fake_logits - _batch_mean(real_logits)
    return tf.reduce_mean(_bce_real(real_rel)) + tf.reduce_mean(_bce_fake(fake_rel))


def relativistic_bce_generator_loss(real_logits, fake_logits):
    return relativistic_bce_discriminator_loss(fake_logits, real_logits)


# -- relativistic average least squares, RaLSGAN (same paper, eq. in App. A) --
def relativistic_least_squares_discriminator_loss(real_logits, fake_logits):
    real_logits, fake_logits = _f32(real_logits), _f32(fake_logits)
    real_rel = real_logits - _batch_mean(fake_logits)
    fake_rel = fake_logits - _batch_mean(real_logits)
    return tf.reduce_mean(tf.square(real_rel - 1.0)) + tf.reduce_mean(tf.square(fake_rel + 1.0))


def relativistic_least_squares_generator_loss(real_logits, fake_logits):
    return relativistic_least_squares_discriminator_loss(fake_logits, real_logits)


# -- hinge (Lim & Ye 2017; Miyato et al. 2018) --------------------------------
def hinge_discriminator_loss(real_logits, fake_logits):
    return tf.reduce_mean(tf.nn.relu(1.0 - _f32(real_logits))) + tf.reduce_mean(
        tf.nn.relu(1.0 + _f32(fake_logits))
    )


def hinge_generator_loss(real_logits, fake_logits):
    del real_logits
    return -tf.reduce_mean(_f32(fake_logits))
