"""LSGAN: least squares GAN (Mao et al. 2017)."""

import keras

from models.generation.dcgan import DCGAN, dcgan_hparams


@keras.saving.register_keras_serializable(package="gan_zoo")
class LSGAN(DCGAN):
    """DCGAN trained with least squares losses: D pushes real to b and fake to a; G pushes fake to c.

    Defaults (a, b, c) = (0, 1, 1), the paper's eq. 9; its other scheme,
    (-1, 1, 0) (eq. 8, b - c = 1 and b - a = 2), is `ls_a=-1, ls_b=1, ls_c=0`
    (`--hparams ls_a=-1 ls_c=0`). Adam(2e-4, beta_1=0.5) as in the paper.

    Args:
        ls_a: float. D's target for fakes. Defaults to 0.
        ls_b: float. D's target for reals. Defaults to 1.
        ls_c: float. G's target for fakes. Defaults to 1.
        Other arguments as `DCGAN`.

    Example:

    ```python
    model = LSGAN(ls_a=-1.0, ls_b=1.0, ls_c=0.0)
    ```

    Reference: https://arxiv.org/abs/1611.04076
    """

    family = "lsgan"
    description = "Least squares GAN (Mao et al. 2017)"

    @classmethod
    def default_hparams(cls):
        return dcgan_hparams(
            batch_size=64, loss="least_squares", ls_a=0.0, ls_b=1.0, ls_c=1.0,
        )
