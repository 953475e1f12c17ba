"""`get_dataset`: named datasets as model-ready `tf.data` pipelines."""

import numpy as np
import tensorflow as tf

from datasets.cifar10 import load_cifar10, load_tfds
from datasets.fashion_mnist import load_fashion_mnist
from datasets.images import load_image_folder
from datasets.mnist import load_mnist, load_mnist_sample

# name -> (loader(split, data_dir) -> (uint8 images, labels), description)
DATASETS = {
    "mnist": (load_mnist, "MNIST 28x28 digits: --data-dir, ../shared/data/mnist, or TFDS"),
    "mnist_sample": (load_mnist_sample, "5,000 train / 2,000 test real MNIST digits bundled in the repo"),
    "fashion_mnist": (load_fashion_mnist, "Fashion-MNIST 28x28: --data-dir, ../shared/data (partial), or TFDS"),
    "cifar10": (load_cifar10, "CIFAR-10 32x32 colour: --data-dir (sprites), ../shared/data/cifar10, or TFDS"),
    "images": (None, "your folder of images: --data-dir DIR [--image-size 64] [--channels 3] "
                     "[--labels-from-folders] [--skip-bad-images]"),
}
IMAGE_OPTIONS = ("image_size", "channels", "labels_from_folders", "skip_bad_images")


def load_arrays(name, split="train", data_dir=None, options=None):
    """`(images uint8 [N, H, W, C], labels int32 [N])` of a named dataset.

    `name` is a key of `DATASETS` or `tfds:NAME` (any TFDS image dataset with an
    `image` and optional `label` feature). `options` are the image-folder
    settings (`image_size`, `channels`, `labels_from_folders`, `skip_bad_images`)
    of `images`, which has one split: the folder.
    """
    options = dict(options or {})
    unknown = sorted(set(options) - set(IMAGE_OPTIONS))
    if unknown:
        raise ValueError(f"unknown data option(s) {', '.join(unknown)}; valid: {', '.join(IMAGE_OPTIONS)}")
    if name.startswith("tfds:"):
        images, labels = load_tfds(name[len("tfds:"):], split)
    elif name == "images":
        images, labels = load_image_folder(data_dir, **options)
    elif name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; valid datasets: {', '.join(DATASETS)}, tfds:NAME "
                         "(image-to-image models: facades, paired)")
    else:
        if options:
            raise ValueError(f"--image-size, --channels, --labels-from-folders and --skip-bad-images are for "
                             f"--dataset images, not {name}")
        images, labels = DATASETS[name][0](split, data_dir)
    if images.ndim == 3:
        images = images[..., None]
    return images, labels.astype("int32")


def to_model_range(images):
    """uint8 [0, 255] -> float32 [-1, 1], the generators' tanh range."""
    return tf.cast(images, tf.float32) / 127.5 - 1.0


def get_dataset(
    name,
    split="train",
    batch_size=64,
    data_dir=None,
    with_labels=False,
    shuffle=True,
    seed=0,
    repeat=False,
    limit=None,
    drop_remainder=True,
):
    """A batched, shuffled, prefetched dataset of images in [-1, 1].

    Args:
        name: str. One of `DATASETS`.
        split: str. `"train"` or `"test"`. Defaults to `"train"`.
        batch_size: int. Defaults to 64.
        data_dir: str or None. A folder with the dataset's files; the only source
            when given. Defaults to None (see each loader's fallbacks).
        with_labels: bool. Yield `(images, labels)` instead of images. Defaults to False.
        shuffle: bool. Reshuffled every epoch with `seed`. Defaults to True.
        seed: int. Shuffle seed. Defaults to 0.
        repeat: bool. Repeat forever (use with `steps_per_epoch`). Defaults to False.
        limit: int or None. Keep only the first `limit` examples. Defaults to None.
        drop_remainder: bool. Keep batch shapes static. Defaults to True.

    Example:

    ```python
    ds = get_dataset("mnist", "train", batch_size=256)  # [256, 28, 28, 1] in [-1, 1]
    ```
    """
    images, labels = load_arrays(name, split, data_dir)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    if drop_remainder and len(images) < batch_size:
        raise ValueError(
            f"dataset {name!r} ({split}) has {len(images)} examples, fewer than batch_size={batch_size}; "
            "use a smaller --batch-size"
        )
    ds = tf.data.Dataset.from_tensor_slices((images, labels) if with_labels else images)
    if shuffle:
        ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    if with_labels:
        ds = ds.map(lambda x, y: (to_model_range(x), y), num_parallel_calls=tf.data.AUTOTUNE)
    else:
        ds = ds.map(to_model_range, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def image_shape_of(name, data_dir=None):
    images, _ = load_arrays(name, "train", data_dir)
    return list(np.shape(images)[1:])
