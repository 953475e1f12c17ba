"""Image-level metric functions and the evaluation protocol behind `main.py evaluate`."""

import time

import numpy as np

from custom_train_objects.metrics import distances
from custom_train_objects.metrics.feature_networks import mnist_feature_network

METRICS = ("fid", "kid", "is", "pr", "classes")


def _features_of(images, features):
    """Features of `images` with `features` (a FeatureNetwork), or the array itself if 2-D."""
    images = np.asarray(images)
    if features is None and images.ndim == 2:
        return images
    features = features or mnist_feature_network()
    return features(images)["features"]


def fid(real, fake, features=None):
    """Frechet distance of feature statistics; images need `features` (default: MNIST classifier)."""
    return distances.frechet_distance_of_features(_features_of(real, features), _features_of(fake, features))


def kid(real, fake, features=None, num_subsets=100, subset_size=1000, seed=0):
    """KID (mean, std) over random subsets."""
    return distances.kernel_inception_distance(_features_of(real, features), _features_of(fake, features),
                                               num_subsets, subset_size, seed)


def inception_score(images, features=None, splits=10):
    """IS (mean, std) from the feature network's logits (class probabilities for a 2-D input)."""
    images = np.asarray(images)
    if images.ndim == 2:
        return distances.inception_score(images, splits)
    features = features or mnist_feature_network()
    return distances.inception_score(distances.softmax(features(images)["logits"]), splits)


def precision_recall(real, fake, features=None, k=3):
    """Improved precision and recall (Kynkaanniemi et al. 2019) of k-NN feature manifolds."""
    return distances.precision_recall(_features_of(real, features), _features_of(fake, features), k)


def count_suffix(n):
    """Sample count as metric names carry it: 10000 -> "10k", 2500 -> "2500"."""
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def class_shares(logits):
    """The share of samples the feature network's classifier puts in each class (sums to 1)."""
    predicted = np.asarray(logits).argmax(axis=1)
    return np.bincount(predicted, minlength=np.asarray(logits).shape[1]) / len(predicted)


def evaluate_images(real, fake, metrics=METRICS, feature_network=None, seed=0):
    """The requested metrics of `fake` against `real`, named with the fake sample count.

    `real` is the real images, or `feature_network(real)` computed once beforehand (a dict with
    "features"), which saves a pass over the real images when several samples are scored against them.
    Returns a dict such as `{"fid10k": ..., "kid10k": ..., "kid10k_std": ...,
    "is10k": ..., "is10k_std": ..., "precision10k": ..., "recall10k": ...,
    "class_shares10k": [...], "min_class_share10k": ...,
    "feature_network": ..., "seconds": ...}`.
    """
    unknown = sorted(set(metrics) - set(METRICS))
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}; valid metrics: {', '.join(METRICS)}")
    start = time.time()
    network = feature_network or mnist_feature_network()
    real_out = real if isinstance(real, dict) else network(real)
    fake_out = network(fake)
    suffix = count_suffix(len(fake))
    result = {}
    if "fid" in metrics:
        result[f"fid{suffix}"] = distances.frechet_distance_of_features(real_out["features"], fake_out["features"])
    if "kid" in metrics:
        mean, std = distances.kernel_inception_distance(real_out["features"], fake_out["features"], seed=seed)
        result[f"kid{suffix}"], result[f"kid{suffix}_std"] = mean, std
    if "is" in metrics:
        mean, std = distances.inception_score(distances.softmax(fake_out["logits"]))
        result[f"is{suffix}"], result[f"is{suffix}_std"] = mean, std
    if "pr" in metrics:
        result[f"precision{suffix}"], result[f"recall{suffix}"] = distances.precision_recall(
            real_out["features"], fake_out["features"])
    result = {k: round(float(v), 6) for k, v in result.items()}
    if "classes" in metrics:
        shares = class_shares(fake_out["logits"])
        result[f"class_shares{suffix}"] = [round(float(s), 4) for s in shares]
        result[f"min_class_share{suffix}"] = round(float(shares.min()), 4)
    result["feature_network"] = network.name
    result["seconds"] = round(time.time() - start, 1)
    return result
