"""DCGAN generator and discriminator (Radford et al. 2015), as functional models.

The MNIST defaults reproduce the TensorFlow DCGAN tutorial's networks:
Dense(7*7*256) -> ConvT(128, s1) -> ConvT(64, s2) -> ConvT(1, s2, tanh) for G,
Conv(64, s2) -> Conv(128, s2) -> Dense(1) with dropout 0.3 for D.
"""

import keras
from keras import layers


def _upsamplings(image_shape, filters):
    steps = len(filters) - 1
    height, width = image_shape[0], image_shape[1]
    factor = 2**steps
    if height % factor or width % factor:
        raise ValueError(
            f"image size {height}x{width} must be divisible by {factor} for "
            f"g_filters={list(filters)}; use fewer generator blocks or pad the images"
        )
    return height // factor, width // factor


def dcgan_generator_body(x, image_shape, filters=(256, 128, 64), kernel_size=5):
    """Applies the DCGAN generator's layers to a flat tensor `x`; returns images in [-1, 1]."""
    base_h, base_w = _upsamplings(image_shape, filters)
    x = layers.Dense(base_h * base_w * filters[0], use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(negative_slope=0.3)(x)
    x = layers.Reshape((base_h, base_w, filters[0]))(x)
    for i, width in enumerate(filters[1:]):
        x = layers.Conv2DTranspose(width, kernel_size, strides=1 if i == 0 else 2, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(negative_slope=0.3)(x)
    x = layers.Conv2DTranspose(image_shape[-1], kernel_size, strides=2 if len(filters) > 1 else 1, padding="same",
                               use_bias=False)(x)
    return layers.Activation("tanh", dtype="float32", name="images")(x)


def build_dcgan_generator(latent_dim, image_shape, filters=(256, 128, 64), kernel_size=5, name="generator"):
    """Maps a latent batch `[N, latent_dim]` to images in [-1, 1] (tanh).

    `filters[0]` is the width of the projected base map, the second block keeps
    its resolution, and each later block and the output layer double it, so the
    image side must be divisible by `2 ** (len(filters) - 1)`.
    """
    z = keras.Input((latent_dim,), name="latent")
    return keras.Model(z, dcgan_generator_body(z, image_shape, filters, kernel_size), name=name)


def dcgan_discriminator_body(x, filters=(64, 128), kernel_size=5, dropout=0.3, spectral_norm=False):
    """Applies the DCGAN discriminator's strided convolutions to images `x`; returns flat features."""
    for width in filters:
        x = maybe_spectral_norm(layers.Conv2D(width, kernel_size, strides=2, padding="same"), spectral_norm)(x)
        x = layers.LeakyReLU(negative_slope=0.3)(x)
        if dropout:
            x = layers.Dropout(dropout)(x)
    return layers.Flatten()(x)


def maybe_spectral_norm(layer, spectral_norm):
    return layers.SpectralNormalization(layer) if spectral_norm else layer


def build_dcgan_discriminator(image_shape, filters=(64, 128), kernel_size=5, dropout=0.3, spectral_norm=False,
                              name="discriminator"):
    """Maps images `[N, H, W, C]` in [-1, 1] to one logit per image (no sigmoid).

    No batch norm, so it also serves as a WGAN-GP critic (the penalty is per
    sample). `spectral_norm=True` wraps every conv and dense layer in
    `keras.layers.SpectralNormalization` (SN-GAN, Miyato et al. 2018).
    """
    images = keras.Input(tuple(image_shape), name="images")
    features = dcgan_discriminator_body(images, filters, kernel_size, dropout, spectral_norm)
    logits = maybe_spectral_norm(layers.Dense(1, dtype="float32", name="logits"), spectral_norm)(features)
    return keras.Model(images, logits, name=name)
