"""The feature networks on real data: the shipped MNIST classifier and InceptionV3's plumbing."""

import numpy as np
import pytest

from custom_train_objects.metrics import evaluate_images, fid, inception_feature_network, mnist_feature_network
from custom_train_objects.metrics.feature_networks import load_mnist_classifier
from datasets import load_arrays
from utils.files import read_json


@pytest.fixture(scope="module")
def network():
    return mnist_feature_network()


@pytest.fixture(scope="module")
def digits():
    train, train_labels = load_arrays("mnist_sample", "train")
    test, test_labels = load_arrays("mnist_sample", "test")
    return train, train_labels, test, test_labels


def test_shipped_classifier_is_accurate(digits):
    from custom_train_objects.metrics.feature_networks import MNIST_CLASSIFIER_DIR

    assert read_json(f"{MNIST_CLASSIFIER_DIR}/metadata.json")["test_accuracy"] >= 0.99
    _, _, test, labels = digits
    logits = load_mnist_classifier().predict(test.astype("float32") / 127.5 - 1.0, verbose=0)
    assert (logits.argmax(1) == labels).mean() >= 0.985  # the bundled 2,000 test digits


def test_real_vs_real_is_small_and_noise_is_large(digits, network):
    train, _, test, _ = digits
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, size=(2000, 28, 28, 1), dtype=np.uint8)
    real_fid = fid(test, train[:2000], features=network)
    noise_fid = fid(test, noise, features=network)
    # 2k-vs-2k FID carries finite-sample bias, and the classifier has seen the train digits.
    assert real_fid < 20.0, real_fid
    assert noise_fid > 20 * real_fid and noise_fid > 200.0, (real_fid, noise_fid)


def test_evaluate_images_names_metrics_by_sample_count(digits, network):
    train, _, test, _ = digits
    result = evaluate_images(test, train[:2000], feature_network=network)
    assert set(result) >= {"fid2k", "kid2k", "kid2k_std", "is2k", "is2k_std", "precision2k", "recall2k",
                           "feature_network", "seconds"}
    assert result["is2k"] > 9.0  # real digits are confidently and evenly classified
    assert result["precision2k"] > 0.7 and result["recall2k"] > 0.7
    reused = evaluate_images(network(test), train[:2000], ["fid", "pr"], feature_network=network)
    assert (reused["fid2k"], reused["precision2k"]) == (result["fid2k"], result["precision2k"])  # features given
    with pytest.raises(ValueError, match="valid metrics"):
        evaluate_images(test, train, metrics=("fid", "lpips"), feature_network=network)


def test_inception_plumbing_with_an_untrained_network():
    net = inception_feature_network(weights=None)
    out = net(np.random.default_rng(0).random((2, 28, 28, 1)).astype("float32"))
    assert out["features"].shape == (2, 2048) and out["logits"].shape == (2, 1000)


def test_inception_without_weights_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="--inception-weights"):
        inception_feature_network(weights=str(tmp_path / "missing.h5"))
