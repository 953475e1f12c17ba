"""Builders returning functional `keras.Model` graphs, one file per family."""

from custom_architectures.dcgan import build_dcgan_discriminator, build_dcgan_generator
from custom_architectures.gan import build_gan_discriminator, build_gan_generator

__all__ = [
    "build_dcgan_discriminator",
    "build_dcgan_generator",
    "build_gan_discriminator",
    "build_gan_generator",
]
