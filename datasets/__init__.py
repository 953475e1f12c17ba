"""Datasets as model-ready `tf.data` pipelines."""

from datasets.loader import DATASETS, get_dataset, load_arrays
from datasets.mnist import DatasetNotFoundError

__all__ = ["DATASETS", "DatasetNotFoundError", "get_dataset", "load_arrays"]
