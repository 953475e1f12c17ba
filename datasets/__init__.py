"""Datasets as model-ready `tf.data` pipelines."""

from datasets.loader import DATASETS, get_dataset, load_arrays
from datasets.mnist import DatasetNotFoundError
from datasets.paired import get_paired_dataset, load_pairs

# Paired (A|B side-by-side) datasets for image-to-image models: name -> description.
PAIRED_DATASETS = {
    "facades": "CMP Facades, 400/100/106 label map | photo pairs: --data-dir, then ../shared/data/facades",
    "paired": "your own side-by-side A|B images: --data-dir DIR with train/ (val/, test/), any size",
}

__all__ = ["DATASETS", "PAIRED_DATASETS", "DatasetNotFoundError", "get_dataset", "get_paired_dataset", "load_arrays",
           "load_pairs"]
