"""What `main.py translate`, `upscale`, `interpolate` and `evaluate` do for image-to-image presets.

Errors are `ValueError`/`OSError` with one line naming the problem; `main.py` prints them.
"""

import os
import time

import numpy as np

from models.presets import load_preset
from utils.files import resolve_model_source
from utils.image_files import list_images, read_image
from utils.images import save_png, to_uint8


def load_image_model(name, kind="translate", no_dropout=False):
    """An image-to-image preset: pix2pix for `translate`, a super-resolution one for `upscale`."""
    model = load_preset(resolve_model_source(name), load_discriminator=False)
    sr = getattr(model, "super_resolution", False)
    if not model.paired:
        raise ValueError(f"{name} is a {model.family} generator, not an image-to-image model; use generate")
    if kind == "upscale" and not sr:
        raise ValueError(f"{name} is a {model.family} model, not super-resolution; use translate")
    if kind == "translate" and sr:
        raise ValueError(f"{name} is a super-resolution model; use upscale")
    if no_dropout:
        model.set_sample_dropout(False)
    return model


def plan_outputs(input_path, out):
    """`(inputs, outputs)`: a file gives a .png file; a folder gives a folder of PNGs with the same base names."""
    if os.path.isdir(input_path):
        inputs = list_images(input_path)
        if not inputs:
            raise ValueError(f"{input_path} holds no images (.png, .jpg, .jpeg, .webp, .bmp)")
        if os.path.isfile(out):
            raise ValueError(f"--out {out} is a file; a folder in needs a folder out")
        outputs = [os.path.join(out, os.path.splitext(os.path.basename(p))[0] + ".png") for p in inputs]
    elif os.path.isfile(input_path):
        if os.path.splitext(out)[1].lower() != ".png" or os.path.isdir(out):
            raise ValueError(f"--out {out!r}: a file in gives a .png file out")
        inputs, outputs = [input_path], [out]
    else:
        raise ValueError(f"--input {input_path} does not exist; give an image file or a folder of images")
    names = [os.path.basename(p) for p in outputs]
    if len(set(names)) < len(names):
        raise ValueError(f"{input_path} has images that differ only by extension; outputs would collide")
    existing = [p for p in outputs if os.path.exists(p)]
    if existing:
        raise ValueError(f"{existing[0]} already exists; choose another --out or remove it")
    return inputs, outputs


def convert_images(preset, input_path, out, kind="translate", seed=0, no_dropout=False):
    """Runs `translate` or `upscale` over a file or a folder; every input is read before anything is written."""
    model = load_image_model(preset, kind, no_dropout)
    inputs, outputs = plan_outputs(input_path, out)
    images = [read_image(path, channels=model.source_shape[-1]) for path in inputs]
    if kind == "translate":
        model.reseed(seed)
    for image, path in zip(images, outputs):
        save_png(to_uint8(model.translate(image[None])[0]), path)
    return f"wrote {len(outputs)} image(s) to {out}"


def evaluate_image_to_image(args):
    """`evaluate` for image-to-image presets: the SR protocol (set5/set14), or pix2pix's pair metrics."""
    model = load_preset(resolve_model_source(args.preset), load_discriminator=False)
    if getattr(model, "super_resolution", False):
        return evaluate_super_resolution_preset(model, args)
    return evaluate_pairs(model, args)


def evaluate_super_resolution_preset(model, args):
    from custom_train_objects.metrics.super_resolution import evaluate_super_resolution
    from datasets.super_resolution import load_benchmark

    start = time.time()
    dataset = args.dataset or "set5"
    images = load_benchmark(dataset, args.data_dir)
    result = evaluate_super_resolution(images, lambda lr: to_uint8(model.upscale(lr[None])[0]), model.scale)
    return {**result, "source": args.preset, "dataset": dataset, "scale": model.scale,
            "protocol": "HR modcropped to the scale, LR by bicubic (antialiased), Y channel BT.601, border = scale",
            "seconds": round(time.time() - start, 1)}


def evaluate_pairs(model, args):
    """L1 / PSNR / SSIM of a pix2pix preset on a paired test split, beside the mean-target baseline."""
    from custom_train_objects.metrics.image_quality import pair_metrics
    from datasets import load_pairs

    start = time.time()
    dataset = args.dataset or "facades"
    size, channels = model.image_shape[0], model.pair_channels()
    sources, targets = model.pairs_to_inputs(*load_pairs(dataset, "test", args.data_dir, size, channels))
    _, train_targets = model.pairs_to_inputs(*load_pairs(dataset, "train", args.data_dir, size, channels))
    model.reseed(args.seed)
    outputs = model.images_from_inputs([sources], batch_size=8)
    truth = (targets + 1.0) / 2.0
    mean_target = (train_targets.mean(axis=0, keepdims=True) + 1.0) / 2.0
    return {**pair_metrics(truth, outputs),
            **{f"baseline_{k}": v for k, v in pair_metrics(truth, np.broadcast_to(mean_target, truth.shape)).items()},
            "baseline": "the mean training target image, the same for every input",
            "source": args.preset, "pairs": len(truth), "seed": args.seed,
            "sampling_dropout": bool(model.hparams.sample_dropout),
            "reference": f"{dataset} test split, images in [0, 1] at {size}x{size}",
            "seconds": round(time.time() - start, 1)}


def interpolate_presets(preset_a, preset_b, alpha, out):
    """A new preset whose generator weights are `(1 - alpha) * A + alpha * B` (Wang et al. 2018, section 3.4)."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"--alpha must be in [0, 1], got {alpha}")
    if os.path.exists(out):
        raise ValueError(f"--out {out} already exists; choose a new folder")
    a = load_preset(resolve_model_source(preset_a), load_discriminator=False)
    b = load_preset(resolve_model_source(preset_b), load_discriminator=False)
    shapes_a = [w.shape for w in a.generator.weights]
    if type(a) is not type(b) or shapes_a != [w.shape for w in b.generator.weights]:
        raise ValueError(f"{preset_a} and {preset_b} have different generators; interpolate two phases of one "
                         "architecture")
    for wa, wb in zip(a.generator.weights, b.generator.weights):
        wa.assign((1.0 - alpha) * wa.numpy() + alpha * wb.numpy())
    from models.presets import load_metadata

    meta_b = load_metadata(resolve_model_source(preset_b))
    a.save_to_preset(out, save_discriminator=False, metadata={
        "preset": os.path.basename(os.path.abspath(out)), "model": a.family,
        "interpolation": {"a": str(preset_a), "b": str(preset_b), "alpha": alpha},
        "command": f"python main.py interpolate {preset_a} {preset_b} --alpha {alpha} --out {out}",
        "dataset": meta_b.get("dataset", "unknown"), "data_licence": meta_b.get("data_licence", ""),
        "notes": f"network interpolation: (1 - {alpha}) x {preset_a} + {alpha} x {preset_b}"})
    return f"preset written to {out}"
