"""bench/family_jobs.py: families run as pinned subprocesses, one core and one TensorFlow thread each, and the
equal-budget table's worker mode that those subprocesses run."""

import json
import os
import sys

import numpy as np
import pytest

from bench import family_jobs, mnist_table

# A stand-in job: writes what it sees (its cores, its thread settings) as its summary, or fails for "bad".
FAKE_JOB = """
import os, sys
sys.path.insert(0, {root!r})
from bench.family_jobs import write_result
family, work_dir = sys.argv[1], sys.argv[2]
if family == "bad":
    sys.exit(3)
summary = {{"family": family, "cores": sorted(os.sched_getaffinity(0)),
            "threads": os.environ["TF_NUM_INTRAOP_THREADS"]}}
write_result(work_dir, family, summary, [[len(family)]])
"""


def fake_command(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    script = FAKE_JOB.format(root=root)
    return lambda family: [sys.executable, "-c", script, family, str(tmp_path)]


def test_every_family_runs_on_one_core_with_one_thread_and_results_keep_their_order(tmp_path):
    families = ["gan", "dcgan", "cgan"]
    results = family_jobs.run_pinned(families, 1, fake_command(tmp_path), str(tmp_path), poll_seconds=0.05)
    assert [summary["family"] for summary, _ in results] == families
    for summary, samples in results:
        assert len(summary["cores"]) == 1 and summary["threads"] == "1"
        assert samples.tolist() == [[len(summary["family"])]]
    assert (tmp_path / "dcgan.log").exists()


def test_a_failed_job_names_its_family_and_log(tmp_path):
    with pytest.raises(RuntimeError, match=r"the bad job failed \(exit 3\).*bad\.log"):
        family_jobs.run_pinned(["gan", "bad"], 1, fake_command(tmp_path), str(tmp_path), poll_seconds=0.05)


def test_more_jobs_than_cores_is_refused(tmp_path):
    too_many = len(family_jobs.usable_cores()) + 1
    with pytest.raises(ValueError, match=f"--jobs {too_many} needs {too_many} CPU cores"):
        family_jobs.run_pinned(["gan"], too_many, fake_command(tmp_path), str(tmp_path))


def test_worker_mode_trains_one_family_and_leaves_its_row_and_samples(tmp_path, monkeypatch):
    out = tmp_path / "table.md"
    monkeypatch.setattr(sys, "argv", ["mnist_table.py", "--train-minutes", "0.003", "--families", "gan",
                                      "--num", "500", "--seeds", "0", "--dataset", "mnist_sample", "--precision",
                                      "float32", "--out", str(out), "--worker-dir", str(tmp_path / "jobs")])
    mnist_table.main()
    summary = json.loads((tmp_path / "jobs" / "gan.json").read_text())
    assert summary["preset"] == "gan (from scratch)" and summary["steps"] >= 1
    assert 0 < summary["fid500"][0] < 1000 and summary["fid500"][1] == 0  # one seed: mean and a zero std
    samples = np.load(tmp_path / "jobs" / "gan.npy")
    assert samples.shape == (10, 28, 28, 1) and 0 <= samples.min() and samples.max() <= 1
    assert not out.exists()  # the parent writes the table, not the worker


def test_jobs_without_an_equal_budget_run_is_a_command_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["mnist_table.py", "--jobs", "2", "--out", str(tmp_path / "t.md")])
    with pytest.raises(SystemExit) as stop:
        mnist_table.main()
    assert stop.value.code == 2 and "--jobs 2 needs --train-minutes" in capsys.readouterr().err


def test_an_unknown_family_stops_before_any_training(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["mnist_table.py", "--train-minutes", "1", "--families", "gan,dcgann",
                                      "--out", str(tmp_path / "t.md")])
    with pytest.raises(SystemExit) as stop:
        mnist_table.main()
    error = capsys.readouterr().err
    assert stop.value.code == 2 and "unknown model 'dcgann'" in error and "valid models:" in error
