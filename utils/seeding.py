"""One call that seeds Python, NumPy and the backend."""

import keras


def set_seed(seed):
    """Seeds `random`, NumPy and TensorFlow so weight initialisation repeats."""
    keras.utils.set_random_seed(int(seed))
