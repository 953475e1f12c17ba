"""Hyperparameters: one typed, validated `HParams` object per model."""

from hparams.hparams import HParams

__all__ = ["HParams"]
