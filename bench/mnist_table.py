"""The MNIST table: every shipped MNIST preset on one protocol, mean +- std over sampling seeds.

For each preset: fid10k, kid10k, is10k, precision10k, recall10k (MNIST classifier
features, 10k samples against the 10k MNIST test images), cond_acc / code_acc for the
conditional ones, each over `--seeds` sampling seeds; epochs, steps and training wall time
from the preset's metadata. Writes a Markdown table (the README includes it) and a PNG
with one row of samples per preset.

    python bench/mnist_table.py --seeds 0,1,2 --out bench/mnist_table.md --png bench/mnist_table.png

`--train-minutes M` is the second mode: every family (or `--families a,b`) is trained from
scratch with its default HParams, `fit` and `--precision` (auto) for the same M minutes of
training time on this machine, one after another, then measured the same way. So the families
are compared on equal terms, not on whatever their presets happened to get:

    python bench/mnist_table.py --train-minutes 10 --out bench/mnist_equal_budget.md --png bench/mnist_equal_budget.png

With `--jobs N`, N families train at once, each in a subprocess pinned to a CPU core of its own
with one TensorFlow thread (bench/family_jobs.py), so every family still gets the same compute.
Each worker imports this checkout's code when its family starts: don't edit the checkout during
a run (or run it from a copy), or the later families train with other code.

After retraining some presets, `--update` re-measures only those and merges their rows into the
existing table (the other rows and their protocol line stay; the line's list of re-measured rows
names each with its date), redraws the PNG from every preset in the table, and with `--readme` puts the new
table into the README in place of the old one:

    python bench/mnist_table.py --update --presets lsgan_mnist,ralsgan_mnist --readme README.md
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from bench.family_jobs import run_pinned, this_script_for, usable_cores, write_result  # noqa: E402
from bench.time_budget import fit_for_budgets  # noqa: E402
from custom_train_objects.metrics import evaluate_images, get_feature_network  # noqa: E402
from custom_train_objects.metrics.conditional import measure_conditioning  # noqa: E402
from custom_train_objects.metrics.evaluation import count_suffix  # noqa: E402
from datasets import get_dataset, load_arrays  # noqa: E402
from models import get_model_class, list_presets, load_preset  # noqa: E402
from models.presets import load_metadata  # noqa: E402
from utils.command_line import shell_command  # noqa: E402
from utils.images import save_grid  # noqa: E402
from utils.precision import precision_scope  # noqa: E402

METRICS = ("fid", "kid", "is", "precision", "recall", "min_class_share")


def columns(num):
    """The table's keys for `num` samples per seed, named as `evaluate_images` names them (fid10k for 10000)."""
    return [f"{metric}{count_suffix(num)}" for metric in METRICS] + ["cond"]


def mnist_presets():
    """Shipped presets whose generator makes 28x28x1 images (the feature network is not one)."""
    names = []
    for name in list_presets():
        try:
            model = load_preset(name, load_discriminator=False)
        except ValueError:
            continue
        if not model.paired and list(model.image_shape) == [28, 28, 1]:
            names.append(name)
    return names


FAMILIES = ("gan", "dcgan", "wgan", "wgan_gp", "sn_dcgan", "lsgan", "ralsgan", "rasgan", "cgan", "infogan")


def measure(name, real, network, seeds, num):
    model = load_preset(name, load_discriminator=False)
    meta = load_metadata(name)
    summary = {"preset": name, "epochs": meta.get("epochs"), "steps_per_epoch": meta.get("steps_per_epoch"),
               "wall_time_seconds": meta.get("wall_time_seconds"), "seeds": list(seeds)}
    return model, {**summary, **measure_model(model, real, network, seeds, num)}


def train_for(family, minutes, seed, precision, dataset):
    """`family` with its defaults, trained from scratch by `fit` for `minutes` of training time."""
    with precision_scope(precision) as policy:
        keras.utils.set_random_seed(seed)
        cls = get_model_class(family)
        model = cls(**cls.default_hparams().update(seed=seed).to_dict())
        model.compile()
        data = get_dataset(dataset, "train", batch_size=model.data_batch_size(), repeat=True, with_labels=True)
        done = {}
        fit_for_budgets(model, data, [minutes * 60], lambda m: None,
                        lambda budget, trained, steps, _: done.update(seconds=trained, steps=steps))
    per_epoch = len(load_arrays(dataset, "train")[0]) // model.data_batch_size()
    return model, {"preset": f"{family} (from scratch)", "epochs": round(done["steps"] / per_epoch, 2),
                   "steps": done["steps"], "wall_time_seconds": done["seconds"], "precision": policy,
                   "batch_size": model.hparams.batch_size}


