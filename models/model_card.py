"""The README.md model card written into every preset folder."""

import json
import os


def _metric_lines(model, metadata):
    metrics = metadata.get("metrics")
    if not metrics:
        return ["Not measured yet: `python main.py evaluate PRESET --write-metadata`."]
    lines = [f"- `{name}`: {value}" for name, value in sorted(metrics.items())]
    lines += _baseline_lines(metrics) + _class_lines(metrics)
    commands = metadata.get("metrics_commands", [])
    if commands:
        lines += ["", "Measured with " + ", ".join(f"`{c}`" for c in commands) + "."]
    return lines + ["", model.card_metrics_note(metrics)]


def _class_lines(metrics):
    """The classifier's class histogram of the samples (`class_shares*`), one bar per class."""
    key = next((k for k in sorted(metrics) if k.startswith("class_shares")), None)
    if key is None:
        return []
    shares = metrics[key]
    lines = ["", f"Samples per class, as the feature network's classifier labels them (`{key}`):", "", "```"]
    lines += [f"{label:>2} {'#' * round(share * 200):<40} {share:6.1%}" for label, share in enumerate(shares)]
    return lines + ["```"]


def _baseline_lines(metrics):
    """For each metric measured beside a `baseline_` twin, how far the model is from that baseline."""
    better_when_lower = {"l1"}
    lines = []
    for name in sorted(metrics):
        base = metrics.get(f"baseline_{name}")
        value = metrics[name]
        if not isinstance(base, (int, float)) or not isinstance(value, (int, float)):
            continue
        gain = base - value if name in better_when_lower else value - base
        verdict = "better" if gain > 0 else "worse"
        unit = " dB" if name == "psnr" else ""
        lines.append(f"- {name}: {abs(gain):.4g}{unit} {verdict} than the baseline ({value:.4g} vs {base:.4g})")
    return ["", "Against the baseline:", *lines] if lines else []


def write_model_card(model, folder, metadata):
    """Writes `folder/README.md` describing `model` and how it was trained."""
    name = metadata.get("preset") or os.path.basename(folder.rstrip("/")).split(".tmp-")[0].lstrip(".")
    lines = [
        f"# {name}",
        "",
        f"`{type(model).__name__}` ({model.family}): {model.description}.",
        "",
        *[line for filename, caption, _, _ in model.card_grids() if os.path.isfile(os.path.join(folder, filename))
          for line in (f"![{filename}]({filename})", "", caption, "")],
        "## Use",
        "",
        "```python",
        "from models import load_preset",
        f"model = load_preset({name!r})  # or a path to this folder",
        model.card_python_usage(),
        "```",
        "",
        "```bash",
        *model.card_command_lines(name),
        "```",
        "",
        "## Training",
        "",
        f"- dataset: {metadata.get('dataset', 'unknown')}",
        f"- command: `{metadata.get('command', 'unknown')}`",
        f"- epochs: {metadata.get('epochs', 'unknown')}, steps per epoch: {metadata.get('steps_per_epoch', 'all')}",
        f"- seed: {metadata.get('seed', 'unknown')}",
        f"- wall time: {metadata.get('wall_time_seconds', 'unknown')} s on {metadata.get('hardware', 'unknown')}",
        f"- Keras {metadata.get('keras_version')}, TensorFlow {metadata.get('tensorflow_version')}",
        *([f"- notes: {metadata['notes']}"] if metadata.get("notes") else []),
        "",
        "## Quality",
        "",
        *_metric_lines(model, metadata),
        "",
        "## Hyperparameters",
        "",
        "```json",
        json.dumps(model.hparams.to_dict(), indent=2, sort_keys=True),
        "```",
        "",
        "## Data licence",
        "",
        metadata.get("data_licence", "See the dataset's own terms."),
        "",
        "Files are checked against `SHA256SUMS` on every load.",
        "",
    ]
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write("\n".join(lines))
