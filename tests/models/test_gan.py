import numpy as np

from datasets import get_dataset
from models import GAN
from tests.helpers import run_gan_family_test

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_units=[16, 16], d_units=[16], batch_size=4)


def test_gan_family(tmp_path):
    run_gan_family_test(GAN, TINY, tmp_path)


def test_gan_learns_the_digit_distribution_on_real_mnist():
    """After 600 steps on the bundled real digits, samples look like MNIST in their pixel statistics."""
    import keras

    keras.utils.set_random_seed(0)
    data = get_dataset("mnist_sample", "train", batch_size=64, repeat=True, seed=0)
    real = np.concatenate([b.numpy() for b in data.take(20)])
    real = (real + 1) / 2

    def gap(model):
        fake = model.generate(1280, seed=0)
        # mean image (where strokes go) and share of inked pixels (13% on MNIST, 50% at init)
        mean_gap = np.abs(fake.mean(0) - real.mean(0)).mean()
        ink_gap = abs((fake > 0.5).mean() - (real > 0.5).mean())
        return mean_gap, ink_gap

    model = GAN(g_units=[128, 256], d_units=[256, 128])
    model.compile()
    before = gap(model)
    model.fit(data, epochs=1, steps_per_epoch=600, verbose=0)
    after = gap(model)
    assert after[0] < 0.5 * before[0], (before, after)
    assert after[1] < 0.3 * before[1], (before, after)
