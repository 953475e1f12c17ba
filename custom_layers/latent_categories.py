"""A categorical part of a generator's noise, drawn from the standard normal noise itself."""

import math

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="gan_zoo")
class LatentCategories(keras.layers.Layer):
    """Turns the first noise coordinate into a one-hot category: `[N, D]` -> `[N, D - 1 + K]`.

    `z_0 ~ N(0, 1)` is cut at the normal quantiles `1/K, ..., (K-1)/K`, so each of the `K`
    categories has probability `1/K` under the usual prior, and the other `D - 1` coordinates
    pass through unchanged. A generator fed this can draw `K` disconnected groups of images
    (digits, say) instead of morphing continuously from one to the next, while its input stays
    plain standard normal noise (`generate`, exports and saved latents need no change). It is
    InfoGAN's categorical code without the mutual-information term that ties it to a class.

    Args:
        num_categories: int. `K`, at least 2.
    """

    def __init__(self, num_categories, **kwargs):
        super().__init__(**kwargs)
        if num_categories < 2:
            raise ValueError(f"num_categories must be at least 2, got {num_categories}")
        self.num_categories = num_categories

    def call(self, noise):
        uniform = 0.5 * (1.0 + ops.erf(ops.cast(noise[:, 0], "float32") / math.sqrt(2.0)))
        index = ops.clip(ops.floor(uniform * self.num_categories), 0, self.num_categories - 1)
        one_hot = ops.one_hot(ops.cast(index, "int32"), self.num_categories, dtype=noise.dtype)
        return ops.concatenate([noise[:, 1:], one_hot], axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] - 1 + self.num_categories)

    def get_config(self):
        return {**super().get_config(), "num_categories": self.num_categories}
