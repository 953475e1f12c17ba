"""Generator EMA: the average follows its formula, batch-norm statistics are recomputed, presets keep it."""

import keras
import numpy as np
import tensorflow as tf

from custom_train_objects.callbacks import GeneratorEMA, recalibrate_batch_norm
from models import DCGAN, load_preset
from tests.helpers import tiny_dataset

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4)


class Recorder(keras.callbacks.Callback):
    """Computes the expected EMA by hand, from the generator's weights after every batch."""

    def __init__(self, decay):
        super().__init__()
        self.decay, self.expected = decay, None

    def on_train_begin(self, logs=None):
        self.expected = [w.numpy() for w in self.model.ema_generator.trainable_weights]

    def on_train_batch_end(self, batch, logs=None):
        weights = [w.numpy() for w in self.model.generator.trainable_weights]
        self.expected = [self.decay * e + (1 - self.decay) * w for e, w in zip(self.expected, weights)]


def test_ema_follows_its_formula_and_starts_from_the_generator():
    keras.utils.set_random_seed(0)
    model = DCGAN(**TINY, ema_decay=0.9)
    for a, b in zip(model.ema_generator.weights, model.generator.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    model.compile()
    recorder = Recorder(0.9)
    model.fit(tiny_dataset(n=16), epochs=1, verbose=0, callbacks=[GeneratorEMA(0.9), recorder])
    for average, expected in zip(model.ema_generator.trainable_weights, recorder.expected):
        np.testing.assert_allclose(average.numpy(), expected, atol=1e-6)
    assert not np.allclose(model.ema_generator.trainable_weights[0].numpy(),
                           model.generator.trainable_weights[0].numpy())


def test_batch_norm_statistics_are_recomputed_for_the_averaged_weights():
    keras.utils.set_random_seed(1)
    model = DCGAN(**TINY, ema_decay=0.99)
    ema = model.ema_generator
    first_norm = next(l for l in ema.layers if isinstance(l, keras.layers.BatchNormalization))
    for w in ema.trainable_weights:  # averaged weights that the copied statistics do not fit
        w.assign(w * 1.7 + 0.1)
    batches = [tf.random.normal((32, 8), seed=i) for i in range(5)]
    assert recalibrate_batch_norm(ema, batches) == 3
    upstream = keras.Model(ema.inputs, first_norm.input)  # what the first BN layer normalises
    activations = [upstream(z).numpy() for z in batches]
    np.testing.assert_allclose(first_norm.moving_mean.numpy(), np.mean([a.mean(0) for a in activations], 0),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(first_norm.moving_variance.numpy(), np.mean([a.var(0) for a in activations], 0),
                               rtol=1e-3, atol=1e-5)
    assert first_norm.momentum == 0.99  # restored
    model.compile()
    model.fit(tiny_dataset(n=8), epochs=1, verbose=0, callbacks=[GeneratorEMA(0.99, batches=2)])
    expected = keras.Model(ema.inputs, first_norm.input)
    inputs = [x[0] for x in model.recalibration_inputs(2)]
    mean = np.mean([expected(z).numpy().mean(0) for z in inputs], 0)
    np.testing.assert_allclose(first_norm.moving_mean.numpy(), mean, rtol=1e-4, atol=1e-5)  # done at epoch end


def test_sampling_and_presets_use_the_ema_generator(tmp_path):
    keras.utils.set_random_seed(2)
    model = DCGAN(**TINY, ema_decay=0.9)
    model.compile()
    model.fit(tiny_dataset(n=16), epochs=1, verbose=0, callbacks=[GeneratorEMA(0.9)])
    z = model.sample_latents(3, seed=0)
    np.testing.assert_allclose(model.generate(3, seed=0), (model.ema_generator(z).numpy() + 1) / 2, atol=1e-6)
    assert not np.allclose(model.generate(3, seed=0), (model.generator(z).numpy() + 1) / 2, atol=1e-4)
    model.save_to_preset(str(tmp_path / "p"))
    assert (tmp_path / "p" / "generator_ema.weights.h5").exists()
    loaded = load_preset(str(tmp_path / "p"))
    np.testing.assert_allclose(loaded.generate(3, seed=0), model.generate(3, seed=0), atol=1e-6)
    model.export(str(tmp_path / "saved"))
    saved = tf.saved_model.load(str(tmp_path / "saved"))
    served = saved.serve(tf.constant(z)).numpy()
    np.testing.assert_allclose((served + 1) / 2, model.generate(3, seed=0), atol=1e-5)
