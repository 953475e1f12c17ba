"""Checks every model family runs (STYLE.md 19), and tiny real data for them."""

import json
import os

import keras
import numpy as np
import tensorflow as tf

from datasets import load_arrays
from models import load_preset


def tiny_images(image_shape=(8, 8, 1), n=32):
    """The first `n` bundled MNIST digits resized to `image_shape`, in [-1, 1]."""
    images, labels = load_arrays("mnist_sample", "train")
    images = tf.image.resize(images[:n].astype("float32"), image_shape[:2], antialias=True).numpy()
    if image_shape[-1] == 3:
        images = np.repeat(images, 3, axis=-1)
    return (images / 127.5 - 1.0).astype("float32"), labels[:n]


def tiny_dataset(image_shape=(8, 8, 1), n=32, batch_size=4, with_labels=True):
    """A fixed-order dataset: two passes over it see the same batches."""
    images, labels = tiny_images(image_shape, n)
    data = (images, labels) if with_labels else images
    return tf.data.Dataset.from_tensor_slices(data).batch(batch_size, drop_remainder=True)


def generator_inputs(model, n, seed):
    return model.grid_inputs(n, seed=seed)


def check_config_round_trip(model):
    config = json.loads(json.dumps(model.get_config()))
    clone = type(model).from_config(config)
    assert clone.get_config() == model.get_config()
    assert clone.hparams == model.hparams


def check_generate(model):
    images = model.generate(5, seed=1)
    assert images.shape == (5, *model.image_shape) and images.dtype == np.float32
    assert images.min() >= 0.0 and images.max() <= 1.0
    np.testing.assert_array_equal(images, model.generate(5, seed=1))
    assert not np.array_equal(images, model.generate(5, seed=2))


def check_fit_step(model, data):
    history = model.fit(data, epochs=1, steps_per_epoch=1, verbose=0)
    for name in ("d_loss", "g_loss"):
        assert name in history.history and np.isfinite(history.history[name][0]), history.history


def check_preset_round_trip(model, folder):
    model.save_to_preset(folder, metadata={"note": "test"})
    loaded = load_preset(folder)
    assert type(loaded) is type(model) and loaded.hparams == model.hparams
    np.testing.assert_allclose(loaded.generate(4, seed=3), model.generate(4, seed=3), atol=1e-6)
    for a, b in zip(loaded.discriminator.weights, model.discriminator.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def check_export(model, folder):
    model.export(folder)
    served = tf.saved_model.load(folder)
    inputs = generator_inputs(model, 3, seed=4)
    out = served.serve(*[tf.constant(x) for x in inputs]).numpy()
    expected = model.generator(inputs[0] if len(inputs) == 1 else inputs, training=False).numpy()
    np.testing.assert_allclose(out, expected, atol=1e-5)
    assert out.min() >= -1.0 and out.max() <= 1.0


def check_keras_save_resumes_exactly(model, data, path):
    """`.keras` save/load restores networks, optimizers and seeds: 2 more steps match (1e-5)."""
    model.fit(data, epochs=1, steps_per_epoch=1, verbose=0)  # optimizer state is non-trivial
    model.save(path)
    reloaded = keras.saving.load_model(path)
    assert reloaded.g_optimizer is not None and reloaded.optimizer is None
    for a, b in zip(reloaded.g_optimizer.variables, model.g_optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    model.fit(data, epochs=1, steps_per_epoch=2, verbose=0)
    reloaded.fit(data, epochs=1, steps_per_epoch=2, verbose=0)
    for net in ("generator", "discriminator"):
        for a, b in zip(getattr(reloaded, net).weights, getattr(model, net).weights):
            np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5, err_msg=f"{net} {a.path}")


def run_gan_family_test(cls, hparams, tmp_path, data=None):
    """Every check of STYLE.md 19 on one tiny configuration of `cls`."""
    keras.utils.set_random_seed(0)
    model = cls(**hparams)
    batch = model.data_batch_size()  # n_critic slices of batch_size for critic-repeat families
    data = data or tiny_dataset(model.image_shape, n=4 * batch, batch_size=batch)
    check_config_round_trip(model)
    check_generate(model)
    model.compile()
    check_fit_step(model, data)
    check_preset_round_trip(model, os.path.join(tmp_path, "preset"))
    check_export(model, os.path.join(tmp_path, "export"))
    check_keras_save_resumes_exactly(model, data, os.path.join(tmp_path, "model.keras"))
    return model
