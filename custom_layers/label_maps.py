"""`LabelMaps`: class labels as constant one-hot image channels."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="gan_zoo")
class LabelMaps(keras.layers.Layer):
    """Turns integer labels `[N]` into one-hot maps `[N, height, width, num_classes]`.

    Concatenated to an image's channels, this is how a conditional
    discriminator sees the label (Mirza & Osindero 2014, convolutional form).

    Args:
        num_classes: int. Number of classes.
        height: int. Map height.
        width: int. Map width.
    """

    def __init__(self, num_classes, height, width, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = num_classes
        self.height = height
        self.width = width

    def call(self, labels):
        one_hot = ops.one_hot(ops.cast(ops.reshape(labels, (-1,)), "int32"), self.num_classes, dtype=self.compute_dtype)
        return ops.broadcast_to(one_hot[:, None, None, :], (ops.shape(one_hot)[0], self.height, self.width, self.num_classes))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.height, self.width, self.num_classes)

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes, "height": self.height, "width": self.width}
