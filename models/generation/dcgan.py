"""DCGAN (Radford et al. 2015)."""

import keras
import tensorflow as tf

from custom_architectures.dcgan import (build_dcgan_discriminator, build_dcgan_generator,
                                        build_dcgan_paper_discriminator, build_dcgan_paper_generator)
from custom_architectures.sngan_cnn import build_sngan_cnn_discriminator, build_sngan_cnn_generator
from custom_layers.packing import pack_images, packed_shape
from custom_train_objects.losses.rotation import draw_rotations, rotation_loss
from models.generation.base_gan import BaseGAN, common_hparams
from models.generation.steps import unique_variables

ARCHITECTURES = ("tutorial", "paper", "sngan_cnn")


def dcgan_hparams(choices=None, **overrides):
    """The common HParams with DCGAN's network defaults; `overrides` may add family keys."""
    defaults = dict(architecture="tutorial", d_architecture="same", base_width=64,
                    g_filters=[256, 128, 64], d_filters=[64, 128],
                    kernel_size=5, dropout=0.3, pack=1, r1_weight=0.0,
                    rotation_weight=0.0, rotation_g_weight=0.2)
    choices = {"architecture": list(ARCHITECTURES), "d_architecture": ["same", *ARCHITECTURES], **(choices or {})}
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
        d_architecture: str. The discriminator's networks when they differ from the generator's:
            `"same"` (follow `architecture`), `"tutorial"`, `"paper"` or `"sngan_cnn"`. The standard CNN
            critic takes any side of at least 8 (its stride-2 convs pad), e.g. on 28x28 digits behind the
            tutorial generator. Defaults to `"same"`.
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
        rotation_weight: float. beta of SS-GAN (Chen et al. 2019): D gets a second linear head on its
            features that tells by how many quarter turns an image was rotated, and its cross-entropy on
            real images, each packed group turned by one random quarter turn, is added to D's loss times
            this weight. Square images and the tutorial networks only; it costs one more D pass on the
            rotated real batch. Defaults to 0 (off).
        rotation_g_weight: float. alpha of SS-GAN: the same cross-entropy on rotated generated images,
            added to G's loss (used when `rotation_weight` is on; one more D pass, none when 0).
            Defaults to 0.2, the paper's.
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
        spectral_norm = hp.get("spectral_norm", False) and (
            "reparametrized" if hp.get("sn_reparametrize", False) else True)
        pack = hp.pack
        if hp.batch_size % pack:
            raise ValueError(f"pack={pack} needs a batch_size that is a multiple of it, not {hp.batch_size}")
        shape = packed_shape(hp.image_shape, pack)
        architecture = self.discriminator_architecture()
        self.rotation_network = None
        if hp.get("rotation_weight", 0.0):
            if architecture != "tutorial":
                raise ValueError(f"rotation_weight needs architecture=tutorial (it has the rotation head), "
                                 f"not {architecture}; set rotation_weight=0 or use the tutorial networks")
            if hp.image_shape[0] != hp.image_shape[1]:
                raise ValueError(f"rotation_weight needs square images, not {hp.image_shape[0]}x{hp.image_shape[1]}; "
                                 "set rotation_weight=0 for this dataset")
            discriminator, self.rotation_network = build_dcgan_discriminator(
                shape, hp.d_filters, hp.kernel_size, hp.dropout, spectral_norm=spectral_norm, rotation_head=True)
            return discriminator
        if architecture == "paper":
            return build_dcgan_paper_discriminator(shape, hp.base_width, self.critic_batch_norm, spectral_norm)
        if architecture == "sngan_cnn":
            return build_sngan_cnn_discriminator(shape, spectral_norm)
        return build_dcgan_discriminator(shape, hp.d_filters, hp.kernel_size, hp.dropout,
                                         spectral_norm=spectral_norm)

    def discriminator_architecture(self):
        """The discriminator's networks: `d_architecture`, or `architecture` when that is "same"."""
        hp = self.hparams
        chosen = hp.get("d_architecture", "same")
        return hp.architecture if chosen == "same" else chosen

    def critic(self, images, condition=None, training=True):
        """D's logits, one per packed group of `pack` images (one per image without packing)."""
        return self.discriminator(pack_images(images, self.hparams.pack), training=training)

    # -- SS-GAN's rotation task (rotation_weight > 0) ----------------------
    @property
    def extra_metric_names(self):
        if not self.hparams.get("rotation_weight", 0.0):
            return ()
        return ("rotation_loss", "g_rotation_loss") if self.hparams.rotation_g_weight else ("rotation_loss",)

    def discriminator_variables(self):
        if self.rotation_network is None:
            return self.discriminator.trainable_variables
        return unique_variables(self.discriminator.trainable_variables, self.rotation_network.trainable_variables)

    def rotation_term(self, images, tracker):
        """Cross-entropy of the rotation head on `images`, each packed group turned by a random quarter
        turn (`rotation_loss`), also reported as the metric `tracker`."""
        pack = self.hparams.pack
        rotations = draw_rotations(tf.shape(images)[0] // pack, seed=self.seed_generator)
        loss = rotation_loss(self.rotation_network, images, rotations, pack)
        self.extra_trackers[tracker].update_state(loss)
        return loss

    def discriminator_objective(self, real, fake, real_logits, fake_logits, fake_condition=None):
        adversarial = super().discriminator_objective(real, fake, real_logits, fake_logits, fake_condition)
        if self.rotation_network is None:
            return adversarial
        return adversarial + self.hparams.rotation_weight * self.rotation_term(real, "rotation_loss")

    def generator_objective(self, real_logits, fake_logits, fake, fake_condition=None, real=None):
        adversarial = super().generator_objective(real_logits, fake_logits, fake, fake_condition, real=real)
        if self.rotation_network is None or not self.hparams.rotation_g_weight:
            return adversarial
        return adversarial + self.hparams.rotation_g_weight * self.rotation_term(fake, "g_rotation_loss")
