import json
import os
import shutil

import numpy as np
import pytest

from models import DCGAN, PresetError, list_presets, load_preset
from models.presets import load_metadata
from pretrained_models import PRESETS_DIR


def copy_preset(tmp_path, name="dcgan_mnist"):
    target = tmp_path / name
    shutil.copytree(os.path.join(PRESETS_DIR, name), target)
    return target


def test_every_listed_preset_is_shipped_and_loads():
    for name in list_presets():
        model = load_preset(name)
        if getattr(model, "super_resolution", False):  # any LR size in, 4x out
            images = model.upscale(np.random.default_rng(0).random((2, 10, 7, 3)))
            assert images.shape == (2, 40, 28, 3) and 0.0 <= images.min() <= images.max() <= 1.0
            continue
        if model.paired:  # image-to-image: translate a few inputs instead of sampling
            images = model.translate(np.random.default_rng(0).random((2, 40, 30, 3)), seed=0)
            assert images.shape == (2, *model.image_shape) and 0.0 <= images.min() <= images.max() <= 1.0
            continue
        images = model.generate(4, seed=0)
        assert images.shape == (4, *model.image_shape) and 0.0 <= images.min() <= images.max() <= 1.0


def test_dcgan_mnist_metadata_records_how_it_was_made():
    meta = load_metadata("dcgan_mnist")
    assert meta["command"].startswith("python main.py train dcgan")
    assert meta["epochs"] >= 10 and meta["wall_time_seconds"] > 0 and meta["seed"] == 0
    assert meta["keras_version"].startswith("3.") and meta["tensorflow_version"]
    assert "60" in meta["dataset"] or "mnist" in meta["dataset"]
    assert DCGAN.from_preset("dcgan_mnist").hparams.latent_dim == 100


def test_every_mnist_generator_preset_records_its_command_time_and_class_histogram():
    mnist = [name for name in list_presets() if load_metadata(name).get("dataset", "").startswith("mnist train")]
    assert {"dcgan_mnist", "gan_mnist", "lsgan_mnist", "sn_dcgan_mnist", "cgan_mnist"} <= set(mnist)
    for name in mnist:
        meta = load_metadata(name)
        assert meta["command"].startswith(f"python main.py train {meta['model']} --dataset mnist"), name
        assert meta["wall_time_seconds"] > 0 and meta["hardware"], name
        shares = meta["metrics"]["class_shares10k"]
        assert len(shares) == 10 and abs(sum(shares) - 1) < 1e-3 and min(shares) > 0.03, name
        with open(os.path.join(PRESETS_DIR, name, "README.md")) as f:
            assert "Samples per class" in f.read(), name


def test_unknown_preset_lists_valid_ones():
    with pytest.raises(PresetError, match="valid presets: dcgan_mnist"):
        load_preset("dcgan_mnsit")


def test_wrong_checksum_is_refused(tmp_path):
    folder = copy_preset(tmp_path)
    path = folder / "generator.weights.h5"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(PresetError, match="does not match its SHA256SUMS"):
        load_preset(str(folder))


def test_truncated_weights_are_refused_even_with_a_matching_checksum(tmp_path):
    from utils.files import write_checksums

    folder = copy_preset(tmp_path)
    path = folder / "generator.weights.h5"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(PresetError, match="does not match"):
        load_preset(str(folder))
    write_checksums(str(folder))  # someone "fixed" the checksums: the load still fails cleanly
    with pytest.raises(PresetError, match="cannot load weights"):
        load_preset(str(folder))


def test_unlisted_weights_are_refused(tmp_path):
    folder = copy_preset(tmp_path)
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    (folder / "SHA256SUMS").write_text("\n".join(l for l in sums if "generator" not in l) + "\n")
    with pytest.raises(PresetError, match="not listed"):
        load_preset(str(folder))


def test_save_is_atomic_and_config_is_plain_json(tmp_path):
    model = DCGAN(latent_dim=4, image_shape=[8, 8, 1], g_filters=[4, 4, 4], d_filters=[4])
    folder = tmp_path / "p"
    model.save_to_preset(str(folder), metadata={"epochs": 1})
    config = json.loads((folder / "config.json").read_text())
    assert config["class_name"] == "DCGAN" and config["config"]["g_filters"] == [4, 4, 4]
    assert sorted(os.listdir(tmp_path)) == ["p"]  # no temporary folders left behind
    assert {"README.md", "SHA256SUMS", "samples.png", "metadata.json"} <= set(os.listdir(folder))
    reloaded = load_preset(str(folder))
    np.testing.assert_array_equal(reloaded.generate(2, seed=5), model.generate(2, seed=5))


def test_conditional_model_card_shows_how_to_ask_for_a_class(tmp_path):
    from models import CGAN

    model = CGAN(latent_dim=4, image_shape=[8, 8, 1], num_classes=3, architecture="mlp", g_units=[8], d_units=[8])
    model.save_to_preset(str(tmp_path / "c"), metadata={"epochs": 1})
    card = (tmp_path / "c" / "README.md").read_text()
    assert "python main.py generate c --labels 0,1,2,3,4,5,6,7,8,9 --num 100 --out grid.png" in card
    plain = DCGAN(latent_dim=4, image_shape=[8, 8, 1], g_filters=[4, 4, 4], d_filters=[4])
    plain.save_to_preset(str(tmp_path / "d"), metadata={"epochs": 1})
    assert "--labels" not in (tmp_path / "d" / "README.md").read_text()


