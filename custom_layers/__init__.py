"""Small reusable layers shared by several architectures."""

from custom_layers.label_maps import LabelMaps

__all__ = ["LabelMaps"]
