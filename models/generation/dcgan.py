"""DCGAN (Radford et al. 2015)."""

import keras

from custom_architectures.dcgan import (build_dcgan_discriminator, build_dcgan_generator,
                                        build_dcgan_paper_discriminator, build_dcgan_paper_generator)
from custom_architectures.sngan_cnn import build_sngan_cnn_discriminator, build_sngan_cnn_generator
from custom_layers.packing import pack_images, packed_shape
from models.generation.base_gan import BaseGAN, common_hparams


def dcgan_hparams(choices=None, **overrides):
    """The common HParams with DCGAN's network defaults; `overrides` may add family keys."""
    defaults = dict(architecture="tutorial", base_width=64, g_filters=[256, 128, 64], d_filters=[64, 128],
                    kernel_size=5, dropout=0.3, pack=1, r1_weight=0.0)
    choices = {"architecture": ["tutorial", "paper", "sngan_cnn"], **(choices or {})}
    return common_hparams(choices, **{**defaults, **overrides})


@keras.saving.register_keras_serializable(package="gan_zoo")
class DCGAN(BaseGAN):
    """Deep convolutional GAN: strided (transposed) convolutions and batch norm.

    The MNIST defaults are the TensorFlow DCGAN tutorial's networks (noise 100,
    batch 256) trained with the DCGAN paper's optimizer, Adam(2e-4, beta_1=0.5):
    with the tutorial's Adam(1e-4) the strokes were still slanted after 10
    epochs here, and the paper's settings learned about 3x faster.

    Args:
        latent_dim: int. Noise size. Defaults to 100.
        image_shape: list. `[H, W, C]`, H and W divisible by `2 ** (len(g_filters) - 1)`.
            Defaults to `[28, 28, 1]`.
        architecture: str. `"tutorial"` (the TF tutorial's networks, below) or `"paper"` (the DCGAN
            paper's: 4x4 stride-2 convs, batch norm in G and D, ReLU / LeakyReLU 0.2, N(0, 0.02) init,
            widths from `base_width`), or `"sngan_cnn"` (the "standard CNN" of Miyato et al. 2018, Table 3,
            the SN-GAN paper's CIFAR-10 networks; sides a multiple of 8). Defaults to `"tutorial"`.
        base_width: int. `"paper"`: G's last and D's first width (the PyTorch example's ngf/ndf).
            Defaults to 64.
        g_filters: list. Generator widths, first the projected base map. Defaults to `[256, 128, 64]`.
        d_filters: list. Discriminator widths, one stride-2 conv each. Defaults to `[64, 128]`.
        kernel_size: int. Defaults to 5.
        dropout: float. Discriminator dropout. Defaults to 0.3.
        pack: int. PacGAN packing: D judges `pack` real (or `pack` fake) images at once, stacked
            along the channels, which penalises a generator whose samples come in the wrong
            proportions. `batch_size` must be a multiple of it. Defaults to 1 (no packing).
        r1_weight: float. gamma of the R1 penalty (Mescheder et al. 2018), `gamma / 2 * E||grad D(real)||^2`
            added to D's loss in every step kind; it costs one more D pass and its gradient. Defaults to 0 (off).
        loss: str. A `GANLoss` kind. Defaults to `"non_saturating"`.
        batch_size, optimizer, g_lr, d_lr, beta_1, beta_2, label_smoothing, seed:
            training settings; see `DCGAN.default_hparams()`.

    Example:

    ```python
    model = DCGAN(image_shape=[28, 28, 1])
    model.compile()
    model.fit(get_dataset("mnist", "train", batch_size=256), epochs=10)
    images = model.generate(64, seed=0)
    ```

    Reference: https://arxiv.org/abs/1511.06434 and
    https://www.tensorflow.org/tutorials/generative/dcgan
    """

    family = "dcgan"
    description = "Deep convolutional GAN (Radford et al. 2015), TF tutorial networks"

    @classmethod
    def default_hparams(cls):
        return dcgan_hparams(batch_size=256)

    # Critics with a per-sample penalty (WGAN-GP) must not normalise over the batch.
    critic_batch_norm = True

    def build_generator(self):
        hp = self.hparams
        if hp.architecture == "paper":
            return build_dcgan_paper_generator(hp.latent_dim, hp.image_shape, hp.base_width)
        if hp.architecture == "sngan_cnn":
            return build_sngan_cnn_generator(hp.latent_dim, hp.image_shape)
        return build_dcgan_generator(hp.latent_dim, hp.image_shape, hp.g_filters, hp.kernel_size)

    def build_discriminator(self):
        hp = self.hparams
        spectral_norm = hp.get("spectral_norm", False)
        pack = hp.pack
        if hp.batch_size % pack:
            raise ValueError(f"pack={pack} needs a batch_size that is a multiple of it, not {hp.batch_size}")
        shape = packed_shape(hp.image_shape, pack)
        if hp.architecture == "paper":
            return build_dcgan_paper_discriminator(shape, hp.base_width, self.critic_batch_norm, spectral_norm)
        if hp.architecture == "sngan_cnn":
            return build_sngan_cnn_discriminator(shape, spectral_norm)
        return build_dcgan_discriminator(shape, hp.d_filters, hp.kernel_size, hp.dropout,
                                         spectral_norm=spectral_norm)

    def critic(self, images, condition=None, training=True):
        """D's logits, one per packed group of `pack` images (one per image without packing)."""
        return self.discriminator(pack_images(images, self.hparams.pack), training=training)
