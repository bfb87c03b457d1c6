"""A small typesetter on matplotlib figures: A4 text pages laid out top-down with
measured glyph widths (FreeType), word wrapping, clipping and tables, so nothing runs
off the page. No report content here: the pages live in :mod:`discourse.report.pages`."""
from __future__ import annotations

from pathlib import Path

from functools import lru_cache
from typing import Optional

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.lines import Line2D


def esc(text) -> str:
    """User text safe for a matplotlib Text: no mathtext, no control characters."""
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    s = "".join(ch for ch in s if ch == "\n" or ch >= " ")
    return s.replace("$", r"\$")


A4 = (8.27, 11.69)
MARGIN = 0.75  # inches, all sides
INK = "#222222"
MUTED = "#555555"


@lru_cache(maxsize=2)
def _font(bold: bool):
    return get_font(findfont(FontProperties(weight="bold" if bold else "normal")))


@lru_cache(maxsize=8192)
def _char_width(ch: str, bold: bool) -> float:
    """Unhinted advance of ``ch`` at 1 pt, in points (what the PDF backend uses);
    1 em for a glyph the font lacks."""
    f = _font(bold)
    f.set_size(100, 72)
    if f.get_char_index(ord(ch)) == 0:
        return 1.0
    return f.load_char(ord(ch)).linearHoriAdvance / 65536 / 100


#: at most this many characters of one text are laid out; the rest is cut with "…" (a
#: page holds a few thousand, and a megabyte-long comment must not take minutes)
MAX_TEXT_CHARS = 20_000


def _inches(points: float, size: float) -> float:
    """A width summed over 1-pt glyph advances → inches at ``size`` pt (+2% slack)."""
    return points * size / 72 * 1.02


def text_width(s: str, size: float, bold: bool = False) -> float:
    """Width of ``s`` in inches at ``size`` pt in the PDF (no kerning, +2% slack)."""
    return _inches(sum(_char_width(ch, bold) for ch in s), size)


def _capped(text) -> str:
    text = str(text)
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS] + " …"


