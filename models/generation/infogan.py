"""InfoGAN (Chen et al. 2016): interpretable codes learned without labels."""

import keras
import numpy as np
import tensorflow as tf

from custom_architectures.infogan import build_infogan_discriminator, build_infogan_generator
from models.generation.base_gan import BaseGAN, common_hparams
from models.generation.cgan import repeat_labels
from models.generation.steps import unique_variables


@keras.saving.register_keras_serializable(package="gan_zoo")
class InfoGAN(BaseGAN):
    """A GAN that maximises the mutual information between codes and images.

    The generator takes noise, a categorical code (10 values on MNIST) and
    continuous codes (2, uniform in [-1, 1]). A Q head sharing the
    discriminator's body predicts the codes from a generated image; its
    variational lower bound on the mutual information (cross-entropy for the
    categorical code, a unit-variance Gaussian log-likelihood for the
    continuous ones, weighted by `continuous_weight`) is added, times
    `info_weight` (lambda), to both the discriminator-side and the generator
    losses. No labels are used; the categorical code usually ends up
    following the digit class, and the continuous codes slant and width.

    Args:
        latent_dim: int. Incompressible noise size. Defaults to 62 (paper).
        num_categories: int. Values of the categorical code. Defaults to 10.
        num_continuous: int. Continuous codes. Defaults to 2.
        info_weight: float. lambda, the weight of the mutual-information term. Defaults to 1.
        continuous_weight: float. Weight of the continuous codes within it. Defaults to 0.1.
        q_units: int. Width of the Q head's hidden layer. Defaults to 128.
        g_filters: list. Generator widths; defaults to `[128, 64, 32]`, like the
            paper's 7x7x128 -> 64 -> 1 generator.
        Other arguments as `DCGAN`; the paper's learning rates, 1e-3 (G) and 2e-4 (D).

    Example:

    ```python
    model = InfoGAN()
    model.compile()
    model.fit(get_dataset("mnist", batch_size=64), epochs=10)
    threes = model.generate(8, codes={"categorical": 3, "continuous": [0.5, -1.0]}, seed=0)
    ```

    Reference: https://arxiv.org/abs/1606.03657
    """

    family = "infogan"
    description = "InfoGAN (Chen et al. 2016): categorical and continuous codes, no labels"
    generate_flags_examples = ("--code 3 --continuous 0.5,-1 --num 8", "--sweep 0")
    extra_metric_names = ("info_loss",)

    @classmethod
    def default_hparams(cls):
        return common_hparams(
            latent_dim=62, batch_size=64, g_lr=1e-3, d_lr=2e-4, num_categories=10, num_continuous=2,
            info_weight=1.0, continuous_weight=0.1, q_units=128,
            g_filters=[128, 64, 32], d_filters=[64, 128], kernel_size=5, dropout=0.0,
        )

    def build_generator(self):
        hp = self.hparams
        return build_infogan_generator(hp.latent_dim, hp.num_categories, hp.num_continuous, hp.image_shape,
                                       hp.g_filters, hp.kernel_size)

    def build_discriminator(self):
        hp = self.hparams
        discriminator, self.q_network = build_infogan_discriminator(
            hp.image_shape, hp.num_categories, hp.num_continuous, hp.d_filters, hp.kernel_size, hp.dropout, hp.q_units)
        return discriminator

    def example_inputs(self, n):
        return [tf.zeros((n, self.latent_dim)), tf.zeros((n,), tf.int32), tf.zeros((n, self.hparams.num_continuous))]

    def discriminator_variables(self):
        # D's body and head plus the Q head: the Q network is part of the discriminator side.
        return unique_variables(self.discriminator.trainable_variables, self.q_network.trainable_variables)

    def sample_fake(self, batch_size, training=True, condition=None):
        hp = self.hparams
        category = keras.random.randint((batch_size,), 0, hp.num_categories, seed=self.seed_generator, dtype="int32")
        continuous = keras.random.uniform((batch_size, hp.num_continuous), -1.0, 1.0, seed=self.seed_generator)
        fake = self.generator([self.sample_noise(batch_size), category, continuous], training=training)
        return fake, (category, continuous)

    def critic(self, images, condition=None, training=True):
        return self.discriminator(images, training=training)  # D never sees the codes

    def information_loss(self, fake, codes):
        """Negative variational lower bound of I(codes; G(z, codes)), up to constants."""
        category, continuous = codes
        category_logits, continuous_mean = self.q_network(fake, training=True)
        cross_entropy = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(category, category_logits))
        gaussian = 0.5 * tf.reduce_mean(tf.reduce_sum(tf.square(tf.cast(continuous, tf.float32) - continuous_mean), 1))
        loss = cross_entropy + self.hparams.continuous_weight * gaussian
        self.extra_trackers["info_loss"].update_state(loss)
        return loss

    def discriminator_objective(self, real, fake, real_logits, fake_logits, fake_condition=None):
        adversarial = self.loss_fn.discriminator_loss(real_logits, fake_logits)
        return adversarial + self.hparams.info_weight * self.information_loss(fake, fake_condition)

    def generator_objective(self, real_logits, fake_logits, fake, fake_condition=None, real=None):
        adversarial = self.loss_fn.generator_loss(real_logits, fake_logits)
        return adversarial + self.hparams.info_weight * self.information_loss(fake, fake_condition)

    # -- sampling ----------------------------------------------------------
    def code_inputs(self, num_images, codes=None, seed=None):
        """`[categorical [N] int32, continuous [N, C] float32]` from `codes`.

        `codes["categorical"]`: an int or a list, repeated to fill N (default
        0..K-1 cycling). `codes["continuous"]`: C floats for every image, or an
        `[N, C]` array (default uniform in [-1, 1], drawn from `seed`).
        """
        hp = self.hparams
        codes = dict(codes or {})
        unknown = set(codes) - {"categorical", "continuous"}
        if unknown:
            raise ValueError(f"unknown code(s) {sorted(unknown)}; valid codes: categorical, continuous")
        category = codes.get("categorical", np.arange(hp.num_categories))
        category = repeat_labels(np.atleast_1d(category), num_images, hp.num_categories, what="categorical code")
        continuous = codes.get("continuous")
        if continuous is None:
            rng = np.random.default_rng(None if seed is None else seed + 1)
            continuous = rng.uniform(-1.0, 1.0, (num_images, hp.num_continuous))
        continuous = np.asarray(continuous, "float32")
        if not np.all(np.isfinite(continuous)):
            raise ValueError("continuous codes must be finite numbers (the model was trained on -1 to 1)")
        if continuous.ndim == 1:
            if continuous.shape[0] != hp.num_continuous:
                raise ValueError(f"give {hp.num_continuous} continuous code values, got {continuous.shape[0]}")
            continuous = np.tile(continuous, (num_images, 1))
        if continuous.shape != (num_images, hp.num_continuous):
            raise ValueError(f"continuous codes must be [{num_images}, {hp.num_continuous}], got {continuous.shape}")
        return [category, continuous]

    def generate(self, num_images, labels=None, seed=None, batch_size=256, codes=None):
        """Images for the given codes (`labels` is shorthand for the categorical code), in [0, 1]."""
        if labels is not None:
            codes = {**(codes or {}), "categorical": labels}
        inputs = [self.sample_latents(num_images, seed), *self.code_inputs(num_images, codes, seed)]
        return self.images_from_inputs(inputs, batch_size)

    def sweep_inputs(self, continuous_index=0, steps=10, low=-2.0, high=2.0, seed=0):
        """Inputs of a grid with one row per categorical value and `steps` columns sweeping one continuous code."""
        hp = self.hparams
        if not 0 <= continuous_index < hp.num_continuous:
            raise ValueError(f"continuous code {continuous_index} does not exist; valid: 0-{hp.num_continuous - 1}")
        rows = hp.num_categories
        z = np.repeat(self.sample_latents(rows, seed), steps, axis=0)  # one noise vector per row
        category = np.repeat(np.arange(rows), steps).astype("int32")
        continuous = np.zeros((rows * steps, hp.num_continuous), "float32")
        continuous[:, continuous_index] = np.tile(np.linspace(low, high, steps), rows)
        return [z, category, continuous]

    def card_grids(self):
        sweeps = [(f"sweep_c{k}.png",
                   f"One row per categorical code; columns sweep continuous code {k} from -2 to 2 "
                   f"(`python main.py generate PRESET --sweep {k}`).", 10,
                   lambda k=k: self.images_from_inputs(self.sweep_inputs(k)))
                  for k in range(self.hparams.num_continuous)]
        return super().card_grids() + sweeps

    def grid_inputs(self, num_images=None, seed=1234):
        num_images = num_images or 8 * self.hparams.num_categories
        category = np.repeat(np.arange(self.hparams.num_categories), -(-num_images // self.hparams.num_categories))
        return [self.sample_latents(num_images, seed), *self.code_inputs(
            num_images, {"categorical": category[:num_images]}, seed)]

    def serving_signature(self):
        return [tf.TensorSpec((None, self.latent_dim), tf.float32, name="latent"),
                tf.TensorSpec((None,), tf.int32, name="categorical"),
                tf.TensorSpec((None, self.hparams.num_continuous), tf.float32, name="continuous")]
