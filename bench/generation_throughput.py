"""Images per second of `model.generate` against the exported SavedModel's `serve`, same preset and batch.

    python bench/generation_throughput.py --preset dcgan_mnist --num 10000 --batch-size 256

A super-resolution preset is timed as upscaling instead: megapixels of output per second of
`model.upscale` and of the SavedModel's `serve`, on `--num` random LR images of `--lr-size` px:

    python bench/generation_throughput.py --preset srresnet_x4 --num 8 --batch-size 1 --lr-size 128
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
    parser.add_argument("--lr-size", type=int, default=128, help="super-resolution presets: LR side in px")
    args = parser.parse_args()
    model = load_preset(args.preset, load_discriminator=False)
    if getattr(model, "super_resolution", False):
        return upscaling(model, args)
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


def upscaling(model, args):
    low = np.random.default_rng(0).random((args.num, args.lr_size, args.lr_size, 3)).astype("float32")
    side = args.lr_size * model.hparams.scale
    megapixels = args.num * side * side / 1e6
    with tempfile.TemporaryDirectory() as folder:
        model.export(os.path.join(folder, "saved"))
        served = tf.saved_model.load(os.path.join(folder, "saved"))
        inputs = [tf.constant(low[i : i + args.batch_size] * 2 - 1) for i in range(0, args.num, args.batch_size)]
        served.serve(inputs[0])  # trace once
        model.upscale(low[: args.batch_size], batch_size=args.batch_size)
        upscale_s = best_of(args.repeats, lambda: model.upscale(low, batch_size=args.batch_size))
        serve_s = best_of(args.repeats, lambda: [served.serve(x).numpy() for x in inputs])
    print(json.dumps({
        "benchmark": "upscale_throughput", "preset": args.preset, "num": args.num, "batch_size": args.batch_size,
        "lr_size": args.lr_size, "hr_size": side, "device": hardware(),
        "upscale_megapixels_per_second": round(megapixels / upscale_s, 3),
        "savedmodel_megapixels_per_second": round(megapixels / serve_s, 3),
        "note": "upscale includes the [0, 1] <-> [-1, 1] conversions and NumPy copies; serve maps [-1, 1] to [-1, 1]",
    }))


if __name__ == "__main__":
    main()
