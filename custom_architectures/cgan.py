"""Conditional generator and discriminator (Mirza & Osindero 2014), convolutional or MLP.

The label enters the generator as a one-hot vector joined to the noise, and the
discriminator either as one-hot maps joined to the image channels ("concat")
or through a projection of the features onto a class embedding
("projection", Miyato & Koyama 2018).
"""

import math

import keras
from keras import layers

from custom_architectures.dcgan import dcgan_discriminator_body, dcgan_generator_body
from custom_layers import LabelMaps


def _one_hot(labels, num_classes):
    return layers.CategoryEncoding(num_tokens=num_classes, output_mode="one_hot")(labels)


def _mlp(x, units, dropout=0.0):
    for width in units:
        x = layers.Dense(width)(x)
        x = layers.LeakyReLU(negative_slope=0.2)(x)
        if dropout:
            x = layers.Dropout(dropout)(x)
    return x


def build_cgan_generator(latent_dim, image_shape, num_classes, architecture="conv", filters=(256, 128, 64),
                         kernel_size=5, units=(256, 512, 1024), name="generator"):
    """`[latent [N, latent_dim], labels [N]]` -> images in [-1, 1]."""
    z = keras.Input((latent_dim,), name="latent")
    labels = keras.Input((), dtype="int32", name="labels")
    x = layers.Concatenate()([z, _one_hot(labels, num_classes)])
    if architecture == "conv":
        images = dcgan_generator_body(x, image_shape, filters, kernel_size)
    else:
        x = layers.Dense(math.prod(image_shape))(_mlp(x, units))
        x = layers.Activation("tanh", dtype="float32")(x)
        images = layers.Reshape(tuple(image_shape), name="images")(x)
    return keras.Model([z, labels], images, name=name)


def build_cgan_discriminator(image_shape, num_classes, architecture="conv", conditioning="concat",
                             filters=(64, 128), kernel_size=5, units=(512, 256), dropout=0.3, name="discriminator"):
    """`[images, labels [N]]` -> one logit per image (no sigmoid)."""
    images = keras.Input(tuple(image_shape), name="images")
    labels = keras.Input((), dtype="int32", name="labels")
    x = images
    if conditioning == "concat":
        if architecture == "conv":
            x = layers.Concatenate()([images, LabelMaps(num_classes, image_shape[0], image_shape[1])(labels)])
        else:
            x = layers.Concatenate()([layers.Flatten()(images), _one_hot(labels, num_classes)])
    if architecture == "conv":
        features = dcgan_discriminator_body(x, filters, kernel_size, dropout)
    else:
        features = _mlp(layers.Flatten()(x), units, dropout)
    logits = layers.Dense(1, dtype="float32", name="logits")(features)
    if conditioning == "projection":
        # logit = psi(h) + <embed(y), h>
        embedded = layers.Embedding(num_classes, features.shape[-1])(labels)
        logits = layers.Add(dtype="float32")([logits, layers.Dot(axes=1)([embedded, features])])
    return keras.Model([images, labels], logits, name=name)
