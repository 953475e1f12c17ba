"""Image-to-image families: a source image in, a target image out (pix2pix, SRGAN, ESRGAN)."""

from models.image_to_image.base import ImageToImageGAN
from models.image_to_image.pix2pix import Pix2Pix
from models.image_to_image.super_resolution import ESRGAN, SRGAN, SuperResolutionGAN

__all__ = ["ESRGAN", "ImageToImageGAN", "Pix2Pix", "SRGAN", "SuperResolutionGAN"]
