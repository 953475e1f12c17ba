"""Reading image files of any size and channel count into model-ready uint8 arrays."""

import os

import numpy as np
from PIL import Image, UnidentifiedImageError

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".bmp")


def list_images(folder):
    """Image files directly in `folder`, sorted by name; other files are ignored."""
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"no such folder: {folder}")
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(IMAGE_EXTENSIONS))
    return [os.path.join(folder, n) for n in names]


def open_image(path):
    """A PIL image, fully decoded; an unreadable file raises ValueError naming it."""
    try:
        with Image.open(path) as image:
            image.load()
            return image.copy()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ValueError(f"cannot read image {path} ({reason}); remove or replace the file") from None


def to_channels(image, channels):
    """A PIL image converted to 1 (grayscale) or 3 (RGB) channels; alpha is composited on white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if channels == 1:
        return image.convert("L")
    if channels == 3:
        return image.convert("RGB")
    raise ValueError(f"channels must be 1 or 3, got {channels}")


def to_array(image, size=None, channels=3):
    """uint8 `[H, W, channels]` of a PIL image, resized (bicubic, antialiased) to `size` x `size` if given."""
    image = to_channels(image, channels)
    if size is not None and image.size != (size, size):
        image = image.resize((size, size), Image.BICUBIC, reducing_gap=None)
    array = np.asarray(image, dtype=np.uint8)
    return array[..., None] if array.ndim == 2 else array


def read_image(path, size=None, channels=3):
    """uint8 `[size, size, channels]` (or the file's own size) of an image file."""
    return to_array(open_image(path), size, channels)


def as_uint8_images(images, channels):
    """An image batch (uint8, or float in [0, 1]; `[N, H, W]` or `[N, H, W, C]`, C = 1, 3 or 4) as uint8 NHWC."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
        raise ValueError(f"expected images [N, H, W, C] with C in 1, 3 or 4, got shape {images.shape}")
    if images.dtype != np.uint8:
        if not np.all(np.isfinite(images)):
            raise ValueError("images contain NaN or infinite values")
        images = np.clip(np.rint(images.astype("float32") * 255.0), 0, 255).astype(np.uint8)
    if images.shape[-1] == 4:  # composite on white, as files with alpha are
        alpha = images[..., 3:].astype("float32") / 255.0
        images = np.rint(images[..., :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
    if images.shape[-1] != channels:
        images = (np.repeat(images, 3, axis=-1) if channels == 3
                  else np.rint(images @ np.array([0.299, 0.587, 0.114])[:, None]).astype(np.uint8))
    return images
