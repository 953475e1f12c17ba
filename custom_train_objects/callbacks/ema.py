"""An exponential moving average of the generator's weights, with batch-norm statistics recomputed for it."""

import keras
import numpy as np
import tensorflow as tf


def recalibrate_batch_norm(generator, inputs_batches):
    """Sets every BatchNormalization layer's moving statistics of `generator` to the average batch statistics
    over `inputs_batches` (generator inputs), computed with the generator's own current weights.

    An EMA generator's averaged weights meet moving statistics that were never measured for them; this
    measures them (as StyleGAN-style G_ema users do with a few batches).
    """
    norms = [layer for layer in generator._flatten_layers() if isinstance(layer, keras.layers.BatchNormalization)]
    if not norms:
        return 0
    saved = [layer.momentum for layer in norms]
    try:
        for layer in norms:
            layer.moving_mean.assign(tf.zeros_like(layer.moving_mean))
            layer.moving_variance.assign(tf.ones_like(layer.moving_variance))
        for i, inputs in enumerate(inputs_batches):
            for layer in norms:  # momentum i/(i+1): a running average of the batch statistics
                layer.momentum = i / (i + 1)
            generator(inputs, training=True)
    finally:
        for layer, momentum in zip(norms, saved):
            layer.momentum = momentum
    return len(norms)


class GeneratorEMA(keras.callbacks.Callback):
    """Keeps `model.ema_generator` at an exponential moving average of `model.generator`'s weights.

    After every training batch: `ema = decay * ema + (1 - decay) * weights` for
    the trainable weights. At each epoch end (before grids and checkpoints see
    it) the EMA copy's batch-norm statistics are recomputed on `batches`
    batches of generated data (`model.recalibration_inputs`). Put it before
    `SampleGrid` and `ResumableCheckpoint`.

    Args:
        decay: float. The EMA decay, e.g. 0.999 (StyleGAN2-ADA's G_ema; keras.io GAN-ADA).
        batches: int. Batches used to recompute batch-norm statistics. Defaults to 8.

    Reference: https://arxiv.org/abs/2006.06676
    """

    def __init__(self, decay, batches=8):
        super().__init__()
        if not 0.0 < decay < 1.0:
            raise ValueError(f"EMA decay must be in (0, 1), got {decay}")
        self.decay = decay
        self.batches = batches
        self._update = None

    def on_train_begin(self, logs=None):
        if self.model.ema_generator is None:
            raise ValueError("GeneratorEMA needs a model built with ema_decay > 0")
        pairs = list(zip(self.model.ema_generator.trainable_weights, self.model.generator.trainable_weights))
        decay = self.decay

        @tf.function
        def update():
            for average, weight in pairs:
                average.assign(decay * average + (1.0 - decay) * tf.cast(weight, average.dtype))

        self._update = update

    def on_train_batch_end(self, batch, logs=None):
        self._update()

    def on_epoch_end(self, epoch, logs=None):
        if not getattr(self.model, "non_finite", None):
            self.model.recalibrate_ema(self.batches)


def ema_reference(averages, weights, decay):
    """`decay * averages + (1 - decay) * weights` for lists of arrays (tests and documentation)."""
    return [decay * np.asarray(a) + (1 - decay) * np.asarray(w) for a, w in zip(averages, weights)]
