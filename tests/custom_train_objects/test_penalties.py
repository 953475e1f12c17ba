"""Gradient penalty against a linear critic, whose input gradient is its weight vector."""

import keras
import numpy as np
import tensorflow as tf

from custom_train_objects.losses import clip_weights, gradient_penalty, r1_penalty


def linear_critic(w):
    w = tf.constant(w, tf.float32)

    def critic(x, training=False):
        return tf.reduce_sum(tf.reshape(x, (tf.shape(x)[0], -1)) * tf.reshape(w, (1, -1)), axis=1, keepdims=True)

    return critic


def test_linear_critic_closed_form():
    # grad_x D = w everywhere, so the penalty is (sqrt(||w||^2 + eps) - 1)^2 whatever alpha is.
    w = np.array([[[0.5], [1.5]], [[-2.0], [0.0]]], "float32")  # 2x2x1 image, ||w||^2 = 6.5
    real = np.random.default_rng(0).normal(size=(3, 2, 2, 1)).astype("float32")
    fake = np.random.default_rng(1).normal(size=(3, 2, 2, 1)).astype("float32")
    value = gradient_penalty(linear_critic(w), real, fake, seed=3)
    np.testing.assert_allclose(float(value), (np.sqrt(6.5 + 1e-10) - 1.0) ** 2, rtol=1e-6)


def test_unit_norm_critic_has_zero_penalty():
    w = np.array([0.6, 0.8], "float32").reshape(1, 2, 1)  # ||w|| = 1
    real = np.ones((4, 1, 2, 1), "float32")
    assert float(gradient_penalty(linear_critic(w), real, -real, seed=0)) < 1e-10


def test_zero_gradient_stays_finite():
    # epsilon inside the square root: a flat critic gives penalty ~1 and a finite gradient.
    def flat(x, training=False):
        return tf.zeros((tf.shape(x)[0], 1)) * tf.reduce_sum(x)

    real = tf.Variable(np.ones((2, 2, 2, 1), "float32"))
    with tf.GradientTape() as tape:
        value = gradient_penalty(flat, real, tf.zeros_like(real), seed=0)
    grad = tape.gradient(value, real)
    np.testing.assert_allclose(float(value), 1.0, atol=1e-4)
    assert grad is None or np.all(np.isfinite(grad.numpy()))


def test_alpha_is_per_sample_and_uniform():
    # With critic(x) = sum(x) ** 2 / 2 the gradient is sum(x_hat): the penalty depends on alpha per sample.
    def quadratic(x, training=False):
        s = tf.reduce_sum(tf.reshape(x, (tf.shape(x)[0], -1)), axis=1, keepdims=True)
        return 0.5 * tf.square(s)

    real = np.zeros((3, 1, 1, 1), "float32")
    fake = np.ones((3, 1, 1, 1), "float32")
    alpha = np.array([0.0, 0.5, 0.9], "float32")
    value = gradient_penalty(quadratic, real, fake, alpha=alpha, epsilon=0.0)
    np.testing.assert_allclose(float(value), np.mean((alpha - 1.0) ** 2), rtol=1e-6)
    draws = keras.ops.convert_to_numpy(keras.random.uniform((1000,), 0.0, 1.0, seed=1))
    assert draws.min() >= 0.0 and draws.max() < 1.0


def test_clip_weights():
    v = tf.Variable([-1.0, 0.005, 2.0])
    clip_weights([v], 0.01)
    np.testing.assert_allclose(v.numpy(), [-0.01, 0.005, 0.01])


def test_r1_is_the_squared_input_gradient_per_score():
    # grad_x D = w for a linear critic, so R1 = ||w||^2 = 6.5 wherever the real batch lies.
    w = np.array([[[0.5], [1.5]], [[-2.0], [0.0]]], "float32")
    real = np.random.default_rng(0).normal(size=(4, 2, 2, 1)).astype("float32")
    np.testing.assert_allclose(float(r1_penalty(linear_critic(w), real)), 6.5, rtol=1e-6)

    def pair_critic(x, training=False):  # one score per pair of images, as a packed discriminator gives
        return tf.reduce_sum(tf.reshape(linear_critic(w)(x), (-1, 2)), axis=1, keepdims=True)

    # each pair's score has gradient w on both of its images: ||(w, w)||^2 = 13 per score
    np.testing.assert_allclose(float(r1_penalty(pair_critic, real)), 13.0, rtol=1e-6)
