import json
import os

import keras
import numpy as np

from custom_train_objects.callbacks import LossHistory, QualityMetrics, ResumableCheckpoint, SampleGrid
from custom_train_objects.metrics import FeatureNetwork, fid
from models import DCGAN
from tests.helpers import tiny_dataset, tiny_images

TINY = dict(latent_dim=8, image_shape=[8, 8, 1], g_filters=[8, 4, 4], d_filters=[4, 8], kernel_size=3, batch_size=4)


def random_feature_network():
    keras.utils.set_random_seed(1)
    inputs = keras.Input((8, 8, 1))
    features = keras.layers.Dense(6)(keras.layers.Flatten()(inputs))
    logits = keras.layers.Dense(3)(features)
    return FeatureNetwork(keras.Model(inputs, [features, logits]), lambda x: x, "random test features")


def test_quality_metrics_logs_fid_and_kid_that_match_the_batch_computation(tmp_path):
    model = DCGAN(**TINY)
    model.compile()
    real = (tiny_images((8, 8, 1), n=32)[0] + 1) / 2
    network = random_feature_network()
    callback = QualityMetrics(real, feature_network=network, every=2, num_samples=20, seed=5)
    history = LossHistory(str(tmp_path / "h.json"))
    model.fit(tiny_dataset(), epochs=2, steps_per_epoch=1, verbose=0, callbacks=[callback, history])
    logged = json.load(open(tmp_path / "h.json"))
    assert logged["fid20"][0] is None and logged["kid20"][0] is None  # only at epoch 2
    expected = fid(real, model.generate(20, seed=5), features=network)
    np.testing.assert_allclose(logged["fid20"][1], expected, rtol=1e-5)


def test_grid_gif_checkpoint_and_history(tmp_path):
    model = DCGAN(**TINY)
    model.compile()
    callbacks = [
        SampleGrid(str(tmp_path / "samples"), model.grid_inputs(4), gif_path=str(tmp_path / "p.gif")),
        LossHistory(str(tmp_path / "h.json"), str(tmp_path / "l.png")),
        ResumableCheckpoint(str(tmp_path / "ckpt"), extra_state={"commands": ["x"]}),
    ]
    model.fit(tiny_dataset(), epochs=3, steps_per_epoch=1, verbose=0, callbacks=callbacks)
    assert sorted(os.listdir(tmp_path / "samples")) == ["epoch_0001.png", "epoch_0002.png", "epoch_0003.png"]
    assert os.path.isfile(tmp_path / "p.gif") and os.path.isfile(tmp_path / "l.png")
    restored, state = ResumableCheckpoint.restore(str(tmp_path / "ckpt"))
    assert state["epoch"] == 3 and state["commands"] == ["x"]
    assert not [n for n in os.listdir(tmp_path / "ckpt") if n.startswith(".tmp")]
    np.testing.assert_array_equal(restored.generate(2, seed=0), model.generate(2, seed=0))
    # a resumed run that repeats epoch 3 rewrites it rather than appending
    history = LossHistory(str(tmp_path / "h.json"))
    history.on_epoch_end(2, {"d_loss": 9.0})
    assert len(history.history["d_loss"]) == 3 and history.history["d_loss"][-1] == 9.0
