"""DCGAN generator and discriminator (Radford et al. 2015), as functional models.

The MNIST defaults reproduce the TensorFlow DCGAN tutorial's networks:
Dense(7*7*256) -> ConvT(128, s1) -> ConvT(64, s2) -> ConvT(1, s2, tanh) for G,
Conv(64, s2) -> Conv(128, s2) -> Dense(1) with dropout 0.3 for D.
"""

import keras
from keras import layers

from custom_layers.spectral_norm import SpectralNorm


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
    """`layer` as it is (`spectral_norm` false), under the paper's reparametrisation (`"reparametrized"`,
    `custom_layers.SpectralNorm`) or under `keras.layers.SpectralNormalization` (any other true value)."""
    if not spectral_norm:
        return layer
    if spectral_norm == "reparametrized":
        return SpectralNorm(layer)
    return layers.SpectralNormalization(layer)


def build_dcgan_discriminator(image_shape, filters=(64, 128), kernel_size=5, dropout=0.3, spectral_norm=False,
                              name="discriminator", rotation_head=False):
    """Maps images `[N, H, W, C]` in [-1, 1] to one logit per image (no sigmoid).

    No batch norm, so it also serves as a WGAN-GP critic (the penalty is per
    sample). `spectral_norm=True` wraps every conv and dense layer in
    `keras.layers.SpectralNormalization` (SN-GAN, Miyato et al. 2018), `"reparametrized"`
    in `custom_layers.SpectralNorm` (the paper's form; see `maybe_spectral_norm`).
    `rotation_head=True` returns `(discriminator, rotation_network)`: the
    second maps the same images through the same body to 4 logits, one per
    quarter turn (SS-GAN's rotation head, a linear layer on D's features).
    """
    images = keras.Input(tuple(image_shape), name="images")
    features = dcgan_discriminator_body(images, filters, kernel_size, dropout, spectral_norm)
    logits = maybe_spectral_norm(layers.Dense(1, dtype="float32", name="logits"), spectral_norm)(features)
    discriminator = keras.Model(images, logits, name=name)
    if not rotation_head:
        return discriminator
    rotations = maybe_spectral_norm(layers.Dense(4, dtype="float32", name="rotation_logits"), spectral_norm)(features)
    return discriminator, keras.Model(images, rotations, name="rotation_network")


# -- the DCGAN paper's networks (Radford et al. 2015, section 3 and figure 1) ------------------------------
PAPER_INIT = keras.initializers.RandomNormal(0.0, 0.02)


def paper_upsamplings(image_shape):
    """Stride-2 blocks of the paper's networks for an image side: halve while the side stays even and
    at least 8 (64 -> 4 blocks from 4x4, 32 -> 3 from 4x4, 28 -> 2 from 7x7)."""
    side, steps = image_shape[0], 0
    if image_shape[0] != image_shape[1]:
        raise ValueError(f"the DCGAN paper's networks need square images, got {image_shape[0]}x{image_shape[1]}")
    while side % 2 == 0 and side >= 8:
        side, steps = side // 2, steps + 1
    if steps < 1:
        raise ValueError(f"the DCGAN paper's networks need an even image side of at least 8 (28, 32, 64, ...), "
                         f"got {image_shape[0]}")
    return steps, side


def build_dcgan_paper_generator(latent_dim, image_shape, base_width=64, name="generator"):
    """The paper's generator: project z to a small map, then 4x4 stride-2 transposed convs, batch norm and
    ReLU, tanh output; widths halve per block down to `base_width` (the PyTorch example's ngf)."""
    steps, side = paper_upsamplings(image_shape)
    widths = [base_width * 2 ** (steps - 1 - i) for i in range(steps)]
    z = keras.Input((latent_dim,), name="latent")
    x = layers.Dense(side * side * widths[0], use_bias=False, kernel_initializer=PAPER_INIT)(z)
    x = layers.Reshape((side, side, widths[0]))(x)
    x = layers.ReLU()(layers.BatchNormalization(gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02))(x))
    for width in widths[1:]:
        x = layers.Conv2DTranspose(width, 4, strides=2, padding="same", use_bias=False, kernel_initializer=PAPER_INIT)(x)
        x = layers.ReLU()(layers.BatchNormalization(gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02))(x))
    x = layers.Conv2DTranspose(image_shape[-1], 4, strides=2, padding="same", kernel_initializer=PAPER_INIT)(x)
    return keras.Model(z, layers.Activation("tanh", dtype="float32", name="images")(x), name=name)


def build_dcgan_paper_discriminator(image_shape, base_width=64, batch_norm=True, spectral_norm=False,
                                    name="discriminator"):
    """The paper's discriminator: 4x4 stride-2 convs, LeakyReLU 0.2, batch norm on all but the first block
    (`batch_norm=False` for critics with a per-sample penalty); widths double from `base_width`."""
    steps, _ = paper_upsamplings(image_shape)
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    for i in range(steps):
        conv = layers.Conv2D(base_width * 2**i, 4, strides=2, padding="same", use_bias=not (i and batch_norm),
                             kernel_initializer=PAPER_INIT)
        x = maybe_spectral_norm(conv, spectral_norm)(x)
        if i and batch_norm:
            x = layers.BatchNormalization(gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02))(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
    logits = maybe_spectral_norm(layers.Dense(1, dtype="float32", name="logits"), spectral_norm)(layers.Flatten()(x))
    return keras.Model(images, logits, name=name)
