"""The model zoo: families by name, and the presets shipped with it.

Example:

```python
from models import load_preset
images = load_preset("dcgan_mnist").generate(16, seed=0)
```
"""

from models.generation import CGAN, DCGAN, GAN, InfoGAN, LSGAN, SNDCGAN, WGAN, WGANGP, BaseGAN, RaLSGAN, RaSGAN
from models.image_to_image import ESRGAN, SRGAN, ImageToImageGAN, Pix2Pix
from models.presets import PresetError, list_presets, load_preset

# name used on the command line -> class; written out, never discovered.
MODELS = {
    "gan": GAN,
    "dcgan": DCGAN,
    "wgan": WGAN,
    "wgan_gp": WGANGP,
    "sn_dcgan": SNDCGAN,
    "lsgan": LSGAN,
    "ralsgan": RaLSGAN,
    "rasgan": RaSGAN,
    "cgan": CGAN,
    "infogan": InfoGAN,
    "pix2pix": Pix2Pix,
    "srgan": SRGAN,
    "esrgan": ESRGAN,
}


def get_model_class(name):
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; valid models: {', '.join(MODELS)}")
    return MODELS[name]


__all__ = ["BaseGAN", "CGAN", "DCGAN", "ESRGAN", "GAN", "SRGAN", "ImageToImageGAN", "InfoGAN", "LSGAN", "MODELS", "Pix2Pix", "RaLSGAN", "RaSGAN", "SNDCGAN", "WGAN", "WGANGP", "PresetError", "get_model_class", "list_presets", "load_preset"]
