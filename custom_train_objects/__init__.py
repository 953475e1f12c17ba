"""Training objects: losses, metrics, callbacks and optimizers."""
