"""Linear learning-rate decay to zero over a run's last epochs (pix2pix's `niter_decay`)."""

import keras


def decay_factor(epoch, total_epochs, decay_epochs):
    """The learning-rate multiplier for 0-based `epoch`: 1, then linearly down over the last `decay_epochs`.

    As the pix2pix reference code: `1 - max(0, epoch + 1 - (total - decay)) / (decay + 1)`,
    so the last epoch still trains (at `1 / (decay + 1)` of the rate), and the
    factor depends on the epoch alone, which keeps resumed runs exact.
    """
    if decay_epochs <= 0:
        return 1.0
    start = total_epochs - decay_epochs
    return 1.0 - max(0, epoch + 1 - start) / float(decay_epochs + 1)


class LinearLearningRateDecay(keras.callbacks.Callback):
    """Sets both optimizers' learning rate at each epoch's start from `decay_factor`.

    Args:
        total_epochs: int. The run's `--epochs`.
        decay_epochs: int. How many of the last epochs decay (0: constant rate).
    """

    def __init__(self, total_epochs, decay_epochs):
        super().__init__()
        if not 0 <= decay_epochs <= total_epochs:
            raise ValueError(f"lr_decay_epochs={decay_epochs} must be between 0 and --epochs ({total_epochs})")
        self.total_epochs, self.decay_epochs = total_epochs, decay_epochs

    def on_epoch_begin(self, epoch, logs=None):
        hp = self.model.hparams
        factor = decay_factor(epoch, self.total_epochs, self.decay_epochs)
        self.model.g_optimizer.learning_rate = hp.g_lr * factor
        self.model.d_optimizer.learning_rate = hp.d_lr * factor
