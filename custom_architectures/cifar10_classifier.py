"""The CIFAR-10 classifier whose features the project's colour-image FID/KID/PR use."""

import keras
from keras import layers

from custom_architectures.mnist_classifier import FEATURES_LAYER


def _conv_block(x, filters, pool, name):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(momentum=0.9, name=f"{name}_bn")(x)
    x = layers.ReLU(name=f"{name}_relu")(x)
    return layers.MaxPooling2D(2, name=f"{name}_pool")(x) if pool else x


def _residual(x, filters, name):
    y = _conv_block(x, filters, False, f"{name}a")
    y = _conv_block(y, filters, False, f"{name}b")
    return layers.Add(name=f"{name}_add")([x, y])


def build_cifar10_classifier(num_classes=10, feature_dim=128, width=32, name="cifar10_classifier"):
    """Images `[N, 32, 32, 3]` in [-1, 1] -> class logits; layer "features" is the embedding.

    The DAWNBench ResNet-9 layout (Page 2018: prep, three pooled stages, residual
    blocks after the first and last) at half width (`width=32` -> 32, 64, 128,
    256 filters) so it trains on a 2-core CPU, then global max pooling, a
    `feature_dim` ReLU embedding (the penultimate layer, like the MNIST
    classifier's) and a linear classifier. Augmentation (random crops, mirroring)
    belongs to the input pipeline: Keras's RandomCrop resizes at inference.
    """
    images = keras.Input((32, 32, 3), name="images")
    x = _conv_block(images, width, False, "prep")
    x = _conv_block(x, 2 * width, True, "stage1")
    x = _residual(x, 2 * width, "res1")
    x = _conv_block(x, 4 * width, True, "stage2")
    x = _conv_block(x, 8 * width, True, "stage3")
    x = _residual(x, 8 * width, "res3")
    x = layers.GlobalMaxPooling2D(name="pool")(x)
    x = layers.Dense(feature_dim, activation="relu", name=FEATURES_LAYER)(x)
    x = layers.Dropout(0.2)(x)
    logits = layers.Dense(num_classes, name="logits", dtype="float32")(x)
    return keras.Model(images, logits, name=name)
