"""Do an SR generator's batch-norm statistics transfer from training patches to benchmark photos?

For each preset, Set5/Set14 PSNR (the usual protocol) three ways: with the saved moving statistics
(what `upscale` and `evaluate` use), with each image's own batch statistics (`training=True` on that
one image), and with "precise" statistics recomputed as the plain average over `--batches` batches of
training patches (Wu & Johnson 2021). A large gap between the first two says the moving statistics,
not the weights, limit the model.

    python bench/sr_batch_norm.py srresnet_x4 runs/srresnet_x4_ft/preset --batches 100 --seed 99
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from custom_train_objects.callbacks.ema import recalibrate_batch_norm  # noqa: E402
from custom_train_objects.metrics.super_resolution import (downscale, evaluate_super_resolution, modcrop,  # noqa: E402
                                                           y_psnr_ssim)
from datasets.super_resolution import load_benchmark, load_hr_images, sr_patch_batch  # noqa: E402
from models import load_preset  # noqa: E402
from utils.images import to_uint8  # noqa: E402


def per_image_psnr(model, images, training):
    """Y-PSNR of each image upscaled by the raw generator, with moving (False) or its own (True) statistics."""
    rows = []
    for hr in images:
        hr = modcrop(hr, model.scale)
        lr = model.prepare_sources(downscale(hr, model.scale)[None])  # [-1, 1], as `upscale` feeds it
        rows.append(round(y_psnr_ssim(hr, to_uint8((model.generator(lr, training=training) + 1.0) / 2.0)[0], model.scale)[0], 2))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("presets", nargs="+")
    parser.add_argument("--datasets", default="set5,set14")
    parser.add_argument("--batches", type=int, default=100, help="training-patch batches for precise statistics")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--train-dataset", default="facades")
    args = parser.parse_args()
    for source in args.presets:
        model = load_preset(source, load_discriminator=False)
        benchmarks = {name: load_benchmark(name) for name in args.datasets.split(",")}
        result = {"preset": source}
        for name, images in benchmarks.items():
            result[f"{name}_psnr_moving_statistics"] = per_image_psnr(model, images, training=False)
            result[f"{name}_psnr_own_statistics"] = per_image_psnr(model, images, training=True)
        hr_images = load_hr_images(args.train_dataset)
        rng = np.random.default_rng(args.seed)
        patch = model.image_shape[0]
        batches = [sr_patch_batch(hr_images, rng.integers(0, len(hr_images), args.batch_size), args.seed, i, patch,
                                  model.scale)[0] for i in range(args.batches)]
        result["batch_norm_layers"] = recalibrate_batch_norm(model.generator, batches)
        model.forget_sampling_function()
        for name, images in benchmarks.items():
            measured = evaluate_super_resolution(images, lambda lr: to_uint8(model.upscale(lr[None])[0]),
                                                 model.scale)
            result[f"{name}_psnr_precise_statistics"] = round(measured["psnr"], 3)
            result[f"{name}_gain_over_bicubic_precise_statistics"] = round(measured["psnr"] - measured["bicubic_psnr"], 3)
        result.update(batches=args.batches, batch_size=args.batch_size, seed=args.seed)
        print(json.dumps(result))


if __name__ == "__main__":
    main()
