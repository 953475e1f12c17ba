"""Property-based: random flag values and random bytes in preset files never give a traceback or change a file.

Each property asserts: exit status 0 or 2; on 2, exactly one line on stderr
starting with "error: "; and the files that existed before are unchanged.
"""

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from tests.test_main import TINY_FLAGS

FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

numbers = st.one_of(
    st.integers(-3, 40).map(str), st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e30", "0", "-0", "1e-30", "0.5", "", " ", "two", "3.5", "[]", "[1]"]),
)
flag_names = st.sampled_from(["--batch-size", "--latent-dim", "--lr", "--seed", "--steps-per-epoch", "--epochs",
                              "--fid-every", "--verbose", "--loss"])
hparam_items = st.tuples(st.sampled_from(["g_filters", "d_filters", "kernel_size", "dropout", "beta_1", "label_smoothing",
                                          "image_shape", "loss", "step", "nope"]),
                         st.sampled_from(["[]", "[8,4,4]", "[0]", "[-1,2]", "nan", "0.3", "2", "-1", "[1e9]", "x",
                                          "alternating_reuse", "[28,28,1]", "{}"]))


def snapshot(folder):
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            found[path] = open(path, "rb").read()
    return found


def check_outcome(code, err):
    assert code in (0, 2), err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "keep").mkdir()
    (root / "keep" / "thesis.txt").write_text("precious")
    out = root / "run"
    assert main.main(["train", "dcgan", "--epochs", "1", "--out", str(out), *TINY_FLAGS]) == 0
    return root


@FUZZ
@given(flags=st.lists(st.tuples(flag_names, numbers), max_size=3), hparams=st.lists(hparam_items, max_size=2),
       target=st.sampled_from(["new", "keep", "run"]), overwrite=st.booleans())
def test_random_train_flags(workspace, capsys, flags, hparams, target, overwrite):
    before = snapshot(workspace)
    out = workspace / ("new_" + str(abs(hash((tuple(flags), tuple(hparams), overwrite))))) if target == "new" \
        else workspace / target
    argv = ["train", "dcgan", "--out", str(out), "--dataset", "mnist_sample", "--steps-per-epoch", "1", "--epochs", "1",
            "--verbose", "0", "--hparams", "g_filters=[8,4,4]", "d_filters=[4,8]", "kernel_size=3"]
    argv += [x for pair in flags for x in pair] + ["--overwrite"] * overwrite
    if hparams:
        argv += ["--hparams", *[f"{k}={v}" for k, v in hparams]]
    code = main.main(argv)
    check_outcome(code, capsys.readouterr().err)
    after = snapshot(workspace)
    if target == "new" or (target == "run" and overwrite and code == 0):
        changed_root = str(out)
        before = {k: v for k, v in before.items() if not k.startswith(changed_root)}
        after = {k: v for k, v in after.items() if not k.startswith(changed_root)}
    assert after == before
    if target == "new":
        shutil.rmtree(out, ignore_errors=True)


@FUZZ
@given(victim=st.sampled_from(["config.json", "metadata.json", "generator.weights.h5", "SHA256SUMS"]),
       data=st.binary(max_size=300), rechecksum=st.booleans(),
       command=st.sampled_from(["generate", "export", "evaluate"]))
def test_random_bytes_in_preset_files(workspace, tmp_path_factory, capsys, victim, data, rechecksum, command):
    from utils.files import write_checksums

    preset = tmp_path_factory.mktemp("preset") / "p"
    shutil.copytree(workspace / "run" / "preset", preset)
    (preset / victim).write_bytes(data)
    if rechecksum and victim != "SHA256SUMS":
        write_checksums(str(preset))
    before = snapshot(preset)
    target = tmp_path_factory.mktemp("o")
    argv = {"generate": ["generate", str(preset), "--num", "2", "--out", str(target / "x.png")],
            "export": ["export", str(preset), "--out", str(target / "exported")],
            "evaluate": ["evaluate", str(preset), "--num", "20", "--metrics", "fid", "--dataset", "mnist_sample"]}
    code = main.main(argv[command])
    check_outcome(code, capsys.readouterr().err)
    assert snapshot(preset) == before
