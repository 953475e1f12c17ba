"""High-resolution images for super-resolution training, and LR/HR patch batches made from them on the fly."""

import os

import numpy as np
import tensorflow as tf

from datasets.images import find_images
from datasets.mnist import REPO_ROOT, DatasetNotFoundError
from datasets.paired import load_pairs
from utils.image_files import open_image, to_array

SHARED_SR_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "sr_benchmarks")
SR_DATASETS = {
    "facades": "the 400 facade photos of CMP Facades' train split (256x256): the offline default",
    "images": "every image under --data-dir, at its own size",
}
BENCHMARKS = ("set5", "set14")


def load_hr_images(dataset="facades", data_dir=None, channels=3):
    """A list of uint8 `[H, W, C]` training images. Set5/Set14 are refused: they are for evaluation only."""
    if dataset == "facades":
        return list(load_pairs("facades", "train", data_dir, size=256)[0])  # A: the photos
    if dataset != "images":
        raise ValueError(f"super-resolution trains on {' or '.join(SR_DATASETS)}, not {dataset!r}")
    if not data_dir or not os.path.isdir(data_dir):
        raise DatasetNotFoundError("--dataset images needs --data-dir DIR, a folder of high-resolution images")
    if os.path.abspath(data_dir).startswith(os.path.abspath(SHARED_SR_DIR)):
        raise ValueError("Set5/Set14 are evaluation images; never train on them")
    paths = find_images(data_dir)
    if not paths:
        raise DatasetNotFoundError(f"{data_dir} holds no images")
    return [to_array(open_image(p), None, channels) for p in paths]


def load_benchmark(name, data_dir=None):
    """Set5 or Set14 HR images (uint8 RGB), from --data-dir or ../shared/data/sr_benchmarks."""
    if name not in BENCHMARKS:
        raise ValueError(f"unknown SR benchmark {name!r}; valid: {', '.join(BENCHMARKS)}")
    folder = data_dir or os.path.join(SHARED_SR_DIR, {"set5": "Set5", "set14": "Set14"}[name])
    if not os.path.isdir(folder):
        raise DatasetNotFoundError(f"{name} not found: pass --data-dir DIR (its HR PNGs) or put it at {folder}")
    paths = find_images(folder)
    if not paths:
        raise DatasetNotFoundError(f"{folder} holds no images")
    return [to_array(open_image(p), None, 3) for p in paths]


def sr_patch_batch(hr_images, indices, seed, number, patch, scale):
    """`(lr, hr)` float32 in [-1, 1]: a random `patch` crop of each image, random flips and 90-degree turns,
    and its bicubic (antialiased) x`scale` downscale. Randomness from `(seed, number)` alone."""
    from custom_train_objects.metrics.super_resolution import downscale

    rng = np.random.default_rng([int(seed), int(number)])
    lows, highs = [], []
    for index in indices:
        image = hr_images[int(index)]
        top = rng.integers(0, image.shape[0] - patch + 1)
        left = rng.integers(0, image.shape[1] - patch + 1)
        crop = image[top : top + patch, left : left + patch]
        if rng.random() < 0.5:
            crop = crop[:, ::-1]
        crop = np.ascontiguousarray(np.rot90(crop, rng.integers(0, 4)))
        highs.append(crop)
        lows.append(downscale(crop, scale))
    to_unit = lambda x: np.stack(x).astype("float32") / 127.5 - 1.0  # noqa: E731
    return to_unit(lows), to_unit(highs)


def sr_batches(hr_images, patch, scale, batch_size, seed, start_batch=0):
    """The replayable stream of `(lr, hr)` patch batches (see `datasets.replay`)."""
    from datasets.replay import replayable_batches

    small = [i for i, image in enumerate(hr_images) if min(image.shape[:2]) < patch]
    if small:
        raise ValueError(f"{len(small)} training image(s) are smaller than the {patch}px HR patch; remove them "
                         "or lower hr_patch")
    if patch % scale:
        raise ValueError(f"the HR patch ({patch}) must be a multiple of the scale ({scale})")
    channels = hr_images[0].shape[-1]

    def make_batch(indices, number):
        lr, hr = tf.numpy_function(lambda i, n: sr_patch_batch(hr_images, i, seed, n, patch, scale),
                                   [indices, number], [tf.float32, tf.float32])
        lr.set_shape((batch_size, patch // scale, patch // scale, channels))
        hr.set_shape((batch_size, patch, patch, channels))
        return lr, hr

    return replayable_batches(len(hr_images), batch_size, seed, make_batch, start_batch)


def sr_examples(dataset, data_dir, patch, scale, count=4):
    """`[lr, hr]` in [-1, 1]: centre `patch` crops of held-out images (facades' test photos) for grids and cards."""
    from custom_train_objects.metrics.super_resolution import downscale

    if dataset == "facades":
        images = list(load_pairs("facades", "test", data_dir, size=256, limit=count)[0])
    else:
        images = load_hr_images(dataset, data_dir)[:count]
    highs = []
    for image in images:
        top, left = (image.shape[0] - patch) // 2, (image.shape[1] - patch) // 2
        highs.append(image[top : top + patch, left : left + patch])
    lows = [downscale(h, scale) for h in highs]
    return [np.stack(lows).astype("float32") / 127.5 - 1.0, np.stack(highs).astype("float32") / 127.5 - 1.0]
