import numpy as np
import pytest

from custom_layers.packing import pack_images, packed_shape


def test_packing_puts_consecutive_images_side_by_side_along_channels():
    images = np.arange(6 * 2 * 2 * 1, dtype="float32").reshape(6, 2, 2, 1)
    packed = np.asarray(pack_images(images, 3))
    assert packed.shape == (2, 2, 2, 3)
    for group in range(2):
        for slot in range(3):
            np.testing.assert_array_equal(packed[group, :, :, slot], images[group * 3 + slot, :, :, 0])


def test_packing_keeps_each_images_channels_together():
    images = np.random.default_rng(0).normal(size=(4, 3, 3, 3)).astype("float32")
    packed = np.asarray(pack_images(images, 2))
    assert packed.shape == (2, 3, 3, 6)
    np.testing.assert_array_equal(packed[1, :, :, 3:], images[3])
    assert packed_shape([3, 3, 3], 2) == [3, 3, 6]


def test_pack_of_one_is_the_identity_and_a_bad_batch_is_a_clear_error():
    images = np.zeros((5, 2, 2, 1), "float32")
    assert pack_images(images, 1) is images
    with pytest.raises(ValueError, match="multiple of pack=2"):
        pack_images(images, 2)
