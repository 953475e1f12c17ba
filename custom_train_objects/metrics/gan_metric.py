"""`GANMetric`: the discriminator's view of a batch, as a training diagnostic."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="gan_zoo")
class GANMetric(keras.metrics.Metric):
    """Tracks the discriminator's accuracy and mean scores on real and fake batches.

    A logit above 0 counts as "real". These numbers say whether one network is
    overpowering the other; they are diagnostics, never a measure of sample
    quality (use FID/KID for that).

    Args:
        prefix: str. Prefix of the reported names. Defaults to `"d_"`, giving
            `d_real_acc`, `d_fake_acc`, `d_real_score`, `d_fake_score`.
        name: str. Metric name. Defaults to `"gan_metric"`.

    Example:

    ```python
    metric = GANMetric()
    metric.update_state(real_logits, fake_logits)
    metric.result()  # {"d_real_acc": ..., "d_fake_acc": ..., ...}
    ```
    """

    def __init__(self, prefix="d_", name="gan_metric", **kwargs):
        super().__init__(name=name, **kwargs)
        self.prefix = prefix
        self._sums = {
            key: self.add_variable(shape=(), initializer="zeros", name=key)
            for key in ("real_acc", "fake_acc", "real_score", "fake_score")
        }
        self._real_count = self.add_variable(shape=(), initializer="zeros", name="real_count")
        self._fake_count = self.add_variable(shape=(), initializer="zeros", name="fake_count")

    def update_state(self, real_logits, fake_logits, sample_weight=None):
        real = ops.cast(ops.reshape(real_logits, (-1,)), "float32")
        fake = ops.cast(ops.reshape(fake_logits, (-1,)), "float32")
        self._sums["real_acc"].assign_add(ops.sum(ops.cast(real > 0, "float32")))
        self._sums["fake_acc"].assign_add(ops.sum(ops.cast(fake < 0, "float32")))
        self._sums["real_score"].assign_add(ops.sum(real))
        self._sums["fake_score"].assign_add(ops.sum(fake))
        self._real_count.assign_add(ops.cast(ops.size(real), "float32"))
        self._fake_count.assign_add(ops.cast(ops.size(fake), "float32"))

    def result(self):
        real_n = ops.maximum(self._real_count, 1.0)
        fake_n = ops.maximum(self._fake_count, 1.0)
        return {
            f"{self.prefix}real_acc": self._sums["real_acc"] / real_n,
            f"{self.prefix}fake_acc": self._sums["fake_acc"] / fake_n,
            f"{self.prefix}real_score": self._sums["real_score"] / real_n,
            f"{self.prefix}fake_score": self._sums["fake_score"] / fake_n,
        }

    def reset_state(self):
        for variable in self.variables:
            variable.assign(ops.zeros_like(variable))

    def get_config(self):
        return {**super().get_config(), "prefix": self.prefix}
