"""PSNR and SSIM for paired image models (pix2pix, SRGAN, ESRGAN), via `tf.image`."""

import numpy as np
import tensorflow as tf

from custom_train_objects.metrics.feature_networks import to_unit_range


def psnr(reference, images):
    """Mean peak signal-to-noise ratio in dB of images in [0, 1] (or uint8); inf when equal."""
    a, b = to_unit_range(reference), to_unit_range(images)
    if a.shape != b.shape:
        raise ValueError(f"PSNR needs images of one shape, got {a.shape} and {b.shape}")
    return float(np.mean(tf.image.psnr(a, b, max_val=1.0).numpy()))


def ssim(reference, images):
    """Mean structural similarity (Wang et al. 2004; 11x11 Gaussian window) of images in [0, 1]."""
    a, b = to_unit_range(reference), to_unit_range(images)
    if a.shape != b.shape:
        raise ValueError(f"SSIM needs images of one shape, got {a.shape} and {b.shape}")
    return float(np.mean(tf.image.ssim(a, b, max_val=1.0).numpy()))


def pair_metrics(reference, images):
    """`{"l1", "psnr", "ssim"}` of images against references, float in [0, 1] `[N, H, W, C]`, means over images."""
    reference, images = np.asarray(reference, "float32"), np.asarray(images, "float32")
    if reference.shape != images.shape:
        raise ValueError(f"shapes differ: reference {reference.shape}, images {images.shape}")
    return {"l1": float(np.mean(np.abs(reference - images))), "psnr": psnr(reference, images),
            "ssim": ssim(reference, images)}
