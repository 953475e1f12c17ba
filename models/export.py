"""Export a generator as a TensorFlow SavedModel that serves without this repository."""

import os

import keras

from utils.files import atomic_directory


def export_generator(model, path, overwrite=False):
    """Writes a SavedModel with a `serve` endpoint: the generator's inputs -> images in [-1, 1].

    The endpoint's inputs are `model.serving_signature()` (the latent batch, plus
    labels or codes for conditional families). The archive tracks only the
    generator, so loading it needs TensorFlow and nothing of this project.
    """
    if os.path.exists(path) and os.listdir(path) and not overwrite:
        raise FileExistsError(f"{path} already exists and is not empty; choose a new --out or remove it")
    signature = model.serving_signature()
    generator = model.sampling_generator  # the EMA copy when the model has one

    def serve(*inputs):
        inputs = inputs[0] if len(inputs) == 1 else list(inputs)
        return generator(inputs, training=False)

    archive = keras.export.ExportArchive()
    archive.track(generator)
    archive.add_endpoint(name="serve", fn=serve, input_signature=signature)
    with atomic_directory(path, overwrite=True) as tmp:
        archive.write_out(tmp, verbose=False)
    return path
