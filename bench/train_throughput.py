"""Images per second of a family's `fit` against a hand-written loop of the same networks.

Both run the same algorithm (the family's default step; see bench/hand_loops.py)
on the same data. They alternate step by step inside ONE `fit` call: a callback times
each `fit` step (everything Keras does between two batch ends) and then runs
and times one hand-loop step, so machine noise hits both alike. Prints one JSON
object with the median images/s of each and fit/loop (>= 1.0: fit costs
nothing extra per step), plus the fixed cost of one `fit` call (set-up and
teardown, paid once per call, not per step).

    python bench/train_throughput.py --steps 30
    python bench/train_throughput.py --family pix2pix --dataset facades --steps 20 --hparams g_max_filters=256
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
from models import get_model_class  # noqa: E402


class _Alternate(keras.callbacks.Callback):
    """After each fit step, time it, then run and time one hand-loop step."""

    def __init__(self, loop_step, batches, warmup):
        super().__init__()
        self.loop_step, self.batches, self.warmup = loop_step, batches, warmup
        self.fit_seconds, self.loop_seconds = [], []

    def on_train_begin(self, logs=None):
        self.mark = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        float(logs["d_loss"])  # the step's results are ready
        now = time.perf_counter()
        batch_data = next(self.batches)
        start = time.perf_counter()
        d_loss = self.loop_step(*batch_data) if isinstance(batch_data, tuple) else self.loop_step(batch_data)
        float(d_loss)
        done = time.perf_counter()
        if batch >= self.warmup:
            self.fit_seconds.append(now - self.mark)
            self.loop_seconds.append(done - start)
        self.mark = time.perf_counter()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30, help="timed steps of each path")
    parser.add_argument("--warmup", type=int, default=3, help="untimed first steps (tracing)")
    parser.add_argument("--family", default="dcgan", choices=sorted(HAND_LOOPS))
    parser.add_argument("--dataset", help="mnist (full, default) or mnist_sample; pix2pix: facades (default)")
    parser.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE", help="the family's HParams")
    args = parser.parse_args()

    keras.utils.set_random_seed(0)
    cls = get_model_class(args.family)
    hp = cls.default_hparams().update_from_strings(args.hparams)
    model = cls(**hp.to_dict())
    model.compile()
    if model.paired:
        data = get_paired_dataset(args.dataset or "facades", "train", batch_size=hp.batch_size,
                                  size=hp.image_shape[0], channels=model.pair_channels(), repeat=True)
    else:
        data = get_dataset(args.dataset or "mnist", "train", batch_size=hp.batch_size, repeat=True)
    timer = _Alternate(HAND_LOOPS[args.family](hp), iter(data), args.warmup)
    start = time.perf_counter()
    model.fit(data, epochs=1, steps_per_epoch=args.warmup + args.steps, verbose=0, callbacks=[timer])
    fit_call = time.perf_counter() - start
    fit_rate = hp.batch_size / float(np.median(timer.fit_seconds))
    loop_rate = hp.batch_size / float(np.median(timer.loop_seconds))
    # Whatever the fit call spent outside its steps and our callback's loop steps:
    # set-up, tracing of the warm-up steps, and the input iterator's teardown.
    fixed = fit_call - sum(timer.fit_seconds) - sum(timer.loop_seconds)
    result = {
        "benchmark": f"{args.family}_train_throughput",
        "hparams": args.hparams,
        "batch_size": hp.batch_size,
        "timed_steps": args.steps,
        "device": "GPU" if tf.config.list_physical_devices("GPU") else f"CPU x{os.cpu_count()}",
        "fit_images_per_second": round(fit_rate, 1),
        "loop_images_per_second": round(loop_rate, 1),
        "ratio_fit_over_loop": round(fit_rate / loop_rate, 3),
        "fit_call_fixed_seconds_incl_warmup": round(fixed, 2),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
