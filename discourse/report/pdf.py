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


def _png_child(analysis, out_dir: Path, quiet: bool):
    """Fork a process that draws the chart PNGs while this one writes the PDF (two cores:
    the seed's report in about half the drawing time). Returns its pid, or ``None`` where
    there is no ``fork``."""
    import os

    if not hasattr(os, "fork"):
        return None
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:   # the child: draw, save, leave without running the parent's cleanup
        with ExitStack() as stack:
            _quiet(stack, quiet)
            for stem, fig, bbox in _charts(analysis):
                save_png(fig, bbox, out_dir / f"{stem}.png")
        code = 0
    finally:
        os._exit(code)


def _png_child_done(pid) -> bool:
    import os

    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _stop_child(pid: int) -> None:
    import os
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


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
