"""Choosing the mixed-precision policy for this machine (`--precision`)."""

import contextlib
import sys

import keras
import tensorflow as tf

PRECISIONS = ("auto", "float32", "mixed_bfloat16", "mixed_float16")
# What `main.py train` uses without --precision (bench/RESULTS.md: 1.4x to 1.5x on bf16 CPUs, same fid10k).
DEFAULT_PRECISION = "auto"
# Measured on a 2-core AVX2-only AMD EPYC, one core each, `python bench/train_throughput.py --family dcgan
# --precision float32|mixed_bfloat16 --steps 3 --warmup 1`: 93.6 vs 6.8 img/s (bench/RESULTS.md).
NO_BF16_COST = "about 14x slower than float32 (measured: DCGAN step, 6.8 vs 93.6 img/s on an AVX2-only CPU)"
_warned = set()


def cpu_has_native_bf16(cpuinfo="/proc/cpuinfo"):
    """Whether the CPU computes bfloat16 natively (AVX512_BF16 or AMX), from /proc/cpuinfo."""
    try:
        with open(cpuinfo) as f:
            flags = f.read()
    except OSError:
        return False
    return any(flag in flags.split() for flag in ("avx512_bf16", "amx_bf16"))


def gpu_has_float16_tensor_cores():
    """A GPU of compute capability 7.0 or more (Volta and later)."""
    for gpu in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(gpu).get("compute_capability")
        if capability and tuple(capability) >= (7, 0):
            return True
    return False


def resolve_precision(name="auto"):
    """The policy name `auto` stands for here, or `name` itself after validation."""
    if name not in PRECISIONS:
        raise ValueError(f"unknown precision {name!r}; valid: {', '.join(PRECISIONS)}")
    if name != "auto":
        return name
    if gpu_has_float16_tensor_cores():
        return "mixed_float16"
    if not tf.config.list_physical_devices("GPU") and cpu_has_native_bf16():
        return "mixed_bfloat16"
    return "float32"


def set_precision(name="auto"):
    """Sets Keras's global dtype policy; returns the policy name chosen.

    Build models after this call: layers take the policy in force when they are
    created. Asking for bfloat16 on a CPU without it warns once with its cost;
    float16 without a GPU warns too (it is emulated, slowly, on CPUs).

    Example:

    ```python
    set_precision("auto")   # mixed_bfloat16 on an AVX512_BF16/AMX CPU, mixed_float16 on a recent GPU
    model = DCGAN(); model.compile()  # LossScaleOptimizers under float16, added by compile
    ```
    """
    policy = resolve_precision(name)
    has_gpu = bool(tf.config.list_physical_devices("GPU"))
    if policy == "mixed_bfloat16" and not has_gpu and not cpu_has_native_bf16():
        _warn_once(f"warning: mixed_bfloat16 on a CPU without native bfloat16 is {NO_BF16_COST}; "
                   "use --precision float32 or auto")
    if policy == "mixed_float16" and not has_gpu:
        _warn_once("warning: mixed_float16 without a GPU is emulated and slow; use --precision auto")
    keras.mixed_precision.set_global_policy(policy)
    return policy


def _warn_once(message):
    if message not in _warned:
        _warned.add(message)
        print(message, file=sys.stderr)


@contextlib.contextmanager
def precision_scope(name="auto"):
    """`set_precision(name)` for the block, then the previous global policy again; yields the policy name."""
    previous = keras.mixed_precision.global_policy()
    try:
        yield set_precision(name)
    finally:
        keras.mixed_precision.set_global_policy(previous)
