"""Presets: a folder with config, weights, metadata, model card and SHA256SUMS."""

import datetime
import json
import os
import shutil
import warnings

import keras
import tensorflow as tf

from pretrained_models import PRESETS, PRESETS_DIR
from utils.files import (atomic_directory, atomic_write_json, read_json, resolve_model_source, sha256_file,
                         verify_checksums, write_checksums)
from utils.images import save_grid

FORMAT_VERSION = 1
GENERATOR_WEIGHTS = "generator.weights.h5"
DISCRIMINATOR_WEIGHTS = "discriminator.weights.h5"
EMA_WEIGHTS = "generator_ema.weights.h5"


class PresetError(ValueError):
    """A preset that is unknown, incomplete, or fails its checksums."""


def list_presets():
    """Shipped presets: `{name: one-line description}`."""
    return dict(PRESETS)


def resolve_preset(name_or_dir):
    """The folder of a shipped preset name, or of a preset path."""
    if os.path.isfile(os.path.join(str(name_or_dir), "config.json")):
        return str(name_or_dir)
    if name_or_dir in PRESETS:
        return os.path.join(PRESETS_DIR, name_or_dir)
    if os.path.isdir(str(name_or_dir)):
        raise PresetError(f"{name_or_dir} is not a preset folder (no config.json); point to a folder saved by save_to_preset")
    raise PresetError(f"unknown preset {name_or_dir!r}; valid presets: {', '.join(PRESETS)} (or a preset folder path)")


