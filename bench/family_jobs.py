"""Runs one job per family in subprocesses, each pinned to its own CPU core with one TensorFlow thread.

`bench/mnist_table.py --train-minutes M --jobs N` uses it: on an N-core machine N families train at
once, each with a core to itself, so an equal-budget table of ten families takes about a tenth of
the time per core it would take one after another, and every family still gets the same compute.
Each job writes `FAMILY.json` (its table row's numbers) and `FAMILY.npy` (its row of samples) into
a work folder; its output goes to `FAMILY.log` there.
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

ONE_THREAD = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1"}


def usable_cores():
    """The CPU cores this process may run on (fewer than the machine's under `taskset`)."""
    return sorted(os.sched_getaffinity(0))


def run_pinned(families, jobs, command_for, work_dir, poll_seconds=1.0):
    """Runs `command_for(family)` for every family, at most `jobs` at a time, each on a core of its own.

    Returns `[(summary dict, samples array)]` in `families` order, read from the files each job
    wrote into `work_dir`. Raises `RuntimeError` naming the family and its log if a job fails.
    """
    cores = usable_cores()
    if jobs > len(cores):
        raise ValueError(f"--jobs {jobs} needs {jobs} CPU cores but this process may use {len(cores)}; "
                         f"use --jobs {len(cores)} or fewer")
    os.makedirs(work_dir, exist_ok=True)
    pending, running = list(families), {}  # core -> (family, process, log file)
    try:
        while pending or running:
            for core in cores[:jobs]:
                if core not in running and pending:
                    running[core] = start(pending.pop(0), core, command_for, work_dir)
            for core, (family, process, log) in list(running.items()):
                if process.poll() is not None:
                    log.close()
                    del running[core]
                    if process.returncode:
                        raise RuntimeError(f"the {family} job failed (exit {process.returncode}); "
                                           f"its output is in {log.name}")
            time.sleep(poll_seconds)
    finally:
        for family, process, log in running.values():
            process.kill()
            log.close()
    return [read_result(work_dir, family) for family in families]


def start_on_cores(command, cores, one_thread=True, **popen_args):
    """Starts `command` restricted to the CPU `cores` (a set), with one TensorFlow thread if `one_thread`."""
    env = {**os.environ, **(ONE_THREAD if one_thread else {})}
    return subprocess.Popen(command, env=env, preexec_fn=lambda: os.sched_setaffinity(0, cores), **popen_args)


def start(family, core, command_for, work_dir):
    log = open(os.path.join(work_dir, f"{family}.log"), "w")
    process = start_on_cores(command_for(family), {core}, stdout=log, stderr=subprocess.STDOUT)
    return family, process, log


def write_result(work_dir, family, summary, samples):
    """What a job leaves for `run_pinned`: its summary as JSON and its samples as a .npy array."""
    os.makedirs(work_dir, exist_ok=True)
    np.save(os.path.join(work_dir, f"{family}.npy"), np.asarray(samples))
    with open(os.path.join(work_dir, f"{family}.json"), "w") as f:
        json.dump(summary, f)


def read_result(work_dir, family):
    with open(os.path.join(work_dir, f"{family}.json")) as f:
        summary = json.load(f)
    return summary, np.load(os.path.join(work_dir, f"{family}.npy"))


def this_script_for(script, family, passed_args, work_dir):
    """The command that runs `script` as the job for `family`, with the options `passed_args`."""
    return [sys.executable, script, *passed_args, "--families", family, "--worker-dir", work_dir]
