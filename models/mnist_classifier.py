"""Trains the MNIST classifier shipped in `pretrained_models/mnist_classifier` (the digit FID's features).

    python -m models.mnist_classifier --epochs 8 --seed 0 --out pretrained_models/mnist_classifier

Writes config.json, classifier.weights.h5, metadata.json (command, wall time,
seed, test accuracy), README.md and SHA256SUMS, atomically.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from custom_architectures.mnist_classifier import build_mnist_classifier  # noqa: E402
from datasets import get_dataset  # noqa: E402
from custom_train_objects.metrics.feature_networks import CLASSIFIER_WEIGHTS  # noqa: E402
from utils.files import atomic_directory, write_checksums  # noqa: E402
from utils.seeding import set_seed  # noqa: E402


def train_classifier(dataset="mnist", epochs=8, batch_size=128, seed=0, data_dir=None, verbose="auto"):
    """Returns `(classifier, test_accuracy)`."""
    set_seed(seed)
    train = get_dataset(dataset, "train", batch_size=batch_size, with_labels=True, seed=seed, data_dir=data_dir)
    test = get_dataset(dataset, "test", batch_size=500, with_labels=True, shuffle=False, drop_remainder=False,
                       data_dir=data_dir)
    classifier = build_mnist_classifier()
    # Cosine decay to zero: measured here, a constant 1e-3 gave 98.97% after 4 epochs.
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=epochs * (60000 // batch_size))
    classifier.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    classifier.fit(train, epochs=epochs, validation_data=test, verbose=verbose)
    _, accuracy = classifier.evaluate(test, verbose=0)
    return classifier, float(accuracy)


def save_classifier(classifier, folder, metadata):
    with atomic_directory(folder, overwrite=True) as tmp:
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump({"num_classes": 10, "feature_dim": 128}, f, indent=2)
        weights_only = build_mnist_classifier()  # uncompiled: no optimizer state in the file
        weights_only.set_weights(classifier.get_weights())
        weights_only.save_weights(os.path.join(tmp, CLASSIFIER_WEIGHTS))
        with open(os.path.join(tmp, "metadata.json"), "w") as f:
            json.dump(metadata, f, indent=2, sort_keys=True)
        with open(os.path.join(tmp, "README.md"), "w") as f:
            f.write(
                "# mnist_classifier\n\n"
                "The feature network of the project's digit metrics (FID, KID, precision/recall use the\n"
                "128-d `features` layer; the classifier score, IS, uses the logits), as TF-GAN did for MNIST.\n\n"
                f"- test accuracy on the 10,000 MNIST test images: {metadata['test_accuracy']:.4f}\n"
                f"- command: `{metadata['command']}`\n"
                f"- epochs: {metadata['epochs']}, seed: {metadata['seed']}, wall time: "
                f"{metadata['wall_time_seconds']} s on {metadata['hardware']}\n"
                f"- Keras {metadata['keras_version']}, TensorFlow {metadata['tensorflow_version']}\n\n"
                "Architecture: `custom_architectures/mnist_classifier.py`. Data: MNIST (LeCun, Cortes,\n"
                "Burges), CC BY-SA 3.0. Files are checked against SHA256SUMS on every load.\n"
            )
        write_checksums(tmp)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Train the MNIST feature classifier.")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", default="mnist")
    parser.add_argument("--data-dir")
    parser.add_argument("--out", default=os.path.join("pretrained_models", "mnist_classifier"))
    args = parser.parse_args(argv)
    start = time.time()
    classifier, accuracy = train_classifier(args.dataset, args.epochs, seed=args.seed, data_dir=args.data_dir)
    metadata = {
        "command": "python -m models.mnist_classifier " + " ".join(sys.argv[1:] if argv is None else argv),
        "dataset": f"{args.dataset} train (60,000 images for mnist), evaluated on test",
        "epochs": args.epochs,
        "seed": args.seed,
        "test_accuracy": round(accuracy, 4),
        "wall_time_seconds": round(time.time() - start, 1),
        "hardware": "GPU" if tf.config.list_physical_devices("GPU") else f"CPU x{os.cpu_count()}",
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
    }
    save_classifier(classifier, args.out, metadata)
    print(json.dumps(metadata))


if __name__ == "__main__":
    main()
