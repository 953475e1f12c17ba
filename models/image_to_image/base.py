"""`ImageToImageGAN`: the shared base of pix2pix and the super-resolution families."""

import keras
import numpy as np
import tensorflow as tf
from PIL import Image

from models.generation.base_gan import BaseGAN
from utils.image_files import as_uint8_images, to_array

DIRECTIONS = ("AtoB", "BtoA")


class ImageToImageGAN(BaseGAN):
    """A GAN whose generator maps a source image to a target image; there is no latent.

    Batches are `(A, B)` pairs; the `direction` HParam picks the source. The
    real batch's condition is its source image: `sample_fake` translates it and
    `critic` shows it to the discriminator beside the (real or fake) target.
    `call(source)` is the generator, `translate(images)` the sampling API, and
    the SavedModel's `serve` maps a source batch in [-1, 1] to images in [-1, 1].
    Subclasses add the content term in `generator_objective`.
    """

    paired = True
    card_example_pairs = 4  # pairs the model card shows, input | output | truth

    def __init__(self, name=None, **hparams):
        self.example_pairs = None  # (sources, targets) in [-1, 1] for grids and cards; set by training
        super().__init__(name=name, **hparams)

    @property
    def source_shape(self):
        """`(H, W, C)` of the generator's input."""
        return (*self.image_shape[:2], self.hparams.source_channels)

    def pair_channels(self):
        """Channels of A and of B in the dataset's pairs, by `direction`."""
        source, target = self.hparams.source_channels, self.image_shape[-1]
        return (source, target) if self.hparams.direction == "AtoB" else (target, source)

    def pairs_to_inputs(self, a, b):
        """uint8 `(A, B)` arrays -> `[sources, targets]` in [-1, 1], by `direction`."""
        a, b = (np.asarray(x, "float32") / 127.5 - 1.0 for x in (a, b))
        return [a, b] if self.hparams.direction == "AtoB" else [b, a]

    def example_inputs(self, n):
        return tf.zeros((n, *self.source_shape))

    def split_batch(self, data):
        a, b, _ = keras.utils.unpack_x_y_sample_weight(data)
        if b is None:
            raise ValueError(f"{self.family} trains on (A, B) image pairs; use datasets.get_paired_dataset")
        a, b = tf.convert_to_tensor(a), tf.convert_to_tensor(b)  # eager train_on_batch passes NumPy arrays
        source, target = (a, b) if self.hparams.direction == "AtoB" else (b, a)
        return target, source

    def sample_fake(self, batch_size, training=True, condition=None):
        return self.generator(condition, training=training), condition

    def critic(self, images, condition=None, training=True):
        return self.discriminator([condition, images], training=training)

    # -- sampling ----------------------------------------------------------
    def generate(self, num_images, labels=None, seed=None, batch_size=256, codes=None):
        raise ValueError(f"{self.family} has no latent to sample: translate images with model.translate(images) "
                         f"or `python main.py translate`")

    def prepare_sources(self, images):
        """Any image batch (uint8 or float in [0, 1], any size, 1/3/4 channels) as the generator's input."""
        height, width, channels = self.source_shape
        images = as_uint8_images(images, channels)
        if images.shape[1:3] != (height, width):
            images = np.stack([to_array(Image.fromarray(image.squeeze(-1) if channels == 1 else image), height,
                                        channels) for image in images])
        return images.astype("float32") / 127.5 - 1.0

    def recalibration_inputs(self, batches, batch_size=8, seed=4321):
        if self.example_pairs is None:
            return []
        sources = np.asarray(self.example_pairs[0])
        return [[sources[i * batch_size : (i + 1) * batch_size]] for i in range(batches)
                if len(sources[i * batch_size : (i + 1) * batch_size])]

    def reseed(self, seed):
        """Restarts every random layer of the generator (sampling-time dropout) from `seed`."""
        layers = [layer for layer in self.generator.layers if hasattr(layer, "seed_generator")]
        for i, layer in enumerate(layers):
            state = layer.seed_generator.state
            state.assign(np.array([seed, i], dtype=state.dtype.name if hasattr(state.dtype, "name") else state.dtype))

    def translate(self, images, batch_size=8, seed=None):
        """Outputs float32 `[N, H, W, C]` in [0, 1] for source images of any size.

        Args:
            images: array `[N, H, W]` or `[N, H, W, C]` (C = 1, 3 or 4), uint8 or
                float in [0, 1]; resized to the model's input size.
            batch_size: int. Generator batch size. Defaults to 8.
            seed: int or None. Restarts the sampling-time dropout noise, so the
                same seed gives the same outputs. Defaults to None (continue).
        """
        if seed is not None:
            self.reseed(seed)
        return self.images_from_inputs([self.prepare_sources(images)], batch_size)

    def grid_images(self, inputs):
        """`inputs = [sources, targets]` in [-1, 1] -> input | output | truth triplets in [0, 1]."""
        sources, targets = (np.asarray(x, "float32") for x in inputs)
        outputs = self.images_from_inputs([sources], batch_size=8)
        to_unit = lambda x: np.clip((x + 1.0) / 2.0, 0.0, 1.0)  # noqa: E731
        images = [to_unit(sources), outputs, to_unit(targets)]
        channels = max(x.shape[-1] for x in images)
        images = [np.repeat(x, channels // x.shape[-1], axis=-1) for x in images]
        return np.stack(images, axis=1).reshape(-1, *images[1].shape[1:])

    def grid_columns(self):
        return 6  # two input | output | truth triplets per row

    def card_grids(self):
        def make_images():
            if self.example_pairs is None:
                return None
            sources, targets = self.example_pairs
            n = self.card_example_pairs
            return self.grid_images([sources[:n], targets[:n]])

        return [("examples.png", "Input | output | truth for held-out pairs (left to right, two per row).",
                 self.grid_columns(), make_images)]

    metrics_note = ("L1, PSNR and SSIM of the outputs against the true targets of the test split, images in [0, 1] "
                    "(`python main.py evaluate PRESET`); `baseline_*` are the same numbers for the mean training "
                    "target, one image for every input.")

    def card_python_usage(self):
        return "outputs = model.translate(images)  # images: [N, H, W, C], any size; float32 [0, 1] out"

    def card_command_lines(self, name):
        return [f"python main.py translate {name} --input input.png --out output.png",
                f"python main.py translate {name} --input inputs/ --out outputs/ --no-dropout",
                f"python main.py evaluate {name}"]

    def serving_signature(self):
        return [tf.TensorSpec((None, *self.source_shape), tf.float32, name="images")]
