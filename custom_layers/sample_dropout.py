"""`SampleDropout`: dropout that can stay on at sampling time."""

import keras


@keras.saving.register_keras_serializable(package="gan_zoo")
class SampleDropout(keras.layers.Layer):
    """Dropout that, with `at_inference=True`, also drops units when `training=False`.

    pix2pix's generator has no noise input; the paper keeps dropout on at test
    time as its noise. Its randomness comes from the layer's own
    `keras.random.SeedGenerator`, so a model saved and reloaded continues the
    same sequence.

    Args:
        rate: float. Fraction of units dropped, in [0, 1).
        at_inference: bool. Also drop at sampling time. Defaults to True.
        seed: int or None. Seed of the layer's generator. Defaults to None.
    """

    def __init__(self, rate, at_inference=True, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"dropout rate must be in [0, 1), got {rate}")
        self.rate = rate
        self.at_inference = at_inference
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if (training or self.at_inference) and self.rate > 0:
            return keras.random.dropout(inputs, self.rate, seed=self.seed_generator)
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "at_inference": self.at_inference, "seed": self.seed}
