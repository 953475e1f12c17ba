"""Typed, validated hyperparameters with a JSON round trip."""

import copy
import json
import os

_NUMBER = (int, float)
_BIG = 1 << 20

# Allowed ranges (inclusive) of the zoo's hyperparameters, by name; a list's elements are
# checked one by one. Every float must be finite. Keys not listed only need finite values.
RANGES = {
    "latent_dim": (1, 4096), "batch_size": (1, 65536), "seed": (0, 2**31 - 1),
    "g_lr": (1e-8, 1.0), "d_lr": (1e-8, 1.0), "beta_1": (0.0, 0.9999), "beta_2": (0.0, 0.99999),
    "base_width": (1, 4096), "label_smoothing": (0.0, 0.5), "ema_decay": (0.0, 0.99999), "lr_decay_epochs": (0, 100000), "dropout": (0.0, 0.95), "kernel_size": (1, 15), "pack": (1, 16),
    "g_filters": (1, 8192), "d_filters": (1, 8192), "g_units": (1, 65536), "d_units": (1, 65536),
    "q_units": (1, 65536), "g_max_filters": (1, 8192), "d_layers": (1, 8), "image_shape": (1, 4096),
    "source_channels": (1, 4), "n_critic": (1, 100), "gp_weight": (0.0, 1e4), "r1_weight": (0.0, 1e4),
    "rotation_weight": (0.0, 1e4), "rotation_g_weight": (0.0, 1e4), "clip_value": (1e-6, 10.0),
    "num_classes": (2, 1000), "num_categories": (2, 1000), "num_continuous": (0, 64),
    "info_weight": (0.0, 1e4), "continuous_weight": (0.0, 1e4), "l1_weight": (0.0, 1e4),
    "scale": (2, 8), "num_blocks": (0, 64), "filters": (1, 1024), "growth": (1, 512), "residual_scale": (0.0, 1.0),
    "dense_units": (1, 65536), "adversarial_weight": (0.0, 1.0), "perceptual_weight": (0.0, 1e3),
    "ls_a": (-10.0, 10.0), "ls_b": (-10.0, 10.0), "ls_c": (-10.0, 10.0),
}


def _type_name(value):
    return type(value).__name__


