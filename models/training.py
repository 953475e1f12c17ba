"""One training run into an output folder: what `main.py train` does."""

import os
import platform
import shutil
import time

import keras

from custom_train_objects.callbacks import LossHistory, QualityMetrics, ResumableCheckpoint, SampleGrid
from datasets import PAIRED_DATASETS, get_dataset, get_paired_dataset, load_arrays, load_pairs
from models import get_model_class
from utils.seeding import set_seed

DATA_LICENCES = {
    "mnist": "MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0.",
    "mnist_sample": "MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0.",
    "facades": "CMP Facade Database (Tylecek and Sara, CTU Prague); no open licence confirmed: research use with "
               "attribution (cite Tylecek & Sara, GCPR 2013); check https://cmp.felk.cvut.cz/~tylecr1/facade/.",
}


def prepare_run_dir(out_dir, resume=False, overwrite=False):
    """Checks the output folder: a previous run is continued or replaced only when asked."""
    checkpoint_dir = os.path.join(out_dir, "checkpoint")
    if resume:
        if not ResumableCheckpoint.exists(checkpoint_dir):
            raise FileNotFoundError(f"--resume: no checkpoint in {checkpoint_dir}; run without --resume to start")
        return checkpoint_dir
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        if not overwrite:
            raise FileExistsError(
                f"{out_dir} already holds a run; pass --resume to continue it, --overwrite to replace it, "
                "or choose another --out"
            )
        shutil.rmtree(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    return checkpoint_dir


def build_model(model_name, overrides, dataset, data_dir=None):
    """A compiled model of `model_name`; image_shape follows the data unless given."""
    cls = get_model_class(model_name)
    hparams = cls.default_hparams().update(**overrides)  # reject bad keys before loading data
    if cls.paired or dataset in PAIRED_DATASETS:
        return build_paired_model(cls, overrides, dataset, data_dir)
    images, labels = load_arrays(dataset, "train", data_dir)
    if "image_shape" not in overrides:
        overrides = {**overrides, "image_shape": list(images.shape[1:])}
    elif list(overrides["image_shape"]) != list(images.shape[1:]):
        raise ValueError(f"image_shape {overrides['image_shape']} does not match the data's {list(images.shape[1:])}")
    if "num_classes" in hparams:
        classes = int(labels.max()) + 1
        if "num_classes" not in overrides:
            overrides = {**overrides, "num_classes": classes}
        elif classes > hparams.num_classes:
            raise ValueError(f"the data has labels up to {classes - 1} but num_classes={hparams.num_classes}")
    set_seed(hparams.seed)
    model = cls(**overrides)
    model.compile()
    return model


def build_paired_model(cls, overrides, dataset, data_dir=None):
    """A compiled image-to-image model; its size comes from its HParams, and the pairs are resized to it."""
    if not cls.paired:
        raise ValueError(f"{dataset} holds image pairs for image-to-image models (pix2pix); {cls.family} trains on "
                         "single images such as --dataset mnist")
    if dataset not in PAIRED_DATASETS:
        raise ValueError(f"{cls.family} trains on image pairs; valid datasets: {', '.join(PAIRED_DATASETS)}")
    hparams = cls.default_hparams().update(**overrides)
    set_seed(hparams.seed)
    model = cls(**overrides)
    load_pairs(dataset, "train", data_dir, model.image_shape[0], model.pair_channels(), limit=1)  # fail early
    model.compile()
    return model


def example_pairs(model, dataset, data_dir=None, count=8):
    """The first `count` held-out pairs (test, else val, else train) as `[sources, targets]` in [-1, 1]."""
    for split in ("test", "val", "train"):
        try:
            a, b = load_pairs(dataset, split, data_dir, model.image_shape[0], model.pair_channels(), limit=count)
        except FileNotFoundError:
            continue
        return model.pairs_to_inputs(a, b)
    raise FileNotFoundError(f"no image pairs found for {dataset}")


def training_data(model, dataset, data_dir, steps_per_epoch):
    """The training `tf.data` pipeline for `model`: single images (with labels) or image pairs."""
    hp = model.hparams
    if model.paired:
        return get_paired_dataset(dataset, "train", batch_size=model.data_batch_size(), data_dir=data_dir,
                                  size=model.image_shape[0], channels=model.pair_channels(), augment=hp.augment,
                                  seed=hp.seed, repeat=steps_per_epoch is not None)
    return get_dataset(dataset, "train", batch_size=model.data_batch_size(), data_dir=data_dir, seed=hp.seed,
                       repeat=steps_per_epoch is not None, with_labels=True)


def train(model_name, dataset="mnist", out_dir="runs/run", epochs=1, overrides=None, data_dir=None,
          steps_per_epoch=None, resume=False, overwrite=False, command=None, verbose="auto", preset_name=None,
          fid_every=0, fid_samples=2000):
    """Trains with `fit` and writes grids, GIF, loss plot, checkpoints and a preset to `out_dir`.

    Returns the trained model.
    """
    checkpoint_dir = prepare_run_dir(out_dir, resume=resume, overwrite=overwrite)
    if resume:
        if overrides:
            raise ValueError("--resume continues a run with its saved hyperparameters; drop the overrides")
        model, state = ResumableCheckpoint.restore(checkpoint_dir)
        initial_epoch, seconds_before = int(state["epoch"]), float(state["seconds"])
        commands = state.get("commands", []) + [command]
    else:
        model = build_model(model_name, dict(overrides or {}), dataset, data_dir)
        initial_epoch, seconds_before, commands = 0, 0.0, [command]
    if model.family != model_name:
        raise ValueError(f"{out_dir} holds a {model.family} run, not {model_name}")
    if epochs < 1:
        raise ValueError(f"--epochs must be at least 1, got {epochs}")
    if initial_epoch > epochs:
        raise ValueError(f"{out_dir} already trained {initial_epoch} epochs; pass --epochs {initial_epoch} to "
                         f"rewrite its preset, or more to train on")
    hp = model.hparams
    seconds = seconds_before
    if model.paired:
        model.example_pairs = example_pairs(model, dataset, data_dir)  # grids and the model card show these
    if initial_epoch == epochs:  # a finished run resumed: only (re)write its preset; this command trained nothing
        commands = commands[:-1]
    else:
        data = training_data(model, dataset, data_dir, steps_per_epoch)
        checkpoint = ResumableCheckpoint(checkpoint_dir, seconds_before=seconds_before,
                                         extra_state={"commands": commands})
        callbacks = [
            keras.callbacks.TerminateOnNaN(),
            SampleGrid(os.path.join(out_dir, "samples"), model.example_pairs if model.paired else model.grid_inputs(),
                       columns=model.grid_columns(),
                       gif_path=os.path.join(out_dir, "progress.gif")),
        ]
        if fid_every:
            if list(hp.image_shape) != [28, 28, 1] or model.paired:
                raise ValueError("--fid-every uses the MNIST classifier's features: it needs 28x28x1 images")
            reference, _ = load_arrays(dataset, "test", data_dir)
            callbacks.append(QualityMetrics(reference[:fid_samples], every=fid_every, num_samples=fid_samples))
        callbacks += [
            LossHistory(os.path.join(out_dir, "history.json"), os.path.join(out_dir, "losses.png")),
            checkpoint,
        ]
        model.fit(data, epochs=epochs, initial_epoch=initial_epoch, steps_per_epoch=steps_per_epoch,
                  callbacks=callbacks, verbose=verbose, shuffle=False)
        if getattr(model, "stop_training", False) and not ResumableCheckpoint.exists(checkpoint_dir):
            raise RuntimeError("training stopped on a NaN loss before the first checkpoint")
        seconds = checkpoint.seconds
    metadata = {
        "preset": preset_name or os.path.basename(os.path.abspath(out_dir)),
        "model": model_name,
        "dataset": f"{dataset} train split" + (f" from {data_dir}" if data_dir else ""),
        "data_licence": DATA_LICENCES.get(dataset, "See the dataset's own terms."),
        "command": " && ".join(c for c in commands if c),
        "epochs": epochs,
        "steps_per_epoch": steps_per_epoch or "all",
        "batch_size": hp.batch_size,
        "seed": hp.seed,
        "wall_time_seconds": round(seconds, 1),
        "hardware": f"{platform.machine()} CPU x{os.cpu_count()}" if not _has_gpu() else "GPU",
    }
    model.save_to_preset(os.path.join(out_dir, "preset"), metadata=metadata)
    return model


def _has_gpu():
    import tensorflow as tf

    return bool(tf.config.list_physical_devices("GPU"))
