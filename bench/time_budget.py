"""fid10k at wall-clock budgets: the TF DCGAN tutorial's recipe against the zoo's `dcgan`, same machine.

Each recipe trains from scratch with `fit` on MNIST; whenever its training time
(evaluation excluded) crosses a budget, the generator (its EMA copy, with
batch-norm statistics recomputed, when there is one) is scored on the project's
protocol: MNIST classifier features, 10k samples against the 10k test images.
Prints one JSON line per budget. Run one recipe at a time on an idle machine.

    python bench/time_budget.py --recipe tutorial --budgets 10,20,40,60 > runs/budget_tutorial.jsonl
    python bench/time_budget.py --recipe zoo --budgets 10,20,40,60 --precision auto > runs/budget_zoo.jsonl
    python bench/time_budget.py --plot runs/budget_tutorial.jsonl runs/budget_zoo.jsonl --png bench/time_budget.png

`--preset-out DIR` saves the model as it stands after the last budget as a preset folder (the
metadata records this command, the training seconds, steps, CPU affinity and the fid10k at each
budget), so the run that draws the curve can also be the preset that ships.

`tutorial` is https://www.tensorflow.org/tutorials/generative/dcgan: its networks,
Adam(1e-4) for both, batch 256, the simultaneous two-tape step, float32.
`zoo` is `dcgan` with its defaults, changed by `--hparams`.
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

from custom_train_objects.callbacks import GeneratorEMA  # noqa: E402
from custom_train_objects.metrics import evaluate_images, get_feature_network  # noqa: E402
from custom_train_objects.metrics.evaluation import count_suffix  # noqa: E402
from datasets import get_dataset, load_arrays  # noqa: E402
from models import DCGAN  # noqa: E402
from utils.command_line import shell_command  # noqa: E402
from utils.distribute import hardware  # noqa: E402
from utils.precision import precision_scope  # noqa: E402

TUTORIAL = dict(architecture="tutorial", g_lr=1e-4, d_lr=1e-4, beta_1=0.9, batch_size=256, step="simultaneous")


class ScoreAtBudgets(keras.callbacks.Callback):
    """Scores the generator each time the training time crosses a budget; stops after the last one."""

    def __init__(self, budgets_s, score, report):
        super().__init__()
        self.budgets_s, self.score, self.report = list(budgets_s), score, report
        self.steps, self.outside = 0, 0.0

    def on_train_begin(self, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        trained = time.perf_counter() - self.start - self.outside
        if self.budgets_s and trained >= self.budgets_s[0]:
            began = time.perf_counter()
            self.report(self.budgets_s.pop(0), trained, self.steps, self.score(self.model))
            self.outside += time.perf_counter() - began
            self.model.stop_training = not self.budgets_s


def run(recipe, budgets_min, hparams, precision, seed, dataset, preset_out=None, num=10000):
    network = get_feature_network("mnist")
    real = network(load_arrays(dataset, "test")[0])  # the real images' features, computed once
    with precision_scope(precision) as policy:
        keras.utils.set_random_seed(seed)
        base = TUTORIAL if recipe == "tutorial" else {}
        hp = DCGAN.default_hparams().update(**base, seed=seed).update_from_strings(hparams)
        model = DCGAN(**hp.to_dict())
        model.compile()
        data = get_dataset(dataset, "train", batch_size=hp.batch_size, repeat=True, with_labels=True)

        def score(m):
            """fid, precision, recall and the rarest class's share of `num` samples (fid10k for 10000) from the
            generator `generate` uses (the EMA copy, recalibrated, when there is one), plus the raw generator's
            fid beside an EMA."""
            if m.ema_generator is not None:
                m.recalibrate_ema()
            result = evaluate_images(real, m.generate(num, seed=0), ["fid", "pr", "classes"], network, seed=0)
            suffix = count_suffix(num)
            scores = {f"{k}{suffix}": round(result[f"{k}{suffix}"], 3)
                      for k in ("fid", "precision", "recall", "min_class_share")}
            if m.ema_generator is not None:
                raw = m.generator.predict(m.sample_latents(num, seed=0), batch_size=256, verbose=0)
                raw = np.clip((raw.astype("float32") + 1.0) / 2.0, 0.0, 1.0)
                raw_fid = evaluate_images(real, raw, ["fid"], network)[f"fid{suffix}"]
                scores[f"raw_generator_fid{suffix}"] = round(raw_fid, 2)
            return scores

        def report(budget_s, trained, steps, scores):
            print(json.dumps({"recipe": recipe, "budget_minutes": budget_s / 60, "trained_seconds": round(trained, 1),
                              "steps": steps, "images_seen": steps * hp.batch_size, **scores,
                              "precision": policy, "hparams": {**base, **dict(h.split("=", 1) for h in hparams)},
                              "seed": seed, "cpus": os.cpu_count()}), flush=True)

        scores = []
        budgets = fit_for_budgets(model, data, [b * 60 for b in budgets_min], score,
                                  lambda *row: (scores.append(row), report(*row)))
        if preset_out:
            save_budget_preset(model, preset_out, recipe, dataset, precision=policy, steps=budgets.steps, scores=scores,
                               fid_key=f"fid{count_suffix(num)}")


def fit_for_budgets(model, data, budgets_s, score, report):
    """Trains `model` on repeating `data` until its training time passes the last budget (EMA updated
    when the model has an EMA generator); returns the `ScoreAtBudgets` callback (its `steps`)."""
    budgets = ScoreAtBudgets(budgets_s, score, report)
    callbacks = [budgets]
    if model.ema_generator is not None:
        callbacks.insert(0, GeneratorEMA(model.hparams.ema_decay))
    model.fit(data, epochs=10**6, steps_per_epoch=100, verbose=0, callbacks=callbacks)
    return budgets


def fid_key_of(row):
    """The FID's key in a scored line, whatever its sample count (fid10k, fid1k, ...)."""
    return next(k for k in row if k.startswith("fid"))


