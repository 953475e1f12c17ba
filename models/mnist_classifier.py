"""Trains the MNIST classifier shipped in `pretrained_models/mnist_classifier` (the digit FID's features).

    python -m models.mnist_classifier --epochs 8 --seed 0 --out pretrained_models/mnist_classifier

The same as `python -m models.feature_classifier --dataset mnist` (see there).
"""

from models.feature_classifier import main, save_classifier, train_classifier

__all__ = ["main", "save_classifier", "train_classifier"]

if __name__ == "__main__":
    main(module="models.mnist_classifier")
