"""`PixelShuffle`: sub-pixel convolution's rearrangement (Shi et al. 2016), used by SRResNet and ESRGAN."""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="gan_zoo")
class PixelShuffle(keras.layers.Layer):
    """Rearranges `[N, H, W, C * r * r]` into `[N, H * r, W * r, C]`.

    Output pixel `(h * r + i, w * r + j, c)` takes input channel
    `(i * r + j) * C + c` at `(h, w)` (TensorFlow's `depth_to_space` order).

    Args:
        scale: int. The upscaling factor r. Defaults to 2.

    Reference: https://arxiv.org/abs/1609.05158
    """

    def __init__(self, scale=2, **kwargs):
        super().__init__(**kwargs)
        if int(scale) < 1:
            raise ValueError(f"scale must be a positive integer, got {scale}")
        self.scale = int(scale)

    def call(self, inputs):
        return tf.nn.depth_to_space(inputs, self.scale)

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        if c is not None and c % (self.scale**2):
            raise ValueError(f"PixelShuffle({self.scale}) needs channels divisible by {self.scale ** 2}, got {c}")
        scaled = lambda d: None if d is None else d * self.scale  # noqa: E731
        return (n, scaled(h), scaled(w), None if c is None else c // self.scale**2)

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}
