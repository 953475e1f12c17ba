"""One training run into an output folder: what `main.py train` does."""

import os
import shutil

from custom_train_objects.callbacks import (GeneratorEMA, LinearLearningRateDecay, LossHistory, QualityMetrics,
                                           ResumableCheckpoint, SampleGrid, StopOnNonFinite)
from datasets import PAIRED_DATASETS, load_arrays, load_pairs
from datasets.replay import batches_per_epoch, image_batches, pair_batches
from datasets.super_resolution import SR_DATASETS, load_hr_images, sr_batches, sr_examples
from models import get_model_class
from models.presets import init_generator as init_generator_from
from models.run_folder import check_run_dir, checkpoint_dir, read_run, start_run_dir
from utils.distribute import hardware, is_chief, make_strategy
from utils.files import make_temp_dir
from utils.precision import DEFAULT_PRECISION, precision_scope
from utils.seeding import set_seed


class TrainingDiverged(ValueError):
    """A loss or weight became NaN or infinite; the message says where and what was kept."""

DATA_LICENCES = {
    "mnist": "MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0.",
    "mnist_sample": "MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0.",
    "fashion_mnist": "Fashion-MNIST (Zalando SE), MIT.",
    "cifar10": "CIFAR-10 (Krizhevsky, Nair, Hinton); no explicit licence: cite Krizhevsky 2009.",
    "images": "Your own images: their licence applies.",
    "facades": "CMP Facade Database (Tylecek and Sara, CTU Prague); no open licence confirmed: research use with "
               "attribution (cite Tylecek & Sara, GCPR 2013); check https://cmp.felk.cvut.cz/~tylecr1/facade/.",
}


JIT_CHOICES = {"auto": "auto", "on": True, "off": False}


def build_model(model_name, overrides, dataset, data_dir=None, jit_compile="auto", data_options=None):
    """A compiled model of `model_name`; image_shape follows the data unless given."""
    cls = get_model_class(model_name)
    hparams = cls.default_hparams().update(**overrides)  # reject bad keys before loading data
    if cls.paired or dataset in PAIRED_DATASETS:
        return build_paired_model(cls, overrides, dataset, data_dir, jit_compile)
    images, labels = load_arrays(dataset, "train", data_dir, data_options)
    if "image_shape" not in overrides:
        overrides = {**overrides, "image_shape": list(images.shape[1:])}
    elif list(overrides["image_shape"]) != list(images.shape[1:]):
        raise ValueError(f"image_shape {overrides['image_shape']} does not match the data's {list(images.shape[1:])}")
    if "num_classes" in hparams:
        if len(set(labels.tolist())) < 2:
            raise ValueError(f"{model_name} needs class labels, and {dataset} has one class"
                             + (": pass --labels-from-folders with one sub-folder per class" if dataset == "images"
                                else ""))
        classes = int(labels.max()) + 1
        if labels.min() < 0 or len(set(labels.tolist())) < classes // 2:
            raise ValueError(f"the data's labels must be class ids 0..K-1; found {len(set(labels.tolist()))} "
                             f"distinct labels from {int(labels.min())} to {classes - 1}")
        if "num_classes" not in overrides:
            overrides = {**overrides, "num_classes": classes}
        elif classes > hparams.num_classes:
            raise ValueError(f"the data has labels up to {classes - 1} but num_classes={hparams.num_classes}")
    set_seed(hparams.seed)
    model = cls(**overrides)
    model.compile(jit_compile=JIT_CHOICES[jit_compile])
    return model


def build_paired_model(cls, overrides, dataset, data_dir=None, jit_compile="auto"):
    """A compiled image-to-image model; its size comes from its HParams, and the pairs are resized to it."""
    if not cls.paired:
        raise ValueError(f"{dataset} holds image pairs for image-to-image models (pix2pix); {cls.family} trains on "
                         "single images such as --dataset mnist")
    if getattr(cls, "super_resolution", False):
        if dataset not in SR_DATASETS:
            raise ValueError(f"{cls.family} trains on high-resolution images; valid datasets: {', '.join(SR_DATASETS)}")
        set_seed(cls.default_hparams().update(**overrides).seed)
        model = cls(**overrides)
        load_hr_images(dataset, data_dir)  # fail early
        model.compile(jit_compile=JIT_CHOICES[jit_compile])
        return model
    if dataset not in PAIRED_DATASETS:
        raise ValueError(f"{cls.family} trains on image pairs; valid datasets: {', '.join(PAIRED_DATASETS)}")
    hparams = cls.default_hparams().update(**overrides)
    set_seed(hparams.seed)
    model = cls(**overrides)
    load_pairs(dataset, "train", data_dir, model.image_shape[0], model.pair_channels(), limit=1)  # fail early
    model.compile(jit_compile=JIT_CHOICES[jit_compile])
    return model


