"""bench/mnist_table.py's equal-budget mode on the bundled MNIST sample, at a tiny budget and 500 samples per seed
(the columns follow the sample count: fid500 here, fid10k in the published table)."""

import sys

import numpy as np
import pytest
from PIL import Image

from bench import mnist_table
from custom_train_objects.metrics import get_feature_network
from datasets import load_arrays


def test_families_train_for_the_same_budget_and_fill_the_table():
    real, _ = load_arrays("mnist_sample", "test")
    network = get_feature_network("mnist")
    summaries = []
    for family in ("gan", "cgan"):
        model, trained = mnist_table.train_for(family, 0.003, seed=0, precision="float32", dataset="mnist_sample")
        assert trained["steps"] >= 1 and trained["wall_time_seconds"] >= 0.18
        assert trained["preset"] == f"{family} (from scratch)" and trained["precision"] == "float32"
        summary = {**trained, **mnist_table.measure_model(model, real, network, seeds=[0, 1], num=500)}
        assert "fid10k" not in summary and summary["num"] == 500
        mean, std = summary["fid500"]
        assert mean > 0 and std > 0 and np.isfinite(mean)  # two sampling seeds, two different scores
        assert ("cond" in summary) == (family == "cgan")  # cond_acc only for the conditional family
        summaries.append(summary)
    table = mnist_table.markdown(summaries).splitlines()
    assert len(table) == 2 + 2 and table[2].startswith("| `gan (from scratch)` |")
    assert "| fid500 | kid500 | is500 |" in table[0]
    assert table[3].split("|")[-2].strip() != "-" and table[2].split("|")[-2].strip() == "-"


OLD = """Protocol: `python bench/mnist_table.py --seeds 0,1`; mean ± std.

| preset | epochs | fid500 |
|---|---|---|
| `a_mnist` | 1 | 9.00 ± 0.10 |
| `b_mnist` | 2 | 8.00 ± 0.20 |
"""


def test_update_replaces_a_row_in_place_and_appends_a_new_preset():
    new = ("| preset | epochs | fid500 |\n|---|---|---|\n| `b_mnist` | 4 | 5.00 ± 0.30 |\n"
           "| `c_mnist` | 3 | 7.00 ± 0.40 |\n")
    merged = mnist_table.merge_table(OLD, new, "2026-11-27").splitlines()
    assert merged[0] == ("Protocol: `python bench/mnist_table.py --seeds 0,1`; mean ± std. Rows re-measured since by "
                         "the same protocol with `--update`: `b_mnist` on 2026-11-27, `c_mnist` on 2026-11-27.")
    assert merged[2:4] == ["| preset | epochs | fid500 |", "|---|---|---|"]
    assert merged[4:] == ["| `a_mnist` | 1 | 9.00 ± 0.10 |", "| `b_mnist` | 4 | 5.00 ± 0.30 |",
                          "| `c_mnist` | 3 | 7.00 ± 0.40 |"]
    assert mnist_table.table_presets("\n".join(merged)) == ["a_mnist", "b_mnist", "c_mnist"]


def test_a_second_update_keeps_one_dated_entry_per_preset():
    first = mnist_table.merge_table(OLD, "| preset | epochs | fid500 |\n|---|---|---|\n| `a_mnist` | 2 | 4.00 ± 0.10 |\n",
                                    "2026-11-27")
    second = mnist_table.merge_table(first, "| preset | epochs | fid500 |\n|---|---|---|\n"
                                     "| `b_mnist` | 5 | 3.00 ± 0.10 |\n| `a_mnist` | 3 | 2.00 ± 0.10 |\n", "2026-11-28")
    assert second.splitlines()[0] == ("Protocol: `python bench/mnist_table.py --seeds 0,1`; mean ± std. Rows re-measured "
                                      "since by the same protocol with `--update`: `b_mnist` on 2026-11-28, "
                                      "`a_mnist` on 2026-11-28.")
    assert second.splitlines()[4:] == ["| `a_mnist` | 3 | 2.00 ± 0.10 |", "| `b_mnist` | 5 | 3.00 ± 0.10 |"]


