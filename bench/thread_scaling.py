"""How to spend a CPU's cores on training: one job with every core, or one job per core.

Runs `bench/train_throughput.py --no-hand-loop` (the family's `fit`, median images/s) as
subprocesses in three layouts, one after another:

- `one_thread`: one job pinned to one core with one TensorFlow thread, the other cores idle;
- `all_cores`: one job on every usable core with TensorFlow's default threads;
- `job_per_core`: one job per usable core, all at once, each pinned with one thread (what
  `bench/mnist_table.py --jobs N` and two trainings side by side do).

Prints one JSON line per layout: the images/s of each job, their total, and the total over
`one_thread`'s. Run it on an otherwise idle machine.

    python bench/thread_scaling.py --family dcgan --batch-size 64 --steps 200 \\
        --hparams pack=4 dropout=0.0 'g_filters=[128,64,32]'
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.family_jobs import start_on_cores, usable_cores  # noqa: E402

THROUGHPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "train_throughput.py")


def throughput_command(args):
    command = [sys.executable, THROUGHPUT, "--no-hand-loop", "--family", args.family, "--steps", str(args.steps),
               "--precision", args.precision]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    return command + (["--hparams", *args.hparams] if args.hparams else [])


def run_jobs(command, cores_of_each, one_thread):
    """Starts one job per entry of `cores_of_each` at once; returns each job's JSON result, in order."""
    errors = [tempfile.TemporaryFile("w+") for _ in cores_of_each]  # a file, not a pipe: no job waits on us
    processes = [start_on_cores(command, cores, one_thread, stdout=subprocess.PIPE, stderr=error, text=True)
                 for cores, error in zip(cores_of_each, errors)]
    results = []
    for process, error in zip(processes, errors):
        out, _ = process.communicate()
        error.seek(0)
        if process.returncode:
            raise RuntimeError(f"a throughput job failed (exit {process.returncode}): {error.read().strip()[-500:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def layouts(cores):
    """(name, cores of each job, one thread per job) for the three layouts."""
    return [("one_thread", [{cores[0]}], True),
            ("all_cores", [set(cores)], False),
            ("job_per_core", [{core} for core in cores], True)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", default="dcgan")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--steps", type=int, default=100, help="timed steps of each job")
    parser.add_argument("--precision", default="float32", choices=["auto", "float32", "mixed_bfloat16"])
    parser.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE", help="the family's HParams")
    args = parser.parse_args()
    cores = usable_cores()
    command = throughput_command(args)
    baseline = None
    for name, cores_of_each, one_thread in layouts(cores):
        results = run_jobs(command, cores_of_each, one_thread)
        each = [result["fit_images_per_second"] for result in results]
        total = round(sum(each), 1)
        baseline = baseline or total
        print(json.dumps({"benchmark": "thread_scaling", "layout": name, "family": args.family,
                          "hparams": args.hparams, "batch_size": results[0]["batch_size"],
                          "precision": results[0]["precision"], "cores": len(cores), "jobs": len(results),
                          "images_per_second_each": each, "images_per_second_total": total,
                          "total_over_one_thread": round(total / baseline, 2), "device": results[0]["device"]}),
              flush=True)


if __name__ == "__main__":
    main()
