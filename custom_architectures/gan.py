"""Fully connected generator and discriminator of the original GAN (Goodfellow et al. 2014)."""

import math

import keras
from keras import layers


def build_gan_generator(latent_dim, image_shape, units=(256, 512, 1024), name="generator"):
    """An MLP from `[N, latent_dim]` to images in [-1, 1] (tanh), reshaped to `image_shape`."""
    z = keras.Input((latent_dim,), name="latent")
    x = z
    for width in units:
        x = layers.Dense(width)(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.Dense(math.prod(image_shape))(x)
    x = layers.Activation("tanh", dtype="float32")(x)
    images = layers.Reshape(tuple(image_shape), name="images")(x)
    return keras.Model(z, images, name=name)


def build_gan_discriminator(image_shape, units=(512, 256), dropout=0.3, name="discriminator"):
    """An MLP from images to one logit per image (no sigmoid)."""
    images = keras.Input(tuple(image_shape), name="images")
    x = layers.Flatten()(images)
    for width in units:
        x = layers.Dense(width)(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
        if dropout:
            x = layers.Dropout(dropout)(x)
    logits = layers.Dense(1, dtype="float32", name="logits")(x)
    return keras.Model(images, logits, name=name)
