"""A training run's folder: what it holds, and when it may be continued or replaced.

A folder is one of ours when it holds `run.json` (written before the first
step) or a checkpoint. Only such a folder is ever deleted by `--overwrite`.
"""

import os
import shutil

from custom_train_objects.callbacks import ResumableCheckpoint
from utils.files import atomic_write_json, read_json

RUN_FILE = "run.json"


def checkpoint_dir(out_dir):
    return os.path.join(out_dir, "checkpoint")


def is_run_folder(out_dir):
    return os.path.isfile(os.path.join(out_dir, RUN_FILE)) or ResumableCheckpoint.exists(checkpoint_dir(out_dir))


def read_run(out_dir):
    """The run's recorded settings (`model`, `dataset`, `data_dir`, `steps_per_epoch`, `overrides`), or {}."""
    path = os.path.join(out_dir, RUN_FILE)
    if not os.path.isfile(path):
        return {}
    run = read_json(path)
    if not isinstance(run, dict) or not isinstance(run.get("overrides", {}), dict):
        raise ValueError(f"{path} is not a run description (a JSON object with model, dataset, overrides); restore "
                         "it or start a new run with another --out")
    return run


def check_run_dir(out_dir, resume=False, overwrite=False):
    """Refuses, before anything is written, an --out that this command must not touch."""
    if resume and overwrite:
        raise ValueError("--resume and --overwrite contradict each other; pass one")
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise FileExistsError(f"--out {out_dir} is a file; choose a folder")
    if resume:
        if not is_run_folder(out_dir):
            raise FileNotFoundError(f"--resume: {out_dir} holds no run (no {RUN_FILE}, no checkpoint); run without "
                                    "--resume to start one")
        return
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        if not is_run_folder(out_dir):
            note = " (--overwrite only replaces runs)" if overwrite else ""
            raise FileExistsError(f"{out_dir} is not empty and holds no GAN Zoo run; refusing to touch it{note}: "
                                  "choose another --out")
        if not overwrite:
            raise FileExistsError(f"{out_dir} already holds a run; pass --resume to continue it, --overwrite to "
                                  "replace it, or choose another --out")


def start_run_dir(out_dir, run, overwrite=False):
    """Clears a replaced run (only ours, checked by `check_run_dir`) and records the new run's settings."""
    if overwrite and os.path.isdir(out_dir) and is_run_folder(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    atomic_write_json(os.path.join(out_dir, RUN_FILE), run)
