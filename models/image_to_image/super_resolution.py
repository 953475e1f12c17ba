"""SRGAN (Ledig et al. 2017) and ESRGAN (Wang et al. 2018): x4 super-resolution on the image-to-image base."""

import keras
import numpy as np
import tensorflow as tf

from custom_architectures.super_resolution import build_rrdb_generator, build_sr_discriminator, build_srresnet_generator
from custom_architectures.vgg_features import build_vgg_features, vgg_preprocess
from models.generation.base_gan import common_hparams
from models.image_to_image.base import ImageToImageGAN
from utils.image_files import as_uint8_images


class _Untracked:
    """Holds what Keras must not track and save with the model: the frozen VGG of the content loss."""

    def __init__(self, value):
        self.value = value


class SuperResolutionGAN(ImageToImageGAN):
    """Shared SR behaviour: batches are `(lr, hr)`, D sees only HR images, the generator takes any LR size.

    `adversarial_weight=0` is the PSNR-oriented mode: content loss only, no discriminator step
    (SRResNet; ESRGAN's first phase). `image_shape` is the HR training patch.
    """

    super_resolution = True
    extra_metric_names = ("g_content", "g_adversarial")

    def __init__(self, name=None, **hparams):
        self._content_network = _Untracked(None)
        super().__init__(name=name, **hparams)

    @property
    def scale(self):
        return self.hparams.scale

    @property
    def source_shape(self):
        return (None, None, self.image_shape[-1])

    def example_inputs(self, n):
        side = self.image_shape[0] // self.scale
        return tf.zeros((n, side, side, self.image_shape[-1]))

    def build_discriminator(self):
        hp = self.hparams
        return build_sr_discriminator(hp.image_shape[0], hp.image_shape[-1], hp.d_filters, hp.dense_units)

    def split_batch(self, data):
        lr, hr, _ = keras.utils.unpack_x_y_sample_weight(data)
        if hr is None:
            raise ValueError(f"{self.family} trains on (LR, HR) batches; use datasets.super_resolution.sr_batches")
        return tf.convert_to_tensor(hr), tf.convert_to_tensor(lr)

    def critic(self, images, condition=None, training=True):
        return self.discriminator(images, training=training)  # SR discriminators see only HR images

    def vgg_features(self, images):
        if self._content_network.value is None:
            hp = self.hparams
            self._content_network.value = build_vgg_features(hp.vgg_weights or "imagenet", hp.vgg_layer,
                                                             before_activation=self.vgg_before_activation)
        return self._content_network.value(vgg_preprocess(images), training=False)

    def content_loss(self, real, fake):
        raise NotImplementedError

    def generator_objective(self, real_logits, fake_logits, fake, fake_condition=None, real=None):
        content = self.content_loss(tf.cast(real, tf.float32), tf.cast(fake, tf.float32))
        adversarial = self.loss_fn.generator_loss(real_logits, fake_logits)
        self.extra_trackers["g_content"].update_state(content)
        self.extra_trackers["g_adversarial"].update_state(adversarial)
        return content + self.hparams.adversarial_weight * adversarial

    def save_to_preset(self, preset_dir, metadata=None, save_discriminator=None):
        """As `BaseGAN.save_to_preset`; the discriminator (about 94 MB at 96 px, from its dense layer) is
        kept only when asked for, since `upscale`, `evaluate` and `export` never use it."""
        return super().save_to_preset(preset_dir, metadata=metadata, save_discriminator=bool(save_discriminator))

    @property
    def metrics(self):
        if self.hparams.adversarial_weight > 0:
            return super().metrics
        return [self.g_loss_tracker, self.extra_trackers["g_content"]]  # no discriminator: no D numbers to log

    def train_step(self, data):
        if self.hparams.adversarial_weight > 0:
            return super().train_step(data)
        hr, lr = self.split_batch(data)  # PSNR-oriented: the content loss alone, no discriminator
        with tf.GradientTape() as tape:
            loss = self.content_loss(hr, tf.cast(self.generator(lr, training=True), tf.float32))
            scaled = self.loss_for_gradients(loss, self.g_optimizer)
        self.apply_generator_gradients(tape, scaled)
        self.g_loss_tracker.update_state(loss)
        self.extra_trackers["g_content"].update_state(loss)
        return self.step_logs()

    # -- sampling ----------------------------------------------------------
    def prepare_sources(self, images):
        return as_uint8_images(images, self.image_shape[-1]).astype("float32") / 127.5 - 1.0  # any size

    def upscale(self, images, batch_size=1):
        """HR float32 `[N, 4H, 4W, C]` in [0, 1] of LR images `[N, H, W(, C)]` (uint8 or [0, 1]; 1/3/4 channels)."""
        return self.translate(images, batch_size=batch_size)

    def grid_images(self, inputs):
        """`[lr, hr]` in [-1, 1] -> LR (nearest) | bicubic | model | HR rows, in [0, 1]."""
        lr, hr = (np.asarray(x, "float32") for x in inputs)
        size = hr.shape[1:3]
        up = lambda x, method: np.clip((tf.image.resize(x, size, method=method).numpy() + 1) / 2, 0, 1)  # noqa: E731
        images = [up(lr, "nearest"), up(lr, "bicubic"), self.images_from_inputs([lr], batch_size=4),
                  np.clip((hr + 1) / 2, 0, 1)]
        return np.stack(images, axis=1).reshape(-1, *hr.shape[1:])

    def grid_columns(self):
        return 4

    def card_grids(self):
        grids = super().card_grids()
        return [(name, "LR (nearest) | bicubic | model | HR, for held-out crops (left to right).", 4, make)
                for name, _, _, make in grids]

    metrics_note = ("PSNR/SSIM on the usual SR protocol (`python main.py evaluate PRESET --dataset set5`): HR "
                    "cropped to a multiple of 4, LR by bicubic x4, Y channel (BT.601), 4-pixel border cut; "
                    "`bicubic_*` is bicubic upscaling under the same protocol.")

    def card_python_usage(self):
        return "high = model.upscale(low)  # [N, H, W, C] any size -> float32 [N, 4H, 4W, C] in [0, 1]"

    def card_command_lines(self, name):
        return [f"python main.py upscale {name} --input low.png --out high.png",
                f"python main.py evaluate {name} --dataset set5"]


