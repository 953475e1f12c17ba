"""The training algorithm every `BaseGAN` runs: step kinds and critic repeats, on top of the family hooks."""

import keras
import tensorflow as tf

from custom_train_objects.losses import r1_penalty

STEP_KINDS = ("alternating_fresh", "alternating_reuse", "simultaneous")


def with_loss_scaling(optimizer):
    """Under the mixed_float16 policy, `optimizer` wrapped in a `LossScaleOptimizer` (one per network)."""
    float16 = keras.mixed_precision.global_policy().compute_dtype == "float16"
    if float16 and not isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return keras.optimizers.LossScaleOptimizer(optimizer)
    return optimizer


def unique_variables(*variable_lists):
    """The variables of several networks that share layers, each once, in order."""
    seen, variables = set(), []
    for variable_list in variable_lists:
        for v in variable_list:
            if id(v) not in seen:
                seen.add(id(v))
                variables.append(v)
    return variables


class GANSteps:
    """`train_step` / `test_step` of `BaseGAN`, written against its hooks (`split_batch`, `sample_fake`,
    `critic`, `discriminator_variables`, the two objectives); families change those, not this."""

    def discriminator_step(self, real, condition=None, fake=None, fake_condition=None):
        """One discriminator update on `real` and a fake batch (fresh unless given); returns its loss."""
        if fake is None:
            fake, fake_condition = self.sample_fake(tf.shape(real)[0], condition=condition)
        with tf.GradientTape() as tape:
            real_logits = self.critic(real, condition)
            fake_logits = self.critic(fake, fake_condition)
            d_loss = self.discriminator_objective(real, fake, real_logits, fake_logits, fake_condition)
            d_loss += self.r1_term(real, condition)
            scaled = self.loss_for_gradients(d_loss, self.d_optimizer)
        variables = self.discriminator_variables()
        self.d_optimizer.apply(tape.gradient(scaled, variables), variables)
        self.d_metric.update_state(real_logits, fake_logits)
        return d_loss

    def discriminator_objective(self, real, fake, real_logits, fake_logits, fake_condition=None):
        """D's loss; families with penalties (WGAN-GP) or extra heads (InfoGAN) add terms here."""
        return self.loss_fn.discriminator_loss(real_logits, fake_logits)

    def r1_term(self, real, condition=None):
        """`r1_weight / 2 * R1` on the real batch (`r1_penalty`), or 0 when the HParam is 0 or absent."""
        weight = self.hparams.get("r1_weight", 0.0)
        if not weight:
            return 0.0
        return 0.5 * weight * r1_penalty(lambda images, training: self.critic(images, condition, training), real)

    def generator_loss_on(self, real, condition, fake, fake_condition):
        """G's loss for a fake batch through the current D (call inside G's tape)."""
        fake_logits = self.critic(fake, fake_condition)
        real_logits = self.critic(real, condition) if self.loss_fn.generator_needs_real else None
        return self.generator_objective(real_logits, fake_logits, fake, fake_condition, real=real)

    def generator_step(self, real, condition=None):
        """One generator update on fresh noise against the current D; returns its loss."""
        with tf.GradientTape() as tape:
            fake, fake_condition = self.sample_fake(tf.shape(real)[0], condition=condition)
            g_loss = self.generator_loss_on(real, condition, fake, fake_condition)
            scaled = self.loss_for_gradients(g_loss, self.g_optimizer)
        self.apply_generator_gradients(tape, scaled)
        return g_loss

    def generator_objective(self, real_logits, fake_logits, fake, fake_condition=None, real=None):
        """G's loss; `real` is the real batch, for families with a content term (pix2pix's L1)."""
        return self.loss_fn.generator_loss(real_logits, fake_logits)

    def apply_generator_gradients(self, tape, scaled_g_loss):
        variables = self.generator.trainable_variables
        self.g_optimizer.apply(tape.gradient(scaled_g_loss, variables), variables)

    def loss_for_gradients(self, loss, optimizer):
        """The loss to differentiate (inside the tape): this replica's share of the global batch's mean
        (tf.distribute sums the replicas' gradients), scaled by a LossScaleOptimizer under float16."""
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        loss = loss / replicas if replicas > 1 else loss
        return optimizer.scale_loss(loss)

    def reuse_step(self, real, condition=None):
        """D on a fake batch, then G through the updated D on the same batch (one G pass).

        The PyTorch DCGAN example's and the pix2pix reference code's step. Returns `(d_loss, g_loss)`.
        """
        with tf.GradientTape() as tape:
            fake, fake_condition = self.sample_fake(tf.shape(real)[0], condition=condition)
            with tape.stop_recording():
                d_loss = self.discriminator_step(real, condition, tf.stop_gradient(fake), fake_condition)
            g_loss = self.generator_loss_on(real, condition, fake, fake_condition)
            scaled = self.loss_for_gradients(g_loss, self.g_optimizer)
        self.apply_generator_gradients(tape, scaled)
        return d_loss, g_loss

    def simultaneous_step(self, real, condition=None):
        """Both networks' gradients from one G pass and one D pass (the TF DCGAN tutorial's step)."""
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake, fake_condition = self.sample_fake(tf.shape(real)[0], condition=condition)
            real_logits = self.critic(real, condition)
            fake_logits = self.critic(fake, fake_condition)
            d_loss = self.discriminator_objective(real, fake, real_logits, fake_logits, fake_condition)
            d_loss += self.r1_term(real, condition)
            g_loss = self.generator_objective(real_logits, fake_logits, fake, fake_condition, real=real)
            d_scaled = self.loss_for_gradients(d_loss, self.d_optimizer)
            g_scaled = self.loss_for_gradients(g_loss, self.g_optimizer)
        variables = self.discriminator_variables()
        self.d_optimizer.apply(d_tape.gradient(d_scaled, variables), variables)
        self.apply_generator_gradients(g_tape, g_scaled)
        self.d_metric.update_state(real_logits, fake_logits)
        return d_loss, g_loss

    @property
    def n_critic(self):
        """Discriminator updates per generator update (1 unless the family sets `n_critic`)."""
        return self.hparams.get("n_critic", 1)

    @property
    def step_kind(self):
        """`alternating_fresh`, `alternating_reuse` or `simultaneous` (see `STEP_KINDS`)."""
        return self.hparams.get("step", "alternating_fresh")

    def data_batch_size(self):
        """Images per dataset batch: one `batch_size` slice for each of the n_critic D steps."""
        return self.hparams.batch_size * self.n_critic

    def train_step(self, data):
        # The dataset yields n_critic * batch_size images (`data_batch_size()`): each critic
        # update sees a fresh slice, as StudioGAN and Mimicry do; the generator step follows.
        # With a shared-fake step kind, only the last critic update shares its fake batch with G.
        real, condition = self.split_batch(data)
        n = self.n_critic
        reals = tf.split(real, n) if n > 1 else [real]
        conditions = tf.split(condition, n) if n > 1 and condition is not None else [condition] * n
        d_losses = [self.discriminator_step(r, c) for r, c in zip(reals[:-1], conditions[:-1])]
        if self.step_kind == "alternating_fresh":
            d_losses.append(self.discriminator_step(reals[-1], conditions[-1]))
            g_loss = self.generator_step(reals[-1], conditions[-1])
        else:
            step = self.reuse_step if self.step_kind == "alternating_reuse" else self.simultaneous_step
            d_loss, g_loss = step(reals[-1], conditions[-1])
            d_losses.append(d_loss)
        self.d_loss_tracker.update_state(tf.add_n(d_losses) / n)
        self.g_loss_tracker.update_state(g_loss)
        return self.step_logs()

    def test_step(self, data):
        real, condition = self.split_batch(data)
        fake, fake_condition = self.sample_fake(tf.shape(real)[0], training=False, condition=condition)
        real_logits = self.critic(real, condition, training=False)
        fake_logits = self.critic(fake, fake_condition, training=False)
        self.d_loss_tracker.update_state(self.loss_fn.discriminator_loss(real_logits, fake_logits))
        self.g_loss_tracker.update_state(self.loss_fn.generator_loss(real_logits, fake_logits))
        self.d_metric.update_state(real_logits, fake_logits)
        return self.step_logs()
