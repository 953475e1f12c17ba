"""FD, KID, IS, precision/recall, PSNR/SSIM: against references and closed forms."""

import numpy as np
import pytest
import scipy.linalg

from custom_train_objects.metrics import (
    FID,
    KID,
    frechet_distance,
    inception_score_of_probabilities,
    kernel_inception_distance,
    polynomial_mmd2_unbiased,
    precision_recall,
    psnr,
    ssim,
)
from custom_train_objects.metrics.distances import frechet_distance_of_features, mean_and_covariance


def activations(seed, n=500, d=32, shift=0.0):
    mixing = np.random.default_rng(1234).normal(size=(d, d)) / np.sqrt(d)  # one distribution for all seeds
    return np.random.default_rng(seed).normal(size=(n, d)) @ mixing + shift


def scipy_reference_fd(x, y):
    """The classic implementation (pytorch-fid / TTUR) on the same activations."""
    mu1, s1 = x.mean(0), np.cov(x, rowvar=False)
    mu2, s2 = y.mean(0), np.cov(y, rowvar=False)
    covmean, _ = scipy.linalg.sqrtm(s1 @ s2, disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def test_fd_matches_scipy_sqrtm_reference():
    x, y = activations(0), activations(1, shift=0.3)
    np.testing.assert_allclose(frechet_distance_of_features(x, y), scipy_reference_fd(x, y), rtol=1e-6)


def test_fd_of_a_set_with_itself_is_zero():
    x = activations(2)
    assert abs(frechet_distance_of_features(x, x)) < 1e-8


def test_fd_of_known_gaussians_is_the_closed_form():
    # Commuting covariances: Tr(S1 + S2 - 2 sqrt(S1 S2)) = sum (sqrt(a) - sqrt(b))^2.
    mu1, mu2 = np.array([0.0, 1.0, -2.0]), np.array([1.0, 1.0, 0.0])
    a, b = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 0.25])
    expected = 1.0 + 0.0 + 4.0 + ((np.sqrt(a) - np.sqrt(b)) ** 2).sum()
    np.testing.assert_allclose(frechet_distance(mu1, np.diag(a), mu2, np.diag(b)), expected, rtol=1e-12)
    # and a rotated (non-diagonal) pair sharing eigenvectors
    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(3, 3)))
    np.testing.assert_allclose(frechet_distance(mu1, q @ np.diag(a) @ q.T, mu2, q @ np.diag(b) @ q.T), expected,
                               rtol=1e-9)


def test_fd_on_singular_covariances_is_finite():
    x = np.zeros((50, 4))
    x[:, 0] = np.arange(50)
    assert np.isfinite(frechet_distance_of_features(x, x + 1.0))


def test_kid_zero_for_identical_sets_and_positive_for_shifted():
    # The unbiased estimator on one set twice is -O(1/n), not exactly 0.
    x = activations(3, n=400)
    same, _ = kernel_inception_distance(x, x, num_subsets=10, subset_size=400)
    assert abs(same) < 0.05
    shifted, _ = kernel_inception_distance(x, activations(4, n=400, shift=1.0), num_subsets=10, subset_size=200)
    independent, _ = kernel_inception_distance(x, activations(5, n=400), num_subsets=10, subset_size=200)
    assert shifted > 0.5 and shifted > 10 * abs(same) and shifted > 10 * abs(independent)


def test_is_of_uniform_one_hot_predictions_is_the_class_count():
    probabilities = np.eye(10)[np.arange(1000) % 10]
    mean, std = inception_score_of_probabilities(probabilities, splits=10)
    np.testing.assert_allclose(mean, 10.0, rtol=1e-6)
    assert std < 1e-6
    np.testing.assert_allclose(inception_score_of_probabilities(np.full((100, 10), 0.1))[0], 1.0, rtol=1e-6)


def test_precision_recall_identical_and_disjoint():
    x = activations(6, n=300, d=8)
    assert precision_recall(x, x) == (1.0, 1.0)
    assert precision_recall(x, x + 1000.0) == (0.0, 0.0)
    # a generator covering half of the data: precise, half the recall
    real = np.concatenate([activations(7, n=300, d=2), activations(8, n=300, d=2) + 100.0])
    fake = activations(9, n=300, d=2)
    precision, recall = precision_recall(real, fake)
    assert precision > 0.9 and 0.4 < recall < 0.55


def test_streaming_fid_equals_the_batch_computation():
    x, y = activations(10, n=600), activations(11, n=500, shift=0.2)
    metric = FID(feature_dim=32)
    for start in range(0, 600, 128):
        metric.update_state(real=x[start : start + 128])
    for start in range(0, 500, 100):
        metric.update_state(fake=y[start : start + 100])
    np.testing.assert_allclose(float(metric.result()), frechet_distance_of_features(x, y), rtol=1e-6)
    metric.reset_fake()
    metric.update_state(fake=x)
    assert abs(float(metric.result())) < 1e-6


def test_streaming_kid_equals_the_batch_computation_on_kept_samples():
    x, y = activations(12, n=300), activations(13, n=300, shift=0.5)
    metric = KID(feature_dim=32, max_samples=250)
    for start in range(0, 300, 64):
        metric.update_state(real=x[start : start + 64], fake=y[start : start + 64])
    np.testing.assert_allclose(float(metric.result()), polynomial_mmd2_unbiased(x[:250], y[:250]), rtol=1e-6)


def test_psnr_and_ssim():
    rng = np.random.default_rng(0)
    a = rng.random((2, 16, 16, 3)).astype("float32")
    b = np.clip(a + 0.05, 0, 1)
    mse = np.mean((a - b) ** 2, axis=(1, 2, 3))
    np.testing.assert_allclose(psnr(a, b), np.mean(10 * np.log10(1.0 / mse)), rtol=1e-4)
    assert ssim(a, a) == pytest.approx(1.0, abs=1e-6) and ssim(a, b) < 1.0
    assert psnr((a * 255).astype("uint8"), (a * 255).astype("uint8")) == np.inf or psnr(a, a) > 100
    with pytest.raises(ValueError, match="one shape"):
        psnr(a, a[:1])


def test_mean_and_covariance_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"\[N >= 2, D\]"):
        mean_and_covariance(np.zeros(5))


def test_class_shares_count_the_classifiers_argmax():
    from custom_train_objects.metrics.evaluation import class_shares

    logits = np.eye(4)[[0, 0, 1, 3]] * 5.0
    np.testing.assert_allclose(class_shares(logits), [0.5, 0.25, 0.0, 0.25])