def example_pairs(model, dataset, data_dir=None, count=8):
    """The first `count` held-out pairs (test, else val, else train) as `[sources, targets]` in [-1, 1]."""
    if getattr(model, "super_resolution", False):
        return sr_examples(dataset, data_dir, model.image_shape[0], model.scale, count=4)
    for split in ("test", "val", "train"):
        try:
            a, b = load_pairs(dataset, split, data_dir, model.image_shape[0], model.pair_channels(), limit=count)
        except FileNotFoundError:
            continue
        return model.pairs_to_inputs(a, b)
    raise FileNotFoundError(f"no image pairs found for {dataset}")


def training_arrays(model, dataset, data_dir=None, data_options=None):
    """The training split as uint8 arrays: `(images, labels)`, or `(A, B)` pairs at the model's size."""
    if getattr(model, "super_resolution", False):
        return (load_hr_images(dataset, data_dir, model.image_shape[-1]),)
    if model.paired:
        return load_pairs(dataset, "train", data_dir, model.image_shape[0], model.pair_channels())
    return load_arrays(dataset, "train", data_dir, data_options)


def training_batches(model, arrays, start_batch=0):
    """The replayable training stream for `model` (see `datasets.replay`), from batch `start_batch`."""
    hp = model.hparams
    if getattr(model, "super_resolution", False):
        return sr_batches(arrays[0], hp.image_shape[0], hp.scale, model.data_batch_size(), hp.seed, start_batch)
    if model.paired:
        return pair_batches(*arrays, model.data_batch_size(), hp.seed, augment=hp.augment, start_batch=start_batch)
    return image_batches(*arrays, model.data_batch_size(), hp.seed, start_batch=start_batch)


def check_train_args(epochs, steps_per_epoch=None, fid_every=0, overrides=None):
    if epochs < 1:
        raise ValueError(f"--epochs must be at least 1, got {epochs}")
    decay = (overrides or {}).get("lr_decay_epochs", 0)
    if decay > epochs:
        raise ValueError(f"lr_decay_epochs={decay} is more than --epochs {epochs}; decay over at most the run's epochs")
    if steps_per_epoch is not None and steps_per_epoch < 1:
        raise ValueError(f"--steps-per-epoch must be at least 1, got {steps_per_epoch}; leave it out for one pass "
                         "over the data per epoch")
    if fid_every < 0:
        raise ValueError(f"--fid-every must be 0 (off) or a positive epoch interval, got {fid_every}")


# Settings a resume may change: a learning-rate decay of epochs still to come.
SCHEDULE_KEYS = ("lr_decay_epochs",)


def resume_model(out_dir, model_name, run, overrides, dataset, data_dir, jit_compile="auto", data_options=None,
                 epochs=None):
    """`(model, state)` of a run to continue: its checkpoint, or a fresh start when it was killed before one.

    Hyperparameters are the run's own, but for `lr_decay_epochs`: a resume may set
    it on a run trained at a constant rate when the decay starts no earlier than
    the run's next epoch, so the run is one an uninterrupted run with that setting
    would have trained.
    """
    folder = checkpoint_dir(out_dir)
    if ResumableCheckpoint.exists(folder):
        model, state = ResumableCheckpoint.restore(folder)
        if jit_compile != "auto":  # the same optimizers, so their state carries over
            model.compile(g_optimizer=model.g_optimizer, d_optimizer=model.d_optimizer, loss=model.loss_fn,
                          jit_compile=JIT_CHOICES[jit_compile])
    else:  # killed during its first epoch: start it again with its recorded settings
        model = build_model(model_name, dict(run.get("overrides", {})), dataset, data_dir, jit_compile, data_options)
        state = {}
    if model.family != model_name:
        raise ValueError(f"{out_dir} holds a {model.family} run, not {model_name}")
    changed = {k: v for k, v in overrides.items() if k not in model.hparams or model.hparams[k] != v}
    schedule = {k: changed.pop(k) for k in SCHEDULE_KEYS if k in changed}
    if schedule:
        if model.hparams.lr_decay_epochs:  # its decay may have begun: this run's past rates would not be the new ones
            raise ValueError(f"--resume can add a learning-rate decay only to a run trained at a constant rate; "
                             f"{out_dir} has lr_decay_epochs={model.hparams.lr_decay_epochs}: drop the flag")
        model.hparams = model.hparams.update(**schedule)
        done, decay = int(state.get("epoch", 0)), model.hparams.lr_decay_epochs
        if epochs is not None and decay and epochs - decay < done:
            raise ValueError(f"lr_decay_epochs={decay} with --epochs {epochs} starts the decay at epoch "
                             f"{epochs - decay}, before this run's epoch {done}; use at most {epochs - done}")
    if changed:
        key = sorted(changed)[0]
        raise ValueError(f"--resume keeps the run's hyperparameters: {key} is {model.hparams.get(key)!r} in "
                         f"{out_dir}, not {changed[key]!r}; drop the flag or start a new run")
    return model, state


