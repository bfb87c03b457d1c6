"""The chart of a k sweep: how separated (silhouette) and how stable each k is."""
from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from . import charts as C


def plot_sweep(ax, table):
    """Silhouette and stability (mean ARI over subsamples) against k, on ``ax``."""
    ks = [r.k for r in table]
    for key, label, color, marker in (("silhouette", "silhouette (cosine)", C.OKABE_ITO[4], "o"),
                                      ("stability", "stability (mean ARI over 80% subsamples)",
                                       C.OKABE_ITO[5], "s")):
        pts = [(r.k, getattr(r, key)) for r in table if getattr(r, key) is not None]
        if pts:
            ax.plot(*zip(*pts), marker=marker, color=color, label=label)
    ax.set_xticks(ks)
    ax.set_xlim(min(ks) - 0.5, max(ks) + 0.5)
    ax.set_xlabel("number of stances (k)")
    ax.set_ylabel("score (higher is better)")
    ax.set_ylim(min(0.0, *(r.silhouette or 0 for r in table)) - 0.05, 1.05)
    ax.axhline(0, color="#999999", lw=0.8)
    for r in table:
        ax.annotate(f"smallest {r.smallest}", (r.k, 1.0), ha="center", fontsize=8, color="#555555")
    ax.set_title("Choosing k: separation and stability")
    ax.legend(loc="center right", fontsize=9, frameon=False)
    return ax


def write_sweep_png(table, path) -> Path:
    """Draw :func:`plot_sweep` into a PNG at ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(C.STYLE):
        fig = Figure(figsize=(7, 4.2), layout="constrained")
        plot_sweep(fig.subplots(), table)
        fig.savefig(path, dpi=150, format="png", metadata={"Software": None})
    return path
