"""`BaseGAN`: the Keras model every family of the zoo subclasses."""

import keras
import numpy as np
import tensorflow as tf

from custom_train_objects.losses import GANLoss
from custom_train_objects.metrics import GANMetric
from custom_train_objects.optimizers import get_optimizer
from hparams import HParams
from models.generation.steps import STEP_KINDS, GANSteps, with_loss_scaling


# The step of configs saved before the `step` HParam existed (it was the only one).
LEGACY_STEP = "alternating_fresh"

@keras.saving.register_keras_serializable(package="gan_zoo")
class BaseGAN(GANSteps, keras.Model):
    """A generator and a discriminator trained against each other with `fit`.

    Constructor arguments are the family's hyperparameters (`default_hparams()`);
    unknown ones raise `ValueError`. The constructor builds both networks and
    nothing else: no files, no downloads. `call` is the generator, so `predict`
    and `export` serve it. `train_step` runs the HParam `step`: by default
    `alternating_reuse` (a D step on G(z), then a G step through the updated D on
    the same G(z), as the PyTorch DCGAN example: one generator pass fewer than
    Goodfellow et al.'s `alternating_fresh`, with no fid10k cost measured, see
    bench/RESULTS.md); `alternating_fresh` (WGAN's default, for its critic
    repeats) and `simultaneous` (the TF tutorial's) are the others. The
    objective is chosen by `GANLoss`.

    Subclasses set `family` and `description`, and implement `default_hparams`,
    `build_generator` and `build_discriminator`. Where the algorithm differs they
    override the narrowest hook: `split_batch` and `sample_fake` (labels, codes),
    `critic`, `discriminator_step` (clipping), `discriminator_objective` /
    `generator_objective` (penalties, information terms). `n_critic` in the
    HParams gives critic repeats, each on a fresh slice of the batch.

    Example:

    ```python
    model = DCGAN()                      # any family
    model.compile()                      # or compile(g_optimizer=..., d_optimizer=..., loss="hinge")
    model.fit(dataset, epochs=10)        # progress bar: d_loss, g_loss, D accuracy and scores
    images = model.generate(16, seed=0)  # float32 in [0, 1]
    ```
    """

    family = None
    description = ""
    paired = False  # trains on (source, target) image pairs (image-to-image families)
    # Extra `main.py generate` flags the model card shows (conditional families).
    generate_flags_examples = ()
    extra_metric_names = ()  # more `keras.metrics.Mean` trackers a family reports (e.g. "gp")

    @classmethod
    def default_hparams(cls):
        raise NotImplementedError

    def __init__(self, name=None, **hparams):
        super().__init__(name=name or self.family)
        self.hparams = self.default_hparams().update(**hparams)
        self.latent_dim = self.hparams.get("latent_dim")  # None for image-to-image families
        self.image_shape = tuple(self.hparams.image_shape)
        if self.step_kind == "simultaneous" and self.n_critic > 1:
            raise ValueError("step=simultaneous updates D once per G update; use n_critic=1 or "
                             "step=alternating_fresh / alternating_reuse")
        self.generator = self.build_generator()
        self.discriminator = self.build_discriminator()
        self.ema_generator = None
        if self.hparams.get("ema_decay", 0.0) > 0:  # see GeneratorEMA: sampling uses this copy
            self.ema_generator = self.build_generator()
            self.ema_generator.set_weights(self.generator.get_weights())
        self.seed_generator = keras.random.SeedGenerator(self.hparams.seed)
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.d_metric = GANMetric(prefix="d_")
        self.extra_trackers = {name: keras.metrics.Mean(name=name) for name in self.extra_metric_names}
        self.loss_fn = None
        self.g_optimizer = None
        self.d_optimizer = None
        # A built model is what BackupAndRestore, load_weights and tf.distribute expect.
        self(self.example_inputs(1), training=False)
        if self.ema_generator is not None:
            self.ema_generator(self.example_inputs(1), training=False)

    # -- networks --------------------------------------------------------
    def build_generator(self):
        raise NotImplementedError

    def build_discriminator(self):
        raise NotImplementedError

    def call(self, inputs, training=False):
        return self.generator(inputs, training=training)

    def example_inputs(self, n):
        """Zero inputs of the generator's signature, for building and tracing."""
        return tf.zeros((n, self.latent_dim))

    # -- config ----------------------------------------------------------
    def get_config(self):
        return {"name": self.name, **self.hparams.to_dict()}

    @classmethod
    def from_config(cls, config):
        # Configs saved before the `step` HParam existed were trained with the only step there was.
        return cls(**{"step": LEGACY_STEP, **config})

    # -- training --------------------------------------------------------
    def compile(self, g_optimizer=None, d_optimizer=None, loss=None, jit_compile="auto", steps_per_execution=1, **kwargs):
        """Sets one optimizer per network and the adversarial objective.

        Args:
            g_optimizer: `keras.optimizers.Optimizer`. Defaults to the family's
                optimizer built from its HParams.
            d_optimizer: `keras.optimizers.Optimizer`. Same, for the discriminator.
            loss: `GANLoss` or a loss kind name. Defaults to `hparams.loss`.
            jit_compile, steps_per_execution: as in `keras.Model.compile`.
        """
        hp = self.hparams
        self.g_optimizer = with_loss_scaling(g_optimizer or self.default_optimizer(hp.g_lr))
        self.d_optimizer = with_loss_scaling(d_optimizer or self.default_optimizer(hp.d_lr))
        if loss is None:
            loss = self.default_loss()
        elif isinstance(loss, str):
            loss = GANLoss(loss)
        self.loss_fn = loss
        # optimizer=None: no phantom third optimizer saved with the model.
        super().compile(optimizer=None, jit_compile=jit_compile, steps_per_execution=steps_per_execution, **kwargs)
        self.g_optimizer.build(self.generator.trainable_variables)
        self.d_optimizer.build(self.discriminator_variables())

    def default_optimizer(self, learning_rate):
        hp = self.hparams
        return get_optimizer(hp.optimizer, learning_rate, beta_1=hp.beta_1, beta_2=hp.beta_2)

    def default_loss(self):
        hp = self.hparams
        targets = {k: hp[k] for k in ("ls_a", "ls_b", "ls_c") if k in hp}
        return GANLoss(hp.loss, label_smoothing=hp.get("label_smoothing", 0.0), **targets)

    def get_compile_config(self):
        if self.g_optimizer is None:
            return {}
        return {
            "g_optimizer": keras.saving.serialize_keras_object(self.g_optimizer),
            "d_optimizer": keras.saving.serialize_keras_object(self.d_optimizer),
            "loss": keras.saving.serialize_keras_object(self.loss_fn),
        }

    def compile_from_config(self, config):
        self.compile(
            g_optimizer=keras.saving.deserialize_keras_object(config["g_optimizer"]),
            d_optimizer=keras.saving.deserialize_keras_object(config["d_optimizer"]),
            loss=keras.saving.deserialize_keras_object(config["loss"]),
        )

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        # Keras 3.15's fit first averages one distributed batch across replicas, then builds what is
        # unbuilt; under MultiWorkerMirroredStrategy that average fails (PerReplica conversion). A BaseGAN,
        # its trackers and optimizers are built at construction and compile, so there is nothing to build.
        if not all(layer.built for layer in self._flatten_layers()):
            super()._maybe_symbolic_build(iterator=iterator, data_batch=data_batch)

    def step_logs(self):
        """The trackers' results, as `train_step` and `test_step` return them."""
        logs = self.get_metrics_result()
        if isinstance(tf.distribute.get_strategy(), tf.distribute.MultiWorkerMirroredStrategy):
            # Keras 3.15 averages multi-worker step outputs along axis 0, which a scalar lacks.
            logs = {key: tf.reshape(value, [1]) for key, value in logs.items()}
        return logs

    @property
    def metrics(self):
        return [self.d_loss_tracker, self.g_loss_tracker, self.d_metric, *self.extra_trackers.values()]

    def sample_noise(self, batch_size):
        return keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)

    def split_batch(self, data):
        """`(images, condition)` of a dataset batch; unconditional families drop the labels."""
        x, _, _ = keras.utils.unpack_x_y_sample_weight(data)
        return x, None

    def sample_fake(self, batch_size, training=True, condition=None):
        """`(fake images, their condition)` from fresh noise; the condition is None here.

        `condition` is the real batch's condition: families that draw their own
        (labels, codes) ignore it; image-to-image families translate it.
        """
        return self.generator(self.sample_noise(batch_size), training=training), None

    def critic(self, images, condition=None, training=True):
        """The discriminator's logits for images (and their condition, for conditional families)."""
        inputs = images if condition is None else [images, condition]
        return self.discriminator(inputs, training=training)

    def discriminator_variables(self):
        return self.discriminator.trainable_variables

    # -- random state ------------------------------------------------------
    def _seed_states(self):
        # Every SeedGenerator's state in the tree (ours, dropout's): variables that are not weights.
        weight_ids = {id(w) for w in self.weights}
        return [v for v in self.variables if id(v) not in weight_ids]

    def save_own_variables(self, store):
        # Keras saves layer weights but not seed states; keep them so a reload continues exactly.
        for i, state in enumerate(self._seed_states()):
            store[f"seed_state_{i}"] = state

    def load_own_variables(self, store):
        states = self._seed_states()
        keys = [k for k in store.keys() if k.startswith("seed_state_")]
        if len(keys) == len(states):
            for i, state in enumerate(states):
                state.assign(store[f"seed_state_{i}"])

    # -- sampling ----------------------------------------------------------
    def sample_latents(self, num_images, seed=None):
        """Latent vectors, float32 `[num_images, latent_dim]`; the same seed gives the same vectors."""
        if seed is None:
            return keras.ops.convert_to_numpy(self.sample_noise(num_images))
        return np.random.default_rng(seed).standard_normal((num_images, self.latent_dim)).astype("float32")

    def generate(self, num_images, labels=None, seed=None, batch_size=256, codes=None):
        """Samples `num_images` images as float32 `[N, H, W, C]` in [0, 1].

        Args:
            num_images: int. How many images.
            labels: unused by unconditional families; conditional ones take class ids.
            seed: int or None. The same seed gives the same images. Defaults to None.
            batch_size: int. Generator batch size. Defaults to 256.
        """
        if labels is not None or codes is not None:
            raise ValueError(f"{type(self).__name__} is unconditional; it takes no labels or codes")
        return self.images_from_inputs([self.sample_latents(num_images, seed)], batch_size)

    def images_from_inputs(self, inputs, batch_size=256):
        """Runs the generator on inputs (lists of arrays) in batches; images in [0, 1]."""
        outputs = []
        for start in range(0, len(inputs[0]), batch_size):
            chunk = [x[start : start + batch_size] for x in inputs]
            chunk = chunk[0] if len(chunk) == 1 else chunk
            chunk = tf.nest.map_structure(tf.convert_to_tensor, chunk)
            outputs.append(keras.ops.convert_to_numpy(self.sampling_function()(chunk)))
        if not outputs:
            return np.zeros((0, *self.image_shape), "float32")
        images = np.concatenate(outputs).astype("float32")
        return np.clip((images + 1.0) / 2.0, 0.0, 1.0)

    def sampling_function(self):
        """`sampling_generator(x, training=False)` traced once into a graph, for any batch or image size.

        Eager calls cost about 3x for SR upscaling (bench/generation_throughput.py). Cached per network;
        the graph reads the live weights, so training on keeps it current.
        """
        network = self.sampling_generator
        cached = self.__dict__.get("_sampling_cache")
        if cached is None or cached[0] is not network:
            cached = (network, tf.function(lambda x: network(x, training=False), reduce_retracing=True))
            self.__dict__["_sampling_cache"] = cached  # not a tracked attribute: nothing to save
        return cached[1]

    def forget_sampling_function(self):
        """Drops the traced sampler: call after changing a Python-level setting the trace baked in."""
        self.__dict__.pop("_sampling_cache", None)

    @property
    def sampling_generator(self):
        """The generator that `generate`, grids, `evaluate` and `export` use: the EMA copy when there is one."""
        return self.ema_generator if self.ema_generator is not None else self.generator

    def recalibration_inputs(self, batches, batch_size=256, seed=4321):
        """Generator input batches on which the EMA copy's batch-norm statistics are measured."""
        return [self.grid_inputs(batch_size, seed=seed + i) for i in range(batches)]

    def recalibrate_ema(self, batches=8):
        """Recomputes the EMA generator's batch-norm statistics for its own weights (see GeneratorEMA)."""
        from custom_train_objects.callbacks.ema import recalibrate_batch_norm

        if self.ema_generator is None:
            return 0
        inputs = [x[0] if len(x) == 1 else x for x in self.recalibration_inputs(batches)]
        return recalibrate_batch_norm(self.ema_generator, inputs)

    def grid_images(self, inputs):
        """The images a training grid shows for fixed `inputs` (`grid_inputs()`), in [0, 1]."""
        return self.images_from_inputs(inputs)

    def grid_inputs(self, num_images=64, seed=1234):
        """The fixed generator inputs whose images training grids show each epoch."""
        return [self.sample_latents(num_images, seed=seed)]

    def grid_columns(self):
        return 8

    def card_grids(self):
        """`[(file name, caption, columns, make_images)]`: the grids a preset's model card shows.

        `make_images()` draws the grid, so the card's text costs no generation.
        """
        return [("samples.png", "64 samples drawn with `generate(64, seed=0)`.", 8,
                 lambda: self.generate(64, seed=0))]

    # -- model card ----------------------------------------------------------
    metrics_note = ("FID/KID/precision/recall use the project's MNIST classifier features and IS its logits, "
                    "against the MNIST test set (see the repository README, \"How we measure\"); "
                    "they are not comparable with Inception-based numbers.")

    def card_metrics_note(self, metrics):
        """The card's sentence on what the numbers mean, naming the feature network and reference they used."""
        network = metrics.get("feature_network")
        if not network:
            return self.metrics_note
        name = network.split(" (")[0]
        comparable = ("comparable with papers' Inception FID only at the same sample counts and reference set"
                      if name.startswith("inception") else "not comparable with Inception-based numbers")
        return (f"FID/KID/precision/recall use the features of `{name}` and IS its logits, against the "
                f"{metrics.get('reference', 'reference set')} (see the repository README, \"How we measure\"); "
                f"they are {comparable}.")

    def card_python_usage(self):
        return "images = model.generate(16, seed=0)  # float32 [16, H, W, C] in [0, 1]"

    def card_command_lines(self, name):
        return [f"python main.py generate {name} --num 64 --seed 0 --out grid.png",
                *[f"python main.py generate {name} {flags} --out grid.png" for flags in self.generate_flags_examples]]

    # -- files -------------------------------------------------------------
    def serving_signature(self):
        """Input specs of the exported `serve` endpoint: here the latent batch."""
        return [tf.TensorSpec((None, self.latent_dim), tf.float32, name="latent")]

    def export(self, filepath, format="tf_saved_model", verbose=False, **kwargs):
        """Writes a SavedModel whose `serve` maps the generator's inputs to images in [-1, 1]."""
        from models.export import export_generator

        if format != "tf_saved_model":
            return super().export(filepath, format=format, verbose=verbose, **kwargs)
        return export_generator(self, filepath)

    def save_to_preset(self, preset_dir, metadata=None, save_discriminator=True):
        """Writes a preset folder (config, weights, metadata, card, SHA256SUMS)."""
        from models.presets import save_preset

        return save_preset(self, preset_dir, metadata=metadata, save_discriminator=save_discriminator)

    @classmethod
    def from_preset(cls, name_or_dir, load_discriminator=True):
        """Loads a shipped preset by name, or a preset folder by path."""
        from models.presets import load_preset

        model = load_preset(name_or_dir, load_discriminator=load_discriminator)
        if not isinstance(model, cls):
            raise ValueError(f"preset {name_or_dir!r} holds a {type(model).__name__}, not a {cls.__name__}")
        return model


def common_hparams(choices=None, exclude=(), **family_defaults):
    """The hyperparameters every family has, updated with the family's own defaults.

    `exclude` drops common keys a family has no use for (image-to-image models have no latent).
    """
    base = dict(
        latent_dim=100,
        image_shape=[28, 28, 1],
        batch_size=64,
        optimizer="adam",
        g_lr=2e-4,
        d_lr=2e-4,
        beta_1=0.5,
        beta_2=0.999,
        loss="non_saturating",
        label_smoothing=0.0,
        step="alternating_reuse",
        ema_decay=0.0,
        lr_decay_epochs=0,
        seed=0,
    )
    base.update(family_defaults)
    for key in exclude:
        base.pop(key)
    from custom_train_objects.losses import LOSS_KINDS
    from custom_train_objects.optimizers import OPTIMIZERS

    choices = {"loss": list(LOSS_KINDS), "optimizer": list(OPTIMIZERS), "step": list(STEP_KINDS), **(choices or {})}
    return HParams(choices=choices, **base)