def train(model_name, dataset=None, out_dir="runs/run", epochs=1, overrides=None, data_dir=None,
          steps_per_epoch=None, resume=False, overwrite=False, command=None, verbose="auto", preset_name=None,
          fid_every=None, fid_samples=2000, precision=None, jit_compile=None, strategy=None, data_options=None,
          init_generator=None):
    """Trains with `fit` and writes grids, GIF, loss plot, checkpoints and a preset to `out_dir`.

    Every input is checked before anything in `out_dir` is written or deleted.
    A resumed run replays the same batches and random draws as an uninterrupted
    one, with the precision, XLA, strategy and `fid_every` settings it was started
    with unless given (`fid_every=None`: the run's own, off for a new run; 0: off).
    In a multi-worker run only the chief writes `out_dir`. `init_generator` (a
    preset or run folder of the same family and architecture) sets the generator's
    starting weights of a new run.
    Returns the trained model.
    """
    overrides = dict(overrides or {})
    check_train_args(epochs, steps_per_epoch, fid_every or 0, overrides)
    if jit_compile is not None and jit_compile not in JIT_CHOICES:
        raise ValueError(f"unknown --jit-compile {jit_compile!r}; valid: {', '.join(JIT_CHOICES)}")
    if is_chief():  # other workers of a multi-worker run read out_dir and write nowhere
        check_run_dir(out_dir, resume=resume, overwrite=overwrite)
    run = read_run(out_dir) if resume else {}
    fid_every = run.get("fid_every", 0) if fid_every is None else fid_every
    if init_generator and resume:
        raise ValueError("--init-generator starts a new run; a resumed run continues from its own checkpoint")
    speed = {"precision": precision or run.get("precision") or DEFAULT_PRECISION,
             "jit_compile": jit_compile or run.get("jit_compile") or "auto",
             "strategy": strategy or run.get("strategy") or "auto"}
    distribution = make_strategy(speed["strategy"])
    with precision_scope(speed["precision"]) as policy, distribution.scope():
        data = {"dataset": dataset or run.get("dataset") or "mnist", "data_dir": data_dir or run.get("data_dir"),
                "data_options": data_options or run.get("data_options") or {}}
        return _train(model_name, data, out_dir, epochs, overrides, steps_per_epoch or run.get("steps_per_epoch"),
                      resume, overwrite, command, verbose, preset_name, fid_every, fid_samples, run,
                      {**speed, "policy": policy, "replicas": distribution.num_replicas_in_sync}, init_generator)