class HParams:
    """A set of named hyperparameters whose types are fixed by their defaults.

    Each model family declares its defaults once (`DCGAN.default_hparams()`);
    everything else (constructor overrides, CLI flags, JSON files) goes through
    `update`, which rejects unknown keys and values of the wrong type.

    Args:
        choices: dict. Optional allowed values for some keys, e.g.
            `{"loss": ["non_saturating", "hinge"]}`. Defaults to None.
        **defaults: the keys and their default values. A default of None
            accepts any JSON value.

    Example:

    ```python
    hp = HParams(latent_dim=100, lr=2e-4, filters=[64, 128])
    hp = hp.update(lr=1e-4)
    hp.lr, hp["latent_dim"]  # (0.0001, 100)
    HParams.from_json(hp.to_json()) == hp  # True
    ```
    """

    def __init__(self, choices=None, **defaults):
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_defaults", copy.deepcopy(defaults))
        object.__setattr__(self, "_choices", dict(choices or {}))
        for key, value in defaults.items():
            self._values[key] = self._check(key, value)

    # -- access ---------------------------------------------------------
    def __getattr__(self, key):
        values = object.__getattribute__(self, "_values")
        if key in values:
            return values[key]
        raise AttributeError(f"HParams has no key {key!r}; valid keys: {', '.join(sorted(values))}")

    def __setattr__(self, key, value):
        raise AttributeError("HParams is immutable; use `hp = hp.update(key=value)`.")

    def __getitem__(self, key):
        if key not in self._values:
            raise KeyError(f"unknown hyperparameter {key!r}; valid keys: {', '.join(sorted(self._values))}")
        return self._values[key]

    def __contains__(self, key):
        return key in self._values

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __eq__(self, other):
        return isinstance(other, HParams) and self._values == other._values

    def __repr__(self):
        items = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"HParams({items})"

    def keys(self):
        return self._values.keys()

    def items(self):
        return self._values.items()

    def get(self, key, default=None):
        return self._values.get(key, default)

    # -- changes --------------------------------------------------------
    def update(self, **overrides):
        """Returns a copy with `overrides` applied; unknown keys raise ValueError."""
        unknown = sorted(set(overrides) - set(self._values))
        if unknown:
            raise ValueError(
                f"unknown hyperparameter(s) {', '.join(unknown)}; "
                f"valid keys: {', '.join(sorted(self._values))}"
            )
        new = HParams(choices=self._choices, **self._defaults)
        new._values.update(self._values)
        for key, value in overrides.items():
            new._values[key] = new._check(key, value)
        return new

    def update_from_strings(self, assignments):
        """Applies `["key=value", ...]` (CLI `--hparams`), parsing each value by its key's type."""
        overrides = {}
        for item in assignments:
            if "=" not in item:
                raise ValueError(f"--hparams expects key=value, got {item!r}")
            key, text = item.split("=", 1)
            key = key.strip()
            if key not in self._values:
                raise ValueError(
                    f"unknown hyperparameter {key!r}; valid keys: {', '.join(sorted(self._values))}"
                )
            overrides[key] = self._parse(key, text.strip())
        return self.update(**overrides)

    def _parse(self, key, text):
        default = self._defaults[key]
        try:
            if isinstance(default, bool):
                if text.lower() in ("true", "1", "yes"):
                    return True
                if text.lower() in ("false", "0", "no"):
                    return False
                raise ValueError
            if isinstance(default, int):
                return int(text)
            if isinstance(default, float):
                return float(text)
            if isinstance(default, str):
                return text
            return json.loads(text)
        except ValueError:
            raise ValueError(
                f"hyperparameter {key} expects a {_type_name(default)}, got {text!r}"
            ) from None

    def _check(self, key, value):
        default = self._defaults[key]
        if isinstance(value, tuple):
            value = list(value)
        if default is None:
            pass
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"hyperparameter {key} expects a bool, got {value!r}")
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise ValueError(f"hyperparameter {key} expects an int, got {value!r}")
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, _NUMBER):
                raise ValueError(f"hyperparameter {key} expects a float, got {value!r}")
            value = float(value)
        elif not isinstance(value, type(default)):
            raise ValueError(
                f"hyperparameter {key} expects a {_type_name(default)}, got {value!r}"
            )
        self._check_range(key, value)
        choices = self._choices.get(key)
        if choices is not None and value not in choices:
            raise ValueError(
                f"hyperparameter {key}={value!r} is not valid; valid values: {', '.join(map(str, choices))}"
            )
        return copy.deepcopy(value)

    def _check_range(self, key, value):
        default = self._defaults[key]
        if isinstance(default, list) and default and isinstance(value, list):
            if not value:
                raise ValueError(f"hyperparameter {key} expects a non-empty list like {default}, got []")
            kind = type(default[0])
            if any(isinstance(v, bool) or not isinstance(v, int if kind is int else _NUMBER) for v in value):
                raise ValueError(f"hyperparameter {key} expects a list of {kind.__name__}s like {default}, "
                                 f"got {value!r}")
            if key == "image_shape" and (len(value) != 3 or value[-1] not in (1, 3, 4)):
                raise ValueError(f"hyperparameter image_shape expects [height, width, channels] with 1, 3 or 4 "
                                 f"channels, got {value!r}")
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, bool) or not isinstance(v, _NUMBER):
                continue
            if isinstance(v, float) and not (v == v and abs(v) != float("inf")):
                raise ValueError(f"hyperparameter {key} must be a finite number, got {v}")
            low, high = RANGES.get(key, (-_BIG, _BIG) if isinstance(v, int) else (-float("inf"), float("inf")))
            if not low <= v <= high:
                raise ValueError(f"hyperparameter {key}={v} is out of range; valid: {low} to {high}")

    # -- serialization --------------------------------------------------
    def to_dict(self):
        return copy.deepcopy(self._values)

    @classmethod
    def from_dict(cls, values):
        return cls(**values)

    def to_json(self, path=None):
        """Returns the JSON text; also writes it to `path` when one is given."""
        text = json.dumps(self._values, indent=2, sort_keys=True)
        if path is not None:
            with open(path, "w") as f:
                f.write(text + "\n")
        return text

    @classmethod
    def from_json(cls, text_or_path):
        if os.path.exists(str(text_or_path)):
            with open(text_or_path) as f:
                text_or_path = f.read()
        return cls.from_dict(json.loads(text_or_path))
