"""Per-epoch checkpoints that `--resume` continues from, and the loss history."""

import os
import time

import keras

from utils.files import atomic_write_json, read_json
from utils.plots import plot_losses

MODEL_FILE = "model.keras"
STATE_FILE = "state.json"


class ResumableCheckpoint(keras.callbacks.Callback):
    """Saves the whole model (both networks, both optimizers, seed states) each epoch.

    Files are written under a temporary name and renamed into place, so a kill
    at any moment leaves the previous checkpoint intact. `state.json` records
    the completed epoch count and the training seconds spent so far.

    Args:
        directory: str. Checkpoint folder.
        seconds_before: float. Training time of earlier runs. Defaults to 0.
        extra_state: dict. More JSON values to keep in `state.json` (the
            commands that made the run). Defaults to None.
    """

    def __init__(self, directory, seconds_before=0.0, extra_state=None):
        super().__init__()
        self.directory = directory
        self.seconds_before = seconds_before
        self.extra_state = dict(extra_state or {})
        self._start = None

    def on_train_begin(self, logs=None):
        self._start = time.time()

    @property
    def seconds(self):
        return self.seconds_before + (time.time() - self._start if self._start else 0.0)

    def on_epoch_end(self, epoch, logs=None):
        os.makedirs(self.directory, exist_ok=True)
        final = os.path.join(self.directory, MODEL_FILE)
        tmp = os.path.join(self.directory, ".tmp-" + MODEL_FILE)
        self.model.save(tmp)
        os.replace(tmp, final)
        atomic_write_json(
            os.path.join(self.directory, STATE_FILE),
            {**self.extra_state, "epoch": epoch + 1, "seconds": round(self.seconds, 1)},
        )

    @staticmethod
    def exists(directory):
        return os.path.isfile(os.path.join(directory, STATE_FILE))

    @staticmethod
    def restore(directory):
        """Returns `(model, state)`: state has `epoch` (completed), `seconds` and the extra state."""
        if not ResumableCheckpoint.exists(directory):
            raise FileNotFoundError(f"no checkpoint in {directory}; run without --resume to start training")
        state = read_json(os.path.join(directory, STATE_FILE))
        model = keras.saving.load_model(os.path.join(directory, MODEL_FILE))
        return model, state


class LossHistory(keras.callbacks.Callback):
    """Appends each epoch's logs to a JSON file and plots the losses when training ends.

    Args:
        json_path: str. The history file; an existing one is continued.
        plot_path: str or None. Where to draw `losses.png`. Defaults to None.
    """

    def __init__(self, json_path, plot_path=None):
        super().__init__()
        self.json_path = json_path
        self.plot_path = plot_path
        self.history = read_json(json_path) if os.path.isfile(json_path) else {}

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            # One slot per epoch (None where a value is logged only every N epochs); a resumed
            # run that repeats an epoch overwrites its slot.
            values = self.history.setdefault(key, [])
            values.extend([None] * (epoch + 1 - len(values)))
            values[epoch] = float(value)
        atomic_write_json(self.json_path, self.history)

    def on_train_end(self, logs=None):
        if self.plot_path and self.history:
            plot_losses(self.history, self.plot_path)
