"""The PDF report (and the chart PNGs, cut from the same figures).

Pages, in order (see :func:`page_titles`):

1. title page — title, source, key figures, notes, table of stances;
2. chart pages — the charts of :data:`~discourse.report.charts.CHARTS`;
3. what divides and what unites — the most divisive and most consensual targets;
4. one page per stance — a sentence from its figures, terms, targets, representatives;
5. how the thread was split — one table row per comment, :data:`SPLIT_ROWS` per page.

Every page is an A4 portrait :class:`~matplotlib.figure.Figure` made without pyplot, so
the report never touches a user's pyplot state. Text pages are laid out top-down with
measured line widths, so nothing runs off the page.
"""
from __future__ import annotations

import warnings
from contextlib import ExitStack
from pathlib import Path
from typing import Optional

import matplotlib
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from .._signals import signals_held
from . import charts as C
from .export import summary_of
from .layout import pdf_pages
from .pages.charts import _captions, chart_page
from .pages.split import SPLIT_ROWS, n_split_pages, split_pages  # noqa: F401  (SPLIT_ROWS re-exported)
from .pages.stance import stance_page
from .pages.targets import divides_page
from .pages.title import thread_title, title_page


PNG_DPI = 150


def page_titles(analysis) -> list[str]:
    """What the PDF's pages are, in order (its page count is ``len`` of this)."""
    titles = ["Title page"]
    titles += [stem for stem, _ in C.CHARTS]
    titles.append("What divides and what unites" if summary_of(analysis).targets_page == "divides"
                  else "What the thread says about its targets")
    titles += [f"Stance {C.stance_letter(s.id)}" for s in sorted(analysis.stances, key=lambda s: s.id)]
    k = n_split_pages(analysis)
    titles += [f"How the thread was split ({j + 1}/{k})" for j in range(k)]
    return titles


def save_png(fig: Figure, bbox: Bbox, path: Path, dpi: int = PNG_DPI) -> None:
    """Save the part ``bbox`` (inches) of ``fig`` as a PNG: one Agg draw of the page,
    cropped (``savefig(bbox_inches=...)`` would draw twice)."""
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=dpi)
    w, h = (int(v) for v in fig.get_size_inches() * dpi)
    arr = np.frombuffer(buf.getbuffer(), np.uint8).reshape(h, w, 4)
    x0, y0, x1, y1 = (int(round(v * dpi)) for v in bbox.extents)
    crop = arr[max(0, h - y1):h - y0, max(0, x0):x1, :3]
    Image.fromarray(np.ascontiguousarray(crop)).save(path, format="png", dpi=(dpi, dpi))


def _quiet(stack: ExitStack, quiet: bool) -> None:
    stack.enter_context(matplotlib.rc_context(C.STYLE))
    if quiet:
        stack.enter_context(warnings.catch_warnings())
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing")
        warnings.filterwarnings("ignore", category=UserWarning, module="matplotlib")


def _charts(analysis):
    """``(stem, figure, bbox of the chart)`` for each chart page, drawn as needed."""
    caps = _captions(analysis)
    for stem, plot in C.CHARTS:
        heading, share, caption = caps[stem]
        fig, bbox = chart_page(analysis, stem, plot, heading, share, caption)
        yield stem, fig, bbox


def _draw_pngs(analysis, out_dir: str, quiet: bool) -> None:
    """The chart PNGs of ``analysis`` (what the second process runs). Any failure or
    interruption ends it quietly with exit code 1: the first process then draws the PNGs
    itself, or reports the problem (a full disk) or the interruption in one line."""
    import os

    try:
        with ExitStack() as stack:
            _quiet(stack, quiet)
            for stem, fig, bbox in _charts(analysis):
                save_png(fig, bbox, Path(out_dir) / f"{stem}.png")
    except BaseException:
        os._exit(1)


def _png_child(analysis, out_dir: Path, quiet: bool):
    """Start a process that draws the chart PNGs while this one writes the PDF. It is a
    fresh process from a fork server (matplotlib preloaded), not a fork of this one: a
    forked child shares this process's open font files, and FreeType reads through their
    shared offsets went wrong ("FT_Load_Glyph … too many hints"). Returns the process."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    try:
        ctx.set_forkserver_preload(["discourse.report.pdf"])
    except Exception:   # the fork server already runs: its preload stays
        pass
    child = ctx.Process(target=_draw_pngs, args=(analysis, str(out_dir), quiet), daemon=True)
    with signals_held():   # cut while its work is sent, the child printed a traceback
        child.start()
    return child


def _png_child_done(child) -> bool:
    child.join()
    return child.exitcode == 0


def _stop_child(child) -> None:
    child.kill()
    child.join()


def render(analysis, out_dir: Path, pdf: bool = True, png: bool = True,
           quiet: bool = True, workers: int = 1, run_id: Optional[str] = None) -> list[Path]:
    """Write ``report.pdf`` and/or the chart PNGs into ``out_dir``; return their paths.
    ``run_id`` goes on the title page and into the PDF's metadata.

    ``workers`` >= 2 draws the PNGs in a forked process while this one writes the PDF
    (same files; if the child fails, the PNGs are drawn here)."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    pngs = [out_dir / f"{stem}.png" for stem, _ in C.CHARTS] if png else []
    child = _png_child(analysis, out_dir, quiet) if workers >= 2 and pdf and png else None
    reaped = child is None
    try:
        with ExitStack() as stack:
            _quiet(stack, quiet)
            pdf_file = None
            if pdf:
                pdf_path = out_dir / "report.pdf"
                pdf_file = stack.enter_context(pdf_pages(pdf_path, thread_title(analysis), run_id))
                written.append(pdf_path)
                pdf_file.savefig(title_page(analysis, run_id=run_id))
            for stem, fig, bbox in _charts(analysis):
                if pdf_file is not None:
                    pdf_file.savefig(fig)
                if png and child is None:
                    save_png(fig, bbox, out_dir / f"{stem}.png")
            if pdf_file is not None:
                pdf_file.savefig(divides_page(analysis))
                for st in sorted(analysis.stances, key=lambda s: s.id):
                    pdf_file.savefig(stance_page(analysis, st))
                for fig in split_pages(analysis):
                    pdf_file.savefig(fig)
            ok = True
            if child is not None:
                ok = _png_child_done(child)
                reaped = True
            if not ok:
                for stem, fig, bbox in _charts(analysis):   # the child failed: draw them here
                    save_png(fig, bbox, out_dir / f"{stem}.png")
    except BaseException:   # interrupted or failed: the child must not write on
        if not reaped:
            _stop_child(child)
        raise
    return written + pngs