def test_infogan_card_shows_one_sweep_per_continuous_code(tmp_path):
    from models import InfoGAN

    model = InfoGAN(latent_dim=4, image_shape=[8, 8, 1], num_categories=3, num_continuous=2,
                    g_filters=[4, 4, 4], d_filters=[4])
    model.save_to_preset(str(tmp_path / "i"), metadata={"epochs": 1})
    card = (tmp_path / "i" / "README.md").read_text()
    for name in ("samples.png", "sweep_c0.png", "sweep_c1.png"):
        assert f"]({name})" in card and (tmp_path / "i" / name).is_file()
    assert "--sweep 1" in card
    assert load_preset(str(tmp_path / "i")).generate(2, seed=0).shape == (2, 8, 8, 1)  # checksums cover them


def test_model_card_names_the_feature_network_its_metrics_used(tmp_path):
    model = DCGAN(latent_dim=4, image_shape=[8, 8, 3], g_filters=[4, 4, 4], d_filters=[4])
    metrics = {"fid10k": 100.0, "feature_network": "cifar10_classifier (128-d penultimate features; logits for IS)",
               "reference": "cifar10 test set (1000 images)"}
    model.save_to_preset(str(tmp_path / "p"), metadata={"epochs": 1, "metrics": metrics})
    card = (tmp_path / "p" / "README.md").read_text()
    assert "features of `cifar10_classifier`" in card and "against the cifar10 test set (1000 images)" in card
    assert "MNIST" not in card


def tiny_run(tmp_path, metrics=None):
    """A finished run folder (its preset/) holding a tiny DCGAN, measured once."""
    model = DCGAN(latent_dim=4, image_shape=[8, 8, 1], g_filters=[4, 4, 4], d_filters=[4], ema_decay=0.9)
    run = tmp_path / "runs" / "tiny"
    model.save_to_preset(str(run / "preset"), metadata={"epochs": 1, "hardware": "run's own",
                                                        "metrics": metrics or {"fid10k": 99.0}})
    return run


def test_promote_ships_a_run_with_its_weights_and_clears_old_measurements(tmp_path):
    from models.presets import promote_run

    run, shipped = tiny_run(tmp_path), tmp_path / "presets"
    old = tiny_run(tmp_path / "old", metrics={"fid10k": 12.0})
    shutil.copytree(old / "preset", shipped / "dcgan_mnist")
    (shipped / "dcgan_mnist" / "stale.txt").write_text("from the old preset")
    folder = promote_run(str(run), "dcgan_mnist", hardware="2-core CPU, alone", notes="the new recipe",
                         presets_dir=str(shipped))
    assert sorted(os.listdir(shipped)) == ["dcgan_mnist"]  # swapped in whole, no temporary folders left
    for weights in ("generator.weights.h5", "generator_ema.weights.h5"):
        assert (shipped / "dcgan_mnist" / weights).read_bytes() == (run / "preset" / weights).read_bytes()
    assert not (shipped / "dcgan_mnist" / "stale.txt").exists()
    meta = load_metadata(folder)
    assert meta["preset"] == "dcgan_mnist" and meta["metrics"] == {} and meta["metrics_commands"] == []
    assert meta["hardware"] == "2-core CPU, alone" and meta["notes"] == "the new recipe" and meta["epochs"] == 1
    assert meta["promoted_from"].endswith(os.path.join("tiny", "preset"))
    card = (shipped / "dcgan_mnist" / "README.md").read_text()
    assert card.startswith("# dcgan_mnist") and "notes: the new recipe" in card and "fid10k" not in card
    assert load_preset(folder).generate(2, seed=0).shape == (2, 8, 8, 1)  # checksums rewritten


def test_promote_refuses_unknown_names_and_damaged_runs_and_keeps_the_old_preset(tmp_path, capsys):
    from main import main
    from models.presets import promote_run

    run, shipped = tiny_run(tmp_path), tmp_path / "presets"
    shutil.copytree(run / "preset", shipped / "dcgan_mnist")
    before = (shipped / "dcgan_mnist" / "metadata.json").read_text()
    with pytest.raises(PresetError, match="add it with a one-line description to PRESETS"):
        promote_run(str(run), "dcgan_mnsit", presets_dir=str(shipped))
    weights = run / "preset" / "generator.weights.h5"
    weights.write_bytes(weights.read_bytes()[:-10])
    with pytest.raises(PresetError, match="does not match its SHA256SUMS"):
        promote_run(str(run), "dcgan_mnist", presets_dir=str(shipped))
    assert (shipped / "dcgan_mnist" / "metadata.json").read_text() == before
    assert sorted(os.listdir(shipped)) == ["dcgan_mnist"]
    assert main(["promote", str(tmp_path / "missing"), "dcgan_mnist"]) == 2  # before any shipped file is touched
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and "neither a preset folder nor a run folder" in error and "\n" not in error
