"""Per-epoch checkpoints that `--resume` continues from exactly, and the loss history."""

import os
import shutil
import sys
import time

import keras

from utils.faults import fault_point
from utils.files import atomic_write_json, make_temp_dir, read_json
from utils.plots import plot_losses

MODEL_FILE = "model.keras"
STATE_FILE = "state.json"
PREFIX = "epoch_"


class CheckpointError(ValueError):
    """A checkpoint that cannot be read; the message names the file."""


class ResumableCheckpoint(keras.callbacks.Callback):
    """Saves the whole model and the run's state as one folder per epoch, keeping the last `keep`.

    Each checkpoint is `epoch_000003/` holding `model.keras` (both networks, both
    optimizers, every random state) and `state.json` (epochs and batches done,
    training seconds, the commands that made the run). It is written in a
    temporary folder and renamed into place, so a kill at any moment leaves the
    previous checkpoints complete, and model and state always agree. An epoch
    whose logs or weights are not finite is not saved.

    Args:
        directory: str. Checkpoint folder.
        seconds_before: float. Training time of earlier runs. Defaults to 0.
        extra_state: dict. More JSON values to keep in `state.json`. Defaults to None.
        steps_per_epoch: int or None. Batches per epoch, to record the input position. Defaults to None.
        batches_before: int. Batches consumed by earlier runs. Defaults to 0.
        keep: int. Checkpoints kept: the last good one and the one before it. Defaults to 2.
    """

    def __init__(self, directory, seconds_before=0.0, extra_state=None, steps_per_epoch=None, batches_before=0,
                 keep=2):
        super().__init__()
        self.directory = directory
        self.seconds_before = seconds_before
        self.extra_state = dict(extra_state or {})
        self.steps_per_epoch = steps_per_epoch
        self.batches_before = batches_before
        self.keep = keep
        self._start = None
        self._first_epoch = None

    def on_train_begin(self, logs=None):
        self._start = time.time()

    @property
    def seconds(self):
        return self.seconds_before + (time.time() - self._start if self._start else 0.0)

    def on_epoch_begin(self, epoch, logs=None):
        if self._first_epoch is None:
            self._first_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        fault_point("train_batch")

    def on_epoch_end(self, epoch, logs=None):
        if getattr(self.model, "non_finite", None):
            return  # never checkpoint weights that went NaN or infinite
        os.makedirs(self.directory, exist_ok=True)
        tmp = make_temp_dir(self.directory, ".tmp-")
        self.model.save(os.path.join(tmp, MODEL_FILE))
        batches = self.batches_before + (epoch + 1 - self._first_epoch) * (self.steps_per_epoch or 0)
        atomic_write_json(os.path.join(tmp, STATE_FILE), {
            **self.extra_state, "epoch": epoch + 1, "batches": batches, "seconds": round(self.seconds, 1)})
        fault_point("checkpoint_before_rename")
        final = os.path.join(self.directory, f"{PREFIX}{epoch + 1:06d}")
        if os.path.exists(final):  # the same epoch, saved by an earlier attempt: replace it whole
            shutil.rmtree(final)
        os.replace(tmp, final)
        fault_point("checkpoint_before_prune")
        self.prune()

    def prune(self):
        found = self.checkpoints(self.directory)
        for old in found[self.keep:]:
            if old != self.directory:
                shutil.rmtree(old, ignore_errors=True)
        has_folders = any(path != self.directory for path in found)
        for name in os.listdir(self.directory):
            path = os.path.join(self.directory, name)
            if name.startswith(".tmp-") and os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)  # left by a killed save
            elif name in (MODEL_FILE, STATE_FILE) and has_folders and len(found) > self.keep:
                os.remove(path)  # the flat layout of earlier versions, superseded by `keep` newer checkpoints

    @staticmethod
    def checkpoints(directory):
        """Complete checkpoint folders, newest first (the flat layout of earlier versions last)."""
        if not os.path.isdir(directory):
            return []
        names = sorted((n for n in os.listdir(directory) if n.startswith(PREFIX)), reverse=True)
        found = [os.path.join(directory, n) for n in names
                 if os.path.isfile(os.path.join(directory, n, STATE_FILE))]
        if os.path.isfile(os.path.join(directory, STATE_FILE)):
            found.append(directory)
        return found

    @staticmethod
    def exists(directory):
        return bool(ResumableCheckpoint.checkpoints(directory))

    @staticmethod
    def restore(directory):
        """Returns `(model, state)` of the newest readable checkpoint.

        `state` has `epoch` (completed), `seconds`, `batches` where recorded, and
        the extra state. An unreadable newest checkpoint falls back to the one
        before it, with a warning on stderr.
        """
        found = ResumableCheckpoint.checkpoints(directory)
        if not found:
            raise FileNotFoundError(f"no checkpoint in {directory}; run without --resume to start training")
        errors = []
        for folder in found:
            try:
                state = read_json(os.path.join(folder, STATE_FILE))
                if not isinstance(state, dict) or not isinstance(state.get("epoch"), int):
                    raise CheckpointError(f"{os.path.join(folder, STATE_FILE)} has no integer 'epoch'")
                model = load_checkpoint_model(os.path.join(folder, MODEL_FILE))
            except (CheckpointError, OSError) as error:
                errors.append(str(error).splitlines()[0])
                continue
            if errors:
                print(f"warning: {errors[0]}; resuming from the checkpoint before it ({folder})", file=sys.stderr)
            return model, state
        raise CheckpointError(f"{errors[0]}; no older checkpoint is readable either")


def load_checkpoint_model(path):
    """`keras.saving.load_model`, with a one-line error naming the file when it is damaged."""
    if not os.path.isfile(path):
        raise CheckpointError(f"{path} is missing")
    try:
        return keras.saving.load_model(path)
    except Exception as error:  # zipfile, h5py and Keras raise many types for a damaged archive
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "not found" in reason.lower():  # Keras's words for an archive it cannot open, though the file is there
            reason = "damaged: not a readable .keras zip archive"
        raise CheckpointError(f"cannot load checkpoint {path} ({reason[:200]})") from None


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
        if getattr(self.model, "non_finite", None):
            return
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
