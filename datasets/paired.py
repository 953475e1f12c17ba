"""Paired image datasets for image-to-image models: pix2pix's side-by-side files.

Each file holds two images side by side: A on the left, B on the right (the
format the pix2pix authors publish their datasets in). A model's `direction`
HParam picks which is the input; facades train B -> A (label map -> photo).
"""

import os

import numpy as np
import tensorflow as tf

from datasets.mnist import REPO_ROOT, DatasetNotFoundError
from utils.image_files import list_images, open_image, to_array

SHARED_FACADES_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "facades")
SPLITS = ("train", "val", "test")
JITTER_RATIO = 286 / 256  # pix2pix: resize 256 -> 286, random crop back to 256


def paired_folder(name, data_dir=None):
    """The folder holding `train/ val/ test/` for a paired dataset, by the documented order."""
    if data_dir is not None:
        if not os.path.isdir(data_dir):
            raise DatasetNotFoundError(f"--data-dir {data_dir} does not exist; give a folder with train/ val/ test/ "
                                       "of side-by-side images")
        return data_dir
    if name == "facades" and os.path.isdir(SHARED_FACADES_DIR):
        return SHARED_FACADES_DIR
    if name == "facades":
        raise DatasetNotFoundError(f"facades not found: pass --data-dir DIR (a folder with train/ val/ test/ of "
                                   f"side-by-side JPEGs, as pix2pix's facades.tar.gz unpacks) or put it at "
                                   f"{SHARED_FACADES_DIR}")
    raise DatasetNotFoundError(f"dataset {name!r} needs --data-dir DIR: a folder with train/ (and val/, test/) "
                               "of side-by-side A|B images")


def split_files(name, split, data_dir=None):
    """The image files of one split; a folder without split sub-folders is its own train split."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; valid splits: {', '.join(SPLITS)}")
    folder = paired_folder(name, data_dir)
    split_dir = os.path.join(folder, split)
    if not os.path.isdir(split_dir):
        if split == "train" and not any(os.path.isdir(os.path.join(folder, s)) for s in SPLITS):
            split_dir = folder
        else:
            raise DatasetNotFoundError(f"{folder} has no {split}/ folder of side-by-side images")
    files = list_images(split_dir)
    if not files:
        raise DatasetNotFoundError(f"{split_dir} holds no images (.png, .jpg, .jpeg, .webp, .bmp)")
    return files


def split_pair(image, size, channels=(3, 3)):
    """`(A, B)` uint8 `[size, size, channels]` from one side-by-side PIL image; `channels` of A and B."""
    width, height = image.size
    if width < 2:
        raise ValueError(f"{getattr(image, 'filename', 'image')} is {width}x{height}: too narrow for two "
                         "side-by-side images")
    half = width // 2
    left, right = image.crop((0, 0, half, height)), image.crop((half, 0, 2 * half, height))
    return to_array(left, size, channels[0]), to_array(right, size, channels[1])


def load_pairs(name, split="train", data_dir=None, size=256, channels=(3, 3), limit=None):
    """`(A, B)`: uint8 arrays `[N, size, size, channels]`, every file's halves resized to `size`.

    `channels`: of A and of B (1 or 3 each).
    """
    files = split_files(name, split, data_dir)[:limit]
    pairs = []
    for path in files:
        image = open_image(path)
        image.filename = path
        pairs.append(split_pair(image, size, channels))
    a, b = zip(*pairs)
    return np.stack(a), np.stack(b)


def jitter(pair, size, seed):
    """pix2pix's augmentation on a pair stacked on channels: resize to 286/256 of `size` (bicubic),
    random crop back to `size`, random mirror; one crop and one flip for both images."""
    load_size = int(round(size * JITTER_RATIO))
    pair = tf.image.resize(pair, (load_size, load_size), method="bicubic")
    crop_seed, flip_seed = tf.unstack(tf.random.experimental.stateless_split(seed, 2))
    pair = tf.image.stateless_random_crop(pair, (size, size, pair.shape[-1]), seed=crop_seed)
    return tf.image.stateless_random_flip_left_right(pair, seed=flip_seed)


def get_paired_dataset(name, split="train", batch_size=1, data_dir=None, size=256, channels=(3, 3), shuffle=True,
                       augment=True, seed=0, repeat=False, limit=None):
    """Batches of `(A, B)` float32 in [-1, 1], `[batch, size, size, channels]` each.

    Args:
        name: str. `"facades"` or `"paired"` (needs `data_dir`).
        split: str. `"train"`, `"val"` or `"test"`. Defaults to `"train"`.
        batch_size: int. Defaults to 1 (the paper's).
        data_dir: str or None. A folder with train/ val/ test/ of side-by-side images.
        size: int. Image side the model takes; files of any size are resized. Defaults to 256.
        channels: tuple. Channels of A and of B, 1 or 3 each. Defaults to `(3, 3)`.
        shuffle: bool. Reshuffled each epoch from `seed`. Defaults to True.
        augment: bool. pix2pix's jitter and mirror, the same for both images. Defaults to True.
        seed: int. Shuffle and augmentation seed. Defaults to 0.
        repeat: bool. Repeat forever (use with `steps_per_epoch`). Defaults to False.
        limit: int or None. Only the first `limit` files. Defaults to None.
    """
    a, b = load_pairs(name, split, data_dir, size, channels, limit)
    if len(a) < batch_size:
        raise ValueError(f"{name} {split} has {len(a)} pairs, fewer than batch_size={batch_size}; "
                         "use a smaller --batch-size")
    ds = tf.data.Dataset.from_tensor_slices(np.concatenate([a, b], axis=-1)).cache()
    if shuffle:
        ds = ds.shuffle(len(a), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    if augment:
        seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)  # one stateless seed per example
        ds = tf.data.Dataset.zip(ds, seeds).map(
            lambda pair, s: jitter(tf.cast(pair, tf.float32), size, s), num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.map(lambda pair: tf.clip_by_value(tf.cast(pair, tf.float32) / 127.5 - 1.0, -1.0, 1.0))
    ds = ds.batch(batch_size, drop_remainder=True)
    ds = ds.map(lambda pair: (pair[..., : channels[0]], pair[..., channels[0] :]))
    return ds.prefetch(tf.data.AUTOTUNE)
