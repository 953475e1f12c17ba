"""Feature networks for the quality metrics: the project's MNIST classifier and InceptionV3."""

import os

import keras
import numpy as np
import tensorflow as tf

from custom_architectures.cifar10_classifier import build_cifar10_classifier
from custom_architectures.mnist_classifier import FEATURES_LAYER, build_mnist_classifier
from pretrained_models import PRESETS_DIR
from utils.files import read_json, verify_checksums

MNIST_CLASSIFIER_DIR = os.path.join(PRESETS_DIR, "mnist_classifier")
CIFAR10_CLASSIFIER_DIR = os.path.join(PRESETS_DIR, "cifar10_classifier")
CLASSIFIER_WEIGHTS = "classifier.weights.h5"
CLASSIFIER_BUILDERS = {"mnist": build_mnist_classifier, "cifar10": build_cifar10_classifier}


def to_unit_range(images):
    """uint8 [0, 255] or float [0, 1] images -> float32 [0, 1]."""
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return images.astype("float32") / 255.0
    return images.astype("float32")


class FeatureNetwork:
    """Maps images (float [0, 1] or uint8) to `{"features": [N, D], "logits": [N, K]}`.

    Args:
        model: `keras.Model` with two outputs, (features, logits), taking
            preprocessed images.
        preprocess: callable. float [0, 1] batch -> the model's input.
        name: str. Written next to every metric computed with it.
    """

    def __init__(self, model, preprocess, name):
        self.model = model
        self.preprocess = preprocess
        self.name = name

    def __call__(self, images, batch_size=500):
        images = to_unit_range(images)
        features, logits = [], []
        for start in range(0, len(images), batch_size):
            batch = self.preprocess(tf.constant(images[start : start + batch_size]))
            f, l = self.model(batch, training=False)
            features.append(np.asarray(f, "float64"))
            logits.append(np.asarray(l, "float64"))
        return {"features": np.concatenate(features), "logits": np.concatenate(logits)}


def load_classifier(folder=MNIST_CLASSIFIER_DIR):
    """A shipped feature classifier (`pretrained_models/<dataset>_classifier`), checksums verified."""
    dataset = os.path.basename(os.path.normpath(folder)).replace("_classifier", "")
    if not os.path.isfile(os.path.join(folder, CLASSIFIER_WEIGHTS)):
        raise FileNotFoundError(f"no {dataset} classifier in {folder}; train it with "
                                f"python -m models.feature_classifier --dataset {dataset}")
    verify_checksums(folder, required=(CLASSIFIER_WEIGHTS,))
    config = dict(read_json(os.path.join(folder, "config.json")))
    builder = CLASSIFIER_BUILDERS.get(config.pop("architecture", "mnist"))
    if builder is None:
        raise ValueError(f"{folder}/config.json names an unknown architecture; valid: {', '.join(CLASSIFIER_BUILDERS)}")
    classifier = builder(**config)
    classifier.load_weights(os.path.join(folder, CLASSIFIER_WEIGHTS))
    return classifier


def load_mnist_classifier(folder=MNIST_CLASSIFIER_DIR):
    return load_classifier(folder)


def classifier_feature_network(classifier, name):
    """Penultimate 128-d features (FID/KID/PR) and logits (IS) of a project classifier."""
    model = keras.Model(classifier.input, [classifier.get_layer(FEATURES_LAYER).output, classifier.output])
    return FeatureNetwork(model, lambda x: x * 2.0 - 1.0, f"{name} (128-d penultimate features; logits for IS)")


def mnist_feature_network(classifier=None):
    """The MNIST classifier's features: the digit metrics."""
    return classifier_feature_network(classifier or load_classifier(MNIST_CLASSIFIER_DIR), "mnist_classifier")


def cifar10_feature_network(classifier=None):
    """The CIFAR-10 classifier's features: the colour-image metrics."""
    return classifier_feature_network(classifier or load_classifier(CIFAR10_CLASSIFIER_DIR), "cifar10_classifier")


def inception_feature_network(weights="imagenet"):
    """InceptionV3 pool features (2048-d) and ImageNet logits at 299x299, bilinear resize.

    Args:
        weights: `"imagenet"` (Keras downloads them: needs a network or a
            cached copy), a path to a local InceptionV3 `.h5` weights file
            with the top, or None for an untrained network (plumbing tests only).
    """
    if weights not in (None, "imagenet") and not os.path.isfile(weights):
        raise FileNotFoundError(f"--inception-weights {weights} does not exist; pass the InceptionV3 ImageNet .h5 file")
    try:
        base = keras.applications.InceptionV3(include_top=True, weights=weights, classifier_activation=None)
    except Exception as error:
        reason = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise FileNotFoundError(
            f"cannot load InceptionV3 ImageNet weights ({reason}); go online once or pass "
            "--inception-weights FILE (inception_v3_weights_tf_dim_ordering_tf_kernels.h5)"
        ) from None
    model = keras.Model(base.input, [base.get_layer("avg_pool").output, base.output])

    def preprocess(x):
        if x.shape[-1] == 1:
            x = tf.repeat(x, 3, axis=-1)
        x = tf.image.resize(x, (299, 299), method="bilinear")
        return x * 2.0 - 1.0  # keras.applications.inception_v3.preprocess_input, from [0, 1]

    label = "untrained" if weights is None else "ImageNet"
    return FeatureNetwork(model, preprocess, f"InceptionV3 {label} (2048-d pool features at 299x299, bilinear)")


def get_feature_network(name="mnist", inception_weights="imagenet"):
    if name == "mnist":
        return mnist_feature_network()
    if name == "cifar10":
        return cifar10_feature_network()
    if name == "inception":
        return inception_feature_network(inception_weights)
    raise ValueError(f"unknown feature network {name!r}; valid: mnist, cifar10, inception")
