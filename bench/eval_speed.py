"""Seconds per 10k samples for each quality metric (features extracted once, then each metric).

    python bench/eval_speed.py --num 10000
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from custom_train_objects.metrics import distances, mnist_feature_network  # noqa: E402
from datasets import load_arrays  # noqa: E402
from utils.distribute import hardware  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--num", type=int, default=10000)
    parser.add_argument("--dataset", default="mnist")
    args = parser.parse_args()
    real, _ = load_arrays(args.dataset, "test")
    train, _ = load_arrays(args.dataset, "train")
    real, fake = real[: args.num], train[: args.num]
    network = mnist_feature_network()
    network(real[:100])  # build and warm up
    outputs = {}
    seconds = {"features_per_side": timed(lambda: outputs.update(real=network(real), fake=network(fake)))}
    seconds["features_per_side"] /= 2
    r, f = outputs["real"]["features"], outputs["fake"]["features"]
    seconds["fid"] = timed(lambda: distances.frechet_distance_of_features(r, f))
    seconds["kid"] = timed(lambda: distances.kernel_inception_distance(r, f))
    seconds["is"] = timed(lambda: distances.inception_score(distances.softmax(outputs["fake"]["logits"])))
    seconds["pr"] = timed(lambda: distances.precision_recall(r, f))
    scale = 10000 / len(fake)
    print(json.dumps({
        "benchmark": "eval_speed",
        "samples": len(fake),
        "device": hardware(),
        "seconds_per_10k": {k: round(v * scale, 2) for k, v in seconds.items()},
        "note": "metric times exclude feature extraction, which is listed once per side",
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
