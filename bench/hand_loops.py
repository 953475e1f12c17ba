"""Plain `tf.function` training steps of the zoo's families: the reference `fit` is timed against.

Each builds the same networks, optimizers and losses as the family with its
default step, with no Keras metrics or hooks: what a user would write by hand.
"""

import keras
import tensorflow as tf

from custom_architectures import build_dcgan_discriminator, build_dcgan_generator
from custom_architectures.pix2pix import build_patchgan_discriminator, build_unet_generator
from custom_architectures.super_resolution import build_srresnet_generator


def _bce(labels_value, logits):
    logits = tf.cast(logits, tf.float32)
    return tf.reduce_mean(tf.nn.softplus(-logits) if labels_value else tf.nn.softplus(logits))


def _adam_pair(hp):
    """Adam for G and D (no loss scaling: the hand loops are for float32 and bfloat16)."""
    return (keras.optimizers.Adam(hp.g_lr, beta_1=hp.beta_1, beta_2=hp.beta_2),
            keras.optimizers.Adam(hp.d_lr, beta_1=hp.beta_1, beta_2=hp.beta_2))


# DCGAN settings this loop does not implement: with any of them changed, `fit` runs another step.
DCGAN_LOOP_SETTINGS = {"architecture": "tutorial", "loss": "non_saturating", "label_smoothing": 0.0, "pack": 1,
                       "r1_weight": 0.0, "rotation_weight": 0.0}


def dcgan_loop(hp, jit_compile=False):
    """DCGAN's step of kind `hp.step`, as the PyTorch and TF DCGAN examples write it.

    `alternating_fresh`: D on a fresh fake batch, then G on fresh noise (two G passes).
    `alternating_reuse`: D on G(z) detached, then G through the updated D on the same G(z).
    `simultaneous`: both gradients from one G and one D pass (the TF tutorial's).

    Returns None where `hp` changes a setting of `DCGAN_LOOP_SETTINGS` (packing, R1, ...).
    """
    if any(hp.get(key) != value for key, value in DCGAN_LOOP_SETTINGS.items()):
        return None
    generator = build_dcgan_generator(hp.latent_dim, hp.image_shape, hp.g_filters, hp.kernel_size)
    discriminator = build_dcgan_discriminator(hp.image_shape, hp.d_filters, hp.kernel_size, hp.dropout)
    g_opt, d_opt = _adam_pair(hp)
    g_vars, d_vars = generator.trainable_variables, discriminator.trainable_variables

    def d_loss_of(real, fake):
        return _bce(1, discriminator(real, training=True)) + _bce(0, discriminator(fake, training=True))

    @tf.function(jit_compile=jit_compile)
    def fresh(real, _=None):
        batch = tf.shape(real)[0]
        fake = generator(tf.random.normal((batch, hp.latent_dim)), training=True)
        with tf.GradientTape() as tape:
            d_loss = d_loss_of(real, fake)
        d_opt.apply(tape.gradient(d_loss, d_vars), d_vars)
        with tf.GradientTape() as tape:
            fake = generator(tf.random.normal((batch, hp.latent_dim)), training=True)
            g_loss = _bce(1, discriminator(fake, training=True))
        g_opt.apply(tape.gradient(g_loss, g_vars), g_vars)
        return d_loss

    @tf.function(jit_compile=jit_compile)
    def reuse(real, _=None):
        with tf.GradientTape() as g_tape:
            fake = generator(tf.random.normal((tf.shape(real)[0], hp.latent_dim)), training=True)
            with g_tape.stop_recording():
                with tf.GradientTape() as d_tape:
                    d_loss = d_loss_of(real, tf.stop_gradient(fake))
                d_opt.apply(d_tape.gradient(d_loss, d_vars), d_vars)
            g_loss = _bce(1, discriminator(fake, training=True))
        g_opt.apply(g_tape.gradient(g_loss, g_vars), g_vars)
        return d_loss

    @tf.function(jit_compile=jit_compile)
    def simultaneous(real, _=None):
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = generator(tf.random.normal((tf.shape(real)[0], hp.latent_dim)), training=True)
            fake_logits = discriminator(fake, training=True)
            d_loss = _bce(1, discriminator(real, training=True)) + _bce(0, fake_logits)
            g_loss = _bce(1, fake_logits)
        d_opt.apply(d_tape.gradient(d_loss, d_vars), d_vars)
        g_opt.apply(g_tape.gradient(g_loss, g_vars), g_vars)
        return d_loss

    return {"alternating_fresh": fresh, "alternating_reuse": reuse, "simultaneous": simultaneous}[hp.step]


def pix2pix_loop(hp, jit_compile=False):
    """pix2pix's `alternating_reuse` step (the reference code's): D on G(source), then G through the new D."""
    if hp.step != "alternating_reuse":
        raise ValueError("the pix2pix hand loop implements step=alternating_reuse")
    generator = build_unet_generator(hp.image_shape, hp.source_channels, hp.g_filters, hp.dropout, norm=hp.norm,
                                     sample_dropout=hp.sample_dropout, max_filters=hp.g_max_filters)
    discriminator = build_patchgan_discriminator(hp.image_shape, hp.source_channels, hp.d_filters, hp.d_layers,
                                                 hp.norm)
    g_opt, d_opt = _adam_pair(hp)

    @tf.function(jit_compile=jit_compile)
    def step(a, b):
        source, target = (a, b) if hp.direction == "AtoB" else (b, a)
        with tf.GradientTape() as g_tape:
            fake = generator(source, training=True)
            with g_tape.stop_recording():
                with tf.GradientTape() as d_tape:
                    real_logits = discriminator([source, target], training=True)
                    fake_logits = discriminator([source, tf.stop_gradient(fake)], training=True)
                    d_loss = 0.5 * (_bce(1, real_logits) + _bce(0, fake_logits))
                variables = discriminator.trainable_variables
                d_opt.apply(d_tape.gradient(d_loss, variables), variables)
            fake_logits = discriminator([source, fake], training=True)
            g_loss = _bce(1, fake_logits) + hp.l1_weight * tf.reduce_mean(tf.abs(target - fake))
        g_opt.apply(g_tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables)
        return d_loss

    return step


def srresnet_loop(hp, jit_compile=False):
    """SRGAN's PSNR-oriented mode (SRResNet, `adversarial_weight=0`, MSE content): one generator update.

    Returns None for the GAN mode, which has no hand loop here.
    """
    if hp.adversarial_weight > 0 or hp.content != "mse":
        return None
    generator = build_srresnet_generator(hp.image_shape[-1], hp.num_blocks, hp.filters, hp.scale, hp.batch_norm)
    g_opt, _ = _adam_pair(hp)

    @tf.function(jit_compile=jit_compile)
    def step(lr, hr):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(hr - tf.cast(generator(lr, training=True), tf.float32)))
        g_opt.apply(tape.gradient(loss, generator.trainable_variables), generator.trainable_variables)
        return loss

    return step


HAND_LOOPS = {"dcgan": dcgan_loop, "pix2pix": pix2pix_loop, "srgan": srresnet_loop}
