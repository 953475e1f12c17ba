"""The "standard CNN" of Miyato et al. 2018 (SN-GAN, Table 3), for 32x32 (CIFAR-10) and other sizes.

G: z -> Dense(M x M x 512) -> three 4x4 stride-2 transposed convs (256, 128, 64) with batch
norm and ReLU -> 3x3 conv to the image channels, tanh; M = side / 8.
D: 3x3 s1 64, 4x4 s2 64, 3x3 s1 128, 4x4 s2 128, 3x3 s1 256, 4x4 s2 256, 3x3 s1 512, all
LeakyReLU 0.1, then Dense(1); spectral normalisation on every layer for SN-GAN. D's stride-2 convs
pad ("same"), so it also takes sides that are not a multiple of 8 (28x28 digits: 14, 7, 4).
"""

import keras
from keras import layers

from custom_architectures.dcgan import maybe_spectral_norm

D_LAYERS = ((64, 3, 1), (64, 4, 2), (128, 3, 1), (128, 4, 2), (256, 3, 1), (256, 4, 2), (512, 3, 1))


def sngan_cnn_base_side(image_shape):
    """M, the generator's first map side; the networks take square images whose side is a multiple of 8."""
    side = image_shape[0]
    if image_shape[0] != image_shape[1] or side % 8 or side < 8:
        raise ValueError(f"the SN-GAN standard CNN takes square images whose side is a multiple of 8 (32, 48, 64, "
                         f"...), got {image_shape[0]}x{image_shape[1]}")
    return side // 8


def build_sngan_cnn_generator(latent_dim, image_shape, name="generator"):
    side = sngan_cnn_base_side(image_shape)
    z = keras.Input((latent_dim,), name="latent")
    x = layers.Reshape((side, side, 512))(layers.Dense(side * side * 512)(z))
    for width in (256, 128, 64):
        x = layers.Conv2DTranspose(width, 4, strides=2, padding="same", use_bias=False)(x)
        x = layers.ReLU()(layers.BatchNormalization()(x))
    x = layers.Conv2D(image_shape[-1], 3, padding="same")(x)
    return keras.Model(z, layers.Activation("tanh", dtype="float32", name="images")(x), name=name)


def build_sngan_cnn_discriminator(image_shape, spectral_norm=True, name="discriminator"):
    if min(image_shape[:2]) < 8:
        raise ValueError(f"the SN-GAN standard CNN discriminator takes images of side 8 or more, "
                         f"got {image_shape[0]}x{image_shape[1]}")
    images = keras.Input(tuple(image_shape), name="images")
    x = images
    for width, kernel, stride in D_LAYERS:
        x = maybe_spectral_norm(layers.Conv2D(width, kernel, strides=stride, padding="same"), spectral_norm)(x)
        x = layers.LeakyReLU(negative_slope=0.1)(x)
    logits = maybe_spectral_norm(layers.Dense(1, dtype="float32", name="logits"), spectral_norm)(layers.Flatten()(x))
    return keras.Model(images, logits, name=name)
