"""MNIST from IDX .gz files, TensorFlow Datasets, or the sample bundled in this repo."""

import gzip
import os
import socket

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_MNIST_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "mnist")
SAMPLE_MNIST_DIR = os.path.join(REPO_ROOT, "datasets", "samples", "mnist")

IDX_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


class DatasetNotFoundError(FileNotFoundError):
    """No source had the requested data; the message lists where we looked."""


def read_idx(path):
    """Reads one IDX file (optionally gzipped) into a uint8 array."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError) as error:
        raise ValueError(f"cannot read IDX file {path} ({error}); re-download it") from None
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path} is not an IDX file of unsigned bytes; expected the original MNIST .gz files")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = 4 + 4 * ndim + int(np.prod(shape))
    if len(data) != expected:
        raise ValueError(f"{path} holds {len(data)} bytes but its header says {expected}; the file is truncated")
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def has_idx_files(folder, split):
    return all(os.path.isfile(os.path.join(folder, name)) for name in IDX_FILES[split])


def read_idx_split(folder, split):
    """`(images [N, 28, 28] uint8, labels [N] uint8)` from a folder of IDX files."""
    images_name, labels_name = IDX_FILES[split]
    images = read_idx(os.path.join(folder, images_name))
    labels = read_idx(os.path.join(folder, labels_name))
    if images.ndim != 3 or labels.ndim != 1:
        raise ValueError(f"{folder}: {images_name} must hold images [N, H, W] and {labels_name} labels [N], got "
                         f"shapes {list(images.shape)} and {list(labels.shape)}; are the two files swapped?")
    if len(images) != len(labels):
        raise ValueError(f"{folder}: {len(images)} images but {len(labels)} labels for split {split!r}")
    return images, labels


def _online(host="storage.googleapis.com", timeout=3.0):
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def _from_tfds(split):
    import tensorflow_datasets as tfds

    if not tfds.builder("mnist").is_prepared() and not _online():
        # TFDS would retry its download for minutes; fail at once instead.
        raise ConnectionError("not downloaded yet, and its download server is unreachable (offline?)")

    # Iterate rather than batch_size=-1: the latter aborts the process under tfds' mock_data.
    pairs = list(tfds.as_numpy(tfds.load("mnist", split=split, as_supervised=True)))
    images = np.stack([image for image, _ in pairs])[..., 0].astype("uint8")
    return images, np.array([label for _, label in pairs], "uint8")


def load_mnist(split="train", data_dir=None):
    """MNIST as uint8 arrays, from the first source that has it.

    Sources, in order: `data_dir` (the four IDX .gz files; when given, the only
    source), `../shared/data/mnist` beside the repository, TensorFlow Datasets
    `mnist` (downloads when online).
    """
    if split not in IDX_FILES:
        raise ValueError(f"unknown MNIST split {split!r}; valid splits: train, test")
    if data_dir is not None:
        if not has_idx_files(data_dir, split):
            raise DatasetNotFoundError(
                f"--data-dir {data_dir} lacks {', '.join(IDX_FILES[split])}; "
                "put the original MNIST IDX .gz files there"
            )
        return read_idx_split(data_dir, split)
    if has_idx_files(SHARED_MNIST_DIR, split):
        return read_idx_split(SHARED_MNIST_DIR, split)
    try:
        return _from_tfds(split)
    except Exception as error:  # offline, no TFDS copy: say where we looked
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise DatasetNotFoundError(
            f"MNIST {split} not found: no --data-dir given, no IDX files in {SHARED_MNIST_DIR}, "
            f"and TensorFlow Datasets 'mnist' failed ({reason}); pass --data-dir DIR with the four "
            "MNIST IDX .gz files, or go online once so TFDS can download it, "
            "or use --dataset mnist_sample (bundled 5k-image sample)"
        ) from None


def load_mnist_sample(split="train", data_dir=None):
    """The real MNIST sample shipped in `datasets/samples/mnist` (see its README)."""
    del data_dir
    if split not in IDX_FILES:
        raise ValueError(f"unknown MNIST split {split!r}; valid splits: train, test")
    return read_idx_split(SAMPLE_MNIST_DIR, split)
