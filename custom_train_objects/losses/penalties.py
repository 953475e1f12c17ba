"""Regularisers that act on the discriminator (critic) rather than on its logits."""

import keras
import tensorflow as tf


def gradient_penalty(critic, real, fake, alpha=None, seed=None, epsilon=1e-10, target=1.0):
    """WGAN-GP's two-sided gradient penalty, E[(||grad D(x_hat)||_2 - target)^2].

    `x_hat = real + alpha * (fake - real)` with one `alpha ~ U[0, 1)` per sample
    (broadcast over the image), and the norm is `sqrt(sum(g^2) + epsilon)` so its
    gradient stays finite where `g = 0`. Computed in float32 whatever the policy.

    Args:
        critic: callable. The critic; called with `training=True`.
        real: tensor. A real batch.
        fake: tensor. A generated batch of the same shape.
        alpha: tensor or None. Interpolation weights of shape `[batch]`; drawn
            from U[0, 1) when None. Defaults to None.
        seed: int or `keras.random.SeedGenerator`. Seed for alpha. Defaults to None.
        epsilon: float. Added inside the square root. Defaults to 1e-10.
        target: float. The norm the penalty pulls towards. Defaults to 1.0.

    Reference: Gulrajani et al. 2017, https://arxiv.org/abs/1704.00028
    """
    real = tf.cast(real, tf.float32)
    fake = tf.cast(fake, tf.float32)
    batch = tf.shape(real)[0]
    if alpha is None:
        alpha = keras.random.uniform((batch,), 0.0, 1.0, seed=seed)
    alpha = tf.reshape(tf.cast(alpha, tf.float32), [-1] + [1] * (len(real.shape) - 1))
    _, grads = scores_and_input_gradients(critic, real + alpha * (fake - real))
    axes = list(range(1, len(grads.shape)))
    norm = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=axes) + epsilon)
    return tf.reduce_mean(tf.square(norm - target))


def r1_penalty(critic, real):
    """R1, E[||grad_x D(x)||^2] over real inputs x: the discriminator's gradient on the data, pushed to 0.

    Each of `critic(real)`'s scores is one term (a packed critic scores a group of images as one
    input). Computed in float32 whatever the policy. Mescheder et al. (2018) show that it makes the
    non-saturating GAN converge locally where the unregularised game circles; the loss weight is
    gamma / 2.

    Reference: https://arxiv.org/abs/1801.04406
    """
    scores, grads = scores_and_input_gradients(critic, real)
    return tf.reduce_sum(tf.square(grads)) / tf.cast(tf.size(scores), tf.float32)


def scores_and_input_gradients(critic, inputs):
    """`critic(inputs, training=True)` in float32, and the gradient of the sum of its scores w.r.t. `inputs`."""
    inputs = tf.cast(inputs, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        scores = tf.cast(critic(inputs, training=True), tf.float32)
    return scores, tape.gradient(scores, inputs)


def clip_weights(variables, clip_value):
    """Clips every variable into [-clip_value, clip_value] (WGAN, Arjovsky et al. 2017)."""
    for variable in variables:
        variable.assign(tf.clip_by_value(variable, -clip_value, clip_value))
