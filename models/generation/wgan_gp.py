"""WGAN-GP: Wasserstein GAN with a gradient penalty (Gulrajani et al. 2017)."""

import keras

from custom_train_objects.losses import gradient_penalty
from models.generation.dcgan import DCGAN, dcgan_hparams


@keras.saving.register_keras_serializable(package="gan_zoo")
class WGANGP(DCGAN):
    """Wasserstein GAN whose critic is kept 1-Lipschitz by a gradient penalty.

    The paper's defaults (Algorithm 1): lambda 10, five critic updates per
    generator update, Adam(1e-4, beta_1=0, beta_2=0.9), and no batch norm in
    the critic (the penalty is per sample). The penalty is computed in float32
    at random interpolates, alpha ~ U[0, 1) per sample. The progress bar shows
    it as `gp`. The input pipeline feeds the critic as in `WGAN`.

    Args:
        gp_weight: float. lambda. Defaults to 10.
        n_critic: int. Critic updates per generator update. Defaults to 5.
        Other arguments as `DCGAN`.

    Example:

    ```python
    model = WGANGP(gp_weight=10.0)
    model.compile()
    model.fit(get_dataset("mnist", batch_size=model.data_batch_size()), epochs=10)
    ```

    Reference: https://arxiv.org/abs/1704.00028
    """

    family = "wgan_gp"
    critic_batch_norm = False  # the gradient penalty is per sample (Gulrajani et al. 2017, section 4)
    description = "Wasserstein GAN with gradient penalty (Gulrajani et al. 2017)"

    @classmethod
    def default_hparams(cls):
        return dcgan_hparams(
            batch_size=64, g_lr=1e-4, d_lr=1e-4, beta_1=0.0, beta_2=0.9, loss="wasserstein", dropout=0.0,
            n_critic=5, step="alternating_fresh", gp_weight=10.0,
        )

    @property
    def extra_metric_names(self):
        return ("gp",) + super().extra_metric_names

    def discriminator_objective(self, real, fake, real_logits, fake_logits, fake_condition=None):
        penalty = gradient_penalty(self.critic, real, fake, seed=self.seed_generator)
        self.extra_trackers["gp"].update_state(penalty)
        adversarial = super().discriminator_objective(real, fake, real_logits, fake_logits, fake_condition)
        return adversarial + self.hparams.gp_weight * penalty
