"""Does each loss family learn? FID2k (MNIST classifier features) at step 0 and after N generator steps.

Trains every family with its paper defaults on real MNIST and prints one JSON
line per family, then a summary line. Not a test: it takes minutes on a CPU.

    python bench/loss_family_learning.py --steps 300
    python bench/loss_family_learning.py --families wgan_gp,lsgan --steps 500
    python bench/loss_family_learning.py --families wgan --steps 600 --hparams g_lr=2e-4 d_lr=2e-4 clip_value=0.05
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

from custom_train_objects.metrics import FID, mnist_feature_network  # noqa: E402
from datasets import get_dataset, load_arrays  # noqa: E402
from models import MODELS  # noqa: E402

DEFAULT_FAMILIES = "dcgan,wgan,wgan_gp,sn_dcgan,lsgan,ralsgan,rasgan"


def fid_of(model, real_stats, network, num=2000):
    real_stats.reset_fake()
    real_stats.update_state(fake=network(model.generate(num, seed=0))["features"])
    return float(real_stats.result())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", default=DEFAULT_FAMILIES)
    parser.add_argument("--steps", type=int, default=300, help="generator steps per family")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--dataset", default="mnist")
    parser.add_argument("--loss", help="override every family's loss kind (e.g. hinge)")
    parser.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE",
                        help="override these HParams in every family (e.g. clip_value=0.05)")
    args = parser.parse_args()

    network = mnist_feature_network()
    reference, _ = load_arrays(args.dataset, "test")
    real_stats = FID(128)
    real_stats.update_state(real=network(reference[:2000])["features"])
    summary = {}
    for family in args.families.split(","):
        keras.utils.set_random_seed(0)
        overrides = {"batch_size": args.batch_size, **({"loss": args.loss} if args.loss else {})}
        hparams = MODELS[family].default_hparams().update(**overrides).update_from_strings(args.hparams)
        model = MODELS[family](**hparams.to_dict())
        model.compile()
        data = get_dataset(args.dataset, "train", batch_size=model.data_batch_size(), repeat=True, seed=0)
        before = fid_of(model, real_stats, network)
        start = time.time()
        history = model.fit(data, epochs=1, steps_per_epoch=args.steps, verbose=0, shuffle=False)
        seconds = time.time() - start
        after = fid_of(model, real_stats, network)
        row = {"family": family, "hparams": args.hparams, "loss": model.loss_fn.kind, "steps": args.steps,
               "batch_size": args.batch_size,
               "n_critic": model.n_critic, "fid2k_step0": round(before, 2), "fid2k_after": round(after, 2),
               "ratio": round(after / before, 3), "train_seconds": round(seconds, 1),
               "final_d_loss": round(history.history["d_loss"][-1], 4),
               "final_g_loss": round(history.history["g_loss"][-1], 4)}
        summary[family] = row["ratio"]
        print(json.dumps(row), flush=True)
    print(json.dumps({"summary_fid_ratio_after_over_step0": summary}))


if __name__ == "__main__":
    main()
