"""Images per second of `model.generate` against the exported SavedModel's `serve`, same preset and batch.

    python bench/generation_throughput.py --preset dcgan_mnist --num 10000 --batch-size 256
"""

import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from models import load_preset  # noqa: E402
from utils.distribute import hardware  # noqa: E402


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="dcgan_mnist")
    parser.add_argument("--num", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    model = load_preset(args.preset, load_discriminator=False)
    latents = model.sample_latents(args.num, seed=0)
    with tempfile.TemporaryDirectory() as folder:
        model.export(os.path.join(folder, "saved"))
        served = tf.saved_model.load(os.path.join(folder, "saved"))
        inputs = [tf.constant(latents[i : i + args.batch_size]) for i in range(0, args.num, args.batch_size)]
        served.serve(inputs[0])  # trace once
        model.generate(args.batch_size, seed=0)
        generate_s = best_of(args.repeats, lambda: model.generate(args.num, seed=0, batch_size=args.batch_size))
        serve_s = best_of(args.repeats, lambda: [served.serve(x).numpy() for x in inputs])
    print(json.dumps({
        "benchmark": "generation_throughput", "preset": args.preset, "num": args.num, "batch_size": args.batch_size,
        "device": hardware(),
        "generate_images_per_second": round(args.num / generate_s, 1),
        "savedmodel_images_per_second": round(args.num / serve_s, 1),
        "note": "generate includes the [-1, 1] -> [0, 1] conversion and NumPy copies; serve returns [-1, 1]",
    }))
    assert np.isfinite(generate_s + serve_s)


if __name__ == "__main__":
    main()
