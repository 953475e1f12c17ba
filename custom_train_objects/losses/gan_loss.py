"""`GANLoss`: one adversarial objective's generator and discriminator losses, as a pair."""

import keras

from custom_train_objects.losses import adversarial

LOSS_KINDS = {
    "minimax": "Goodfellow et al. 2014, the original saturating objective",
    "non_saturating": "Goodfellow et al. 2014, -log D(G(z)) for the generator (the usual GAN loss)",
    "wasserstein": "Arjovsky et al. 2017, needs a Lipschitz critic (clipping, penalty or spectral norm)",
    "least_squares": "Mao et al. 2017, LSGAN with targets (a, b, c)",
    "relativistic_bce": "Jolicoeur-Martineau 2018, RaSGAN",
    "relativistic_least_squares": "Jolicoeur-Martineau 2018, RaLSGAN",
    "hinge": "Lim & Ye 2017; Miyato et al. 2018",
}


@keras.saving.register_keras_serializable(package="gan_zoo")
class GANLoss:
    """Pairs the generator and discriminator losses of one adversarial objective.

    Args:
        kind: str. One of `LOSS_KINDS`. Defaults to `"non_saturating"`.
        label_smoothing: float. One-sided smoothing of the real targets in the
            sigmoid cross-entropy objectives (Salimans et al. 2016). Defaults to 0.
        ls_a: float. Least squares: target for fake samples in D's loss. Defaults to 0.
        ls_b: float. Least squares: target for real samples in D's loss. Defaults to 1.
        ls_c: float. Least squares: the value G wants D to give fakes. Defaults to 1.

    Example:

    ```python
    loss = GANLoss("hinge")
    d_loss = loss.discriminator_loss(real_logits, fake_logits)
    g_loss = loss.generator_loss(real_logits, fake_logits)
    ```
    """

    def __init__(self, kind="non_saturating", label_smoothing=0.0, ls_a=0.0, ls_b=1.0, ls_c=1.0):
        if kind not in LOSS_KINDS:
            raise ValueError(f"unknown loss {kind!r}; valid losses: {', '.join(LOSS_KINDS)}")
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError(f"label_smoothing must be in [0, 1), got {label_smoothing}")
        if label_smoothing and kind not in ("minimax", "non_saturating"):
            raise ValueError(
                f"label_smoothing applies to the minimax and non_saturating losses only, not {kind!r}"
            )
        self.kind = kind
        self.label_smoothing = float(label_smoothing)
        self.ls_a, self.ls_b, self.ls_c = float(ls_a), float(ls_b), float(ls_c)
        self._g = getattr(adversarial, f"{kind}_generator_loss")
        self._d = getattr(adversarial, f"{kind}_discriminator_loss")

    @property
    def generator_needs_real(self):
        """True when the generator's loss depends on real logits (relativistic losses)."""
        return self.kind.startswith("relativistic")

    def discriminator_loss(self, real_logits, fake_logits):
        if self.kind in ("minimax", "non_saturating"):
            return self._d(real_logits, fake_logits, label_smoothing=self.label_smoothing)
        if self.kind == "least_squares":
            return self._d(real_logits, fake_logits, a=self.ls_a, b=self.ls_b)
        return self._d(real_logits, fake_logits)

    def generator_loss(self, real_logits, fake_logits):
        if self.kind == "least_squares":
            return self._g(real_logits, fake_logits, c=self.ls_c)
        return self._g(real_logits, fake_logits)

    def get_config(self):
        return {
            "kind": self.kind,
            "label_smoothing": self.label_smoothing,
            "ls_a": self.ls_a,
            "ls_b": self.ls_b,
            "ls_c": self.ls_c,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"GANLoss({self.kind!r})"
