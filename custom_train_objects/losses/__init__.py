"""Adversarial losses (paired functions on logits), `GANLoss`, and penalties."""

from custom_train_objects.losses.adversarial import *  # noqa: F401,F403  (the paired functions)
from custom_train_objects.losses.gan_loss import LOSS_KINDS, GANLoss
from custom_train_objects.losses.penalties import clip_weights, gradient_penalty, r1_penalty

__all__ = ["GANLoss", "LOSS_KINDS", "clip_weights", "gradient_penalty", "r1_penalty"]
