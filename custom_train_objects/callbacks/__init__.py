"""Callbacks: sample grids and GIF, loss history and plot, checkpoint/resume."""

from custom_train_objects.callbacks.checkpoint import LossHistory, ResumableCheckpoint
from custom_train_objects.callbacks.image_grid import SampleGrid

__all__ = ["LossHistory", "ResumableCheckpoint", "SampleGrid"]
