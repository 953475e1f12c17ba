"""The original, fully connected GAN (Goodfellow et al. 2014)."""

import keras

from custom_architectures.gan import build_gan_discriminator, build_gan_generator
from models.generation.base_gan import BaseGAN, common_hparams


@keras.saving.register_keras_serializable(package="gan_zoo")
class GAN(BaseGAN):
    """Multilayer perceptron generator and discriminator.

    The paper used maxout discriminators and the minimax objective; as most
    reimplementations do, this uses LeakyReLU, dropout in D and the paper's
    non-saturating generator loss (section 3), with DCGAN's Adam(2e-4, 0.5).

    Args:
        latent_dim: int. Noise size. Defaults to 100.
        image_shape: list. `[H, W, C]`. Defaults to `[28, 28, 1]`.
        g_units: list. Generator hidden widths. Defaults to `[256, 512, 1024]`.
        d_units: list. Discriminator hidden widths. Defaults to `[512, 256]`.
        dropout: float. Discriminator dropout. Defaults to 0.3.
        loss: str. A `GANLoss` kind. Defaults to `"non_saturating"`.
        batch_size, optimizer, g_lr, d_lr, beta_1, beta_2, label_smoothing, seed:
            training settings; see `GAN.default_hparams()`.

    Example:

    ```python
    model = GAN(g_units=[128, 256])
    model.compile()
    model.fit(dataset, epochs=5)
    ```

    Reference: https://arxiv.org/abs/1406.2661
    """

    family = "gan"
    description = "Fully connected GAN (Goodfellow et al. 2014)"

    @classmethod
    def default_hparams(cls):
        return common_hparams(
            batch_size=64,
            g_units=[256, 512, 1024],
            d_units=[512, 256],
            dropout=0.3,
        )

    def build_generator(self):
        hp = self.hparams
        return build_gan_generator(hp.latent_dim, hp.image_shape, hp.g_units)

    def build_discriminator(self):
        hp = self.hparams
        return build_gan_discriminator(hp.image_shape, hp.d_units, hp.dropout)
