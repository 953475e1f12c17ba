"""pix2pix networks (Isola et al. 2017): the U-Net generator and the PatchGAN discriminator.

Layer names follow the paper: Ck is Convolution-Norm-ReLU with k filters, CDk
the same with dropout 0.5; every convolution is 4x4 with stride 2. The encoder
is C64-C128-C256-C512-C512-C512-C512-C512 at 256x256, one block fewer per
halving of the image side; the decoder mirrors it with skip connections.
"""

import math

import keras
from keras import layers

from custom_layers import SampleDropout

ENCODER_WIDTHS = (64, 128, 256, 512, 512, 512, 512, 512)
INIT = keras.initializers.RandomNormal(0.0, 0.02)  # the paper's N(0, 0.02) weights
NORMS = ("batch", "instance")


def unet_depth(size):
    """Encoder blocks for an image side: down to 1x1 (256 -> 8, 128 -> 7, 64 -> 6, 32 -> 5)."""
    depth = int(round(math.log2(size))) if size > 0 else 0
    if size < 4 or 2**depth != size:
        raise ValueError(f"pix2pix's U-Net needs a square image whose side is a power of two >= 4 "
                         f"(e.g. 32, 64, 128, 256), got {size}")
    return depth


def encoder_widths(size, base=64, max_filters=512):
    """The paper's encoder widths for an image side, scaled by `base / 64` and capped at `max_filters`."""
    scale = base / 64
    widths = list(ENCODER_WIDTHS) + [512] * max(0, unet_depth(size) - len(ENCODER_WIDTHS))
    return [max(1, min(int(w * scale), max_filters)) for w in widths[: unet_depth(size)]]


def normalization(norm):
    if norm not in NORMS:
        raise ValueError(f"unknown norm {norm!r}; valid: {', '.join(NORMS)}")
    if norm == "batch":
        return layers.BatchNormalization(gamma_initializer=keras.initializers.RandomNormal(1.0, 0.02))
    # With the paper's batch size 1, batch norm on the test batch's statistics is instance norm.
    return layers.GroupNormalization(groups=-1, epsilon=1e-5)


def build_unet_generator(image_shape, source_channels=3, base_filters=64, dropout=0.5, dropout_blocks=3,
                         norm="instance", sample_dropout=True, max_filters=512, name="generator"):
    """Maps a source image batch `[N, S, S, source_channels]` in [-1, 1] to `[N, S, S, C]` (tanh).

    Encoder: 4x4 stride-2 convs, LeakyReLU 0.2, no norm on the first block nor on
    the 1x1 bottleneck (a norm over one pixel would zero it). Decoder: 4x4
    stride-2 transposed convs, ReLU, skip connections to the mirrored encoder
    block, dropout in the first `dropout_blocks` blocks. `sample_dropout=True`
    keeps that dropout at sampling time, the paper's only noise source.
    """
    size = image_shape[0]
    if image_shape[0] != image_shape[1]:
        raise ValueError(f"pix2pix needs square images, got {image_shape[0]}x{image_shape[1]}")
    widths = encoder_widths(size, base_filters, max_filters)
    source = keras.Input((size, size, source_channels), name="source")
    x, skips = source, []
    for i, width in enumerate(widths):
        if i > 0:
            x = layers.LeakyReLU(negative_slope=0.2)(x)
        x = layers.Conv2D(width, 4, strides=2, padding="same", kernel_initializer=INIT, use_bias=i in (0, len(widths) - 1)
                          or norm != "batch", name=f"down{i + 1}")(x)
        if 0 < i < len(widths) - 1:
            x = normalization(norm)(x)
        skips.append(x)
    for i, width in enumerate(reversed(widths[:-1])):
        x = layers.ReLU()(x)
        x = layers.Conv2DTranspose(width, 4, strides=2, padding="same", kernel_initializer=INIT,
                                   use_bias=norm != "batch", name=f"up{i + 1}")(x)
        x = normalization(norm)(x)
        if i < dropout_blocks and dropout:
            x = SampleDropout(dropout, at_inference=sample_dropout)(x)
        x = layers.Concatenate()([x, skips[-i - 2]])
    x = layers.ReLU()(x)
    x = layers.Conv2DTranspose(image_shape[-1], 4, strides=2, padding="same", kernel_initializer=INIT, name="out")(x)
    images = layers.Activation("tanh", dtype="float32", name="images")(x)
    return keras.Model(source, images, name=name)


def build_patchgan_discriminator(image_shape, source_channels=3, base_filters=64, n_layers=3, norm="instance",
                                 name="discriminator"):
    """The 70x70 PatchGAN: `[source, image]` -> one logit per overlapping 70x70 patch.

    C64-C128-C256 with stride 2, C512 with stride 1, then a 1-channel stride-1
    conv (the reference code's `n_layers=3`); "same" padding gives 32x32 logits at 256x256
    (the reference code's padding 1 gives 30x30; the receptive field is 70x70 either way).
    The two inputs are concatenated on channels, as the paper's conditional D.
    """
    size = image_shape[0]
    source = keras.Input((size, size, source_channels), name="source")
    image = keras.Input(tuple(image_shape), name="image")
    x = layers.Concatenate()([source, image])
    width = base_filters
    for i in range(n_layers + 1):
        stride = 2 if i < n_layers else 1
        width = base_filters * min(2**i, 8)
        x = layers.Conv2D(width, 4, strides=stride, padding="same", kernel_initializer=INIT,
                          use_bias=i == 0 or norm != "batch")(x)
        if i > 0:
            x = normalization(norm)(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
    logits = layers.Conv2D(1, 4, strides=1, padding="same", kernel_initializer=INIT, dtype="float32",
                           name="logits")(x)
    return keras.Model([source, image], logits, name=name)
