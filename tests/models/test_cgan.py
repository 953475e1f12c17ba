import numpy as np
import pytest

from models import CGAN
from tests.helpers import run_gan_family_test, tiny_dataset

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4,
            num_classes=10)


@pytest.mark.parametrize("overrides", [
    {},
    {"conditioning": "projection"},
    {"architecture": "mlp", "g_units": [16], "d_units": [16]},
    {"architecture": "mlp", "conditioning": "projection", "g_units": [16], "d_units": [16], "num_classes": 3},
], ids=["conv_concat", "conv_projection", "mlp_concat", "mlp_projection_3_classes"])
def test_cgan_family(overrides, tmp_path):
    hparams = {**TINY, **overrides}
    data = tiny_dataset(n=16, batch_size=4).map(lambda x, y: (x, y % hparams["num_classes"]))
    run_gan_family_test(CGAN, hparams, tmp_path, data=data)


def test_label_changes_the_image_and_seed_plus_label_fixes_it():
    model = CGAN(**TINY)
    sevens = model.generate(4, labels=[7], seed=0)
    np.testing.assert_array_equal(sevens, model.generate(4, labels=[7], seed=0))
    assert not np.allclose(sevens, model.generate(4, labels=[3], seed=0))
    # labels repeat to fill num_images
    mixed = model.generate(4, labels=[7, 3], seed=0)
    np.testing.assert_array_equal(mixed[0], sevens[0])


def test_out_of_range_labels_name_the_valid_range():
    model = CGAN(**TINY)
    with pytest.raises(ValueError, match="valid labels: 0-9"):
        model.generate(2, labels=[10])
    with pytest.raises(ValueError, match="valid labels: 0-9"):
        model.generate(2, labels=[-1])


def test_training_needs_labels():
    model = CGAN(**TINY)
    model.compile()
    with pytest.raises(ValueError, match="with_labels=True"):
        model.fit(tiny_dataset(with_labels=False), epochs=1, steps_per_epoch=1, verbose=0)


def test_grid_has_one_row_per_class():
    model = CGAN(**TINY)
    _, labels = model.grid_inputs()
    assert labels.tolist() == np.repeat(np.arange(10), 8).tolist() and model.grid_columns() == 8
