"""`get_dataset`: named datasets as model-ready `tf.data` pipelines."""

import numpy as np
import tensorflow as tf

from datasets.mnist import load_mnist, load_mnist_sample

# name -> (loader(split, data_dir) -> (uint8 images, labels), description)
DATASETS = {
    "mnist": (load_mnist, "MNIST 28x28 digits: --data-dir, ../shared/data/mnist, or TFDS"),
    "mnist_sample": (load_mnist_sample, "5,000 train / 2,000 test real MNIST digits bundled in the repo"),
}


def load_arrays(name, split="train", data_dir=None):
    """`(images uint8 [N, H, W, C], labels int32 [N])` of a named dataset."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; valid datasets: {', '.join(DATASETS)}")
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