def _train(model_name, data, out_dir, epochs, overrides, steps_per_epoch, resume, overwrite, command,
           verbose, preset_name, fid_every, fid_samples, run, speed, init_from=None):
    dataset, data_dir, data_options = data["dataset"], data["data_dir"], data["data_options"]
    chief = is_chief()
    write_dir = out_dir if chief else make_temp_dir(None, "gan_zoo_worker_")  # non-chief workers write nowhere
    if resume:
        model, state = resume_model(out_dir, model_name, run, overrides, dataset, data_dir, speed["jit_compile"],
                                    data_options, epochs)
    else:
        model, state = build_model(model_name, overrides, dataset, data_dir, speed["jit_compile"], data_options), {}
    initialised_from = init_generator_from(model, init_from) if init_from else run.get("initialised_from")
    initial_epoch, seconds = int(state.get("epoch", 0)), float(state.get("seconds", 0.0))
    commands = state.get("commands", run.get("commands", [])) + [command]
    if initial_epoch > epochs:
        raise ValueError(f"{out_dir} already trained {initial_epoch} epochs; pass --epochs {initial_epoch} to "
                         f"rewrite its preset, or more to train on")
    hp = model.hparams
    if fid_every and (list(hp.image_shape) != [28, 28, 1] or model.paired):
        raise ValueError("--fid-every uses the MNIST classifier's features: it needs 28x28x1 images")
    if model.paired:
        model.example_pairs = example_pairs(model, dataset, data_dir)  # grids and the model card show these
    if initial_epoch == epochs:  # a finished run resumed: only (re)write its preset; this command trained nothing
        commands = commands[:-1]
        if resume:
            ResumableCheckpoint(checkpoint_dir(out_dir)).prune()  # a kill may have come before the last prune
    else:
        arrays = training_arrays(model, dataset, data_dir, data_options)
        steps = steps_per_epoch or batches_per_epoch(len(arrays[0]), model.data_batch_size())
        start_batch = int(state.get("batches", initial_epoch * steps))
        reference = load_arrays(dataset, "test", data_dir)[0][:fid_samples] if fid_every else None
        if not resume and chief:
            start_run_dir(out_dir, {"model": model_name, "dataset": dataset, "data_dir": data_dir,
                                    "data_options": data_options,
                                    "steps_per_epoch": steps_per_epoch, "overrides": overrides,
                                    "fid_every": fid_every,
                                    "commands": [command], "precision": speed["policy"],
                                    "jit_compile": speed["jit_compile"], "strategy": speed["strategy"],
                                    "initialised_from": initialised_from},
                          overwrite=overwrite)
        seconds = fit_run(model, write_dir, training_batches(model, arrays, start_batch), epochs, initial_epoch, steps,
                          seconds, start_batch, commands, verbose, fid_every, reference)
    metadata = {
        "preset": preset_name or os.path.basename(os.path.abspath(out_dir)),
        "model": model_name,
        "dataset": f"{dataset} train split" + (f" from {data_dir}" if data_dir else "")
                   + (f" ({', '.join(f'{k}={v}' for k, v in sorted(data_options.items()))})" if data_options else ""),
        "data_licence": DATA_LICENCES.get(dataset, "See the dataset's own terms."),
        "command": " && ".join(c for c in commands if c),
        "epochs": epochs,
        "steps_per_epoch": steps_per_epoch or "all",
        "batch_size": hp.batch_size,
        "seed": hp.seed,
        "wall_time_seconds": round(seconds, 1),
        "hardware": hardware(),
        "precision": speed["policy"],
        "jit_compile": speed["jit_compile"],
        "strategy": f"{speed['strategy']} ({speed['replicas']} replica(s))",
    }
    if initialised_from:
        metadata["initialised_from"] = initialised_from
    if chief:
        model.save_to_preset(os.path.join(out_dir, "preset"), metadata=metadata)
    else:
        shutil.rmtree(write_dir, ignore_errors=True)
    return model


def fit_run(model, out_dir, data, epochs, initial_epoch, steps, seconds, start_batch, commands, verbose, fid_every,
            reference):
    """Runs `fit` with the run folder's callbacks; returns the run's training seconds so far."""
    checkpoint = ResumableCheckpoint(checkpoint_dir(out_dir), seconds_before=seconds,
                                     extra_state={"commands": commands}, steps_per_epoch=steps,
                                     batches_before=start_batch)
    guard = StopOnNonFinite()
    callbacks = [
        guard,
        *([GeneratorEMA(model.hparams.ema_decay)] if model.ema_generator is not None else []),
        *([LinearLearningRateDecay(epochs, model.hparams.lr_decay_epochs)] if model.hparams.get("lr_decay_epochs") else []),
        SampleGrid(os.path.join(out_dir, "samples"), model.example_pairs if model.paired else model.grid_inputs(),
                   columns=model.grid_columns(), gif_path=os.path.join(out_dir, "progress.gif")),
    ]
    if fid_every:
        callbacks.append(QualityMetrics(reference, every=fid_every, num_samples=len(reference)))
    callbacks += [LossHistory(os.path.join(out_dir, "history.json"), os.path.join(out_dir, "losses.png")), checkpoint]
    model.fit(data, epochs=epochs, initial_epoch=initial_epoch, steps_per_epoch=steps, callbacks=callbacks,
              verbose=verbose, shuffle=False)
    if guard.found:
        kept = ResumableCheckpoint.checkpoints(checkpoint_dir(out_dir))
        where = f"the last good checkpoint ({os.path.basename(kept[0])}) is kept" if kept else "no checkpoint was made"
        raise TrainingDiverged(f"{guard.found} in {out_dir}; {where} and no preset was written; lower --lr or "
                               "change the hyperparameters")
    return checkpoint.seconds
