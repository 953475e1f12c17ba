"""Typed, validated hyperparameters with a JSON round trip."""

import copy
import json
import os

_NUMBER = (int, float)


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
        choices = self._choices.get(key)
        if choices is not None and value not in choices:
            raise ValueError(
                f"hyperparameter {key}={value!r} is not valid; valid values: {', '.join(map(str, choices))}"
            )
        return copy.deepcopy(value)

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
