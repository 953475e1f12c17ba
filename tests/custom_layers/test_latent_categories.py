import keras
import numpy as np
import pytest

from custom_layers import LatentCategories


def test_first_coordinate_becomes_an_equally_likely_one_hot_and_the_rest_pass_through():
    noise = np.random.default_rng(0).standard_normal((20000, 5)).astype("float32")
    out = np.asarray(LatentCategories(4)(noise))
    assert out.shape == (20000, 8)
    np.testing.assert_array_equal(out[:, :4], noise[:, 1:])
    one_hot = out[:, 4:]
    assert set(np.unique(one_hot)) == {0.0, 1.0} and np.all(one_hot.sum(axis=1) == 1)
    shares = one_hot.mean(axis=0)
    np.testing.assert_allclose(shares, 0.25, atol=0.015)
    # the cuts are the normal quartiles: -0.674, 0, 0.674
    np.testing.assert_array_equal(np.asarray(LatentCategories(4)(np.array([[-1.0], [-0.5], [0.5], [1.0]],
                                                                          "float32"))), np.eye(4))


def test_round_trips_through_a_saved_model(tmp_path):
    z = keras.Input((3,))
    model = keras.Model(z, keras.layers.Dense(2)(LatentCategories(3)(z)))
    path = str(tmp_path / "m.keras")
    model.save(path)
    noise = np.random.default_rng(1).standard_normal((8, 3)).astype("float32")
    np.testing.assert_allclose(keras.models.load_model(path)(noise), model(noise), atol=1e-6)


def test_fewer_than_two_categories_is_a_clear_error():
    with pytest.raises(ValueError, match="at least 2"):
        LatentCategories(1)
