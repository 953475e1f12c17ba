"""FID and KID as stateful Keras metrics that accumulate features batch by batch."""

import keras
import tensorflow as tf


def _features(model, x):
    x = x if model is None else model(x, training=False)
    return tf.cast(tf.reshape(x, (tf.shape(x)[0], -1)), tf.float64)


def _sqrt_psd(matrix):
    values, vectors = tf.linalg.eigh((matrix + tf.transpose(matrix)) / 2.0)
    return (vectors * tf.sqrt(tf.maximum(values, 0.0))) @ tf.transpose(vectors)


class _RealFakeMetric(keras.metrics.Metric):
    """State kept per side ("real", "fake") in `self._sides`; subclasses define `_accumulate`."""

    def update_state(self, real=None, fake=None, sample_weight=None):
        if real is not None:
            self._accumulate("real", real)
        if fake is not None:
            self._accumulate("fake", fake)

    def reset_fake(self):
        for variable in self._sides["fake"]:
            variable.assign(tf.zeros_like(variable))

    def reset_state(self):
        for variable in self.variables:
            variable.assign(tf.zeros_like(variable))


@keras.saving.register_keras_serializable(package="gan_zoo")
class FID(_RealFakeMetric):
    """Frechet distance from running sums: memory O(D^2), whatever the sample count.

    `update_state(real, fake)` takes feature batches (or images, when a
    `feature_model` mapping images to features is given); either may be None,
    so the real statistics can be accumulated once and the fake ones each
    evaluation (`reset_fake()`). `result()` equals `frechet_distance` of all
    samples seen.

    Args:
        feature_dim: int. Length of the feature vectors.
        feature_model: callable or None. Images -> features, traceable by
            TensorFlow. Defaults to None (inputs are features).
        name: str. Defaults to `"fid"`.
    """

    def __init__(self, feature_dim, feature_model=None, name="fid", **kwargs):
        super().__init__(name=name, **kwargs)
        self.feature_dim = feature_dim
        self.feature_model = feature_model
        self._sides = {}
        for side in ("real", "fake"):
            self._sides[side] = (
                self.add_variable(shape=(), initializer="zeros", dtype="float64", name=f"{side}_n"),
                self.add_variable(shape=(feature_dim,), initializer="zeros", dtype="float64", name=f"{side}_sum"),
                self.add_variable(shape=(feature_dim, feature_dim), initializer="zeros", dtype="float64",
                                  name=f"{side}_outer"),
            )

    def _accumulate(self, side, x):
        f = _features(self.feature_model, x)
        n, total, outer = self._sides[side]
        n.assign_add(tf.cast(tf.shape(f)[0], tf.float64))
        total.assign_add(tf.reduce_sum(f, axis=0))
        outer.assign_add(tf.transpose(f) @ f)

    def _mean_cov(self, side):
        n, total, outer = self._sides[side]
        mean = total / n
        cov = (outer - n * tf.tensordot(mean, mean, axes=0)) / (n - 1.0)
        return mean, cov

    def result(self):
        mu1, s1 = self._mean_cov("real")
        mu2, s2 = self._mean_cov("fake")
        root = _sqrt_psd(s1)
        middle = root @ s2 @ root
        eig = tf.linalg.eigvalsh((middle + tf.transpose(middle)) / 2.0)
        trace_sqrt = tf.reduce_sum(tf.sqrt(tf.maximum(eig, 0.0)))
        diff = mu1 - mu2
        return tf.reduce_sum(diff * diff) + tf.linalg.trace(s1) + tf.linalg.trace(s2) - 2.0 * trace_sqrt

    def get_config(self):
        return {**super().get_config(), "feature_dim": self.feature_dim}


@keras.saving.register_keras_serializable(package="gan_zoo")
class KID(_RealFakeMetric):
    """Unbiased polynomial-kernel MMD^2 over the first `max_samples` features per side.

    The exact unbiased estimator needs every pair of samples, so unlike FID it
    cannot run on sums alone; memory is capped at `max_samples x D` per side
    instead of growing with the data. `result()` equals
    `polynomial_mmd2_unbiased` on the kept samples (one subset: all of them).

    Args:
        feature_dim: int. Length of the feature vectors.
        max_samples: int. Samples kept per side. Defaults to 2000.
        feature_model: callable or None. Images -> features. Defaults to None.
        name: str. Defaults to `"kid"`.
    """

    def __init__(self, feature_dim, max_samples=2000, feature_model=None, name="kid", **kwargs):
        super().__init__(name=name, **kwargs)
        self.feature_dim = feature_dim
        self.max_samples = max_samples
        self.feature_model = feature_model
        self._sides = {
            side: (
                self.add_variable(shape=(), initializer="zeros", dtype="int32", name=f"{side}_count"),
                self.add_variable(shape=(max_samples, feature_dim), initializer="zeros", dtype="float64",
                                  name=f"{side}_features"),
            )
            for side in ("real", "fake")
        }

    def _accumulate(self, side, x):
        f = _features(self.feature_model, x)
        count, buffer = self._sides[side]
        seen = tf.convert_to_tensor(count.value)
        take = tf.minimum(tf.shape(f)[0], self.max_samples - seen)
        indices = tf.range(seen, seen + take)[:, None]
        buffer.assign(tf.tensor_scatter_nd_update(buffer, indices, f[:take]))
        count.assign_add(take)

    def result(self):
        (m, x), (n, y) = [(c.value, b.value[: c.value]) for c, b in (self._sides["real"], self._sides["fake"])]
        m, n = tf.cast(m, tf.float64), tf.cast(n, tf.float64)
        gamma = 1.0 / self.feature_dim
        kxx = (gamma * x @ tf.transpose(x) + 1.0) ** 3
        kyy = (gamma * y @ tf.transpose(y) + 1.0) ** 3
        kxy = (gamma * x @ tf.transpose(y) + 1.0) ** 3
        xx = (tf.reduce_sum(kxx) - tf.linalg.trace(kxx)) / (m * (m - 1.0))
        yy = (tf.reduce_sum(kyy) - tf.linalg.trace(kyy)) / (n * (n - 1.0))
        return xx + yy - 2.0 * tf.reduce_mean(kxy)

    def get_config(self):
        return {**super().get_config(), "feature_dim": self.feature_dim, "max_samples": self.max_samples}
