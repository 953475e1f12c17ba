"""fid10k and wall time of DCGAN trained with each step kind (and with bf16), same epochs and seed.

Each configuration trains from scratch with `main.py train`'s own code, then is
evaluated on the project's protocol (MNIST classifier features, 10k samples vs
the MNIST test set). Prints one JSON line per configuration.

    python bench/step_kinds_quality.py --epochs 2 --out runs/bench_steps
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from custom_train_objects.metrics import evaluate_images, get_feature_network  # noqa: E402
from datasets import load_arrays  # noqa: E402
from models.training import train  # noqa: E402

CONFIGS = [
    ("alternating_fresh", "float32"),
    ("alternating_reuse", "float32"),
    ("simultaneous", "float32"),
    ("alternating_reuse", "mixed_bfloat16"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", default="mnist")
    parser.add_argument("--out", default="runs/bench_steps")
    parser.add_argument("--configs", default=",".join(f"{s}:{p}" for s, p in CONFIGS),
                        help="comma-separated step:precision pairs")
    args = parser.parse_args()
    real, _ = load_arrays(args.dataset, "test")
    network = get_feature_network("mnist")
    for item in args.configs.split(","):
        step, precision = item.split(":")
        out = os.path.join(args.out, f"{step}_{precision}_e{args.epochs}_s{args.seed}")
        start = time.time()
        model = train("dcgan", dataset=args.dataset, out_dir=out, epochs=args.epochs, verbose=0,
                      overrides={"step": step, "seed": args.seed}, precision=precision, overwrite=True,
                      command="bench/step_kinds_quality.py")
        seconds = time.time() - start
        metrics = evaluate_images(real, model.generate(10000, seed=0), ["fid", "kid"], network, seed=0)
        print(json.dumps({"step": step, "precision": precision, "epochs": args.epochs, "seed": args.seed,
                          "train_seconds": round(seconds, 1), "fid10k": round(metrics["fid10k"], 2),
                          "kid10k": round(metrics["kid10k"], 5)}), flush=True)


if __name__ == "__main__":
    main()
