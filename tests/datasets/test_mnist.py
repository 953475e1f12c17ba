import gzip
import os

import numpy as np
import pytest
import tensorflow_datasets as tfds

from datasets import DatasetNotFoundError, get_dataset, load_arrays
from datasets import mnist
from datasets.mnist import SAMPLE_MNIST_DIR, read_idx


def test_bundled_sample_is_real_mnist():
    images, labels = load_arrays("mnist_sample", "train")
    assert images.shape == (5000, 28, 28, 1) and images.dtype == np.uint8
    assert labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]  # the famous first MNIST labels
    assert np.bincount(labels).min() > 400  # every digit is there
    test_images, test_labels = load_arrays("mnist_sample", "test")
    assert test_images.shape == (2000, 28, 28, 1) and test_labels[:5].tolist() == [7, 2, 1, 0, 4]


def test_get_dataset_batches_in_model_range():
    ds = get_dataset("mnist_sample", "train", batch_size=32, seed=1)
    batch = next(iter(ds)).numpy()
    assert batch.shape == (32, 28, 28, 1) and batch.dtype == np.float32
    assert batch.min() == -1.0 and batch.max() == 1.0
    images, labels = next(iter(get_dataset("mnist_sample", "test", batch_size=8, with_labels=True, shuffle=False)))
    assert labels.numpy().tolist() == [7, 2, 1, 0, 4, 1, 4, 9]
    assert len(list(get_dataset("mnist_sample", "test", batch_size=512))) == 3  # drop_remainder


def test_data_dir_reads_idx_files():
    images, labels = mnist.load_mnist("test", data_dir=SAMPLE_MNIST_DIR)
    assert images.shape == (2000, 28, 28)


def test_missing_data_dir_names_the_files(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="t10k-images-idx3-ubyte.gz"):
        mnist.load_mnist("test", data_dir=str(tmp_path))


def test_no_source_names_all_three_places(tmp_path, monkeypatch):
    monkeypatch.setattr(mnist, "SHARED_MNIST_DIR", str(tmp_path / "nowhere"))

    def offline(split):
        raise ConnectionError("no network")

    monkeypatch.setattr(mnist, "_from_tfds", offline)
    with pytest.raises(DatasetNotFoundError) as info:
        mnist.load_mnist("train")
    message = str(info.value)
    assert "--data-dir" in message and "nowhere" in message and "TensorFlow Datasets" in message
    assert "\n" not in message


def test_tfds_is_the_fallback(tmp_path, monkeypatch):
    monkeypatch.setattr(mnist, "SHARED_MNIST_DIR", str(tmp_path / "nowhere"))
    monkeypatch.setattr(mnist, "_online", lambda: True)  # mock_data serves it; nothing is fetched
    with tfds.testing.mock_data(num_examples=12):
        images, labels = load_arrays("mnist", "train")
    assert images.shape == (12, 28, 28, 1) and images.dtype == np.uint8 and labels.shape == (12,)


def test_truncated_or_foreign_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.gz"
    with open(os.path.join(SAMPLE_MNIST_DIR, "t10k-labels-idx1-ubyte.gz"), "rb") as f:
        raw = gzip.decompress(f.read())
    with gzip.open(bad, "wb") as f:
        f.write(raw[:-10])
    with pytest.raises(ValueError, match="truncated"):
        read_idx(str(bad))
    bad.write_bytes(b"not a gzip file")
    with pytest.raises(ValueError, match="cannot read IDX"):
        read_idx(str(bad))


def test_unknown_dataset_and_split():
    with pytest.raises(ValueError, match="valid datasets: mnist, mnist_sample"):
        load_arrays("mnsit")
    with pytest.raises(ValueError, match="valid splits"):
        load_arrays("mnist_sample", "validation")


def test_batch_larger_than_data_is_an_error():
    with pytest.raises(ValueError, match="smaller --batch-size"):
        get_dataset("mnist_sample", "test", batch_size=4096)
