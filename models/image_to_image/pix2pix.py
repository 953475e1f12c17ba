"""pix2pix (Isola et al. 2017): conditional GAN for paired image-to-image translation."""

import keras
import tensorflow as tf

from custom_architectures.pix2pix import NORMS, build_patchgan_discriminator, build_unet_generator
from custom_layers import SampleDropout
from models.generation.base_gan import common_hparams
from models.image_to_image.base import DIRECTIONS, ImageToImageGAN


@keras.saving.register_keras_serializable(package="gan_zoo")
class Pix2Pix(ImageToImageGAN):
    """U-Net generator, 70x70 PatchGAN, non-saturating GAN + `l1_weight` x L1.

    Defaults are the paper's: Adam(2e-4, beta_1=0.5), batch size 1, lambda = 100,
    the discriminator's objective halved, dropout 0.5 in the first three decoder
    blocks, kept on at sampling time as the generator's noise
    (`sample_dropout=False` for deterministic output). The step is the
    reference code's: D on the fake batch, then G through the updated D on the
    same batch (`step="alternating_reuse"`). Normalisation is instance norm:
    with the paper's batch size 1 and test-time batch statistics, the paper's
    batch norm computes exactly that; `norm="batch"` is also available.

    Args:
        image_shape: list. `[S, S, C]` of the target; S a power of two >= 4 (256 in the paper).
            Defaults to `[256, 256, 3]`.
        source_channels: int. Channels of the input image. Defaults to 3.
        direction: str. `"AtoB"` or `"BtoA"` (facades: label map B -> photo A). Defaults to `"BtoA"`.
        l1_weight: float. Lambda of the L1 term. Defaults to 100.
        g_filters: int. Width of the generator's first block (64 in the paper). Defaults to 64.
        g_max_filters: int. Cap on the generator's widths (512 in the paper; 256 quarters the
            parameters and halves the step time at 256x256 on CPU). Defaults to 512.
        d_filters: int. Width of the discriminator's first block. Defaults to 64.
        d_layers: int. Stride-2 discriminator blocks (3 gives the 70x70 PatchGAN). Defaults to 3.
        norm: str. `"instance"` or `"batch"`. Defaults to `"instance"`.
        dropout: float. Decoder dropout rate. Defaults to 0.5.
        sample_dropout: bool. Keep dropout on when translating. Defaults to True.
        augment: bool. Jitter (resize to 286/256, random crop) and mirror in training. Defaults to True.
        Other arguments as `DCGAN`.

    Example:

    ```python
    model = Pix2Pix(image_shape=[256, 256, 3])
    model.compile()
    model.fit(get_paired_dataset("facades", "train"), epochs=200)
    photos = model.translate(label_maps)  # float32 in [0, 1]
    ```

    Reference: https://arxiv.org/abs/1611.07004 and
    https://github.com/junyanz/pytorch-CycleGAN-and-pix2pix
    """

    family = "pix2pix"
    description = "pix2pix (Isola et al. 2017): U-Net + PatchGAN, paired image-to-image translation"
    extra_metric_names = ("g_gan", "g_l1")

    @classmethod
    def default_hparams(cls):
        return common_hparams(
            choices={"direction": list(DIRECTIONS), "norm": list(NORMS)}, exclude=("latent_dim",),
            image_shape=[256, 256, 3], source_channels=3, batch_size=1, direction="BtoA", l1_weight=100.0,
            g_filters=64, g_max_filters=512, d_filters=64, d_layers=3, norm="instance", dropout=0.5, sample_dropout=True,
            augment=True, step="alternating_reuse",
        )

    def build_generator(self):
        hp = self.hparams
        return build_unet_generator(hp.image_shape, hp.source_channels, hp.g_filters, hp.dropout, norm=hp.norm,
                                    sample_dropout=hp.sample_dropout, max_filters=hp.g_max_filters)

    def build_discriminator(self):
        hp = self.hparams
        return build_patchgan_discriminator(hp.image_shape, hp.source_channels, hp.d_filters, hp.d_layers, hp.norm)

    def set_sample_dropout(self, enabled):
        """Turns the generator's dropout at sampling time on (the paper's noise) or off (deterministic)."""
        for layer in self.generator.layers:
            if isinstance(layer, SampleDropout):
                layer.at_inference = bool(enabled)
        self.forget_sampling_function()  # the traced sampler baked the old setting in

    def discriminator_objective(self, real, fake, real_logits, fake_logits, fake_condition=None):
        # Halved, as in the paper: slows D relative to G.
        return 0.5 * self.loss_fn.discriminator_loss(real_logits, fake_logits)

    def generator_objective(self, real_logits, fake_logits, fake, fake_condition=None, real=None):
        adversarial = self.loss_fn.generator_loss(real_logits, fake_logits)
        l1 = tf.reduce_mean(tf.abs(tf.cast(real, tf.float32) - tf.cast(fake, tf.float32)))
        self.extra_trackers["g_gan"].update_state(adversarial)
        self.extra_trackers["g_l1"].update_state(l1)
        return adversarial + self.hparams.l1_weight * l1
