"""Sample grids during training, and the progress GIF made from them."""

import glob
import os

import keras

from utils.images import save_grid
from utils.plots import write_gif


class SampleGrid(keras.callbacks.Callback):
    """Saves a grid from a fixed generator input after every `every` epochs.

    The same latents every time, so the grids show one set of samples
    improving. At the end of training it writes `progress.gif` from all grids
    in the folder, including those of earlier runs that this one resumed.

    Args:
        directory: str. Where `epoch_0001.png`, ... go.
        inputs: list of arrays. The generator's inputs (e.g. `[latents]`).
        every: int. Epoch interval. Defaults to 1.
        columns: int or None. Grid width. Defaults to a square grid.
        gif_path: str or None. Where to write the GIF; None for no GIF.
            Defaults to None.
    """

    def __init__(self, directory, inputs, every=1, columns=None, gif_path=None):
        super().__init__()
        self.directory = directory
        self.inputs = inputs
        self.every = every
        self.columns = columns
        self.gif_path = gif_path

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0 and not getattr(self.model, "non_finite", None):
            images = self.model.grid_images(self.inputs)
            save_grid(images, os.path.join(self.directory, f"epoch_{epoch + 1:04d}.png"), self.columns)

    def on_train_end(self, logs=None):
        frames = sorted(glob.glob(os.path.join(self.directory, "epoch_*.png")))
        if self.gif_path and frames:
            write_gif(frames, self.gif_path)
