"""PacGAN's packing: the discriminator judges `pack` samples of one kind at once (Lin et al. 2018).

A discriminator that sees several samples together can tell a batch whose samples
are too alike (or whose modes come in the wrong proportions) from a real one,
which a one-sample discriminator cannot. Real and fake batches are packed
separately, so every packed input is all real or all fake.

Reference: https://arxiv.org/abs/1712.04086
"""

from keras import ops


def packed_shape(image_shape, pack):
    """`[H, W, C * pack]`: the discriminator's input shape when it judges `pack` images at once."""
    return [*image_shape[:-1], image_shape[-1] * pack]


def pack_images(images, pack):
    """`[B, H, W, C]` -> `[B / pack, H, W, C * pack]`: each run of `pack` consecutive images
    becomes one sample, its images side by side along the channels.

    Args:
        images: tensor. A batch whose size is a multiple of `pack`.
        pack: int. Images per packed sample; 1 returns `images` unchanged.
    """
    if pack == 1:
        return images
    batch = images.shape[0]
    if batch is not None and batch % pack:
        raise ValueError(f"a batch of {batch} images cannot be packed {pack} at a time; "
                         f"use a batch size that is a multiple of pack={pack}")
    height, width, channels = images.shape[1:]
    x = ops.reshape(images, (-1, pack, height, width, channels))
    x = ops.transpose(x, (0, 2, 3, 1, 4))
    return ops.reshape(x, (-1, height, width, pack * channels))
