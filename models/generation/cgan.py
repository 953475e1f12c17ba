"""Conditional GAN (Mirza & Osindero 2014): ask for a 7, get a 7."""

import keras
import numpy as np
import tensorflow as tf

from custom_architectures.cgan import build_cgan_discriminator, build_cgan_generator
from models.generation.base_gan import BaseGAN, common_hparams


def repeat_labels(labels, num_images, num_classes, what="label"):
    """Labels as an int32 array of `num_images`, repeating the given ones; range-checked.

    `what` names the values in errors ("label", "categorical code").
    """
    try:
        labels = np.asarray(labels).reshape(-1)
        if labels.size and not np.issubdtype(labels.dtype, np.integer):
            raise TypeError
        labels = labels.astype("int64")
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"each {what} must be an integer from 0 to {num_classes - 1}") from None
    if labels.size == 0:
        raise ValueError(f"no {what} given; give at least one from 0 to {num_classes - 1}")
    bad = labels[(labels < 0) | (labels >= num_classes)]
    if bad.size:
        raise ValueError(f"{what} {int(bad[0])} is out of range; valid {what}s: 0-{num_classes - 1}")
    return np.resize(labels, num_images).astype("int32")


@keras.saving.register_keras_serializable(package="gan_zoo")
class CGAN(BaseGAN):
    """A GAN whose generator and discriminator both see the class label.

    The generator gets the label one-hot, joined to the noise. The
    discriminator gets it as one-hot maps joined to the image channels
    (`conditioning="concat"`, the paper's idea in convolutional form) or through
    a projection of its features onto a class embedding
    (`conditioning="projection"`, Miyato & Koyama 2018). The convolutional
    variant uses DCGAN's networks, with half the tutorial's generator widths
    (`g_filters=[128, 64, 32]`, a quarter of its compute, to fit CPU training),
    and is the MNIST default; `architecture="mlp"` is the paper's fully
    connected one. The dataset yields `(images, labels)`;
    fakes get uniformly drawn labels.

    Args:
        num_classes: int. Number of classes. Defaults to 10.
        architecture: str. `"conv"` or `"mlp"`. Defaults to `"conv"`.
        conditioning: str. `"concat"` or `"projection"`. Defaults to `"concat"`.
        g_filters: list. Generator widths (conv variant). Defaults to `[128, 64, 32]`.
        d_filters, kernel_size, dropout: as `DCGAN` (conv variant).
        g_units, d_units: as `GAN` (MLP variant).
        Other arguments as `DCGAN`.

    Example:

    ```python
    model = CGAN(num_classes=10)
    model.compile()
    model.fit(get_dataset("mnist", batch_size=64, with_labels=True), epochs=5)
    sevens = model.generate(16, labels=[7], seed=0)
    ```

    Reference: https://arxiv.org/abs/1411.1784 and https://arxiv.org/abs/1802.05637
    """

    family = "cgan"
    description = "Conditional GAN (Mirza & Osindero 2014), convolutional or MLP"
    generate_flags_examples = ("--labels 0,1,2,3,4,5,6,7,8,9 --num 100",)

    @classmethod
    def default_hparams(cls):
        return common_hparams(
            choices={"architecture": ["conv", "mlp"], "conditioning": ["concat", "projection"]},
            batch_size=64, num_classes=10, architecture="conv", conditioning="concat",
            g_filters=[128, 64, 32], d_filters=[64, 128], kernel_size=5, dropout=0.3,
            g_units=[256, 512, 1024], d_units=[512, 256],
        )

    def build_generator(self):
        hp = self.hparams
        return build_cgan_generator(hp.latent_dim, hp.image_shape, hp.num_classes, hp.architecture,
                                    hp.g_filters, hp.kernel_size, hp.g_units)

    def build_discriminator(self):
        hp = self.hparams
        return build_cgan_discriminator(hp.image_shape, hp.num_classes, hp.architecture, hp.conditioning,
                                        hp.d_filters, hp.kernel_size, hp.d_units, hp.dropout)

    @property
    def num_classes(self):
        return self.hparams.num_classes

    def example_inputs(self, n):
        return [tf.zeros((n, self.latent_dim)), tf.zeros((n,), tf.int32)]

    def split_batch(self, data):
        x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
        if y is None:
            raise ValueError("cgan trains on (images, labels) batches; use get_dataset(..., with_labels=True)")
        return x, tf.cast(tf.reshape(y, (-1,)), tf.int32)

    def sample_fake(self, batch_size, training=True, condition=None):
        labels = keras.random.randint((batch_size,), 0, self.num_classes, seed=self.seed_generator, dtype="int32")
        return self.generator([self.sample_noise(batch_size), labels], training=training), labels

    def generate(self, num_images, labels=None, seed=None, batch_size=256, codes=None):
        """Images of the requested classes, float32 in [0, 1].

        `labels` repeat to fill `num_images` (default: 0, 1, ..., K-1, 0, ...);
        out-of-range labels raise ValueError. The same (seed, label) gives the
        same image.
        """
        if codes is not None:
            raise ValueError("cgan takes labels, not codes")
        labels = np.arange(self.num_classes) if labels is None else labels
        labels = repeat_labels(labels, num_images, self.num_classes)
        return self.images_from_inputs([self.sample_latents(num_images, seed), labels], batch_size)

    def grid_inputs(self, num_images=None, seed=1234):
        # One row per class, 8 samples each.
        num_images = num_images or 8 * self.num_classes
        labels = np.repeat(np.arange(self.num_classes), -(-num_images // self.num_classes))[:num_images]
        return [self.sample_latents(num_images, seed=seed), labels.astype("int32")]

    def grid_columns(self):
        return 8

    def serving_signature(self):
        return [tf.TensorSpec((None, self.latent_dim), tf.float32, name="latent"),
                tf.TensorSpec((None,), tf.int32, name="labels")]
