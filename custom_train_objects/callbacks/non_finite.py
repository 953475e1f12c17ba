"""Stops training when any logged value or any weight stops being finite."""

import math

import keras
import numpy as np


class StopOnNonFinite(keras.callbacks.Callback):
    """`TerminateOnNaN` for GANs: watches every logged value (a GAN logs no `loss`) and the weights.

    On the first NaN or infinite value it stops `fit`, sets `model.non_finite`
    (so `ResumableCheckpoint` and `LossHistory` skip that epoch) and keeps a
    one-line description in `found`: which value, at which epoch and step.
    Put it first in the callback list.
    """

    def __init__(self):
        super().__init__()
        self.found = None
        self._epoch = 0

    def on_train_begin(self, logs=None):
        self.found = None
        self.model.non_finite = None

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def _stop(self, what):
        self.found = what
        self.model.non_finite = what
        self.model.stop_training = True

    def on_train_batch_end(self, batch, logs=None):
        if self.found:
            return
        for key, value in (logs or {}).items():
            value = float(value)
            if not math.isfinite(value):
                self._stop(f"{key} became {value} at epoch {self._epoch + 1}, step {batch + 1}")
                return

    def on_epoch_end(self, epoch, logs=None):
        if self.found:
            return
        for weight in self.model.weights:
            if not np.all(np.isfinite(keras.ops.convert_to_numpy(weight))):
                self._stop(f"weight {weight.path} became non-finite by the end of epoch {epoch + 1}")
                return
