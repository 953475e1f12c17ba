"""SRResNet, the SR discriminator and ESRGAN's RRDB generator: shapes at tiny sizes (8 -> 32 px)."""

import numpy as np
import pytest

from custom_architectures.super_resolution import (build_rrdb_generator, build_sr_discriminator,
                                                   build_srresnet_generator)


@pytest.mark.parametrize("build", [
    lambda: build_srresnet_generator(num_blocks=2, filters=8),
    lambda: build_srresnet_generator(num_blocks=2, filters=8, batch_norm=False),
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


def test_srresnet_without_batch_norm_is_the_same_network_less_its_norms():
    """`batch_norm=False` drops the 2B + 1 batch norms (4 weights of `filters` each), nothing else; the
    output no longer depends on the other images in the batch, even in training mode."""
    with_norm = build_srresnet_generator(num_blocks=2, filters=8)
    without = build_srresnet_generator(num_blocks=2, filters=8, batch_norm=False)
    assert with_norm.count_params() - without.count_params() == (2 * 2 + 1) * 4 * 8
    assert not any("batch_norm" in layer.name for layer in without.layers)
    images = np.random.default_rng(0).uniform(-1, 1, (2, 6, 6, 3)).astype("float32")
    alone = without(images[:1], training=True).numpy()
    np.testing.assert_allclose(without(images, training=True).numpy()[:1], alone, atol=1e-5)
    assert np.abs(with_norm(images, training=True).numpy()[:1] - with_norm(images[:1], training=True).numpy()).max() > 1e-3
