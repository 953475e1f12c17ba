"""The SR evaluation protocol on known cases."""

import os

import numpy as np
import pytest
from PIL import Image

from custom_train_objects.metrics.super_resolution import (bicubic_resize, evaluate_super_resolution, modcrop,
                                                           to_y, y_psnr_ssim)

SET5 = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "sr_benchmarks", "Set5")


def images(n=2, seed=0):
    rng = np.random.default_rng(seed)
    return [np.clip(rng.normal(128, 40, (34 + i, 30 + 2 * i, 3)), 0, 255).astype(np.uint8) for i in range(n)]


def test_y_channel_is_bt601():
    assert to_y(np.zeros((1, 1, 3)))[0, 0] == pytest.approx(16.0)
    assert to_y(np.full((1, 1, 3), 255.0))[0, 0] == pytest.approx(235.0)


def test_modcrop_keeps_the_top_left_multiple():
    assert modcrop(np.zeros((34, 31, 3)), 4).shape == (32, 28, 3)


def test_a_perfect_output_scores_infinite_psnr_and_ssim_one():
    hr = modcrop(images(1)[0], 4)
    psnr, ssim = y_psnr_ssim(hr, hr, 4)
    assert psnr == float("inf") and ssim == pytest.approx(1.0)


def test_bicubic_model_scores_what_the_bicubic_baseline_scores():
    hr_images = images(3)
    result = evaluate_super_resolution(hr_images, lambda lr: bicubic_resize(lr, lr.shape[0] * 4, lr.shape[1] * 4))
    assert result["psnr"] == pytest.approx(result["bicubic_psnr"]) and result["ssim"] == pytest.approx(
        result["bicubic_ssim"])
    perfect = iter(modcrop(h, 4) for h in hr_images)
    result = evaluate_super_resolution(hr_images, lambda lr: next(perfect))
    assert result["psnr"] == float("inf") and result["ssim"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="expected"):
        evaluate_super_resolution(hr_images, lambda lr: lr)


@pytest.mark.skipif(not os.path.isdir(SET5), reason="../shared/data/sr_benchmarks is not present")
def test_set5_bicubic_matches_the_published_figure():
    hr = [np.asarray(Image.open(os.path.join(SET5, n)).convert("RGB")) for n in sorted(os.listdir(SET5))]
    result = evaluate_super_resolution(hr, lambda lr: bicubic_resize(lr, lr.shape[0] * 4, lr.shape[1] * 4))
    assert result["images"] == 5
    assert result["bicubic_psnr"] == pytest.approx(28.42, abs=0.25)  # published x4 bicubic on Set5: 28.42 dB
