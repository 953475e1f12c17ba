"""Plain `tf.function` training steps of the zoo's families: the reference `fit` is timed against.

Each builds the same networks, optimizers and losses as the family with its
default step, with no Keras metrics or hooks: what a user would write by hand.
"""

import keras
import tensorflow as tf

from custom_architectures import build_dcgan_discriminator, build_dcgan_generator
from custom_architectures.pix2pix import build_patchgan_discriminator, build_unet_generator


def _bce(labels_value, logits):
    logits = tf.cast(logits, tf.float32)
    return tf.reduce_mean(tf.nn.softplus(-logits) if labels_value else tf.nn.softplus(logits))


def _adam_pair(hp):
    return (keras.optimizers.Adam(hp.g_lr, beta_1=hp.beta_1, beta_2=hp.beta_2),
            keras.optimizers.Adam(hp.d_lr, beta_1=hp.beta_1, beta_2=hp.beta_2))


def dcgan_loop(hp):
    """DCGAN's `alternating_fresh` step: D on a fresh fake batch, then G on fresh noise."""
    if hp.step != "alternating_fresh":
        raise ValueError("the DCGAN hand loop implements step=alternating_fresh")
    generator = build_dcgan_generator(hp.latent_dim, hp.image_shape, hp.g_filters, hp.kernel_size)
    discriminator = build_dcgan_discriminator(hp.image_shape, hp.d_filters, hp.kernel_size, hp.dropout)
    g_opt, d_opt = _adam_pair(hp)

    @tf.function
    def step(real, _=None):
        batch = tf.shape(real)[0]
        fake = generator(tf.random.normal((batch, hp.latent_dim)), training=True)
        with tf.GradientTape() as tape:
            d_loss = _bce(1, discriminator(real, training=True)) + _bce(0, discriminator(fake, training=True))
        d_opt.apply(tape.gradient(d_loss, discriminator.trainable_variables), discriminator.trainable_variables)
        with tf.GradientTape() as tape:
            fake = generator(tf.random.normal((batch, hp.latent_dim)), training=True)
            g_loss = _bce(1, discriminator(fake, training=True))
        g_opt.apply(tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables)
        return d_loss

    return step


def pix2pix_loop(hp):
    """pix2pix's `alternating_reuse` step (the reference code's): D on G(source), then G through the new D."""
    if hp.step != "alternating_reuse":
        raise ValueError("the pix2pix hand loop implements step=alternating_reuse")
    generator = build_unet_generator(hp.image_shape, hp.source_channels, hp.g_filters, hp.dropout, norm=hp.norm,
                                     sample_dropout=hp.sample_dropout, max_filters=hp.g_max_filters)
    discriminator = build_patchgan_discriminator(hp.image_shape, hp.source_channels, hp.d_filters, hp.d_layers,
                                                 hp.norm)
    g_opt, d_opt = _adam_pair(hp)

    @tf.function
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


HAND_LOOPS = {"dcgan": dcgan_loop, "pix2pix": pix2pix_loop}
