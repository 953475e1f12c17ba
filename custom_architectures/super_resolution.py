"""Super-resolution networks: SRResNet (Ledig et al. 2017), its VGG-style discriminator, and ESRGAN's RRDB
generator (Wang et al. 2018). The generators are fully convolutional: any input size."""

import math

import keras
from keras import layers

from custom_layers import PixelShuffle


def _upsampling_steps(scale):
    steps = int(round(math.log2(scale))) if scale > 0 else 0
    if scale < 2 or 2**steps != scale:
        raise ValueError(f"scale must be a power of two (2, 4, 8), got {scale}")
    return steps


def build_srresnet_generator(channels=3, num_blocks=16, filters=64, scale=4, batch_norm=True, name="generator"):
    """SRResNet: conv 9x9 + PReLU, `num_blocks` residual blocks (conv-BN-PReLU-conv-BN), a global skip,
    log2(scale) x (conv 3x3 to 4x width, PixelShuffle(2), PReLU), conv 9x9 out with tanh. LR in [-1, 1]
    -> HR in [-1, 1]. `batch_norm=False` drops every batch norm (as EDSR and ESRGAN do)."""
    steps = _upsampling_steps(scale)
    norm = layers.BatchNormalization if batch_norm else (lambda: (lambda x: x))
    lr = keras.Input((None, None, channels), name="low_res")
    x = layers.Conv2D(filters, 9, padding="same")(lr)
    x = head = layers.PReLU(shared_axes=[1, 2])(x)
    for _ in range(num_blocks):
        y = layers.Conv2D(filters, 3, padding="same")(x)
        y = layers.PReLU(shared_axes=[1, 2])(norm()(y))
        y = norm()(layers.Conv2D(filters, 3, padding="same")(y))
        x = layers.Add()([x, y])
    x = norm()(layers.Conv2D(filters, 3, padding="same")(x))
    x = layers.Add()([head, x])
    for _ in range(steps):
        x = PixelShuffle(2)(layers.Conv2D(filters * 4, 3, padding="same")(x))
        x = layers.PReLU(shared_axes=[1, 2])(x)
    x = layers.Conv2D(channels, 9, padding="same")(x)
    return keras.Model(lr, layers.Activation("tanh", dtype="float32", name="high_res")(x), name=name)


def build_sr_discriminator(hr_size=96, channels=3, filters=64, dense_units=1024, name="discriminator"):
    """SRGAN's VGG-style discriminator: 8 convs 3x3 (64, 64, 128, 128, 256, 256, 512, 512 at `filters=64`),
    strides 1, 2 alternating, BN after the first, LeakyReLU 0.2; dense 1024; one logit per HR image."""
    image = keras.Input((hr_size, hr_size, channels), name="high_res")
    x = image
    for i in range(8):
        x = layers.Conv2D(filters * 2 ** (i // 2), 3, strides=1 + i % 2, padding="same")(x)
        if i:
            x = layers.BatchNormalization()(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
    x = layers.LeakyReLU(negative_slope=0.2)(layers.Dense(dense_units)(layers.Flatten()(x)))
    return keras.Model(image, layers.Dense(1, dtype="float32", name="logits")(x), name=name)


def _dense_block(x, filters, growth, residual_scale):
    features = [x]
    for i in range(4):
        inputs = features[0] if i == 0 else layers.Concatenate()(features)
        features.append(layers.LeakyReLU(negative_slope=0.2)(layers.Conv2D(growth, 3, padding="same")(inputs)))
    y = layers.Conv2D(filters, 3, padding="same")(layers.Concatenate()(features))
    return layers.Add()([x, layers.Rescaling(residual_scale)(y)])


def build_rrdb_generator(channels=3, num_blocks=23, filters=64, growth=32, scale=4, residual_scale=0.2,
                         name="generator"):
    """ESRGAN's generator: conv, `num_blocks` residual-in-residual dense blocks (three 5-conv dense blocks
    each, no batch norm, residuals scaled by `residual_scale`), conv + global skip, log2(scale) x
    (nearest x2 + conv + LeakyReLU), conv, conv out (tanh)."""
    steps = _upsampling_steps(scale)
    lr = keras.Input((None, None, channels), name="low_res")
    x = head = layers.Conv2D(filters, 3, padding="same")(lr)
    for _ in range(num_blocks):
        y = x
        for _ in range(3):
            y = _dense_block(y, filters, growth, residual_scale)
        x = layers.Add()([x, layers.Rescaling(residual_scale)(y)])
    x = layers.Add()([head, layers.Conv2D(filters, 3, padding="same")(x)])
    for _ in range(steps):
        x = layers.UpSampling2D(2, interpolation="nearest")(x)
        x = layers.LeakyReLU(negative_slope=0.2)(layers.Conv2D(filters, 3, padding="same")(x))
    x = layers.LeakyReLU(negative_slope=0.2)(layers.Conv2D(filters, 3, padding="same")(x))
    x = layers.Conv2D(channels, 3, padding="same")(x)
    return keras.Model(lr, layers.Activation("tanh", dtype="float32", name="high_res")(x), name=name)
