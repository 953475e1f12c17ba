"""Your own images, CIFAR-10, Fashion-MNIST and any TFDS image dataset."""

import os

import numpy as np
import pytest
from PIL import Image

import main
from datasets import DatasetNotFoundError, load_arrays
from datasets.cifar10 import SHARED_CIFAR10_DIR
from datasets.fashion_mnist import SHARED_FASHION_DIR
from datasets.images import square_resize
from tests.test_main import one_line_error, run_cli


def write_folder(root, corrupt=True):
    """Two class folders of PNG and JPEG files of different sizes, one grayscale, optionally one corrupt."""
    rng = np.random.default_rng(0)
    for cls, colour in (("cats", (200, 50, 50)), ("dogs", (50, 50, 200))):
        os.makedirs(root / cls, exist_ok=True)
        for i in range(5):
            size = (20 + 3 * i, 16 + i)
            image = np.clip(rng.normal(colour, 20, (size[1], size[0], 3)), 0, 255).astype(np.uint8)
            Image.fromarray(image).save(root / cls / f"{i}.{'png' if i % 2 else 'jpg'}")
    Image.fromarray(np.full((30, 30), 128, np.uint8)).save(root / "cats" / "gray.png")
    if corrupt:
        (root / "dogs" / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (root / "dogs" / "notes.txt").write_text("ignored")
    return root


def test_square_resize_centre_crops_then_resizes():
    image = np.zeros((10, 30, 3), np.uint8)
    image[:, 10:20] = 255  # the centre square is white
    out = square_resize(Image.fromarray(image), 5, 3)
    assert out.shape == (5, 5, 3) and out.min() > 250
    assert square_resize(Image.fromarray(image), 5, 1).shape == (5, 5, 1)


def test_folder_loads_with_labels_and_names_bad_files(tmp_path, capsys):
    root = write_folder(tmp_path / "pics")
    with pytest.raises(ValueError, match=r"1 unreadable image\(s\).*broken.jpg.*--skip-bad-images"):
        load_arrays("images", data_dir=str(root), options={"image_size": 16})
    images, labels = load_arrays("images", data_dir=str(root),
                                 options={"image_size": 16, "labels_from_folders": True, "skip_bad_images": True})
    assert images.shape == (11, 16, 16, 3) and images.dtype == np.uint8
    assert sorted(set(labels.tolist())) == [0, 1] and (labels == 0).sum() == 6  # cats: 5 + the grayscale one
    assert "skipped 1 unreadable" in capsys.readouterr().err
    assert images[labels == 0][..., 0].mean() > images[labels == 1][..., 0].mean()  # cats are red
    gray, _ = load_arrays("images", data_dir=str(root), options={"image_size": 8, "channels": 1,
                                                                  "skip_bad_images": True})
    assert gray.shape == (11, 8, 8, 1)


def test_folder_errors(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="--data-dir"):
        load_arrays("images")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetNotFoundError, match="holds no images"):
        load_arrays("images", data_dir=str(tmp_path / "empty"))
    write_folder(tmp_path / "flat", corrupt=False)
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(tmp_path / "flat" / "loose.png")
    with pytest.raises(ValueError, match="loose.png lies directly"):
        load_arrays("images", data_dir=str(tmp_path / "flat"), options={"labels_from_folders": True})
    with pytest.raises(ValueError, match="for --dataset images, not mnist_sample"):
        load_arrays("mnist_sample", options={"image_size": 16})


def test_train_dcgan_on_a_folder_in_one_command(tmp_path, capsys):
    root = write_folder(tmp_path / "pics")
    out = tmp_path / "run"
    argv = ["train", "dcgan", "--dataset", "images", "--data-dir", str(root), "--image-size", "16", "--out", str(out),
            "--batch-size", "4", "--latent-dim", "8", "--verbose", "0", "--epochs", "1",
            "--hparams", "g_filters=[8,4,4]", "d_filters=[4,8]", "kernel_size=3"]
    assert "--skip-bad-images" in one_line_error(capsys, *argv)
    assert not out.exists()  # stopped before anything was written
    assert run_cli(capsys, *argv, "--skip-bad-images")[0] == 0
    assert Image.open(out / "samples" / "epoch_0001.png").mode == "RGB"
    assert run_cli(capsys, "generate", str(out), "--num", "4", "--out", str(tmp_path / "g.npz"))[0] == 0
    assert np.load(tmp_path / "g.npz")["images"].shape == (4, 16, 16, 3)
    assert main.main(["train", "dcgan", "--epochs", "2", "--out", str(out), "--resume", "--verbose", "0"]) == 0


def test_cgan_on_class_folders(tmp_path, capsys):
    root = write_folder(tmp_path / "pics", corrupt=False)
    out = tmp_path / "run"
    argv = ["train", "cgan", "--dataset", "images", "--data-dir", str(root), "--image-size", "16", "--out", str(out),
            "--batch-size", "4", "--latent-dim", "8", "--verbose", "0", "--hparams", "g_filters=[8,4,4]",
            "d_filters=[4,8]", "kernel_size=3"]
    assert "--labels-from-folders" in one_line_error(capsys, *argv)
    assert run_cli(capsys, *argv, "--labels-from-folders")[0] == 0
    from models import load_preset

    assert load_preset(str(out / "preset")).num_classes == 2


def test_unsupported_size_names_the_sizes(tmp_path, capsys):
    root = write_folder(tmp_path / "pics", corrupt=False)
    line = one_line_error(capsys, "train", "dcgan", "--dataset", "images", "--data-dir", str(root), "--image-size",
                          "30", "--out", str(tmp_path / "r"))
    assert "divisible by 4" in line


@pytest.mark.skipif(not os.path.isdir(SHARED_CIFAR10_DIR), reason="../shared/data/cifar10 is not present")
def test_shared_cifar10(capsys):
    images, labels = load_arrays("cifar10", "test")
    assert images.shape == (1000, 32, 32, 3) and labels[:10].tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
    assert "first 1,000" in capsys.readouterr().err


@pytest.mark.skipif(not os.path.isdir(SHARED_FASHION_DIR), reason="../shared/data/fashion_mnist is not present")
def test_shared_fashion_mnist_says_it_is_partial(capsys):
    images, labels = load_arrays("fashion_mnist", "train")
    assert images.shape == (8226, 28, 28, 1) and len(labels) == 8226
    assert "partial" in capsys.readouterr().err


def test_any_tfds_image_dataset(monkeypatch):
    import tensorflow_datasets as tfds

    import datasets.cifar10

    monkeypatch.setattr(datasets.cifar10, "_online", lambda: True)  # mock_data serves it; nothing is fetched
    with tfds.testing.mock_data(num_examples=6):
        images, labels = load_arrays("tfds:cifar10", "train")
    assert images.shape == (6, 32, 32, 3) and images.dtype == np.uint8 and labels.shape == (6,)
