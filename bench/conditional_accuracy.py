"""Is conditioning learned? cond_acc (cGAN) and best-mapping code accuracy (InfoGAN) before and after training.

Trains each model from scratch for N generator steps on real MNIST, judging the
samples with the project's MNIST classifier (100 per class). Chance is 10%.
Prints one JSON line per model.

    python bench/conditional_accuracy.py --steps 400
    python bench/conditional_accuracy.py --presets cgan_mnist,infogan_mnist   # shipped presets, no training
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from custom_train_objects.metrics import mnist_feature_network  # noqa: E402
from custom_train_objects.metrics.conditional import measure_conditioning  # noqa: E402
from datasets import get_dataset  # noqa: E402
from models import MODELS, load_preset  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", default="cgan,infogan")
    parser.add_argument("--presets", help="measure these presets instead of training")
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--dataset", default="mnist")
    args = parser.parse_args()
    network = mnist_feature_network()
    if args.presets:
        for name in args.presets.split(","):
            print(json.dumps({"preset": name, **measure_conditioning(load_preset(name), network)}), flush=True)
        return
    for family in args.families.split(","):
        keras.utils.set_random_seed(0)
        model = MODELS[family]()
        model.compile()
        data = get_dataset(args.dataset, "train", batch_size=model.data_batch_size(), with_labels=True, repeat=True)
        before = measure_conditioning(model, network)
        start = time.time()
        model.fit(data, epochs=1, steps_per_epoch=args.steps, verbose=0, shuffle=False)
        after = measure_conditioning(model, network)
        print(json.dumps({"family": family, "steps": args.steps, "before": before, "after": after,
                          "train_seconds": round(time.time() - start, 1)}), flush=True)


if __name__ == "__main__":
    main()
