"""RaSGAN: relativistic average standard GAN (Jolicoeur-Martineau 2018)."""

import keras

from models.generation.dcgan import DCGAN, dcgan_hparams


@keras.saving.register_keras_serializable(package="gan_zoo")
class RaSGAN(DCGAN):
    """DCGAN with the relativistic average sigmoid cross-entropy losses.

    D minimises -E[log sigmoid(C(x_r) - E C(x_f))] - E[log(1 - sigmoid(C(x_f) - E C(x_r)))];
    G minimises the same with real and fake swapped. Adam(2e-4, beta_1=0.5).

    Args:
        Arguments as `DCGAN`; `loss` defaults to `"relativistic_bce"`.

    Example:

    ```python
    model = RaSGAN()
    ```

    Reference: https://arxiv.org/abs/1807.00734
    """

    family = "rasgan"
    description = "Relativistic average standard GAN (Jolicoeur-Martineau 2018)"

    @classmethod
    def default_hparams(cls):
        return dcgan_hparams(
            batch_size=64, loss="relativistic_bce",
        )
