"""bench/class_balance_fid.py's sampling helpers: exact class counts, the generator's shares on real data."""

import numpy as np
import pytest

from bench import class_balance_fid


def test_balanced_indices_take_the_first_of_each_class():
    predicted = np.array([2, 0, 1, 0, 2, 1, 1, 0])
    picked = class_balance_fid.balanced_indices(predicted, 3, 2)
    np.testing.assert_array_equal(picked, [1, 3, 2, 5, 0, 4])


def test_too_few_of_a_class_asks_for_a_larger_draw():
    with pytest.raises(SystemExit, match="raise --draw"):
        class_balance_fid.balanced_indices(np.array([0, 0, 1]), 2, 2)


def test_real_images_follow_the_generators_shares():
    labels = np.repeat(np.arange(3), 100)
    shares = [0.5, 0.3, 0.2]
    picked = class_balance_fid.real_with_shares(labels, shares, 99, np.random.default_rng(0))
    assert len(picked) == len(set(picked)) == 99
    np.testing.assert_array_equal(np.bincount(labels[picked]), [49, 30, 20])  # 49.5, 29.7, 19.8: the two largest remainders round up
