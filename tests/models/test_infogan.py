import keras
import numpy as np
import pytest

from models import InfoGAN
from tests.helpers import run_gan_family_test, tiny_dataset

TINY = dict(latent_dim=6, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4,
            num_categories=4, num_continuous=2, q_units=8)


def test_infogan_family(tmp_path):
    run_gan_family_test(InfoGAN, TINY, tmp_path)


def test_paper_defaults_and_shared_body():
    hp = InfoGAN.default_hparams()
    assert (hp.latent_dim, hp.num_categories, hp.num_continuous, hp.info_weight) == (62, 10, 2, 1.0)
    model = InfoGAN(**TINY)
    shared = {id(v) for v in model.discriminator.trainable_variables} & {id(v) for v in model.q_network.trainable_variables}
    assert len(shared) == 2 * len(TINY["d_filters"])  # every conv kernel and bias of the body
    assert len(model.discriminator_variables()) == len(
        {id(v) for v in model.discriminator.trainable_variables + model.q_network.trainable_variables})


def test_codes_change_the_image_and_are_validated():
    model = InfoGAN(**TINY)
    a = model.generate(2, codes={"categorical": 1, "continuous": [0.5, -1.0]}, seed=0)
    np.testing.assert_array_equal(a, model.generate(2, codes={"categorical": 1, "continuous": [0.5, -1.0]}, seed=0))
    assert not np.allclose(a, model.generate(2, codes={"categorical": 2, "continuous": [0.5, -1.0]}, seed=0))
    assert not np.allclose(a, model.generate(2, codes={"categorical": 1, "continuous": [-0.5, 1.0]}, seed=0))
    with pytest.raises(ValueError, match="categorical code 7 is out of range; valid categorical codes: 0-3"):
        model.generate(1, codes={"categorical": 7})
    with pytest.raises(ValueError, match="2 continuous"):
        model.generate(1, codes={"continuous": [1.0]})
    with pytest.raises(ValueError, match="valid codes"):
        model.generate(1, codes={"style": 1})


def test_sweep_grid_rows_and_columns():
    model = InfoGAN(**TINY)
    z, category, continuous = model.sweep_inputs(continuous_index=1, steps=5)
    assert z.shape == (20, 6) and category.tolist()[:6] == [0, 0, 0, 0, 0, 1]
    np.testing.assert_allclose(continuous[:5, 1], np.linspace(-2, 2, 5))
    assert np.all(continuous[:, 0] == 0) and np.all(z[0] == z[4])
    with pytest.raises(ValueError, match="valid: 0-1"):
        model.sweep_inputs(continuous_index=2)


def test_information_term_is_trained_without_labels():
    keras.utils.set_random_seed(0)
    model = InfoGAN(**TINY)
    model.compile()
    q_head = model.q_network.layers[-1].kernel.numpy().copy()
    history = model.fit(tiny_dataset(with_labels=False), epochs=1, steps_per_epoch=3, verbose=0)
    assert np.isfinite(history.history["info_loss"][0]) and history.history["info_loss"][0] > 0
    assert not np.allclose(q_head, model.q_network.layers[-1].kernel.numpy())  # Q is updated by d_optimizer
