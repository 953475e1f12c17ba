"""Images per second of a family's `fit` against a hand-written loop of the same networks and step.

Both run the same algorithm (the family's step kind; see bench/hand_loops.py) on
the same data. They alternate step by step inside ONE `fit` call: a callback
times each `fit` step (everything Keras does between two batch ends) and then
runs and times one hand-loop step, so machine noise hits both alike. Prints one
JSON line per configuration with the median images/s of each and fit/loop
(>= 1.0: fit costs nothing extra per step), plus the fixed cost of one `fit`
call. Families without a hand loop report fit alone (hand loops: DCGAN's three
step kinds, pix2pix, SRResNet), and so does DCGAN with settings its hand loop does
not implement (another loss, label smoothing, packing, R1, the rotation task,
the paper's networks) or `--no-hand-loop`.

    python bench/train_throughput.py --steps 30
    python bench/train_throughput.py --family dcgan --precision auto --hparams step=simultaneous
    python bench/train_throughput.py --family pix2pix --dataset facades --steps 20 --hparams g_max_filters=256
    python bench/train_throughput.py --family srgan --steps 5 --hparams adversarial_weight=0   # SRResNet
    python bench/train_throughput.py --sweep steps      # dcgan: step kinds x float32/auto x XLA off/on
    python bench/train_throughput.py --sweep families   # every family, float32 and auto
    python bench/train_throughput.py --sweep batch      # dcgan, batch 32..1024
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from bench.hand_loops import HAND_LOOPS  # noqa: E402
from datasets import get_dataset, get_paired_dataset  # noqa: E402
from datasets.super_resolution import load_hr_images, sr_batches  # noqa: E402
from models import MODELS, get_model_class  # noqa: E402
from utils.distribute import hardware  # noqa: E402
from utils.precision import precision_scope  # noqa: E402

JIT = {"off": False, "on": True}


class _Alternate(keras.callbacks.Callback):
    """After each fit step, time it, then run and time one hand-loop step (when there is one)."""

    def __init__(self, loop_step, batches, warmup):
        super().__init__()
        self.loop_step, self.batches, self.warmup = loop_step, batches, warmup
        self.fit_seconds, self.loop_seconds = [], []

    def on_train_begin(self, logs=None):
        self.mark = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        float(logs["d_loss"])  # the step's results are ready
        now = time.perf_counter()
        if self.loop_step is not None:
            start = time.perf_counter()  # a hand loop fetches its batch too, as fit does inside its step
            batch_data = next(self.batches)
            d_loss = self.loop_step(*batch_data) if isinstance(batch_data, tuple) else self.loop_step(batch_data)
            float(d_loss)
            done = time.perf_counter()
        else:
            start = done = now
        if batch >= self.warmup:
            self.fit_seconds.append(now - self.mark)
            self.loop_seconds.append(done - start)
        self.mark = time.perf_counter()


def hand_loop_for(family, hp, jit, wanted=True):
    """The family's hand loop for `hp`, or None where there is none that runs the same step as `fit`
    (each loop declines the settings it does not implement)."""
    if not wanted or family not in HAND_LOOPS or hp.get("n_critic", 1) != 1:
        return None
    return HAND_LOOPS[family](hp, jit_compile=JIT[jit])


def measure(family, hparams=(), precision="float32", jit="off", batch_size=None, steps=30, warmup=3, dataset=None,
            hand_loop=True):
    """One configuration's JSON result (the policy is set for this call only).

    `hand_loop=False` times `fit` alone; so does a configuration the hand loop does not implement.
    """
    with precision_scope(precision) as policy:
        keras.utils.set_random_seed(0)
        cls = get_model_class(family)
        hp = cls.default_hparams().update_from_strings(list(hparams))
        if batch_size:
            hp = hp.update(batch_size=batch_size)
        model = cls(**hp.to_dict())
        model.compile(jit_compile=JIT[jit])
        if getattr(model, "super_resolution", False):
            data = sr_batches(load_hr_images(dataset or "facades"), hp.image_shape[0], hp.scale, hp.batch_size, 0)
        elif model.paired:
            data = get_paired_dataset(dataset or "facades", "train", batch_size=hp.batch_size,
                                      size=hp.image_shape[0], channels=model.pair_channels(), repeat=True)
        else:
            data = get_dataset(dataset or "mnist", "train", batch_size=model.data_batch_size(), repeat=True,
                               with_labels=True)
        loop = hand_loop_for(family, hp, jit, hand_loop)
        has_loop = loop is not None
        timer = _Alternate(loop, iter(data), warmup)
        start = time.perf_counter()
        model.fit(data, epochs=1, steps_per_epoch=warmup + steps, verbose=0, callbacks=[timer])
        fit_call = time.perf_counter() - start
    fit_rate = hp.batch_size / float(np.median(timer.fit_seconds))
    result = {
        "benchmark": f"{family}_train_throughput", "hparams": list(hparams), "precision": policy, "jit": jit,
        "step": hp.get("step"), "batch_size": hp.batch_size, "timed_steps": steps,
        "device": hardware(),
        "fit_images_per_second": round(fit_rate, 1),
    }
    if has_loop:
        loop_rate = hp.batch_size / float(np.median(timer.loop_seconds))
        result.update(loop_images_per_second=round(loop_rate, 1), ratio_fit_over_loop=round(fit_rate / loop_rate, 3))
    # Whatever the fit call spent outside its steps and the loop steps: set-up, tracing, iterator teardown.
    result["fit_call_fixed_seconds_incl_warmup"] = round(fit_call - sum(timer.fit_seconds) - sum(timer.loop_seconds), 2)
    result.update(tensorflow=tf.__version__, keras=keras.__version__)
    return result


def sweep(kind, steps):
    if kind == "steps":
        for step in ("alternating_fresh", "alternating_reuse", "simultaneous"):
            for precision in ("float32", "auto"):
                for jit in ("off", "on"):
                    yield measure("dcgan", [f"step={step}"], precision, jit, steps=steps)
    elif kind == "families":
        for family in MODELS:
            if family in ("pix2pix", "srgan", "esrgan"):
                continue  # image-to-image, seconds per step: run each on its own (see the module docstring)
            for precision in ("float32", "auto"):
                yield measure(family, (), precision, steps=steps)
    elif kind == "batch":
        for batch_size in (32, 64, 128, 256, 512, 1024):
            yield measure("dcgan", (), "float32", batch_size=batch_size, steps=steps)
    else:
        raise SystemExit(f"unknown --sweep {kind!r}; valid: steps, families, batch")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", default="dcgan", choices=sorted(MODELS))
    parser.add_argument("--precision", default="float32", choices=["auto", "float32", "mixed_bfloat16", "mixed_float16"])
    parser.add_argument("--jit", default="off", choices=sorted(JIT))
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--steps", type=int, default=30, help="timed steps of each path")
    parser.add_argument("--warmup", type=int, default=3, help="untimed first steps (tracing)")
    parser.add_argument("--dataset", help="mnist (full, default) or mnist_sample; pix2pix: facades (default); "
                        "srgan/esrgan: facades photos as HR images")
    parser.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE", help="the family's HParams")
    parser.add_argument("--sweep", help="steps | families | batch: one JSON line per configuration")
    parser.add_argument("--no-hand-loop", action="store_true", help="time fit alone (no hand-loop step between)")
    args = parser.parse_args()
    if args.sweep:
        for result in sweep(args.sweep, args.steps):
            print(json.dumps(result), flush=True)
        return
    print(json.dumps(measure(args.family, args.hparams, args.precision, args.jit, args.batch_size, args.steps,
                             args.warmup, args.dataset, not args.no_hand_loop)))


if __name__ == "__main__":
    main()
