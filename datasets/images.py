"""A folder of the user's own images: any size and format, centre-cropped and resized to one square size."""

import os
import sys

import numpy as np
from PIL import Image

from datasets.mnist import DatasetNotFoundError
from utils.image_files import IMAGE_EXTENSIONS, open_image, to_channels


def find_images(data_dir):
    """Every image file under `data_dir` (recursively), sorted by path."""
    found = []
    for root, dirs, files in os.walk(data_dir):
        dirs.sort()
        found += [os.path.join(root, n) for n in sorted(files) if n.lower().endswith(IMAGE_EXTENSIONS)]
    return found


def square_resize(image, size, channels):
    """Centre crop to a square, then an antialiased resize to `size` x `size`; uint8 `[size, size, channels]`."""
    image = to_channels(image, channels)
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    image = image.crop((left, top, left + side, top + side))
    if side != size:
        image = image.resize((size, size), Image.LANCZOS)
    array = np.asarray(image, np.uint8)
    return array[..., None] if array.ndim == 2 else array


def load_image_folder(data_dir, image_size=64, channels=3, labels_from_folders=False, skip_bad_images=False):
    """`(images uint8 [N, S, S, C], labels int32 [N])` of every image under `data_dir`.

    With `labels_from_folders`, each first-level sub-folder is a class (sorted names ->
    0, 1, ...); otherwise every label is 0. Unreadable files stop the load with one
    line naming them, unless `skip_bad_images` (then they are skipped, and counted on stderr).
    """
    if not data_dir:
        raise DatasetNotFoundError("--dataset images needs --data-dir DIR, a folder of images (png, jpg, webp, bmp)")
    if not os.path.isdir(data_dir):
        raise DatasetNotFoundError(f"--data-dir {data_dir} does not exist; give a folder of images")
    if channels not in (1, 3):
        raise ValueError(f"--channels must be 1 or 3, got {channels}")
    if not 8 <= image_size <= 1024:
        raise ValueError(f"--image-size must be between 8 and 1024, got {image_size}")
    paths = find_images(data_dir)
    if not paths:
        raise DatasetNotFoundError(f"{data_dir} holds no images ({', '.join(IMAGE_EXTENSIONS)})")
    classes = {}
    if labels_from_folders:
        classes = {name: i for i, name in enumerate(sorted(
            d for d in os.listdir(data_dir) if os.path.isdir(os.path.join(data_dir, d))))}
        loose = [p for p in paths if os.path.dirname(p) == os.path.abspath(data_dir) or
                 os.path.dirname(os.path.relpath(p, data_dir)) == ""]
        if loose or len(classes) < 2:
            raise ValueError(f"--labels-from-folders needs images in at least two class sub-folders of {data_dir}"
                             + (f"; {os.path.basename(loose[0])} lies directly in it" if loose else ""))
    images, labels, bad = [], [], []
    for path in paths:
        try:
            images.append(square_resize(open_image(path), image_size, channels))
        except ValueError as error:
            bad.append((path, str(error)))
            continue
        labels.append(classes[os.path.relpath(path, data_dir).split(os.sep)[0]] if labels_from_folders else 0)
    if bad and not skip_bad_images:
        names = ", ".join(os.path.relpath(p, data_dir) for p, _ in bad[:3]) + (" ..." if len(bad) > 3 else "")
        raise ValueError(f"{len(bad)} unreadable image(s) in {data_dir}: {names}; fix or remove them, or pass "
                         "--skip-bad-images")
    if bad:
        print(f"warning: skipped {len(bad)} unreadable image(s) in {data_dir}, e.g. {bad[0][0]}", file=sys.stderr)
    if not images:
        raise DatasetNotFoundError(f"{data_dir} holds no readable images")
    return np.stack(images), np.asarray(labels, "int32")
