"""Image-to-image families: a source image in, a target image out (pix2pix; SRGAN and ESRGAN next)."""

from models.image_to_image.base import ImageToImageGAN
from models.image_to_image.pix2pix import Pix2Pix

__all__ = ["ImageToImageGAN", "Pix2Pix"]
