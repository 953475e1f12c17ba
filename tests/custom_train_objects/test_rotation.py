"""SS-GAN's rotation task: the turned images, and the loss against a hand computation."""

import numpy as np
import pytest
import tensorflow as tf

from custom_train_objects.losses.rotation import draw_rotations, rotate_images, rotation_loss


def test_each_image_is_turned_by_its_own_quarter_turns():
    images = np.random.default_rng(0).normal(size=(4, 3, 3, 2)).astype("float32")
    turned = rotate_images(tf.constant(images), tf.constant([0, 1, 2, 3])).numpy()
    for i in range(4):  # counter-clockwise, as np.rot90 over the image axes
        np.testing.assert_array_equal(turned[i], np.rot90(images[i], k=i, axes=(0, 1)))
    assert not np.array_equal(turned[1], images[1])


def test_non_square_images_are_refused():
    with pytest.raises(ValueError, match="square images"):
        rotate_images(tf.zeros((2, 3, 4, 1)), tf.constant([0, 1]))


def test_loss_matches_a_hand_computation_and_groups_share_a_turn():
    rng = np.random.default_rng(1)
    images = rng.normal(size=(6, 3, 3, 1)).astype("float32")  # three packed pairs
    weights = rng.normal(size=(3 * 3 * 2, 4)).astype("float32")

    def network(packed, training=False):
        return tf.reshape(packed, (tf.shape(packed)[0], -1)) @ weights

    group_rotations = np.array([2, 0, 3])
    loss = float(rotation_loss(network, tf.constant(images), tf.constant(group_rotations), pack=2))
    expected = []
    for g, k in enumerate(group_rotations):  # both images of a pair turned by the pair's k, then stacked
        pair = [np.rot90(images[2 * g + j], k=k, axes=(0, 1)) for j in range(2)]
        logits = np.concatenate(pair, axis=-1).reshape(-1) @ weights
        log_softmax = logits - np.log(np.sum(np.exp(logits - logits.max()))) - logits.max()
        expected.append(-log_softmax[k])
    np.testing.assert_allclose(loss, np.mean(expected), rtol=1e-5)


def test_rotations_cover_the_four_turns():
    drawn = draw_rotations(400, seed=0).numpy()
    assert drawn.dtype == np.int32 and set(drawn) == {0, 1, 2, 3}
    assert np.all(np.bincount(drawn) > 60)