def test_update_refuses_rows_with_other_columns():
    new = "| preset | epochs | fid10k |\n|---|---|---|\n| `b_mnist` | 4 | 5.00 ± 0.30 |\n"
    with pytest.raises(ValueError, match="columns differ"):
        mnist_table.merge_table(OLD, new, "2026-11-27")


def test_readme_gets_the_new_table_in_place_of_the_old_one():
    readme = "# Title\n\nText before.\n\n" + OLD + "\n![samples](bench/mnist_table.png)\n\nText after.\n"
    new_table = "Protocol: `python bench/mnist_table.py` new.\n\n| preset |\n|---|\n| `z_mnist` |\n"
    updated = mnist_table.replace_in_readme(readme, new_table)
    assert updated == "# Title\n\nText before.\n\n" + new_table + "\n![samples](bench/mnist_table.png)\n\nText after.\n"
    with pytest.raises(ValueError, match="found 0"):
        mnist_table.replace_in_readme("no table here\n", new_table)


def test_update_command_measures_one_preset_and_keeps_the_other_rows(tmp_path, monkeypatch):
    table, readme, png = tmp_path / "table.md", tmp_path / "README.md", tmp_path / "rows.png"
    old_row = "| `dcgan_mnist` | 70 | 42 min | 1.00 ± 0.00 | 1 | 1 | 1 | 1 | 1 | - |"
    header = ("| preset | epochs | train time | fid500 | kid500 | is500 | precision | recall | rarest class (%) | "
              "cond/code acc |\n|---|---|---|---|---|---|---|---|---|---|\n")
    old = f"Protocol: `python bench/mnist_table.py --num 500`; old.\n\n{header}{old_row}\n"
    table.write_text(old)
    readme.write_text("# Zoo\n\n" + old + "\nAfter.\n")
    monkeypatch.setattr(sys, "argv", ["mnist_table.py", "--update", "--presets", "gan_mnist", "--num", "500",
                                      "--seeds", "0", "--dataset", "mnist_sample", "--out", str(table),
                                      "--png", str(png), "--readme", str(readme)])
    mnist_table.main()
    lines = table.read_text().splitlines()
    assert lines[0].startswith("Protocol: `python bench/mnist_table.py --num 500`; old. Rows re-measured since by the "
                               "same protocol with `--update`: `gan_mnist` on 20")
    assert lines[4] == old_row and lines[5].startswith("| `gan_mnist` | 40 |")
    fid = float(lines[5].split("|")[4].split("±")[0])
    assert 5 < fid < 200  # a trained MLP GAN on 500 samples: far from noise (~490) and from 0
    assert readme.read_text() == "# Zoo\n\n" + table.read_text() + "\nAfter.\n"
    grid = np.asarray(Image.open(png))
    assert grid.shape[0] < grid.shape[1] / 4 and grid.shape[0] > grid.shape[1] / 6  # 2 rows of 10 samples


def test_update_with_another_sample_count_stops_before_measuring(tmp_path, monkeypatch, capsys):
    table = tmp_path / "table.md"
    table.write_text("Protocol: x.\n\n" + "\n".join(mnist_table.header(10000)) + "\n| `gan_mnist` | 1 |\n")
    monkeypatch.setattr(sys, "argv", ["mnist_table.py", "--update", "--presets", "gan_mnist", "--num", "500",
                                      "--out", str(table), "--png", str(tmp_path / "rows.png")])
    with pytest.raises(SystemExit) as stop:
        mnist_table.main()
    assert stop.value.code == 2 and "columns differ" in capsys.readouterr().err
    assert not (tmp_path / "rows.png").exists() and "| `gan_mnist` | 1 |" in table.read_text()