def measure_model(model, real, network, seeds, num):
    """Mean and std over `seeds` of every table column for `model`."""
    rows = []
    real = real if isinstance(real, dict) else network(real)  # features once, not once per seed
    for seed in seeds:
        result = evaluate_images(real, model.generate(num, seed=seed), ["fid", "kid", "is", "pr", "classes"], network,
                                seed)
        if hasattr(model, "num_classes") or hasattr(model, "code_inputs"):
            cond = measure_conditioning(model, network, seed=seed, num_images=num)
            result["cond"] = cond.get("cond_acc", cond.get("code_acc"))
        rows.append(result)
    summary = {"seeds": list(seeds), "num": num}
    for column in columns(num):
        values = [r[column] for r in rows if column in r]
        if values:
            summary[column] = (float(np.mean(values)), float(np.std(values)))
    return summary


def header(num):
    """The table's two header lines for `num` samples per seed."""
    fid, kid, inception, *_ = columns(num)
    return [f"| preset | epochs | train time | {fid} | {kid} | {inception} | precision | recall | rarest class (%) | "
            "cond/code acc |",
            "|---|---|---|---|---|---|---|---|---|---|"]


def markdown(summaries):
    fid, kid, inception, precision, recall, rarest, _ = columns(summaries[0]["num"])
    lines = header(summaries[0]["num"])
    for s in summaries:
        def cell(key, scale=1.0, digits=2):
            if key not in s:
                return "-"
            mean, std = s[key]
            return f"{mean * scale:.{digits}f} ± {std * scale:.{digits}f}"

        minutes = f"{s['wall_time_seconds'] / 60:.0f} min" if s.get("wall_time_seconds") else "?"
        lines.append(f"| `{s['preset']}` | {s['epochs']} | {minutes} | {cell(fid)} | {cell(kid)} | "
                     f"{cell(inception)} | {cell(precision, digits=3)} | {cell(recall, digits=3)} | "
                     f"{cell(rarest, 100, 1)} | {cell('cond', digits=3)} |")
    return "\n".join(lines) + "\n"


def row_preset(line):
    """The preset a table row is for (`| `name` | ...`), or None for other lines."""
    match = re.match(r"\| `([^`]+)` \|", line)
    return match.group(1) if match else None


UPDATE_NOTE = "Rows re-measured since by the same protocol with `--update`: "


def merge_table(old_text, new_text, date):
    """`old_text` with the rows of `new_text` put in place, and the protocol line's list of
    re-measured rows naming each of them with `date` (one entry per preset: a preset
    re-measured again keeps only its latest date).

    A re-measured preset's row replaces its old row where it was; a preset the old table
    lacks is added at the end. The two tables must have the same columns.
    """
    old_lines, new_lines = old_text.strip().splitlines(), new_text.strip().splitlines()
    check_columns(old_text, new_lines[:2])
    new_rows = {row_preset(line): line for line in new_lines[2:]}
    rows = [new_rows.pop(row_preset(line), line) for line in old_lines if row_preset(line)]
    protocol = [line for line in old_lines if line and not line.startswith("|")][0]
    base, _, listed = protocol.partition(" " + UPDATE_NOTE)
    dates = dict(re.findall(r"`([^`]+)` on (\d{4}-\d{2}-\d{2})", listed))
    for name in map(row_preset, new_lines[2:]):
        dates.pop(name, None)  # a preset re-measured again moves to the end with its new date
        dates[name] = date
    note = UPDATE_NOTE + ", ".join(f"`{name}` on {day}" for name, day in dates.items()) + "."
    return f"{base} {note}\n\n" + "\n".join(new_lines[:2] + rows + list(new_rows.values())) + "\n"


def check_columns(old_text, header_lines):
    """Raises unless the table `old_text` has the columns `header_lines` name (rows of another --num would not fit)."""
    old_header = [line for line in old_text.strip().splitlines() if line.startswith("|") and not row_preset(line)]
    if old_header != header_lines:
        raise ValueError("--update: the existing table's columns differ from the new rows' (another --num?); "
                         "rebuild the whole table without --update")


def replace_in_readme(readme_text, table_text):
    """`readme_text` with its MNIST table (from the protocol line to the last row) replaced by `table_text`."""
    lines = readme_text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("Protocol: `python bench/mnist_table.py")]
    if len(starts) != 1:
        raise ValueError(f"--readme: expected one line starting 'Protocol: `python bench/mnist_table.py', "
                         f"found {len(starts)}; paste the table in once by hand")
    end = starts[0] + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith("|")):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return "".join(lines[:starts[0]]) + table_text + "".join(lines[end:])


def table_presets(text):
    return [row_preset(line) for line in text.splitlines() if row_preset(line)]