def sr_hparams(**family):
    defaults = dict(image_shape=[96, 96, 3], scale=4, batch_size=16, g_lr=1e-4, d_lr=1e-4, beta_1=0.9, d_filters=64,
                    dense_units=1024, vgg_weights="", vgg_layer="block5_conv4", step="alternating_reuse")
    return common_hparams(exclude=("latent_dim",), **{**defaults, **family})


@keras.saving.register_keras_serializable(package="gan_zoo")
class SRGAN(SuperResolutionGAN):
    """SRGAN: SRResNet generator, VGG-style discriminator, content + 1e-3 x adversarial.

    Args:
        image_shape: list. HR training patch `[S, S, C]`, S a multiple of `scale`. Defaults to `[96, 96, 3]`.
        scale: int. Upscaling factor, a power of two. Defaults to 4.
        num_blocks: int. Residual blocks B (16 in the paper). Defaults to 16.
        filters: int. Generator width. Defaults to 64.
        batch_norm: bool. The paper's batch norm in the residual blocks; `False` drops it (as EDSR and
            ESRGAN do: moving statistics measured on training patches need not fit other photos). Defaults
            to True.
        content: str. `"mse"` (pixels) or `"vgg"` (VGG19 phi_5,4 features / 12.75, needs ImageNet
            weights: `vgg_weights=FILE`, or online). Defaults to `"mse"`.
        adversarial_weight: float. 1e-3 in the paper; 0 trains the PSNR-oriented SRResNet. Defaults to 1e-3.
        Other arguments as `Pix2Pix` (optimizer settings) and the discriminator's `d_filters`, `dense_units`.

    Reference: https://arxiv.org/abs/1609.04802
    """

    family = "srgan"
    description = "SRGAN (Ledig et al. 2017): SRResNet x4 + VGG-style discriminator; adversarial_weight=0: SRResNet"
    vgg_before_activation = False

    @classmethod
    def default_hparams(cls):
        return sr_hparams(num_blocks=16, filters=64, batch_norm=True, content="mse", adversarial_weight=1e-3)

    def build_generator(self):
        hp = self.hparams
        return build_srresnet_generator(hp.image_shape[-1], hp.num_blocks, hp.filters, hp.scale, hp.batch_norm)

    def content_loss(self, real, fake):
        if self.hparams.content == "vgg":
            return tf.reduce_mean(tf.square(self.vgg_features(real) - self.vgg_features(fake))) / 12.75**2
        return tf.reduce_mean(tf.square(real - fake))


@keras.saving.register_keras_serializable(package="gan_zoo")
class ESRGAN(SuperResolutionGAN):
    """ESRGAN: RRDB generator (no batch norm, residual scaling 0.2), relativistic average discriminator,
    `l1_weight` x L1 + `perceptual_weight` x L1 of VGG19 features before activation + `adversarial_weight` x RaGAN.

    The paper's two phases: PSNR-oriented pre-training (`adversarial_weight=0 perceptual_weight=0
    l1_weight=1`), then GAN fine-tuning from it (the defaults: 1e-2, 1, 5e-3). `main.py interpolate`
    blends the two phases' generators.

    Reference: https://arxiv.org/abs/1809.00219
    """

    family = "esrgan"
    description = "ESRGAN (Wang et al. 2018): RRDB x4 + relativistic discriminator + perceptual loss"
    vgg_before_activation = True

    @classmethod
    def default_hparams(cls):
        return sr_hparams(num_blocks=23, filters=64, growth=32, residual_scale=0.2, l1_weight=1e-2,
                          perceptual_weight=1.0, adversarial_weight=5e-3, loss="relativistic_bce", beta_2=0.99)

    def build_generator(self):
        hp = self.hparams
        return build_rrdb_generator(hp.image_shape[-1], hp.num_blocks, hp.filters, hp.growth, hp.scale,
                                    hp.residual_scale)

    def content_loss(self, real, fake):
        hp = self.hparams
        loss = hp.l1_weight * tf.reduce_mean(tf.abs(real - fake))
        if hp.perceptual_weight > 0:
            loss += hp.perceptual_weight * tf.reduce_mean(tf.abs(self.vgg_features(real) - self.vgg_features(fake)))
        return loss
