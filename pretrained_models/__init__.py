"""Shipped presets, one folder each; this dict is the index (no directory scanning)."""

import os

PRESETS_DIR = os.path.dirname(os.path.abspath(__file__))

PRESETS = {
    "dcgan_mnist": "DCGAN trained on the 60k MNIST training images (28x28 grayscale digits)",
}
