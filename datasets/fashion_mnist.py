"""Fashion-MNIST: --data-dir (the four IDX .gz files), the partial copy in ../shared/data, then TFDS."""

import os
import sys

from datasets.cifar10 import load_tfds
from datasets.mnist import IDX_FILES, REPO_ROOT, DatasetNotFoundError, has_idx_files, read_idx, read_idx_split

SHARED_FASHION_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "fashion_mnist")
PARTIAL_FILES = {
    "train": ("partial/train-images-first8226-idx3-ubyte.gz", "partial/train-labels-first8226-idx1-ubyte.gz"),
    "test": ("partial/t10k-images-first6978-idx3-ubyte.gz", "partial/t10k-labels-first6978-idx1-ubyte.gz"),
}
FULL_SIZES = {"train": 60000, "test": 10000}


def load_fashion_mnist(split="train", data_dir=None):
    """`(images [N, 28, 28] uint8, labels [N])`; the shared copy is partial, and says so on stderr."""
    if split not in IDX_FILES:
        raise ValueError(f"unknown Fashion-MNIST split {split!r}; valid splits: train, test")
    if data_dir is not None:
        if not has_idx_files(data_dir, split):
            raise DatasetNotFoundError(f"--data-dir {data_dir} lacks {', '.join(IDX_FILES[split])}; put the "
                                       "Fashion-MNIST IDX .gz files there")
        return read_idx_split(data_dir, split)
    images_path, labels_path = (os.path.join(SHARED_FASHION_DIR, p) for p in PARTIAL_FILES[split])
    if os.path.isfile(images_path) and os.path.isfile(labels_path):
        images, labels = read_idx(images_path), read_idx(labels_path)
        print(f"note: the shared Fashion-MNIST copy is partial: {len(images):,} of {FULL_SIZES[split]:,} {split} "
              "images (the first ones, genuine)", file=sys.stderr)
        return images, labels
    try:
        return load_tfds("fashion_mnist", split)
    except (DatasetNotFoundError, ValueError) as error:
        raise DatasetNotFoundError(f"Fashion-MNIST {split} not found: no --data-dir, no copy in {SHARED_FASHION_DIR}, "
                                   f"and {str(error).splitlines()[0]}; pass --data-dir or go online once") from None
