"""Paired side-by-side datasets: loading, resizing, and augmentation shared by both images."""

import os

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from datasets import DatasetNotFoundError, get_paired_dataset, load_pairs
from datasets.paired import SHARED_FACADES_DIR, jitter

HAS_FACADES = os.path.isdir(SHARED_FACADES_DIR)


def write_pairs(folder, n=4, size=(40, 20), same_halves=False, seed=0):
    """Side-by-side PNG/JPEG files: A (left) a random pattern, B (right) its negative (or A again)."""
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        a = rng.integers(0, 256, (size[1], size[0] // 2, 3), dtype=np.uint8)
        b = a if same_halves else 255 - a
        extension = "png" if i % 2 == 0 else "bmp"
        Image.fromarray(np.concatenate([a, b], axis=1)).save(os.path.join(folder, f"{i}.{extension}"))
    return folder


@pytest.fixture
def pair_folder(tmp_path):
    for split, n in (("train", 6), ("val", 2), ("test", 3)):
        write_pairs(str(tmp_path / split), n, seed=len(split))
    return str(tmp_path)


def test_load_pairs_splits_and_resizes(pair_folder):
    a, b = load_pairs("paired", "test", pair_folder, size=16)
    assert a.shape == b.shape == (3, 16, 16, 3) and a.dtype == np.uint8
    # B is A's negative in the files; bicubic resizing keeps that up to rounding
    assert np.abs(a.astype(int) + b.astype(int) - 255).max() <= 2
    a1, b1 = load_pairs("paired", "train", pair_folder, size=16, channels=(3, 1))
    assert a1.shape == (6, 16, 16, 3) and b1.shape == (6, 16, 16, 1)


def test_folder_without_splits_is_its_train_split(tmp_path):
    write_pairs(str(tmp_path), 2)
    assert load_pairs("paired", "train", str(tmp_path), size=8)[0].shape == (2, 8, 8, 3)
    with pytest.raises(DatasetNotFoundError, match="no test/ folder"):
        load_pairs("paired", "test", str(tmp_path), size=8)


def test_augmentation_is_identical_for_both_images(tmp_path):
    folder = write_pairs(str(tmp_path / "train"), 6, size=(64, 32), same_halves=True)
    plain, _ = load_pairs("paired", "train", str(tmp_path), size=32)
    ds = get_paired_dataset("paired", "train", batch_size=2, data_dir=str(tmp_path), size=32, seed=3)
    changed = 0
    for a, b in ds:
        np.testing.assert_array_equal(a.numpy(), b.numpy())  # one crop and one flip for the pair
        assert a.shape == (2, 32, 32, 3) and np.abs(a.numpy()).max() <= 1.0
        batch = np.round((a.numpy() + 1) * 127.5)
        changed += sum(not any(np.abs(image - p).mean() < 1 for p in plain) for image in batch)
    assert changed >= 4, "jitter and mirror should move most images away from their plain versions"
    assert folder


def test_jitter_crops_and_mirrors_both_halves_alike():
    pair = tf.concat([tf.reshape(tf.range(16 * 16 * 3, dtype=tf.float32), (16, 16, 3))] * 2, axis=-1)
    out = jitter(pair, 16, tf.constant([1, 2], tf.int64))
    assert out.shape == (16, 16, 6)
    np.testing.assert_array_equal(out[..., :3].numpy(), out[..., 3:].numpy())


def test_no_augmentation_gives_the_files(pair_folder):
    ds = get_paired_dataset("paired", "test", batch_size=3, data_dir=pair_folder, size=16, shuffle=False,
                            augment=False)
    a, b = next(iter(ds))
    expected_a, _ = load_pairs("paired", "test", pair_folder, size=16)
    np.testing.assert_allclose((a.numpy() + 1) * 127.5, expected_a, atol=1e-3)


def test_bad_inputs_name_the_problem(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="--data-dir"):
        load_pairs("paired", "train", None)
    with pytest.raises(DatasetNotFoundError, match="does not exist"):
        load_pairs("paired", "train", str(tmp_path / "missing"))
    os.makedirs(tmp_path / "empty" / "train")
    with pytest.raises(DatasetNotFoundError, match="holds no images"):
        load_pairs("paired", "train", str(tmp_path / "empty"))
    write_pairs(str(tmp_path / "bad" / "train"), 2)
    (tmp_path / "bad" / "train" / "broken.jpg").write_text("not a jpeg")
    with pytest.raises(ValueError, match="broken.jpg"):
        load_pairs("paired", "train", str(tmp_path / "bad"))
    os.remove(tmp_path / "bad" / "train" / "broken.jpg")
    with pytest.raises(ValueError, match="fewer than batch_size"):
        get_paired_dataset("paired", "train", batch_size=5, data_dir=str(tmp_path / "bad" / "train"), size=8)


@pytest.mark.skipif(not HAS_FACADES, reason="../shared/data/facades is not present")
def test_real_facades_test_split():
    a, b = load_pairs("facades", "test", size=256)
    assert a.shape == b.shape == (106, 256, 256, 3)
    # B is the colour-coded label map: few distinct colours; A the photo: many
    assert len(np.unique(b[0].reshape(-1, 3), axis=0)) < len(np.unique(a[0].reshape(-1, 3), axis=0))


def test_missing_facades_names_both_sources(monkeypatch, tmp_path):
    import datasets.paired

    monkeypatch.setattr(datasets.paired, "SHARED_FACADES_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetNotFoundError, match="--data-dir.*nowhere"):
        load_pairs("facades", "train")
