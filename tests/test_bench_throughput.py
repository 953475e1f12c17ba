"""bench/train_throughput.py times fit against a hand loop only where the loop runs the same step;
bench/thread_scaling.py's layouts give each job the cores and threads they name."""

from bench import thread_scaling
from bench.train_throughput import hand_loop_for
from models import get_model_class


def dcgan_hparams(*overrides):
    return get_model_class("dcgan").default_hparams().update_from_strings(list(overrides))


def test_the_hand_loop_runs_for_the_step_it_implements():
    assert callable(hand_loop_for("dcgan", dcgan_hparams("step=simultaneous"), "off"))


def test_no_hand_loop_where_it_would_time_another_step():
    for override in ("pack=4", "r1_weight=1", "rotation_weight=1", "architecture=paper", "loss=least_squares",
                     "label_smoothing=0.1"):
        assert hand_loop_for("dcgan", dcgan_hparams(override), "off") is None, override
    assert hand_loop_for("dcgan", dcgan_hparams(), "off", wanted=False) is None
    assert hand_loop_for("lsgan", get_model_class("lsgan").default_hparams(), "off") is None


def test_thread_layouts_pin_one_thread_per_core_or_give_one_job_every_core():
    one, every, per_core = thread_scaling.layouts([0, 1])
    assert one == ("one_thread", [{0}], True)
    assert every == ("all_cores", [{0, 1}], False)
    assert per_core == ("job_per_core", [{0}, {1}], True)
