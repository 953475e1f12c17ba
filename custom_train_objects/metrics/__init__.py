"""Training diagnostics (`GANMetric`) and sample-quality metrics (FID, KID, IS, PR, PSNR, SSIM)."""

from custom_train_objects.metrics.distances import (
    frechet_distance,
    inception_score as inception_score_of_probabilities,
    kernel_inception_distance,
    polynomial_mmd2_unbiased,
)
from custom_train_objects.metrics.evaluation import (
    METRICS,
    evaluate_images,
    fid,
    inception_score,
    kid,
    precision_recall,
)
from custom_train_objects.metrics.feature_networks import (
    FeatureNetwork,
    get_feature_network,
    inception_feature_network,
    mnist_feature_network,
)
from custom_train_objects.metrics.gan_metric import GANMetric
from custom_train_objects.metrics.image_quality import psnr, ssim
from custom_train_objects.metrics.streaming import FID, KID

__all__ = [
    "FID", "KID", "METRICS", "FeatureNetwork", "GANMetric", "evaluate_images", "fid", "frechet_distance",
    "get_feature_network", "inception_feature_network", "inception_score", "inception_score_of_probabilities",
    "kernel_inception_distance", "kid", "mnist_feature_network", "polynomial_mmd2_unbiased", "precision_recall",
    "psnr", "ssim",
]
