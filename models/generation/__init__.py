"""`BaseGAN` and one module per model family."""

from models.generation.base_gan import BaseGAN
from models.generation.dcgan import DCGAN
from models.generation.gan import GAN

__all__ = ["BaseGAN", "DCGAN", "GAN"]
