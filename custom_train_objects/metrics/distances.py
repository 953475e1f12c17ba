"""Sample-quality statistics on feature vectors: FD, KID, IS, precision/recall.

All functions take NumPy arrays of features `[N, D]` (or class logits for IS)
and compute in float64. The feature networks that produce them are in
`feature_networks.py`; `fid`, `kid`, ... in `__init__` accept images and a
feature network directly.
"""

import numpy as np


def mean_and_covariance(features):
    features = np.asarray(features, dtype="float64")
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f"expected features of shape [N >= 2, D], got {features.shape}")
    return features.mean(axis=0), np.cov(features, rowvar=False)


def _sqrt_psd(matrix):
    # Symmetric square root through an eigendecomposition; negative round-off eigenvalues clipped.
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2.0)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_distance(mu1, sigma1, mu2, sigma2):
    """||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)) between two Gaussians.

    Tr((S1 S2)^(1/2)) is computed as Tr((A S2 A)^(1/2)) with A = S1^(1/2): the
    same eigenvalues, but of a symmetric PSD matrix, so no complex round-off
    and no singular-matrix failure (the usual `scipy.linalg.sqrtm` pitfalls).

    Reference: Heusel et al. 2017, https://arxiv.org/abs/1706.08500
    """
    mu1, mu2 = np.atleast_1d(mu1).astype("float64"), np.atleast_1d(mu2).astype("float64")
    sigma1, sigma2 = np.atleast_2d(sigma1).astype("float64"), np.atleast_2d(sigma2).astype("float64")
    if mu1.shape != mu2.shape or sigma1.shape != sigma2.shape:
        raise ValueError(f"mismatched statistics: {mu1.shape} vs {mu2.shape}, {sigma1.shape} vs {sigma2.shape}")
    root = _sqrt_psd(sigma1)
    middle = root @ sigma2 @ root
    trace_sqrt = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2.0), 0.0, None)).sum()
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(sigma1) + np.trace(sigma2) - 2.0 * trace_sqrt)


def frechet_distance_of_features(real, fake):
    return frechet_distance(*mean_and_covariance(real), *mean_and_covariance(fake))


def polynomial_mmd2_unbiased(x, y, degree=3, gamma=None, coef0=1.0):
    """Unbiased MMD^2 with the kernel k(a, b) = (gamma a.b + coef0)^degree, gamma = 1/D."""
    gamma = 1.0 / x.shape[1] if gamma is None else gamma
    kxx = (gamma * x @ x.T + coef0) ** degree
    kyy = (gamma * y @ y.T + coef0) ** degree
    kxy = (gamma * x @ y.T + coef0) ** degree
    m, n = len(x), len(y)
    xx = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    yy = (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
    return float(xx + yy - 2.0 * kxy.mean())


def kernel_inception_distance(real, fake, num_subsets=100, subset_size=1000, seed=0):
    """KID: unbiased polynomial-kernel MMD^2 averaged over random subsets; returns (mean, std).

    Reference: Binkowski et al. 2018, https://arxiv.org/abs/1801.01401
    """
    real = np.asarray(real, "float64")
    fake = np.asarray(fake, "float64")
    size = min(subset_size, len(real), len(fake))
    if size < 2:
        raise ValueError("KID needs at least 2 samples on each side")
    rng = np.random.default_rng(seed)
    values = [
        polynomial_mmd2_unbiased(real[rng.choice(len(real), size, replace=False)],
                                 fake[rng.choice(len(fake), size, replace=False)])
        for _ in range(num_subsets)
    ]
    return float(np.mean(values)), float(np.std(values))


def softmax(logits):
    logits = np.asarray(logits, "float64")
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def inception_score(probabilities, splits=10):
    """exp(E_x KL(p(y|x) || p(y))) over `splits` disjoint splits; returns (mean, std).

    With the project's MNIST classifier this is the "classifier score" TF-GAN
    reports for MNIST; its maximum is the number of classes.

    Reference: Salimans et al. 2016, https://arxiv.org/abs/1606.03498
    """
    p = np.asarray(probabilities, "float64")
    if p.ndim != 2:
        raise ValueError(f"expected class probabilities [N, classes], got {p.shape}")
    splits = max(1, min(splits, len(p)))
    scores = []
    for part in np.array_split(p, splits):
        marginal = part.mean(axis=0, keepdims=True)
        kl = np.sum(part * (np.log(part + 1e-12) - np.log(marginal + 1e-12)), axis=1)
        scores.append(np.exp(kl.mean()))
    return float(np.mean(scores)), float(np.std(scores))


def _squared_distances(a, b):
    return np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T, 0.0)


def _kth_neighbour_radii(features, k, chunk=2048):
    radii = np.empty(len(features))
    for start in range(0, len(features), chunk):
        d = _squared_distances(features[start : start + chunk], features)
        radii[start : start + chunk] = np.sqrt(np.partition(d, k, axis=1)[:, k])  # index 0 is the point itself
    return radii


def _coverage(manifold, radii, queries, chunk=2048):
    inside = np.zeros(len(queries), bool)
    for start in range(0, len(queries), chunk):
        d = np.sqrt(_squared_distances(queries[start : start + chunk], manifold))
        inside[start : start + chunk] = (d <= radii[None, :]).any(axis=1)
    return float(inside.mean())


def precision_recall(real, fake, k=3):
    """Improved precision and recall of k-NN manifolds; returns (precision, recall).

    Precision: share of fake samples inside the real manifold (the union of
    balls reaching each real sample's k-th nearest real neighbour); recall:
    share of real samples inside the fake manifold.

    Reference: Kynkaanniemi et al. 2019, https://arxiv.org/abs/1904.06991
    """
    real = np.asarray(real, "float64")
    fake = np.asarray(fake, "float64")
    if min(len(real), len(fake)) <= k:
        raise ValueError(f"precision/recall needs more than k={k} samples on each side")
    precision = _coverage(real, _kth_neighbour_radii(real, k), fake)
    recall = _coverage(fake, _kth_neighbour_radii(fake, k), real)
    return precision, recall
