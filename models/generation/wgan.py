"""WGAN with weight clipping (Arjovsky et al. 2017)."""

import keras

from custom_train_objects.losses import clip_weights
from models.generation.dcgan import DCGAN, dcgan_hparams


@keras.saving.register_keras_serializable(package="gan_zoo")
class WGAN(DCGAN):
    """Wasserstein GAN: a linear critic kept Lipschitz by clipping its weights.

    DCGAN's networks (critic without dropout), the Wasserstein loss, RMSprop at
    5e-5, five critic updates per generator update and every critic weight
    clipped into [-0.01, 0.01] after each critic update (Algorithm 1).

    Input pipeline: each dataset batch holds `n_critic * batch_size` images
    (`data_batch_size()`); `train_step` gives each critic update its own slice,
    so an epoch of N images is N / (n_critic * batch_size) generator steps.

    Args:
        n_critic: int. Critic updates per generator update. Defaults to 5.
        clip_value: float. Weight clipping bound c. Defaults to 0.01.
        clip_biases: bool. Whether the bound applies to the biases too (Algorithm 1
            clips every parameter). A bias does not change the critic's Lipschitz
            constant, so `False` clips kernels and batch-norm scales only, leaving the
            biases (and batch-norm offsets) free: each unit's threshold can move.
            Defaults to True.
        Other arguments as `DCGAN`; `g_lr`/`d_lr` default to 5e-5 and
        `optimizer` to `"rmsprop"`.

    Example:

    ```python
    model = WGAN()
    model.compile()
    model.fit(get_dataset("mnist", batch_size=model.data_batch_size()), epochs=10)
    ```

    Reference: https://arxiv.org/abs/1701.07875
    """

    family = "wgan"
    description = "Wasserstein GAN with weight clipping (Arjovsky et al. 2017)"

    @classmethod
    def default_hparams(cls):
        return dcgan_hparams(
            batch_size=64, optimizer="rmsprop", g_lr=5e-5, d_lr=5e-5, loss="wasserstein", dropout=0.0,
            n_critic=5, step="alternating_fresh", clip_value=0.01, clip_biases=True,
        )

    def clipped_variables(self):
        """The critic's variables the bound applies to: all of them, or all but the biases."""
        variables = self.discriminator.trainable_variables
        if self.hparams.clip_biases:
            return variables
        return [v for v in variables if v.name not in ("bias", "beta")]

    def discriminator_step(self, real, condition=None, fake=None, fake_condition=None):
        d_loss = super().discriminator_step(real, condition, fake, fake_condition)
        clip_weights(self.clipped_variables(), self.hparams.clip_value)
        return d_loss
