"""Training diagnostics (`GANMetric`) and, from issue 02, sample-quality metrics."""

from custom_train_objects.metrics.gan_metric import GANMetric

__all__ = ["GANMetric"]
