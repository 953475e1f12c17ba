"""CIFAR-10 from lossless PNG sprites (--data-dir, ../shared/data/cifar10) or TensorFlow Datasets."""

import json
import os
import sys

import numpy as np
from PIL import Image

from datasets.mnist import REPO_ROOT, DatasetNotFoundError, _online

SHARED_CIFAR10_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "cifar10")
CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
TRAIN_SPRITES = 50  # cifar10_batch_0..49.png: 1,000 train images each; batch_50: the first 1,000 test images


def has_sprites(folder):
    return os.path.isfile(os.path.join(folder, "cifar10_labels.json")) and \
        os.path.isfile(os.path.join(folder, "cifar10_batch_0.png"))


def read_sprites(folder, split):
    """`(images [N, 32, 32, 3] uint8, labels [N])`; each PNG row is one image (convnetjs's layout)."""
    labels = np.asarray(json.load(open(os.path.join(folder, "cifar10_labels.json"))), "int32")
    indices = range(TRAIN_SPRITES) if split == "train" else [TRAIN_SPRITES]
    sprites = []
    for k in indices:
        path = os.path.join(folder, f"cifar10_batch_{k}.png")
        if not os.path.isfile(path):
            raise DatasetNotFoundError(f"{path} is missing; CIFAR-10 sprites need cifar10_batch_0..50.png")
        sprite = np.asarray(Image.open(path).convert("RGB"))
        if sprite.shape[1] != 32 * 32:
            raise ValueError(f"{path} is {sprite.shape[1]} pixels wide, not 1024 (one 32x32 image per row)")
        sprites.append(sprite.reshape(-1, 32, 32, 3))
    images = np.concatenate(sprites)
    labels = labels[: len(images)] if split == "train" else labels[50000 : 50000 + len(images)]
    if len(labels) != len(images):
        raise ValueError(f"{folder}: {len(images)} images but {len(labels)} labels for split {split!r}")
    if split == "test":
        print("note: this CIFAR-10 copy has only the first 1,000 of the 10,000 test images", file=sys.stderr)
    return images, labels


def load_tfds(name, split):
    """`(images uint8 NHWC, labels)` of a TFDS image dataset (`image`, optional `label`); 0 labels without."""
    import tensorflow_datasets as tfds

    try:
        builder = tfds.builder(name)
    except Exception as error:  # tfds raises its own DatasetNotFoundError
        raise DatasetNotFoundError(f"TensorFlow Datasets has no dataset {name!r} ({str(error).splitlines()[0][:120]})") \
            from None
    if not builder.is_prepared() and not _online():
        raise DatasetNotFoundError(f"TFDS {name!r} is not downloaded and its server is unreachable (offline?)")
    images, labels = [], []
    for example in tfds.as_numpy(tfds.load(name, split=split)):
        if "image" not in example:
            raise ValueError(f"TFDS {name!r} has no 'image' feature; it is not an image dataset")
        images.append(example["image"])
        labels.append(int(example.get("label", 0)))
    if not images:
        raise DatasetNotFoundError(f"TFDS {name!r} split {split!r} is empty")
    return np.stack(images).astype("uint8"), np.asarray(labels, "int32")


def load_cifar10(split="train", data_dir=None):
    """CIFAR-10 from `data_dir` (the sprite layout), then ../shared/data/cifar10, then TFDS `cifar10`."""
    if split not in ("train", "test"):
        raise ValueError(f"unknown CIFAR-10 split {split!r}; valid splits: train, test")
    if data_dir is not None:
        if not has_sprites(data_dir):
            raise DatasetNotFoundError(f"--data-dir {data_dir} lacks cifar10_batch_K.png and cifar10_labels.json")
        return read_sprites(data_dir, split)
    if has_sprites(SHARED_CIFAR10_DIR):
        return read_sprites(SHARED_CIFAR10_DIR, split)
    try:
        return load_tfds("cifar10", split)
    except (DatasetNotFoundError, ValueError) as error:
        raise DatasetNotFoundError(f"CIFAR-10 {split} not found: no --data-dir, no sprites in {SHARED_CIFAR10_DIR}, "
                                   f"and {str(error).splitlines()[0]}; pass --data-dir or go online once") from None
