"""The report stage: an :class:`~discourse.model.Analysis` in, files out.

>>> paths = write_report(analysis, "reports/thread1")          # doctest: +SKIP

Writes ``report.pdf``, one PNG per chart (``sentiment_distribution.png``,
``sentiment_timeline.png``, ``stance_sizes.png``, ``stance_terms.png``,
``stance_map.png``, ``reply_structure.png``, ``agreement.png``, ``target_heatmap.png``),
``comments.csv``, ``targets.csv`` and ``analysis.json``.
Only :func:`write_report` writes files; the chart functions (``plot_*``) draw on an Axes
they are given. matplotlib is imported only when a chart or the PDF is needed, so
``discourse.report.export`` stays light.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Optional

from .export import (CSV_COLUMNS, analysis_to_dict, comment_rows, write_csv, write_json,
                     write_targets_csv)

__all__ = [
    "write_report", "analysis_to_dict", "comment_rows", "CSV_COLUMNS", "PNG_NAMES", "REPORT_NAMES",
    "page_titles", "plot_sentiment_distribution", "plot_sentiment_timeline",
    "plot_stance_sizes", "plot_stance_terms", "plot_stance_map", "plot_reply_structure",
    "plot_agreement", "plot_target_heatmap",
]

KNOWN_FORMATS = ("pdf", "png", "csv", "json")

#: the chart PNG file names, in report order
PNG_NAMES = tuple(f"{stem}.png" for stem in (
    "sentiment_distribution", "sentiment_timeline", "stance_sizes", "stance_terms",
    "stance_map", "reply_structure", "agreement", "target_heatmap"))
#: every file a thread's report folder can hold (``config.toml`` is written beside them
#: by :mod:`discourse.batch`, ``MANIFEST.json`` by :mod:`discourse.output`)
REPORT_NAMES = ("report.pdf", *PNG_NAMES, "comments.csv", "targets.csv", "analysis.json",
                "config.toml", "MANIFEST.json")

_LAZY = {
    "plot_sentiment_distribution": "charts", "plot_sentiment_timeline": "charts",
    "plot_stance_sizes": "charts", "plot_stance_terms": "charts",
    "plot_stance_map": "charts", "plot_reply_structure": "charts", "CHARTS": "charts",
    "plot_agreement": "charts", "plot_target_heatmap": "charts",
    "page_titles": "pdf",
}


def __getattr__(name):  # PEP 562: import matplotlib only when a chart is asked for
    if name in _LAZY:
        import importlib

        mod = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(mod, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def start_drawing_process() -> None:
    """Start the fork server the PNG process comes from (matplotlib preloaded) now, so
    that its start overlaps the analysis; ``write_report(..., workers=2)`` then gets its
    second process at once. Harmless when it is already running."""
    import multiprocessing
    from multiprocessing import forkserver

    try:
        multiprocessing.get_context("forkserver").set_forkserver_preload(
            ["discourse.report.pdf"])
        forkserver.ensure_running()
    except (OSError, ValueError):   # no fork server here: the PNGs are drawn in-process
        pass


def write_report(analysis, out_dir, formats: Optional[Iterable[str]] = ("pdf", "png", "csv", "json"),
                 *, quiet: bool = True, workers: int = 1,
                 run_id: Optional[str] = None) -> list[Path]:
    """Write the report files for ``analysis`` into ``out_dir`` (created if needed).

    ``formats`` picks among ``"pdf"``, ``"png"``, ``"csv"``, ``"json"`` (``None``: the
    analysis' ``config.formats``). Returns the paths written, in the order
    report.pdf, the PNGs, comments.csv, targets.csv, analysis.json. With ``quiet=False`` each path is
    printed to stderr as it is written, and matplotlib's warnings are not silenced.
    ``workers`` >= 2 draws the PNGs in a second process while the PDF is written.
    ``run_id`` (see :func:`discourse.output.run_id`) is printed on the PDF's title page
    and stored in its metadata.

    This writes into ``out_dir`` as it goes; ``discourse report`` calls it on a temporary
    folder and swaps that in whole (:func:`discourse.output.publish`).
    """
    if formats is None:
        formats = analysis.config.formats
    if isinstance(formats, str):
        formats = (formats,)
    formats = tuple(f.lower() for f in formats)
    unknown = sorted(set(formats) - set(KNOWN_FORMATS))
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(KNOWN_FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    if "pdf" in formats or "png" in formats:
        from .pdf import render

        paths += render(analysis, out, pdf="pdf" in formats, png="png" in formats, quiet=quiet,
                        workers=workers, run_id=run_id)
    if "csv" in formats:
        paths.append(write_csv(analysis, out / "comments.csv"))
        paths.append(write_targets_csv(analysis, out / "targets.csv"))
    if "json" in formats:
        paths.append(write_json(analysis, out / "analysis.json"))
    if not quiet:
        for p in paths:
            print(f"wrote {p}", file=sys.stderr)
    return paths

