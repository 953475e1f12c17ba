"""bench/time_budget.py at tiny budgets on the bundled MNIST sample: both recipes score, the preset is saved."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from bench import time_budget
from models import DCGAN, load_preset


def test_tutorial_recipe_is_the_tutorials_settings():
    hp = DCGAN.default_hparams().update(**time_budget.TUTORIAL)
    assert (hp.architecture, hp.g_lr, hp.d_lr, hp.batch_size, hp.step) == ("tutorial", 1e-4, 1e-4, 256, "simultaneous")


@pytest.mark.parametrize("recipe", ["tutorial", "zoo"])
def test_each_budget_prints_one_scored_line(recipe, tmp_path, capsys):
    preset = tmp_path / "preset"
    small = ["batch_size=16", "g_filters=[32,16,8]", "d_filters=[8,16]"]
    hparams = small + ["ema_decay=0.9"] if recipe == "zoo" else small
    time_budget.run(recipe, [0.002, 0.004], hparams, "float32", seed=0, dataset="mnist_sample",
                    preset_out=str(preset) if recipe == "zoo" else None, num=1000)  # fid1k: scoring is the cost
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [line["budget_minutes"] for line in lines] == [0.002, 0.004]
    for line in lines:
        assert line["recipe"] == recipe and line["trained_seconds"] >= line["budget_minutes"] * 60
        assert line["fid1k"] > 0 and 0 <= line["precision1k"] <= 1 and 0 <= line["min_class_share1k"] <= 0.1
        assert ("raw_generator_fid1k" in line) == (recipe == "zoo")  # the EMA copy is scored beside the raw one
    assert lines[1]["steps"] > lines[0]["steps"] >= 1
    if recipe == "zoo":
        model = load_preset(str(preset))
        meta = json.loads((preset / "metadata.json").read_text())
        assert meta["steps"] == lines[-1]["steps"] and meta["training_recipe"] == "zoo"
        assert [b["fid1k"] for b in meta["fid1k_at_budgets"]] == [line["fid1k"] for line in lines]
        assert model.ema_generator is not None and model.hparams.batch_size == 16
        assert model.hparams.g_filters == [32, 16, 8]
        assert np.isfinite(model.generate(4, seed=0)).all()


def test_an_existing_preset_folder_is_refused_before_training(tmp_path):
    (tmp_path / "taken").mkdir()
    done = subprocess.run([sys.executable, "bench/time_budget.py", "--budgets", "0.01", "--preset-out",
                           str(tmp_path / "taken")], capture_output=True, text=True, timeout=120,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 2 and "already exists" in done.stderr


def test_plot_names_the_sample_count_and_refuses_to_mix_counts(tmp_path, capsys):
    (tmp_path / "t.jsonl").write_text('{"recipe": "tutorial", "budget_minutes": 10, "fid1k": 300.0}\n'
                                      '{"recipe": "tutorial", "budget_minutes": 20, "fid1k": 250.5}\n')
    zoo = '{"recipe": "zoo", "budget_minutes": 10, "fid1k": 60.25, "raw_generator_fid1k": 70}\n'
    (tmp_path / "z.jsonl").write_text(zoo)
    time_budget.plot([str(tmp_path / "t.jsonl"), str(tmp_path / "z.jsonl")], str(tmp_path / "curve.png"))
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "| minutes | tutorial fid1k | zoo fid1k |"
    assert table[2:] == ["| 10 | 300.0 | 60.2 |", "| 20 | 250.5 | - |"]
    assert (tmp_path / "curve.png").stat().st_size > 1000
    (tmp_path / "z10k.jsonl").write_text('{"recipe": "zoo", "budget_minutes": 10, "fid10k": 55.0}\n')
    with pytest.raises(ValueError, match="different sample counts"):  # FID's bias depends on the count
        time_budget.plot([str(tmp_path / "t.jsonl"), str(tmp_path / "z10k.jsonl")], str(tmp_path / "mixed.png"))


def test_plot_of_mixed_counts_is_a_one_line_command_error(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"recipe": "a", "budget_minutes": 1, "fid1k": 3.0}\n')
    (tmp_path / "b.jsonl").write_text('{"recipe": "b", "budget_minutes": 1, "fid10k": 3.0}\n')
    done = subprocess.run([sys.executable, "bench/time_budget.py", "--plot", str(tmp_path / "a.jsonl"),
                           str(tmp_path / "b.jsonl"), "--png", str(tmp_path / "p.png")], capture_output=True,
                          text=True, timeout=120, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 2 and "different sample counts (fid10k, fid1k)" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "p.png").exists()
