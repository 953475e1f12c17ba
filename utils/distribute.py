"""`tf.distribute` strategies by name (`--strategy`), and who writes files in a multi-worker run."""

import json
import os
import platform

import tensorflow as tf

STRATEGIES = ("auto", "one_device", "mirrored", "multi_worker", "tpu")
_multi_worker = []  # MultiWorkerMirroredStrategy must be made once, before TensorFlow's runtime starts


def make_strategy(name="auto"):
    """A `tf.distribute.Strategy`; create it before any model, as early as possible in the program.

    `auto`: MirroredStrategy over several GPUs, else the default (one device).
    `multi_worker` reads the cluster from `TF_CONFIG`; `tpu` needs a reachable TPU.
    """
    if name not in STRATEGIES:
        raise ValueError(f"unknown strategy {name!r}; valid: {', '.join(STRATEGIES)}")
    if name == "multi_worker":
        if not _multi_worker:
            config = read_tf_config()
            if not config.get("cluster"):
                raise ValueError("--strategy multi_worker needs TF_CONFIG with a cluster and this task; see the "
                                 "README's \"More than one machine\"")
            _multi_worker.append(tf.distribute.MultiWorkerMirroredStrategy())
        return _multi_worker[0]
    gpus = tf.config.list_logical_devices("GPU")
    if name == "auto":
        return tf.distribute.MirroredStrategy() if len(gpus) > 1 else tf.distribute.get_strategy()
    if name == "one_device":
        return tf.distribute.OneDeviceStrategy("/gpu:0" if gpus else "/cpu:0")
    if name == "mirrored":
        devices = [d.name for d in gpus] or [d.name for d in tf.config.list_logical_devices("CPU")]
        return tf.distribute.MirroredStrategy(devices)
    try:
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
    except (ValueError, RuntimeError, tf.errors.OpError) as error:
        raise ValueError(f"--strategy tpu: no TPU found ({str(error).splitlines()[0][:120]}); use auto") from None
    return tf.distribute.TPUStrategy(resolver)


def read_tf_config():
    text = os.environ.get("TF_CONFIG", "")
    if not text:
        return {}
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"TF_CONFIG is not valid JSON ({error.msg}); see the README's \"More than one machine\"") \
            from None
    if not isinstance(config, dict):
        raise ValueError("TF_CONFIG must be a JSON object with 'cluster' and 'task'")
    return config


def is_chief():
    """Whether this process writes the run's files: the chief, or worker 0 of a cluster without one."""
    config = read_tf_config()
    task = config.get("task") or {}
    if not config.get("cluster") or not task:
        return True
    kind, index = task.get("type"), int(task.get("index", 0))
    return kind == "chief" or (kind == "worker" and index == 0 and "chief" not in config["cluster"])


def hardware():
    """What this process runs on, for metadata and benchmarks: the GPU, or the CPU cores it may use.

    A process pinned to some cores (`taskset`) says so: its wall time is not that of the whole machine.
    """
    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        names = {tf.config.experimental.get_device_details(g).get("device_name", "GPU") for g in gpus}
        return f"{len(gpus)} x {', '.join(sorted(names))}"
    total = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else total
    return f"{platform.machine()} CPU x{usable}" + (f" (pinned; the machine has {total})" if usable < total else "")
