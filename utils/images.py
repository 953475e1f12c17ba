"""Image arrays to grids, PNG files and NPZ files."""

import math
import os

import numpy as np
from PIL import Image


def to_uint8(images):
    """Float images in [0, 1] to uint8 in [0, 255] (rounded, clipped)."""
    return np.clip(np.rint(np.asarray(images, dtype="float32") * 255.0), 0, 255).astype("uint8")


def make_grid(images, columns=None, padding=2, pad_value=0):
    """Tiles uint8 images `[N, H, W, C]` into one `[rows*H, columns*W, C]` image."""
    images = np.asarray(images)
    if images.ndim != 4:
        raise ValueError(f"expected images of shape [N, H, W, C], got {images.shape}")
    n, h, w, c = images.shape
    columns = columns or max(1, int(math.ceil(math.sqrt(n))))
    rows = max(1, int(math.ceil(n / columns)))
    grid = np.full(
        (rows * (h + padding) + padding, columns * (w + padding) + padding, c), pad_value, dtype=images.dtype
    )
    for i, image in enumerate(images):
        r, col = divmod(i, columns)
        top, left = padding + r * (h + padding), padding + col * (w + padding)
        grid[top : top + h, left : left + w] = image
    return grid


def save_png(image, path):
    """Saves one uint8 image `[H, W, C]` (C = 1 or 3) as PNG."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    Image.fromarray(image).save(path)


def save_grid(images, path, columns=None):
    """Saves float images in [0, 1] as one PNG grid."""
    save_png(make_grid(to_uint8(images), columns=columns), path)


def save_images(images, path, columns=None, **extra_arrays):
    """Saves float images in [0, 1]: a PNG grid for `.png`, uint8 arrays for `.npz`."""
    ext = os.path.splitext(path)[1].lower()
    if ext == ".png":
        save_grid(images, path, columns=columns)
    elif ext == ".npz":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        np.savez(path, images=to_uint8(images), **extra_arrays)
    else:
        raise ValueError(f"unsupported output {path!r}: use a .png or .npz file name")
