import numpy as np

from custom_train_objects.metrics import GANMetric


def test_accuracy_and_scores_accumulate_and_reset():
    metric = GANMetric()
    metric.update_state(np.array([[1.0], [-1.0]]), np.array([[-2.0], [-0.5]]))
    metric.update_state(np.array([[3.0], [2.0]]), np.array([[1.0], [-1.0]]))
    result = {k: float(v) for k, v in metric.result().items()}
    assert result == {"d_real_acc": 0.75, "d_fake_acc": 0.75, "d_real_score": 1.25, "d_fake_score": -0.625}
    metric.reset_state()
    assert float(metric.result()["d_real_acc"]) == 0.0


def test_patch_logits_count_every_position():
    metric = GANMetric(prefix="")
    metric.update_state(np.ones((2, 3, 3, 1)), -np.ones((2, 3, 3, 1)))
    assert float(metric.result()["real_acc"]) == 1.0 and float(metric.result()["fake_score"]) == -1.0
