import numpy as np

from custom_train_objects.metrics.conditional import best_mapping_accuracy, conditional_accuracy


def test_conditional_accuracy():
    assert conditional_accuracy([0, 1, 2, 3], [0, 1, 0, 3]) == 0.75


def test_best_mapping_finds_the_permutation():
    codes = np.repeat(np.arange(3), 10)
    predicted = np.array([2] * 9 + [0] + [0] * 10 + [1] * 8 + [2] * 2)  # code 0 -> 2, 1 -> 0, 2 -> 1
    accuracy, mapping = best_mapping_accuracy(codes, predicted)
    assert mapping == {0: 2, 1: 0, 2: 1} and accuracy == (9 + 10 + 8) / 30


def test_best_mapping_is_one_to_one():
    # every code predicted as class 0: only one code may claim it
    accuracy, mapping = best_mapping_accuracy(np.arange(4).repeat(5), np.zeros(20, int), num_classes=4)
    assert accuracy == 0.25 and sorted(mapping.values()) == [0, 1, 2, 3]


class _LabelEcho:
    """A stand-in cGAN whose image i is its label as one pixel value, judged by a 'classifier' that reads it."""

    num_classes = 3

    def generate(self, num, labels, seed=None):
        return np.asarray(labels, "float32").reshape(num, 1)


def _read_label(images):
    logits = np.eye(3)[images[:, 0].astype(int)]
    logits[::4] = np.roll(logits[::4], 1, axis=1)  # every fourth sample comes out as the next class
    return {"logits": logits}


def test_measure_conditioning_splits_num_images_over_the_classes():
    from custom_train_objects.metrics.conditional import measure_conditioning

    result = measure_conditioning(_LabelEcho(), _read_label, num_images=3000)
    assert result["cond_samples"] == 3000 and result["cond_acc"] == 0.75
    assert measure_conditioning(_LabelEcho(), _read_label)["cond_samples"] == 300  # 100 per class by default
