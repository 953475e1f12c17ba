"""Training plots and animations: the loss curve and the progress GIF."""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402


def plot_lines(series, path, xlabel, ylabel, log_y=False):
    """Plots `{label: [(x, y), ...]}` as marked lines with a legend to a PNG."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, points in series.items():
        if points:
            ax.plot(*zip(*points), marker="o", label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log_y:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_losses(history, path, keys=("d_loss", "g_loss")):
    """Plots per-epoch values from `history` (`{"d_loss": [...], ...}`) to a PNG."""
    series = {key: [(i + 1, v) for i, v in enumerate(history.get(key, [])) if v is not None] for key in keys}
    plot_lines(series, path, "epoch", "loss")


def write_gif(frame_paths, path, duration_ms=500):
    """Writes the PNG frames, in order, as a looping GIF."""
    frames = [Image.open(p).convert("P") for p in frame_paths]
    if not frames:
        raise ValueError("no frames to write")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=duration_ms, loop=0)
