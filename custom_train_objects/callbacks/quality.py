"""Tracks FID and KID during `fit`, at a chosen epoch interval."""

import keras

from custom_train_objects.metrics.evaluation import count_suffix
from custom_train_objects.metrics.feature_networks import mnist_feature_network
from custom_train_objects.metrics.streaming import FID, KID


class QualityMetrics(keras.callbacks.Callback):
    """Every `every` epochs, adds `fid{n}` and `kid{n}` of `num_samples` samples to the logs.

    The real side's statistics are accumulated once, at the start of training,
    in streaming `FID`/`KID` metrics; each evaluation resets only the fake side.
    Put it before callbacks that read the logs (`CSVLogger`, `LossHistory`).

    Args:
        real_images: array. Reference images, uint8 or float in [0, 1].
        feature_network: `FeatureNetwork` or None. Defaults to the MNIST classifier.
        every: int. Epoch interval. Defaults to 1.
        num_samples: int. Generated samples per evaluation. Defaults to 2000.
        seed: int. Sampling seed (the same latents every time). Defaults to 0.
    """

    def __init__(self, real_images, feature_network=None, every=1, num_samples=2000, seed=0):
        super().__init__()
        self.real_images = real_images
        self.feature_network = feature_network
        self.every = every
        self.num_samples = num_samples
        self.seed = seed
        self._fid = self._kid = None

    def _features(self, images, batch_size=500):
        for start in range(0, len(images), batch_size):
            yield self.feature_network(images[start : start + batch_size])["features"]

    def on_train_begin(self, logs=None):
        self.feature_network = self.feature_network or mnist_feature_network()
        self._fid = self._kid = None
        for features in self._features(self.real_images):
            if self._fid is None:
                dim = features.shape[1]
                self._fid, self._kid = FID(dim), KID(dim, max_samples=self.num_samples)
            self._fid.update_state(real=features)
            self._kid.update_state(real=features)

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every or logs is None:
            return
        self._fid.reset_fake()
        self._kid.reset_fake()
        fake = self.model.generate(self.num_samples, seed=self.seed)
        for features in self._features(fake):
            self._fid.update_state(fake=features)
            self._kid.update_state(fake=features)
        suffix = count_suffix(self.num_samples)
        logs[f"fid{suffix}"] = float(self._fid.result())
        logs[f"kid{suffix}"] = float(self._kid.result())