def save_preset(model, preset_dir, metadata=None, save_discriminator=True, overwrite=True):
    """Writes `model` as a preset folder, atomically: a crash leaves no half preset."""
    from models import MODELS

    if type(model) not in MODELS.values():
        raise PresetError(f"{type(model).__name__} is not a registered model; add it to models.MODELS")
    with atomic_directory(preset_dir, overwrite=overwrite) as tmp:
        config = {"format_version": FORMAT_VERSION, "class_name": type(model).__name__, "config": model.get_config()}
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
        model.generator.save_weights(os.path.join(tmp, GENERATOR_WEIGHTS))
        if model.ema_generator is not None:
            model.ema_generator.save_weights(os.path.join(tmp, EMA_WEIGHTS))
        if save_discriminator:
            model.discriminator.save_weights(os.path.join(tmp, DISCRIMINATOR_WEIGHTS))
        meta = dict(metadata or {})
        meta.setdefault("created", datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"))
        meta["keras_version"] = keras.__version__
        meta["tensorflow_version"] = tf.__version__
        with open(os.path.join(tmp, "metadata.json"), "w") as f:
            json.dump(meta, f, indent=2, sort_keys=True)
        for filename, _, columns, make_images in model.card_grids():
            images = make_images()
            if images is not None:  # None: nothing to show now (an image-to-image model without example pairs)
                save_grid(images, os.path.join(tmp, filename), columns=columns)
        from models.model_card import write_model_card

        write_model_card(model, tmp, meta)
        write_checksums(tmp)
    return preset_dir


def load_preset(name_or_dir, load_discriminator=True):
    """Builds the preset's model and loads its weights, after checking every checksum."""
    from models import MODELS

    folder = resolve_preset(name_or_dir)
    try:
        verify_checksums(folder, required=("config.json", GENERATOR_WEIGHTS))
    except ValueError as error:
        raise PresetError(str(error)) from None
    config_path = os.path.join(folder, "config.json")
    config = read_json(config_path)
    classes = {cls.__name__: cls for cls in MODELS.values()}
    if not isinstance(config, dict) or not isinstance(config.get("config"), dict):
        raise PresetError(f"{config_path} must be a JSON object with 'class_name' and a 'config' object; re-save "
                          "the preset")
    if config.get("class_name") not in classes:
        raise PresetError(f"{config_path} names an unknown class {config.get('class_name')!r}")
    try:
        model = classes[config["class_name"]].from_config(config["config"])
    except (ValueError, TypeError) as error:
        raise PresetError(f"{config_path}: {str(error).splitlines()[0] if str(error) else type(error).__name__}") \
            from None
    _load_weights(model.generator, os.path.join(folder, GENERATOR_WEIGHTS))
    if model.ema_generator is not None:
        try:
            verify_checksums(folder, required=(EMA_WEIGHTS,))  # averaged weights must be vouched for too
        except ValueError as error:
            raise PresetError(str(error)) from None
        _load_weights(model.ema_generator, os.path.join(folder, EMA_WEIGHTS))
    disc_path = os.path.join(folder, DISCRIMINATOR_WEIGHTS)
    if load_discriminator and os.path.isfile(disc_path):
        _load_weights(model.discriminator, disc_path)
    model.preset_dir = folder
    return model


def init_generator(model, name_or_dir):
    """Copies a preset's generator (and EMA copy) into `model`'s, which must have the same architecture.

    ESRGAN's GAN phase starts this way from its PSNR-oriented phase. Accepts a preset name, a preset folder
    or a run folder (its `preset/`). Returns `{"preset": ..., "generator_sha256": ...}` for the metadata.
    """
    name_or_dir = resolve_model_source(name_or_dir)
    source = load_preset(name_or_dir, load_discriminator=False)
    if source.family != model.family:
        raise PresetError(f"--init-generator {name_or_dir} holds a {source.family} generator; a {model.family} run "
                          f"needs a {model.family} preset")
    shapes = lambda network: [tuple(w.shape) for w in network.weights]  # noqa: E731
    if shapes(source.generator) != shapes(model.generator):
        differ = sorted(k for k in model.hparams.keys() if source.hparams.get(k) != model.hparams.get(k))
        raise PresetError(f"--init-generator {name_or_dir}: its generator has another architecture; pass the same "
                          f"hyperparameters (these differ: {', '.join(differ[:6]) or 'none'})")
    model.generator.set_weights(source.generator.get_weights())
    if model.ema_generator is not None:
        model.ema_generator.set_weights((source.ema_generator or source.generator).get_weights())
    weights = os.path.join(resolve_preset(name_or_dir), GENERATOR_WEIGHTS)
    return {"preset": str(name_or_dir), "generator_sha256": sha256_file(weights)}


def record_metrics(name_or_dir, metrics, command):
    """Merges measured `metrics` into a preset's metadata, rewrites its card and checksums."""
    meta = load_metadata(name_or_dir)
    commands = meta.get("metrics_commands", [])
    return update_metadata(name_or_dir, {
        "metrics": {**meta.get("metrics", {}), **metrics},
        "metrics_commands": commands + [command] * (command not in commands),
    })


def update_metadata(name_or_dir, changes):
    """Sets top-level `changes` in a preset's metadata, then rewrites its card and checksums."""
    from models.model_card import write_model_card

    folder = resolve_preset(name_or_dir)
    model = load_preset(folder, load_discriminator=False)
    meta = {**read_json(os.path.join(folder, "metadata.json")), **changes}
    atomic_write_json(os.path.join(folder, "metadata.json"), meta)
    write_model_card(model, folder, meta)
    write_checksums(folder)
    return meta


def promote_run(source, name, hardware=None, notes=None, presets_dir=PRESETS_DIR):
    """Ships a run's preset as the shipped preset `name`: checks its checksums, copies it over
    `presets_dir/name` atomically (the old preset stays until the new one is complete), sets the metadata's
    `preset` (and `hardware`, `notes` when given) and clears the old measurements, which belong to other
    weights; rewrites the card and checksums. Measure it next with `evaluate NAME --write-metadata`."""
    from models.model_card import write_model_card

    if name not in PRESETS:
        raise PresetError(f"unknown preset name {name!r}; add it with a one-line description to PRESETS in "
                          f"pretrained_models/__init__.py first (shipped: {', '.join(PRESETS)})")
    folder = str(resolve_model_source(source))
    if not os.path.isfile(os.path.join(folder, "config.json")):
        raise PresetError(f"{source} is neither a preset folder nor a run folder with a preset/ (no config.json); "
                          "train the run to its end first")
    model = load_preset(folder, load_discriminator=False)  # every checksum checked before anything is copied
    meta = {**read_json(os.path.join(folder, "metadata.json")), "preset": name, "metrics": {},
            "metrics_commands": [], "promoted_from": os.path.relpath(os.path.abspath(folder))}
    meta.update({key: value for key, value in (("hardware", hardware), ("notes", notes)) if value})
    with atomic_directory(os.path.join(presets_dir, name), overwrite=True) as tmp:
        for filename in sorted(os.listdir(folder)):
            if not filename.startswith(".") and os.path.isfile(os.path.join(folder, filename)):
                shutil.copy2(os.path.join(folder, filename), os.path.join(tmp, filename))
        atomic_write_json(os.path.join(tmp, "metadata.json"), meta)
        write_model_card(model, tmp, meta)
        write_checksums(tmp)
    return os.path.join(presets_dir, name)


def load_metadata(name_or_dir):
    return read_json(os.path.join(resolve_preset(name_or_dir), "metadata.json"))


def _load_weights(network, path):
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            network.load_weights(path)
    except Exception as error:  # h5py and Keras raise many types for a damaged file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PresetError(f"cannot load weights from {path} ({reason[:200]}); restore the file or re-save the "
                          "preset") from None
    mismatches = [w for w in caught if "mismatch" in str(w.message).lower() or "skipping" in str(w.message).lower()]
    if mismatches:
        raise PresetError(f"{path} does not fit the {network.name} of config.json ("
                          f"{str(mismatches[0].message).splitlines()[0][:150]}); are the weights files swapped?")
