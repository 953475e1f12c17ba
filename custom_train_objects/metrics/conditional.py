"""Is conditioning learned? Class accuracy of conditional samples, judged by a classifier."""

import numpy as np
from scipy.optimize import linear_sum_assignment


def conditional_accuracy(requested, predicted):
    """`cond_acc`: share of samples the classifier puts in the class that was asked for."""
    requested, predicted = np.asarray(requested), np.asarray(predicted)
    return float((requested == predicted).mean())


def best_mapping_accuracy(codes, predicted, num_classes=None):
    """InfoGAN: accuracy under the best one-to-one map from categorical code to predicted class.

    Returns `(accuracy, mapping)` with `mapping[code] = class` (Hungarian
    algorithm on the code-by-class count matrix), as for clustering accuracy.
    """
    codes, predicted = np.asarray(codes), np.asarray(predicted)
    size = num_classes or int(max(codes.max(), predicted.max())) + 1
    counts = np.zeros((size, size), "int64")
    np.add.at(counts, (codes, predicted), 1)
    rows, cols = linear_sum_assignment(-counts)
    return float(counts[rows, cols].sum() / len(codes)), {int(r): int(c) for r, c in zip(rows, cols)}


def measure_conditioning(model, feature_network, per_class=100, seed=0, num_images=None):
    """Generates `per_class` images per label (cGAN) or code (InfoGAN), or `num_images` in all split evenly
    over them, and classifies them.

    Returns `{"cond_acc": ...}` for a cGAN, `{"code_acc": ..., "code_to_class": {...}}` for an InfoGAN.
    """
    infogan = hasattr(model, "code_inputs")
    num = model.hparams.num_categories if infogan else model.num_classes
    asked = np.repeat(np.arange(num), max(1, num_images // num) if num_images else per_class)
    if infogan:
        images = model.generate(len(asked), codes={"categorical": asked}, seed=seed)
    else:
        images = model.generate(len(asked), labels=asked, seed=seed)
    predicted = feature_network(images)["logits"].argmax(axis=1)
    if infogan:
        accuracy, mapping = best_mapping_accuracy(asked, predicted, max(num, predicted.max() + 1))
        return {"code_acc": round(accuracy, 4), "code_to_class": mapping, "cond_samples": len(asked)}
    return {"cond_acc": round(conditional_accuracy(asked, predicted), 4), "cond_samples": len(asked)}
