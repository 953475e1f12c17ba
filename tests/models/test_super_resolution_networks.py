"""SRResNet, the SR discriminator and ESRGAN's RRDB generator: shapes at tiny sizes (8 -> 32 px)."""

import numpy as np
import pytest

from custom_architectures.super_resolution import (build_rrdb_generator, build_sr_discriminator,
                                                   build_srresnet_generator)


@pytest.mark.parametrize("build", [
    lambda: build_srresnet_generator(num_blocks=2, filters=8),
    lambda: build_rrdb_generator(num_blocks=1, filters=8, growth=4),
])
def test_generators_upscale_x4_at_any_size(build):
    generator = build()
    for h, w in ((8, 8), (5, 7)):
        out = generator(np.zeros((2, h, w, 3), "float32")).numpy()
        assert out.shape == (2, 4 * h, 4 * w, 3) and np.abs(out).max() <= 1


def test_paper_sizes():
    assert build_srresnet_generator().count_params() == pytest.approx(1.55e6, rel=0.01)  # SRResNet: 1.5M
    assert build_rrdb_generator().count_params() == pytest.approx(16.7e6, rel=0.01)  # RRDBNet: 16.7M
    discriminator = build_sr_discriminator(hr_size=32, filters=8, dense_units=16)
    assert discriminator(np.zeros((2, 32, 32, 3), "float32")).shape == (2, 1)
    with pytest.raises(ValueError, match="power of two"):
        build_srresnet_generator(scale=3)
