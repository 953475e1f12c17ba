"""Small reusable layers shared by several architectures."""

from custom_layers.label_maps import LabelMaps
from custom_layers.pixel_shuffle import PixelShuffle
from custom_layers.sample_dropout import SampleDropout
from custom_layers.spectral_norm import SpectralNorm

__all__ = ["LabelMaps", "PixelShuffle", "SampleDropout", "SpectralNorm"]
