"""How much of an unconditional MNIST generator's fid10k comes from its class proportions?

Three fid10k numbers per preset, all against the 10k MNIST test images on the
project's protocol (MNIST classifier features):

- `as_drawn`: 10k samples as `main.py evaluate` draws them (seed 0).
- `balanced`: 10k samples picked from a larger draw (`--draw`) so that every digit, as the
  classifier reads it, is exactly 10%: the generator's shapes in the right proportions.
- `real_with_its_shares`: 10k real training images drawn with the generator's class shares
  (true labels): the cost of the proportions alone, with perfect shapes.

One JSON line per preset:

    python bench/class_balance_fid.py dcgan_mnist runs/dcgan_mnist_v2/preset
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from custom_train_objects.metrics import mnist_feature_network  # noqa: E402
from custom_train_objects.metrics.distances import frechet_distance_of_features  # noqa: E402
from custom_train_objects.metrics.evaluation import class_shares  # noqa: E402
from datasets import load_arrays  # noqa: E402
from models import load_preset  # noqa: E402

NUM = 10000


def balanced_indices(predicted, num_classes, per_class):
    """The first `per_class` indices of each class in `predicted`."""
    picks = []
    for digit in range(num_classes):
        found = np.flatnonzero(predicted == digit)
        if len(found) < per_class:
            raise SystemExit(f"only {len(found)} samples of digit {digit} in the draw; raise --draw")
        picks.append(found[:per_class])
    return np.concatenate(picks)


def real_with_shares(labels, shares, num, rng):
    """Indices of `num` real images whose classes follow `shares` (largest remainders rounding)."""
    counts = np.floor(np.asarray(shares) * num).astype(int)
    counts[np.argsort(-(np.asarray(shares) * num - counts))[: num - counts.sum()]] += 1
    return np.concatenate([rng.choice(np.flatnonzero(labels == d), c, replace=False) for d, c in enumerate(counts)])


def measure(source, network, reference, train, seed, draw):
    model = load_preset(source, load_discriminator=False)
    out = network(model.generate(draw, seed=seed))
    features, predicted = out["features"], out["logits"].argmax(axis=1)
    shares = class_shares(out["logits"][:NUM])  # of the 10k `as_drawn` scores
    balanced = balanced_indices(predicted, len(shares), NUM // len(shares))
    real_idx = real_with_shares(train[1], shares, NUM, np.random.default_rng(seed))
    return {
        "preset": source,
        "fid10k_as_drawn": round(frechet_distance_of_features(reference, features[:NUM]), 2),
        "fid10k_balanced": round(frechet_distance_of_features(reference, features[balanced]), 2),
        "fid10k_real_with_its_shares": round(
            frechet_distance_of_features(reference, network(train[0][real_idx])["features"]), 2),
        "class_shares10k": [round(float(s), 4) for s in shares],
        "draw": draw,
        "seed": seed,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="+", help="preset names or preset folders (runs/NAME/preset)")
    parser.add_argument("--draw", type=int, default=30000, help="samples drawn to pick the balanced 10k from")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    network = mnist_feature_network()
    reference = network(load_arrays("mnist", "test")[0])["features"]
    train = load_arrays("mnist", "train")
    for source in args.presets:
        print(json.dumps(measure(source, network, reference, train, args.seed, args.draw)), flush=True)


if __name__ == "__main__":
    main()
