"""Optimizer registry: names the CLI and HParams use, mapped to Keras optimizers."""

import keras

OPTIMIZERS = {
    "adam": keras.optimizers.Adam,
    "rmsprop": keras.optimizers.RMSprop,
    "sgd": keras.optimizers.SGD,
}


def get_optimizer(name, learning_rate, **kwargs):
    """Builds the optimizer called `name`; kwargs it does not take are dropped.

    Example: `get_optimizer("adam", 2e-4, beta_1=0.5, beta_2=0.999)`.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; valid optimizers: {', '.join(OPTIMIZERS)}")
    cls = OPTIMIZERS[name]
    accepted = {"adam": ("beta_1", "beta_2", "epsilon"), "rmsprop": ("rho", "epsilon"), "sgd": ("momentum",)}
    kwargs = {k: v for k, v in kwargs.items() if k in accepted[name]}
    return cls(learning_rate=learning_rate, **kwargs)


__all__ = ["OPTIMIZERS", "get_optimizer"]