def measure_sources(args, sources, seeds):
    """Each source (a preset, or with --train-minutes a family to train first) measured: summaries and sample rows."""
    real, _ = load_arrays(args.dataset, "test")
    network = get_feature_network("mnist")
    real_features = network(real)  # once for every preset and seed
    summaries, rows = [], []
    for source in sources:
        if args.train_minutes:
            model, trained = train_for(source, args.train_minutes, args.train_seed, args.precision, args.dataset)
            summary = {**trained, **measure_model(model, real_features, network, seeds, args.num)}
        else:
            model, summary = measure(source, real_features, network, seeds, args.num)
        summaries.append(summary)
        rows.append(model.generate(10, seed=0))
        print(json.dumps(summary), flush=True)
    return summaries, rows


def train_in_parallel(args, families):
    """--jobs N: each family trained and measured by a subprocess of this script on a core of its own."""
    passed = ["--train-minutes", str(args.train_minutes), "--seeds", args.seeds, "--num", str(args.num),
              "--dataset", args.dataset, "--precision", args.precision, "--train-seed", str(args.train_seed)]
    work_dir = tempfile.mkdtemp(prefix="mnist_table_jobs_")
    print(f"{len(families)} families, {args.jobs} at a time; their logs go to {work_dir}", flush=True)
    results = run_pinned(families, args.jobs, lambda family: this_script_for(__file__, family, passed, work_dir),
                         work_dir)
    shutil.rmtree(work_dir)
    for summary, _ in results:
        print(json.dumps(summary), flush=True)
    return [summary for summary, _ in results], [samples for _, samples in results]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--num", type=int, default=10000)
    parser.add_argument("--presets", help="comma-separated (default: every MNIST preset)")
    parser.add_argument("--dataset", default="mnist", help="mnist (the test set) or mnist_sample")
    parser.add_argument("--out", default="bench/mnist_table.md")
    parser.add_argument("--png", default="bench/mnist_table.png")
    parser.add_argument("--train-minutes", type=float, help="train every family from scratch for this long instead")
    parser.add_argument("--families", default=",".join(FAMILIES), help="with --train-minutes: comma-separated")
    parser.add_argument("--precision", default="auto", help="with --train-minutes")
    parser.add_argument("--train-seed", type=int, default=0, help="with --train-minutes: the training seed")
    parser.add_argument("--update", action="store_true",
                        help="with --presets: merge their re-measured rows into the existing --out table")
    parser.add_argument("--jobs", type=int, default=1,
                        help="with --train-minutes: train this many families at once, each on a CPU core of its own")
    parser.add_argument("--worker-dir", help=argparse.SUPPRESS)  # set by --jobs for its subprocesses
    parser.add_argument("--readme", help="also put the table into this README in place of the old one")
    args = parser.parse_args()
    if args.update and (args.train_minutes or not args.presets or not os.path.exists(args.out)):
        parser.error(f"--update needs --presets, no --train-minutes, and an existing table at --out ({args.out}); "
                     "without one, run without --update")
    if args.jobs > 1 and (not args.train_minutes or args.jobs > len(usable_cores())):
        parser.error(f"--jobs {args.jobs} needs --train-minutes and at least {args.jobs} usable CPU cores "
                     f"(this process may use {len(usable_cores())}); use --jobs 1")
    if args.update:
        with open(args.out) as f:
            old = f.read()
        try:
            check_columns(old, header(args.num))  # before minutes of measuring, not after
        except ValueError as error:
            parser.error(str(error))
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.train_minutes:
        sources = args.families.split(",")
    else:
        sources = args.presets.split(",") if args.presets else mnist_presets()
    if args.train_minutes:
        for family in sources:
            try:
                get_model_class(family)
            except ValueError as error:  # before any training, not after the families before it
                parser.error(f"--families: {error}")
    if args.jobs > 1:
        try:
            summaries, rows = train_in_parallel(args, sources)
        except RuntimeError as error:
            sys.exit(f"mnist_table.py: {error}")
    else:
        summaries, rows = measure_sources(args, sources, seeds)
    if args.worker_dir:
        write_result(args.worker_dir, sources[0], summaries[0], rows[0])
        return
    if args.update:
        text = merge_table(old, markdown(summaries), time.strftime("%Y-%m-%d"))
        rows = [load_preset(name, load_discriminator=False).generate(10, seed=0) for name in table_presets(text)]
    else:
        command = shell_command("python bench/mnist_table.py", sys.argv[1:])
        pinned = (f"; each family trained and measured on a CPU core of its own with one TensorFlow thread, "
                  f"{args.jobs} at a time" if args.jobs > 1 else "")
        num_real = len(load_arrays(args.dataset, "test")[0])
        text = (f"Protocol: `{command}`; mean ± std over the sampling seeds {args.seeds}; MNIST classifier features "
                f"against the {num_real:,} {args.dataset} test images{pinned}.\n\n" + markdown(summaries))
    with open(args.out, "w") as f:
        f.write(text)
    save_grid(np.concatenate(rows), args.png, columns=10)
    if args.readme:
        with open(args.readme) as f:
            readme = replace_in_readme(f.read(), text)
        with open(args.readme, "w") as f:
            f.write(readme)


if __name__ == "__main__":
    main()
