"""Images per second of `DCGAN.fit` against a hand-written two-tape loop of the same networks.

Both run the same algorithm (one D step, then one G step on fresh noise) on the
same data. They alternate step by step inside ONE `fit` call: a callback times
each `fit` step (everything Keras does between two batch ends) and then runs
and times one hand-loop step, so machine noise hits both alike. Prints one JSON
object with the median images/s of each and fit/loop (>= 1.0: fit costs
nothing extra per step), plus the fixed cost of one `fit` call (set-up and
teardown, paid once per call, not per step).

    python bench/train_throughput.py --steps 30
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

from custom_architectures import build_dcgan_discriminator, build_dcgan_generator  # noqa: E402
from datasets import get_dataset  # noqa: E402
from models import DCGAN  # noqa: E402


def hand_written_loop(hp):
    """The same networks, optimizers and losses in a plain @tf.function loop."""
    generator = build_dcgan_generator(hp.latent_dim, hp.image_shape, hp.g_filters, hp.kernel_size)
    discriminator = build_dcgan_discriminator(hp.image_shape, hp.d_filters, hp.kernel_size, hp.dropout)
    g_opt = keras.optimizers.Adam(hp.g_lr, beta_1=hp.beta_1, beta_2=hp.beta_2)
    d_opt = keras.optimizers.Adam(hp.d_lr, beta_1=hp.beta_1, beta_2=hp.beta_2)
    bce = keras.losses.BinaryCrossentropy(from_logits=True)

    @tf.function
    def step(real):
        batch = tf.shape(real)[0]
        fake = generator(tf.random.normal((batch, hp.latent_dim)), training=True)
        with tf.GradientTape() as tape:
            real_logits = discriminator(real, training=True)
            fake_logits = discriminator(fake, training=True)
            d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
        d_opt.apply(tape.gradient(d_loss, discriminator.trainable_variables), discriminator.trainable_variables)
        with tf.GradientTape() as tape:
            fake_logits = discriminator(generator(tf.random.normal((batch, hp.latent_dim)), training=True), training=True)
            g_loss = bce(tf.ones_like(fake_logits), fake_logits)
        g_opt.apply(tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables)
        return d_loss, g_loss

    return step


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
        real = next(self.batches)
        start = time.perf_counter()
        d_loss, _ = self.loop_step(real)
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
    parser.add_argument("--dataset", default="mnist", help="mnist (full) or mnist_sample")
    args = parser.parse_args()

    keras.utils.set_random_seed(0)
    model = DCGAN()
    model.compile()
    hp = model.hparams
    data = get_dataset(args.dataset, "train", batch_size=hp.batch_size, repeat=True)
    timer = _Alternate(hand_written_loop(hp), iter(data), args.warmup)
    start = time.perf_counter()
    model.fit(data, epochs=1, steps_per_epoch=args.warmup + args.steps, verbose=0, callbacks=[timer])
    fit_call = time.perf_counter() - start
    fit_rate = hp.batch_size / float(np.median(timer.fit_seconds))
    loop_rate = hp.batch_size / float(np.median(timer.loop_seconds))
    # Whatever the fit call spent outside its steps and our callback's loop steps:
    # set-up, tracing of the warm-up steps, and the input iterator's teardown.
    fixed = fit_call - sum(timer.fit_seconds) - sum(timer.loop_seconds)
    result = {
        "benchmark": "dcgan_mnist_train_throughput",
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
