"""Callbacks: sample grids and GIF, loss history and plot, learning-rate decay, checkpoint/resume, FID/KID tracking."""

from custom_train_objects.callbacks.checkpoint import LossHistory, ResumableCheckpoint
from custom_train_objects.callbacks.ema import GeneratorEMA, recalibrate_batch_norm
from custom_train_objects.callbacks.image_grid import SampleGrid
from custom_train_objects.callbacks.lr_decay import LinearLearningRateDecay
from custom_train_objects.callbacks.non_finite import StopOnNonFinite
from custom_train_objects.callbacks.quality import QualityMetrics

__all__ = ["GeneratorEMA", "LinearLearningRateDecay", "LossHistory", "recalibrate_batch_norm", "QualityMetrics", "ResumableCheckpoint", "SampleGrid", "StopOnNonFinite"]
