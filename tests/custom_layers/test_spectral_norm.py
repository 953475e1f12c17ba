import keras
import numpy as np
import pytest
import tensorflow as tf

from custom_layers import SpectralNorm


def converged(layer, inputs, steps=30):
    """Calls `layer` in training mode until its power iteration has converged."""
    for _ in range(steps):
        layer(inputs, training=True)


def set_spectrum(layer, inputs, top=3.0, seed=0):
    """Builds `layer` and gives its kernel singular values `top`, 1, 0.9, ...

    A random kernel's two largest singular values can be close (within 5% for one
    Glorot 27x5 kernel in ten), and then 30 power-iteration steps leave sigma off
    by up to 2.5%; a gap of 3 to 1 makes 30 steps exact to float32.
    """
    layer(inputs)
    kernel = layer.layer.kernel
    rows, columns = int(np.prod(kernel.shape[:-1])), int(kernel.shape[-1])
    rng = np.random.default_rng(seed)
    left = np.linalg.qr(rng.normal(size=(rows, columns)))[0]
    right = np.linalg.qr(rng.normal(size=(columns, columns)))[0]
    values = np.array([top] + [1.0 - 0.1 * i for i in range(columns - 1)])
    kernel.assign(((left * values) @ right.T).reshape(kernel.shape).astype("float32"))
    return top


def test_dense_output_is_the_layer_with_its_kernel_over_the_largest_singular_value():
    inputs = np.random.default_rng(0).normal(size=(5, 6)).astype("float32")
    layer = SpectralNorm(keras.layers.Dense(4, activation="relu", bias_initializer="ones"))
    sigma = set_spectrum(layer, inputs)
    converged(layer, inputs)
    kernel, bias = (w.numpy() for w in layer.layer.weights)
    np.testing.assert_allclose(np.linalg.svd(kernel, compute_uv=False)[0], sigma, rtol=1e-6)
    expected = np.maximum(inputs @ (kernel / sigma) + bias, 0)
    np.testing.assert_allclose(layer(inputs, training=False).numpy(), expected, rtol=1e-4, atol=1e-5)


def test_conv_uses_the_kernel_reshaped_to_inputs_by_outputs():
    inputs = np.random.default_rng(1).normal(size=(2, 8, 8, 3)).astype("float32")
    conv = keras.layers.Conv2D(5, 3, strides=2, padding="same", bias_initializer="ones")
    layer = SpectralNorm(conv)
    sigma = set_spectrum(layer, inputs)
    converged(layer, inputs)
    np.testing.assert_allclose(np.linalg.svd(conv.kernel.numpy().reshape(-1, 5), compute_uv=False)[0], sigma,
                               rtol=1e-6)
    expected = tf.nn.conv2d(inputs, conv.kernel.numpy() / sigma, strides=2, padding="SAME") + 1.0
    np.testing.assert_allclose(layer(inputs).numpy(), expected.numpy(), rtol=1e-3, atol=2e-4)  # oneDNN conv sums


def test_the_kernel_variable_keeps_the_raw_weights_and_inference_keeps_u():
    inputs = np.ones((2, 6), "float32")
    layer = SpectralNorm(keras.layers.Dense(3))
    layer(inputs)
    raw = layer.layer.kernel.numpy().copy()
    u = layer.vector_u.numpy().copy()
    layer(inputs, training=False)
    np.testing.assert_array_equal(layer.vector_u.numpy(), u)
    layer(inputs, training=True)
    assert not np.allclose(layer.vector_u.numpy(), u)  # a training call advances the power iteration
    np.testing.assert_array_equal(layer.layer.kernel.numpy(), raw)  # never overwritten, unlike Keras's
    keras_layer = keras.layers.SpectralNormalization(keras.layers.Dense(3))
    keras_layer(inputs)
    before = keras_layer.layer.kernel.numpy().copy()
    keras_layer(inputs, training=True)
    assert not np.allclose(keras_layer.layer.kernel.numpy(), before)  # the projection this layer avoids


def test_the_gradient_flows_through_sigma():
    """W / sigma(W) does not change when W is scaled, so the paper's gradient is orthogonal to W."""
    inputs = np.random.default_rng(2).normal(size=(7, 6)).astype("float32")
    layer = SpectralNorm(keras.layers.Dense(4, use_bias=False))
    converged(layer, inputs)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(layer(inputs, training=False) - 1.0))
    gradient = tape.gradient(loss, layer.layer.kernel).numpy()
    kernel = layer.layer.kernel.numpy()
    assert np.linalg.norm(gradient) > 1e-2
    assert abs(np.sum(gradient * kernel)) < 1e-4 * np.linalg.norm(gradient) * np.linalg.norm(kernel)


def test_mixed_precision_computes_in_bfloat16_and_sigma_in_float32():
    keras.mixed_precision.set_dtype_policy("mixed_bfloat16")
    try:
        layer = SpectralNorm(keras.layers.Conv2D(4, 3))
        logits = SpectralNorm(keras.layers.Dense(1, dtype="float32"))
    finally:
        keras.mixed_precision.set_dtype_policy("float32")
    inputs = np.random.default_rng(3).normal(size=(2, 6, 6, 1)).astype("float32")
    features = layer(inputs, training=True)
    assert features.dtype == "bfloat16" and layer.layer.kernel.dtype == "float32"
    assert logits(keras.ops.reshape(features, (2, -1))).dtype == "float32"  # a float32 layer stays float32


def test_saves_and_loads_inside_a_model(tmp_path):
    inputs = keras.Input((8, 8, 1))
    x = SpectralNorm(keras.layers.Conv2D(4, 3, strides=2), power_iterations=2)(inputs)
    model = keras.Model(inputs, SpectralNorm(keras.layers.Dense(1))(keras.layers.Flatten()(x)))
    images = np.random.default_rng(4).normal(size=(3, 8, 8, 1)).astype("float32")
    model(images, training=True)
    model.save(tmp_path / "model.keras")
    restored = keras.models.load_model(tmp_path / "model.keras")
    assert restored.layers[1].power_iterations == 2
    np.testing.assert_allclose(restored(images).numpy(), model(images).numpy(), rtol=1e-5, atol=1e-6)


def test_refuses_what_it_cannot_normalise():
    with pytest.raises(ValueError, match="Dense or Conv1D/2D/3D"):
        SpectralNorm(keras.layers.Conv2DTranspose(4, 3))
    with pytest.raises(ValueError, match="at least 1"):
        SpectralNorm(keras.layers.Dense(4), power_iterations=0)
