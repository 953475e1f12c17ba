"""`BaseGAN` and one module per model family."""

from models.generation.base_gan import BaseGAN
from models.generation.cgan import CGAN
from models.generation.dcgan import DCGAN
from models.generation.gan import GAN
from models.generation.infogan import InfoGAN
from models.generation.lsgan import LSGAN
from models.generation.ralsgan import RaLSGAN
from models.generation.rasgan import RaSGAN
from models.generation.sn_dcgan import SNDCGAN
from models.generation.wgan import WGAN
from models.generation.wgan_gp import WGANGP

__all__ = ["BaseGAN", "CGAN", "DCGAN", "GAN", "InfoGAN", "LSGAN", "RaLSGAN", "RaSGAN", "SNDCGAN", "WGAN", "WGANGP"]
