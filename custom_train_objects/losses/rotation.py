"""The self-supervised rotation task of SS-GAN (Chen et al. 2019) for a discriminator.

The discriminator gets a second head that tells by how many quarter turns an
image was rotated. Its cross-entropy on rotated real images is added to D's
loss, and on rotated generated images to G's loss (weights beta and alpha in
the paper), so D keeps learning features of the data, and G is pushed to draw
images whose orientation can be told.

Reference: https://arxiv.org/abs/1811.11212
"""

import keras
import tensorflow as tf

from custom_layers.packing import pack_images

NUM_ROTATIONS = 4  # 0, 90, 180 and 270 degrees


def rotate_images(images, rotations):
    """Each image turned counter-clockwise by `rotations[i]` quarter turns.

    Args:
        images: tensor `[N, S, S, C]` (square images).
        rotations: int tensor `[N]` with values in 0..3.
    """
    height, width = images.shape[1], images.shape[2]
    if height is not None and width is not None and height != width:
        raise ValueError(f"the rotation task needs square images, not {height}x{width}; "
                         "set rotation_weight=0 for this dataset")
    turned = tf.stack([tf.image.rot90(images, k) for k in range(NUM_ROTATIONS)], axis=1)  # [N, 4, S, S, C]
    return tf.gather(turned, tf.cast(rotations, tf.int32), axis=1, batch_dims=1)


def rotation_loss(rotation_network, images, group_rotations, pack=1):
    """Mean cross-entropy of `rotation_network` on rotated `images`, in float32.

    With packing, the `pack` images of a group share one rotation and the
    network (which reads packed groups, as the discriminator does) predicts it
    once per group.

    Args:
        rotation_network: callable. Packed images -> `[N / pack, 4]` logits; called with `training=True`.
        images: tensor `[N, S, S, C]`.
        group_rotations: int tensor `[N / pack]`, values in 0..3.
        pack: int. Images per discriminator sample. Defaults to 1.
    """
    per_image = tf.repeat(group_rotations, pack) if pack > 1 else group_rotations
    rotated = rotate_images(images, per_image)
    logits = tf.cast(rotation_network(pack_images(rotated, pack), training=True), tf.float32)
    labels = tf.cast(group_rotations, tf.int32)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))


def draw_rotations(num_groups, seed=None):
    """`num_groups` rotations drawn uniformly from 0..3 (an int32 tensor)."""
    return keras.random.randint((num_groups,), 0, NUM_ROTATIONS, dtype="int32", seed=seed)
