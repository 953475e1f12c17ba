"""Shipped presets, one folder each; this dict is the index (no directory scanning)."""

import os

PRESETS_DIR = os.path.dirname(os.path.abspath(__file__))

PRESETS = {
    "dcgan_mnist": "DCGAN (tutorial networks, generator EMA) trained on the 60k MNIST training images (28x28 digits)",
    "wgan_mnist": "WGAN with weight clipping at 0.1 (half-width tutorial generator, generator EMA) on MNIST, fid10k 13.4",
    "wgan_gp_mnist": "WGAN-GP (DCGAN networks, critic without batch norm) trained on the 60k MNIST images",
    "cgan_mnist": "Conditional DCGAN-style GAN (generator EMA) on MNIST: ask for a digit with --labels",
    "gan_mnist": "Vanilla GAN (Goodfellow et al. 2014; MLP generator and discriminator, generator EMA) on MNIST",
    "sn_dcgan_mnist": "SN-DCGAN (SN-GAN standard CNN critic, half-width tutorial generator, generator EMA) on MNIST",
    "lsgan_mnist": "LSGAN (least-squares loss, half-width tutorial generator, generator EMA) on MNIST",
    "ralsgan_mnist": "RaLSGAN (relativistic average least-squares loss, half-width tutorial generator, EMA) on MNIST",
    "infogan_mnist": "InfoGAN on MNIST, trained without labels: pick a digit style with --code, sweep --continuous",
    "srresnet_x4": "SRResNet x4 (16 residual blocks, no batch norm, PSNR-oriented, MSE) trained on facade photo patches",
    "esrgan_psnr_x4": "ESRGAN's RRDB x4 generator (6 blocks, 48 wide), PSNR-oriented phase (L1), facade photo patches",
    "esrgan_x4": "ESRGAN x4 GAN phase (RRDB x6, RaGAN + L1, no VGG term offline) from esrgan_psnr_x4; below bicubic in PSNR",
    "dcgan_cifar10": "DCGAN (the paper's 4x4 stride-2 networks, generator EMA) on the 50k CIFAR-10 training images, 32x32",
    "sn_dcgan_cifar10": "SN-DCGAN (the SN-GAN standard CNN, hinge loss, generator EMA) on CIFAR-10, 32x32; 10k steps",
    "pix2pix_facades": "pix2pix (U-Net capped at 256 wide + 70x70 PatchGAN), facade label map -> photo, 256x256",
}
