"""How the thread was split: one table row per comment, :data:`SPLIT_ROWS` per page."""
from __future__ import annotations

import math

from matplotlib.figure import Figure

from .. import charts as C
from ..layout import INK, MUTED, TextPage
from ...model import LOW_BOUNDARY_CONFIDENCE, parents_of
from .title import _source_name, _span, thread_title


#: rows of the split table per page (each row is one line, so pages are predictable)
SPLIT_ROWS = 42


def n_split_pages(analysis) -> int:
    return max(1, math.ceil(len(analysis.thread.comments) / SPLIT_ROWS))


def split_pages(analysis) -> list[Figure]:
    thread = analysis.thread
    comments = thread.comments
    n = len(comments)
    pages = []
    parents = parents_of(comments)
    cols = [("#", 0.45, "right"), ("lines", 0.85, "right"), ("", 0.1, "left"),
            ("replies to", 0.85, "left"), ("evidence", 1.2, "left"),
            ("author", 1.0, "left"), ("first words", 2.32, "left")]
    for pg in range(n_split_pages(analysis)):
        p = TextPage(header="discourse · " + C.shorten(thread_title(analysis), 80))
        title = "How the thread was split"
        if n_split_pages(analysis) > 1:
            title += f" ({pg + 1}/{n_split_pages(analysis)})"
        p.heading(title, 16)
        if pg == 0:
            post = thread.post
            bits = [f"Source {_source_name(analysis)}"
                    + (f", {thread.n_lines} lines." if thread.n_lines else ".")]
            if post.start_line is None and not thread.n_lines:
                bits.append("Read from a structured file: no line numbers; reply links "
                            "come from the source.")
            else:
                bits.append(f"Post: lines {_span(post.start_line, post.end_line)}.")
            if thread.footer_lines:
                bits.append(f"Boilerplate after the post: lines "
                            f"{_span(*thread.footer_lines)}.")
            bits.append(f"{n} comment{'s' if n != 1 else ''}"
                        + (", numbered from 1 (index in CSV/JSON = number − 1)." if n else "."))
            p.para(" ".join(bits), 10, after=0.05)
            p.para("“replies to” is the comment (or the post) a comment answers; “evidence” "
                   "is why the splitter thinks so, with its confidence; “?” marks a comment "
                   "start the splitter is unsure of.", 9, color=MUTED,
                   after=0.12)
        chunk = range(pg * SPLIT_ROWS, min(n, (pg + 1) * SPLIT_ROWS))
        if not n:
            p.para("No comments were found.", 12, bold=True)
        rows, colors = [], []
        for i in chunk:
            c = comments[i]
            ev = c.reply_evidence or ""
            if c.reply_confidence is not None and (ev or c.parent is not None):
                ev = f"{ev} ({c.reply_confidence:.2f})".strip()
            unsure = c.boundary_confidence is not None and c.boundary_confidence < LOW_BOUNDARY_CONFIDENCE
            rows.append((C.comment_no(i), _span(c.start_line, c.end_line), "?" if unsure else "",
                         C.comment_no(parents[i]), ev or "–",
                         c.author or "", " ".join(c.text.split())))
            colors.append(INK)
        if rows:
            p.table(cols, rows, 9, max_lines=1, colors=colors)
        pages.append(p.fig)
    return pages
