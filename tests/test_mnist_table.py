"""bench/mnist_table.py's equal-budget mode on the bundled MNIST sample, at a tiny budget and 500 samples per seed
(the columns follow the sample count: fid500 here, fid10k in the published table)."""

import numpy as np

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
