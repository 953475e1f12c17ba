import numpy as np
import pytest
from PIL import Image

from utils.files import atomic_directory
from utils.images import make_grid, save_images, to_uint8
from utils.plots import plot_losses, write_gif


def test_to_uint8_rounds_and_clips():
    assert to_uint8(np.array([-0.5, 0.0, 0.5, 1.0, 2.0])).tolist() == [0, 0, 128, 255, 255]


def test_grid_layout():
    images = np.arange(6, dtype="uint8").reshape(6, 1, 1, 1) + 1
    grid = make_grid(images, columns=3, padding=1)
    assert grid.shape == (5, 7, 1)
    assert grid[1, 1, 0] == 1 and grid[1, 5, 0] == 3 and grid[3, 1, 0] == 4 and grid[0, 0, 0] == 0


def test_save_png_and_npz(tmp_path):
    images = np.random.default_rng(0).random((4, 8, 8, 1)).astype("float32")
    save_images(images, str(tmp_path / "g.png"), columns=2)
    assert Image.open(tmp_path / "g.png").size == (2 * 10 + 2, 2 * 10 + 2)
    save_images(images, str(tmp_path / "g.npz"), labels=np.arange(4))
    data = np.load(tmp_path / "g.npz")
    assert data["images"].dtype == np.uint8 and data["images"].shape == (4, 8, 8, 1)
    assert data["labels"].tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match=".png or .npz"):
        save_images(images, str(tmp_path / "g.jpg"))


def test_gif_and_plot(tmp_path):
    frames = []
    for i in range(3):
        path = tmp_path / f"f{i}.png"
        Image.fromarray(np.full((4, 4), i * 100, "uint8")).save(path)
        frames.append(str(path))
    write_gif(frames, str(tmp_path / "a.gif"))
    assert Image.open(tmp_path / "a.gif").n_frames == 3
    plot_losses({"d_loss": [1.0, 0.5], "g_loss": [2.0, 1.0]}, str(tmp_path / "l.png"))
    assert Image.open(tmp_path / "l.png").size[0] > 100


def test_atomic_directory_keeps_the_old_one_on_failure(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(RuntimeError):
        with atomic_directory(str(target), overwrite=True) as tmp:
            open(f"{tmp}/new.txt", "w").close()
            raise RuntimeError("crash while writing")
    assert (target / "keep.txt").read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    with pytest.raises(FileExistsError):
        with atomic_directory(str(target)):
            pass
