"""Images per second of `DCGAN.fit` against a hand-written two-tape loop of the same networks.

Both run the same algorithm (one D step, then one G step on fresh noise) on the
same data, alternating rounds in one process so machine noise hits both. Prints
one JSON object with both medians and fit/loop (>= 1.0: fit costs nothing extra).

    python bench/train_throughput.py --steps 20 --rounds 3
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="training steps per timed round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dataset", default="mnist", help="mnist (full) or mnist_sample")
    args = parser.parse_args()

    keras.utils.set_random_seed(0)
    model = DCGAN()
    model.compile()
    hp = model.hparams
    data = get_dataset(args.dataset, "train", batch_size=hp.batch_size, repeat=True)
    loop_step = hand_written_loop(hp)
    loop_iter = iter(data)

    def run_fit():
        start = time.perf_counter()
        model.fit(data, epochs=1, steps_per_epoch=args.steps, verbose=0, shuffle=False)
        return args.steps * hp.batch_size / (time.perf_counter() - start)

    def run_loop():
        start = time.perf_counter()
        for _ in range(args.steps):
            d_loss, _ = loop_step(next(loop_iter))
        float(d_loss)  # wait for the last step
        return args.steps * hp.batch_size / (time.perf_counter() - start)

    run_fit(), run_loop()  # trace and warm up both
    fit_rates, loop_rates = [], []
    for _ in range(args.rounds):
        fit_rates.append(run_fit())
        loop_rates.append(run_loop())
    result = {
        "benchmark": "dcgan_mnist_train_throughput",
        "batch_size": hp.batch_size,
        "steps_per_round": args.steps,
        "rounds": args.rounds,
        "device": "GPU" if tf.config.list_physical_devices("GPU") else f"CPU x{os.cpu_count()}",
        "fit_images_per_second": round(float(np.median(fit_rates)), 1),
        "loop_images_per_second": round(float(np.median(loop_rates)), 1),
        "ratio_fit_over_loop": round(float(np.median(fit_rates) / np.median(loop_rates)), 3),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
