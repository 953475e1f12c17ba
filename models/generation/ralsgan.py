"""RaLSGAN: relativistic average least squares GAN (Jolicoeur-Martineau 2018)."""

import keras

from models.generation.dcgan import DCGAN, dcgan_hparams


@keras.saving.register_keras_serializable(package="gan_zoo")
class RaLSGAN(DCGAN):
    """DCGAN where D judges whether real data is more realistic than the average fake (and vice versa).

    Both networks use the relativistic average least squares losses of the
    paper's appendix: D minimises E[(C(x_r) - E C(x_f) - 1)^2] + E[(C(x_f) - E C(x_r) + 1)^2]
    and G the same with real and fake swapped, so G's update also uses real
    logits. Adam(2e-4, beta_1=0.5), one D step per G step, as in the paper.

    Args:
        Arguments as `DCGAN`; `loss` defaults to `"relativistic_least_squares"`.

    Example:

    ```python
    model = RaLSGAN()
    ```

    Reference: https://arxiv.org/abs/1807.00734
    """

    family = "ralsgan"
    description = "Relativistic average least squares GAN (Jolicoeur-Martineau 2018)"

    @classmethod
    def default_hparams(cls):
        return dcgan_hparams(
            batch_size=64, loss="relativistic_least_squares",
        )
