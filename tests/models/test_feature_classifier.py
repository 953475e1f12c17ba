"""The CIFAR-10 feature classifier: trains, saves with checksums, loads as the cifar10 feature network."""

import json
import os

import numpy as np
import pytest

import models.feature_classifier as feature_classifier
from custom_train_objects.metrics.feature_networks import classifier_feature_network, load_classifier
from datasets.cifar10 import SHARED_CIFAR10_DIR


def colour_classes(n, seed):
    """32x32 RGB images whose class is their tint (ten tints), with noise: learnable in a few steps."""
    rng = np.random.default_rng(seed)
    tints = np.random.default_rng(0).integers(0, 256, size=(10, 3))
    labels = rng.integers(0, 10, size=n).astype("int32")
    images = tints[labels][:, None, None, :] + rng.normal(0, 20, size=(n, 32, 32, 3))
    return np.clip(images, 0, 255).astype("uint8"), labels


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("classifiers") / "cifar10_classifier")
    patch = pytest.MonkeyPatch()
    patch.setattr(feature_classifier, "load_arrays",
                  lambda name, split, data_dir=None: colour_classes(500 if split == "train" else 200,
                                                                    1 if split == "train" else 2))
    try:
        feature_classifier.main(["--dataset", "cifar10", "--epochs", "2", "--batch-size", "32", "--verbose", "0",
                                   "--out", folder])
    finally:
        patch.undo()
    return folder


def test_cifar10_classifier_learns_and_records_its_split(trained):
    meta = json.load(open(f"{trained}/metadata.json"))
    assert meta["train_images"] == 450 and meta["validation_images"] == 50 and meta["test_images"] == 200
    assert meta["validation_accuracy"] > 0.5 and meta["test_accuracy"] > 0.5, meta  # chance: 0.1
    assert meta["command"].startswith("python -m models.feature_classifier --dataset cifar10")
    assert "test accuracy" in open(f"{trained}/README.md").read()


def test_saved_classifier_is_the_cifar10_feature_network(trained):
    network = classifier_feature_network(load_classifier(trained), "cifar10_classifier")
    images, labels = colour_classes(64, 3)
    out = network(images)
    assert out["features"].shape == (64, 128) and out["logits"].shape == (64, 10)
    assert (out["logits"].argmax(1) == labels).mean() > 0.5
    np.testing.assert_allclose(network(images)["features"], out["features"])  # deterministic at inference


def test_tampered_weights_are_refused(trained, tmp_path):
    import shutil

    copy = str(tmp_path / "cifar10_classifier")
    shutil.copytree(trained, copy)
    with open(f"{copy}/classifier.weights.h5", "r+b") as f:
        f.seek(4000)
        f.write(b"\x00\x01\x02\x03")
    with pytest.raises(Exception, match="(?i)checksum|sha256"):
        load_classifier(copy)


def test_validation_split_is_seeded_and_disjoint():
    images, labels = colour_classes(50, 0)
    (a, _), (b, _) = feature_classifier.split_train_validation(images, labels, 10, seed=4)
    (c, _), (d, _) = feature_classifier.split_train_validation(images, labels, 10, seed=4)
    assert len(a) == 40 and len(b) == 10
    np.testing.assert_array_equal(b, d)


@pytest.mark.skipif(not os.path.isdir(SHARED_CIFAR10_DIR), reason="../shared/data/cifar10 is not present")
def test_shipped_cifar10_classifier_is_accurate_on_the_shared_test_images():
    from custom_train_objects.metrics.feature_networks import CIFAR10_CLASSIFIER_DIR
    from datasets import load_arrays

    assert json.load(open(f"{CIFAR10_CLASSIFIER_DIR}/metadata.json"))["test_accuracy"] >= 0.85
    images, labels = load_arrays("cifar10", "test")
    logits = load_classifier(CIFAR10_CLASSIFIER_DIR).predict(images.astype("float32") / 127.5 - 1.0, verbose=0)
    assert (logits.argmax(1) == labels).mean() >= 0.85


def test_shipped_cifar10_classifier_loads_with_checksums():
    from custom_train_objects.metrics.feature_networks import get_feature_network

    network = get_feature_network("cifar10")
    out = network(np.zeros((2, 32, 32, 3), "uint8"))
    assert out["features"].shape == (2, 128) and out["logits"].shape == (2, 10)