def fid_of(row):
    """The FID in a scored line, whatever its sample count."""
    return row[fid_key_of(row)]


def save_budget_preset(model, preset_dir, recipe, dataset, precision, steps, scores, fid_key="fid10k"):
    """Writes the trained model as a preset whose metadata says how it was trained and what it scored."""
    from datasets.replay import batches_per_epoch

    hp = model.hparams
    last = scores[-1]
    per_epoch = batches_per_epoch(len(load_arrays(dataset, "train")[0]), hp.batch_size)
    threads = os.environ.get("TF_NUM_INTRAOP_THREADS", "TensorFlow's default")
    model.save_to_preset(preset_dir, metadata={
        "preset": os.path.basename(os.path.abspath(preset_dir)),
        "model": "dcgan",
        "dataset": f"{dataset} train split",
        "command": shell_command("python", sys.argv),
        "epochs": round(steps / per_epoch, 2),
        "steps": steps,
        "steps_per_epoch": per_epoch,
        "batch_size": hp.batch_size,
        "seed": hp.seed,
        "wall_time_seconds": round(last[1], 1),
        "hardware": f"{hardware()}, cores {sorted(os.sched_getaffinity(0))}, {threads} intra-op thread(s)",
        "precision": precision,
        "training_recipe": recipe,
        f"{fid_key}_at_budgets": [{"minutes": b / 60, "steps": s, **f} for b, _, s, f in scores],
        "notes": "Trained by bench/time_budget.py: wall_time_seconds counts training only (each budget's "
                 "evaluation is excluded); training stopped at the last budget.",
    })


def plot(paths, png):
    from bench.markdown_table import read_lines
    from utils.plots import plot_lines

    rows = {}
    for path in paths:
        for row in read_lines(path):
            rows.setdefault(row["recipe"], []).append(row)
    keys = sorted({fid_key_of(p) for points in rows.values() for p in points})
    if len(keys) > 1:
        raise ValueError(f"the lines to plot were scored on different sample counts ({', '.join(keys)}); "
                         "plot the runs of one --num together")
    plot_lines({recipe: [(p["budget_minutes"], fid_of(p)) for p in points] for recipe, points in rows.items()},
               png, "training minutes (one CPU core each)", f"{keys[0]} (MNIST classifier)", log_y=True)
    budgets = sorted({p["budget_minutes"] for points in rows.values() for p in points})
    recipes = list(rows)
    print("| minutes | " + " | ".join(f"{r} {keys[0]}" for r in recipes) + " |")
    print("|---|" + "---|" * len(recipes))
    for b in budgets:
        cells = [next((f"{fid_of(p):.1f}" for p in rows[r] if p["budget_minutes"] == b), "-") for r in recipes]
        print(f"| {b:g} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", choices=["tutorial", "zoo"], default="zoo")
    parser.add_argument("--budgets", default="10,20,40,60", help="comma-separated minutes of training")
    parser.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE", help="DCGAN HParams")
    parser.add_argument("--precision", default="float32")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", default="mnist")
    parser.add_argument("--plot", nargs="+", help="JSON-line files of earlier runs: draw FID vs minutes")
    parser.add_argument("--png", default="bench/time_budget.png")
    parser.add_argument("--preset-out", help="save the trained model as a preset folder here (must not exist)")
    parser.add_argument("--num", type=int, default=10000, help="samples scored at each budget (fid10k for 10000)")
    args = parser.parse_args()
    if args.plot:
        try:
            return plot(args.plot, args.png)
        except ValueError as error:  # lines of different sample counts
            parser.error(str(error))
    if args.preset_out and os.path.exists(args.preset_out):
        parser.error(f"--preset-out {args.preset_out} already exists; choose a new folder")
    run(args.recipe, [float(b) for b in args.budgets.split(",")], args.hparams, args.precision, args.seed,
        args.dataset, args.preset_out, args.num)


if __name__ == "__main__":
    main()
