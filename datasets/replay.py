"""Training batches that a resumed run can replay exactly.

Epoch `e` visits the examples in a permutation drawn from `(seed, e)` alone, so
batch number `k` of the stream is the same in every process. A run resumed after
`k` batches starts the stream at `k` without computing the skipped batches, and
sees what the uninterrupted run would have seen, augmentation included (its
randomness is drawn from `(seed, k)` too).
"""

import tensorflow as tf

from datasets.paired import jitter


def batches_per_epoch(num_examples, batch_size):
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    if num_examples < batch_size:
        raise ValueError(f"the dataset has {num_examples} examples, fewer than batch_size={batch_size}; "
                         "use a smaller --batch-size")
    return num_examples // batch_size


def replayable_batches(num_examples, batch_size, seed, make_batch, start_batch=0):
    """An endless `tf.data.Dataset` of `make_batch(indices, batch_number)`.

    Args:
        num_examples: int. Examples in one pass; the last partial batch of each pass is dropped.
        batch_size: int.
        seed: int. Order (and augmentation) seed.
        make_batch: function `(int64 indices [batch_size], int64 batch number) -> batch`.
        start_batch: int. Batches already consumed by earlier runs.
    """
    per_epoch = batches_per_epoch(num_examples, batch_size)
    first_epoch, offset = divmod(int(start_batch), per_epoch)
    seed = int(seed)

    def epoch_batches(epoch):
        order = tf.random.experimental.stateless_shuffle(tf.range(num_examples, dtype=tf.int64),
                                                          seed=tf.stack([tf.constant(seed, tf.int64), epoch]))
        indices = tf.reshape(order[: per_epoch * batch_size], (per_epoch, batch_size))
        numbers = epoch * per_epoch + tf.range(per_epoch, dtype=tf.int64)
        return tf.data.Dataset.from_tensor_slices((indices, numbers))

    ds = tf.data.Dataset.range(first_epoch, 2**40).flat_map(epoch_batches).skip(offset)
    ds = ds.map(make_batch, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    return ds.prefetch(tf.data.AUTOTUNE)


def image_batches(images, labels, batch_size, seed, start_batch=0):
    """`(images in [-1, 1], labels)` batches from uint8 `[N, H, W, C]` images and int labels."""
    images_t, labels_t = tf.constant(images), tf.constant(labels)

    def make_batch(indices, _):
        return tf.cast(tf.gather(images_t, indices), tf.float32) / 127.5 - 1.0, tf.gather(labels_t, indices)

    return replayable_batches(len(images), batch_size, seed, make_batch, start_batch)


def pair_batches(a, b, batch_size, seed, augment=True, start_batch=0):
    """`(A, B)` batches in [-1, 1] from uint8 pairs, with pix2pix's jitter applied alike to both images."""
    pairs = tf.constant(tf.concat([a, b], axis=-1))
    size, channels_a = a.shape[1], a.shape[-1]

    def make_batch(indices, number):
        batch = tf.cast(tf.gather(pairs, indices), tf.float32)
        if augment:
            seeds = tf.random.experimental.stateless_split(tf.stack([tf.constant(seed, tf.int64), number]),
                                                           batch_size)
            batch = tf.map_fn(lambda args: jitter(args[0], size, args[1]), (batch, seeds),
                              fn_output_signature=tf.float32)
        batch = tf.clip_by_value(batch / 127.5 - 1.0, -1.0, 1.0)
        return batch[..., :channels_a], batch[..., channels_a:]

    return replayable_batches(len(a), batch_size, seed, make_batch, start_batch)
