"""The small MNIST classifier whose features the project's digit FID/KID/PR use."""

import keras
from keras import layers

FEATURES_LAYER = "features"


def build_mnist_classifier(num_classes=10, feature_dim=128, name="mnist_classifier"):
    """Images `[N, 28, 28, 1]` in [-1, 1] -> class logits; layer "features" is the embedding.

    Two 3x3 conv blocks, max pooling, a 128-d ReLU embedding (the penultimate
    layer, as TF-GAN's MNIST classifier exposes for its Frechet distance) and a
    linear classifier.
    """
    images = keras.Input((28, 28, 1), name="images")
    x = layers.Conv2D(32, 3, activation="relu")(images)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(feature_dim, activation="relu", name=FEATURES_LAYER)(x)
    x = layers.Dropout(0.5)(x)
    logits = layers.Dense(num_classes, name="logits")(x)
    return keras.Model(images, logits, name=name)