def wrap(text: str, width: float, size: float, bold: bool = False,
         max_lines: Optional[int] = None) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` inches; paragraphs kept, blank runs merged.

    A word longer than the line is broken where the line is full. Linear in the length
    of the text (each character is measured once), which is cut at
    :data:`MAX_TEXT_CHARS`; with ``max_lines`` it stops soon after that many lines (the
    result still has more than ``max_lines`` lines when the text does not fit).
    """
    lines: list[str] = []
    space = _char_width(" ", bold)
    stop = None if max_lines is None else max(max_lines, 0) + 2
    for para in _capped(text).replace("\r", "").split("\n"):
        words = para.split()
        if not words:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        line, line_pts = "", 0.0
        for w in words:
            if stop is not None and len(lines) >= stop:
                break
            pts = 0
            for ch in w:
                pts += _char_width(ch, bold)
            if _inches(pts, size) > width:  # a word longer than the line: cut it
                if line:
                    lines.append(line)
                    line, line_pts = "", 0.0
                start, pts = 0, 0
                for k, ch in enumerate(w):
                    c = _char_width(ch, bold)
                    if k > start and _inches(pts + c, size) > width:
                        lines.append(w[start:k])
                        start, pts = k, 0
                    pts += c
                w = w[start:]
                if _inches(pts, size) > width:  # one glyph wider than the line
                    lines.append(w)
                    w, pts = "", 0
            if line:
                cand = line_pts + space
                for ch in w:
                    cand += _char_width(ch, bold)
            else:
                cand = pts
            if _inches(cand, size) <= width:
                line, line_pts = (f"{line} {w}" if line else w), cand
            else:
                lines.append(line)
                line, line_pts = w, pts
        if line:
            lines.append(line)
        if stop is not None and len(lines) >= stop:
            break
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def clip(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, cut with "…" to fit ``width`` inches (linear in its length)."""
    text = " ".join(_capped(text).split())
    if text_width(text, size, bold) <= width:
        return text
    ellipsis = _char_width("…", bold)
    keep, pts = 0, 0
    for k, ch in enumerate(text):
        pts += _char_width(ch, bold)
        if _inches(pts + ellipsis, size) > width:
            break
        keep = k + 1
    return text[:keep].rstrip() + "…"


class TextPage:
    """An A4 page filled top-down. ``y`` is the cursor, inches from the top edge."""

    def __init__(self, header: Optional[str] = None):
        self.fig = Figure(figsize=A4)
        self.W, self.H = A4
        self.left = MARGIN
        self.width = self.W - 2 * MARGIN
        self.y = MARGIN
        self.bottom = self.H - MARGIN
        if header:
            self.text(self.left, header, 9, color=MUTED)
            self.y += 0.22

    def room(self) -> float:
        return self.bottom - self.y

    def footer(self, s: str, size: float = 7.5) -> None:
        """One muted line in the bottom margin (the page's content never reaches it)."""
        self.text(self.left, clip(s, self.width, size), size, color=MUTED,
                  y=self.H - MARGIN + 0.25)

    def text(self, x: float, s: str, size: float, *, bold=False, color=INK, y=None, **kw):
        yy = self.y if y is None else y
        self.fig.text(x / self.W, 1 - yy / self.H, esc(s), fontsize=size, va="top",
                      ha=kw.pop("ha", "left"), fontweight="bold" if bold else "normal",
                      color=color, **kw)

    def lines(self, lines: list[str], size: float, *, x=None, bold=False, color=INK,
              leading=1.3) -> None:
        x = self.left if x is None else x
        step = size * leading / 72
        for ln in lines:
            if ln:
                self.text(x, ln, size, bold=bold, color=color)
            self.y += step

    def para(self, text: str, size: float = 10, *, indent=0.0, bold=False, color=INK,
             max_lines: Optional[int] = None, after=0.08) -> int:
        """Wrapped paragraph; returns the number of lines written."""
        # never write below the bottom margin
        fit = int(self.room() // (size * 1.3 / 72))
        lines = wrap(text, self.width - indent, size, bold,
                     max_lines=fit if max_lines is None else min(max_lines, fit))
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = clip(lines[-1] + " …", self.width - indent, size, bold)
        if len(lines) > fit:
            lines = lines[:max(fit, 0)]
            if lines:
                lines[-1] = clip(lines[-1] + " …", self.width - indent, size, bold)
        self.lines(lines, size, x=self.left + indent, bold=bold, color=color)
        self.y += after
        return len(lines)

    def heading(self, text: str, size: float = 14, after=0.1):
        self.para(text, size, bold=True, after=after)

    def rule(self, gap=0.08):
        self.y += gap
        yy = 1 - self.y / self.H
        self.fig.add_artist(Line2D(
            [self.left / self.W, (self.left + self.width) / self.W], [yy, yy],
            color="#BBBBBB", lw=0.8))
        self.y += gap

    def table(self, columns, rows, size: float = 9, *, max_lines: int = 2,
              colors=None) -> int:
        """Rows of cells under a bold header. ``columns`` is ``[(title, width_in, align)]``;
        cells wrap to ``max_lines`` lines. Returns how many rows fitted."""
        step = size * 1.3 / 72
        xs, x = [], self.left
        for _, w, _ in columns:
            xs.append(x)
            x += w
        pad = 0.08

        def put(cells, bold=False, color=INK, lines_each=None):
            for (title, w, align), xx, cell in zip(columns, xs, cells):
                for j, ln in enumerate(cell):
                    tx = xx + (w - pad if align == "right" else 0)
                    self.text(tx, ln, size, bold=bold, color=color, ha=align,
                              y=self.y + j * step)

        header = [[clip(t, w - pad, size, True)] for t, w, _ in columns]
        put(header, bold=True)
        self.y += step + 0.03
        self.rule(0.02)
        done = 0
        for r, row in enumerate(rows):
            cells = []
            for (title, w, align), cell in zip(columns, row):
                ls = wrap(str(cell), w - pad, size, max_lines=max_lines) or [""]
                if len(ls) > max_lines:
                    ls = ls[:max_lines]
                    ls[-1] = clip(ls[-1] + " …", w - pad, size)
                cells.append(ls)
            h = max(len(c) for c in cells) * step + 0.04
            if self.y + h > self.bottom:
                break
            color = colors[r] if colors else INK
            put(cells, color=color)
            self.y += h
            done += 1
        return done


def pdf_pages(path, title: str, run_id: Optional[str] = None):
    """A multi-page PDF with fixed metadata (no creation date: same input, same bytes),
    and the run id, when there is one, as its subject."""
    from matplotlib.backends.backend_pdf import PdfPages

    meta = {"CreationDate": None, "Creator": "discourse", "Producer": "discourse",
            "Title": title}
    if run_id:
        meta["Subject"] = f"discourse run {run_id}"
    return PdfPages(path, metadata=meta)


def open_report_pdf(stack, out, title: str, run_id, paths: list):
    """Enter matplotlib's report style on ``stack`` and open ``out/report.pdf`` there,
    adding its path to ``paths``; the PdfPages to save pages into."""
    import matplotlib

    from .charts import STYLE

    stack.enter_context(matplotlib.rc_context(STYLE))
    path = Path(out) / "report.pdf"
    paths.append(path)
    return stack.enter_context(pdf_pages(path, title, run_id))
