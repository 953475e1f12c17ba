"""The usual super-resolution protocol: HR cropped to a multiple of the scale, LR by bicubic downsampling,
PSNR and SSIM on the Y channel (ITU-R BT.601) with a border of `scale` pixels cut off."""

import numpy as np
import tensorflow as tf
from PIL import Image


def modcrop(image, scale):
    """The top-left part of `image` whose height and width are multiples of `scale`."""
    h, w = image.shape[0] - image.shape[0] % scale, image.shape[1] - image.shape[1] % scale
    return image[:h, :w]


def bicubic_resize(image, height, width):
    """uint8 `[H, W, C]` resized with PIL's antialiased bicubic filter (close to MATLAB's imresize)."""
    channels = image.shape[-1]
    pil = Image.fromarray(image[..., 0] if channels == 1 else image)
    out = np.asarray(pil.resize((width, height), Image.BICUBIC), np.uint8)
    return out[..., None] if out.ndim == 2 else out


def downscale(hr, scale):
    """LR of a (modcropped) HR image: bicubic, antialiased, by `scale`."""
    return bicubic_resize(hr, hr.shape[0] // scale, hr.shape[1] // scale)


def to_y(image):
    """Luma Y of uint8 or [0, 255] RGB, BT.601 as MATLAB's rgb2ycbcr: 16 + (65.481 R + 128.553 G + 24.966 B)/255."""
    image = np.asarray(image, "float64")
    if image.shape[-1] == 1:
        return image[..., 0]
    return 16.0 + (65.481 * image[..., 0] + 128.553 * image[..., 1] + 24.966 * image[..., 2]) / 255.0


def y_psnr_ssim(hr, sr, border):
    """PSNR (dB; inf when equal) and SSIM of two uint8 images' Y channels, `border` pixels cut off each side."""
    a, b = to_y(hr), to_y(np.round(np.clip(sr, 0, 255)))
    if border:
        a, b = a[border:-border, border:-border], b[border:-border, border:-border]
    mse = float(np.mean((a - b) ** 2))
    psnr = float("inf") if mse == 0 else 10.0 * np.log10(255.0**2 / mse)
    ssim = float(tf.image.ssim(tf.constant(a[..., None], tf.float32), tf.constant(b[..., None], tf.float32),
                               max_val=255.0).numpy())
    return psnr, ssim


def evaluate_super_resolution(hr_images, upscale, scale=4):
    """Mean `psnr`, `ssim` of `upscale(lr) -> sr` (uint8 in, uint8 out) and of bicubic upscaling, per protocol."""
    rows = []
    for hr in hr_images:
        hr = modcrop(hr, scale)
        lr = downscale(hr, scale)
        sr = upscale(lr)
        if sr.shape != hr.shape:
            raise ValueError(f"the model made {sr.shape} from {lr.shape}, expected {hr.shape}")
        bicubic = bicubic_resize(lr, hr.shape[0], hr.shape[1])
        rows.append((*y_psnr_ssim(hr, sr, scale), *y_psnr_ssim(hr, bicubic, scale)))
    psnr, ssim, bicubic_psnr, bicubic_ssim = (float(np.mean(col)) for col in zip(*rows))
    return {"psnr": psnr, "ssim": ssim, "bicubic_psnr": bicubic_psnr, "bicubic_ssim": bicubic_ssim,
            "images": len(rows)}
