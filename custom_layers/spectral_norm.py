"""`SpectralNorm`: spectral normalisation as Miyato et al. (2018) define it, a reparametrisation of the kernel."""

import keras
from keras import ops
from keras.layers import Conv1D, Conv2D, Conv3D, Dense

NORMALISED_LAYERS = (Dense, Conv1D, Conv2D, Conv3D)


@keras.saving.register_keras_serializable(package="gan_zoo")
class SpectralNorm(keras.layers.Wrapper):
    """Runs a `Dense` or convolution layer with its kernel divided by the kernel's largest singular value.

    The paper's form: the kernel variable keeps the raw weights W, the forward
    pass uses W / sigma(W), and the gradient flows through sigma (Miyato et
    al. 2018, section 2.2), so it is orthogonal to W and W's norm grows as it
    trains, which slows the relative size of each optimizer step.
    `keras.layers.SpectralNormalization` differs: in every training call it
    overwrites the kernel variable with W / sigma(W), a projection after each
    optimizer step that the gradient does not see, so the weights stay at
    norm one and each step moves them as far as the first.

    sigma is the power-iteration estimate on the kernel reshaped to
    `[-1, out]`, from a persistent vector u that each training call advances
    by `power_iterations` steps; inference reuses it without advancing it.

    Args:
        layer: a `Dense`, `Conv1D`, `Conv2D` or `Conv3D` layer.
        power_iterations: int. Power-iteration steps per training call. Defaults to 1.

    Example:

    ```python
    conv = SpectralNorm(keras.layers.Conv2D(64, 4, strides=2, padding="same"))
    ```

    Reference: https://arxiv.org/abs/1802.05957
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        if not isinstance(layer, NORMALISED_LAYERS):
            raise ValueError(f"SpectralNorm wraps a Dense or Conv1D/2D/3D layer, not {type(layer).__name__}; "
                             "use keras.layers.SpectralNormalization for other layers")
        if int(power_iterations) < 1:
            raise ValueError(f"power_iterations must be at least 1, got {power_iterations}")
        kwargs.setdefault("dtype", layer.dtype_policy)
        kwargs.pop("autocast", None)
        # Variables are read in their own dtype (float32) so sigma is estimated at full precision.
        super().__init__(layer, autocast=False, **kwargs)
        self.power_iterations = int(power_iterations)

    def build(self, input_shape=None):
        super().build(input_shape)
        self.vector_u = self.add_weight(shape=(1, self.layer.kernel.shape[-1]), name="vector_u", trainable=False,
                                        initializer=keras.initializers.RandomNormal(), dtype=self.variable_dtype)

    def normalized_kernel(self, training=False):
        """W / sigma(W) in the variables' dtype; a training call also stores the advanced u."""
        kernel = ops.convert_to_tensor(self.layer.kernel)
        matrix = ops.reshape(kernel, (-1, kernel.shape[-1]))
        vector_u = ops.convert_to_tensor(self.vector_u)
        for _ in range(self.power_iterations):
            vector_v = ops.normalize(ops.matmul(vector_u, ops.transpose(matrix)))
            vector_u = ops.normalize(ops.matmul(vector_v, matrix))
        vector_u, vector_v = ops.stop_gradient(vector_u), ops.stop_gradient(vector_v)
        if training:
            self.vector_u.assign(vector_u)
        sigma = ops.sum(ops.matmul(vector_v, matrix) * vector_u)
        return kernel / sigma

    def call(self, inputs, training=False):
        layer = self.layer
        inputs = ops.cast(inputs, self.compute_dtype)
        kernel = ops.cast(self.normalized_kernel(training), self.compute_dtype)
        if isinstance(layer, Dense):
            outputs = ops.matmul(inputs, kernel)
            bias_shape = (layer.units,)
        else:
            outputs = layer.convolution_op(inputs, kernel)
            bias_shape = ((1,) * (layer.rank + 1) + (layer.filters,) if layer.data_format == "channels_last"
                          else (1, layer.filters) + (1,) * layer.rank)
        if layer.use_bias:
            outputs = ops.add(outputs, ops.reshape(ops.cast(layer.bias, self.compute_dtype), bias_shape))
        return layer.activation(outputs) if layer.activation is not None else outputs

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}
