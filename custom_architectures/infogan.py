"""InfoGAN's generator, discriminator and Q network (Chen et al. 2016), on DCGAN's blocks.

The discriminator and the Q network share one convolutional body: two
functional models over the same layers, so their variables are shared.
"""

import keras
from keras import layers

from custom_architectures.dcgan import dcgan_discriminator_body, dcgan_generator_body


def build_infogan_generator(noise_dim, num_categories, num_continuous, image_shape, filters=(256, 128, 64),
                            kernel_size=5, name="generator"):
    """`[noise [N, noise_dim], categorical code [N], continuous codes [N, num_continuous]]` -> images."""
    z = keras.Input((noise_dim,), name="latent")
    category = keras.Input((), dtype="int32", name="categorical")
    continuous = keras.Input((num_continuous,), name="continuous")
    one_hot = layers.CategoryEncoding(num_tokens=num_categories, output_mode="one_hot")(category)
    x = layers.Concatenate()([z, one_hot, continuous])
    return keras.Model([z, category, continuous], dcgan_generator_body(x, image_shape, filters, kernel_size), name=name)


def build_infogan_discriminator(image_shape, num_categories, num_continuous, filters=(64, 128), kernel_size=5,
                                dropout=0.0, q_units=128):
    """Returns `(discriminator, q_network)` sharing a body.

    discriminator: images -> one real/fake logit. q_network: images ->
    `[categorical logits [N, num_categories], continuous means [N, num_continuous]]`.
    """
    images = keras.Input(tuple(image_shape), name="images")
    features = dcgan_discriminator_body(images, filters, kernel_size, dropout)
    logits = layers.Dense(1, dtype="float32", name="logits")(features)
    q = layers.Dense(q_units)(features)
    q = layers.LeakyReLU(negative_slope=0.2)(q)
    categorical = layers.Dense(num_categories, dtype="float32", name="categorical_logits")(q)
    continuous = layers.Dense(num_continuous, dtype="float32", name="continuous_mean")(q)
    discriminator = keras.Model(images, logits, name="discriminator")
    q_network = keras.Model(images, [categorical, continuous], name="q_network")
    return discriminator, q_network
