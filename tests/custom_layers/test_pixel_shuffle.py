import json

import keras
import numpy as np
import pytest

from custom_layers import PixelShuffle


def test_matches_a_hand_computed_rearrangement():
    n, h, w, c, r = 2, 3, 4, 2, 2
    x = np.arange(n * h * w * c * r * r, dtype="float32").reshape(n, h, w, c * r * r)
    expected = np.zeros((n, h * r, w * r, c), "float32")
    for b in range(n):
        for y in range(h):
            for z in range(w):
                for i in range(r):
                    for j in range(r):
                        for k in range(c):
                            expected[b, y * r + i, z * r + j, k] = x[b, y, z, (i * r + j) * c + k]
    np.testing.assert_array_equal(PixelShuffle(r)(x).numpy(), expected)


def test_shapes_config_and_bad_channels():
    layer = PixelShuffle(2)
    inputs = keras.Input((None, None, 12))
    assert layer(inputs).shape[-1] == 3
    clone = PixelShuffle.from_config(json.loads(json.dumps(layer.get_config())))
    assert clone.scale == 2
    with pytest.raises(ValueError, match="divisible by 4"):
        PixelShuffle(2).compute_output_shape((None, 4, 4, 6))
