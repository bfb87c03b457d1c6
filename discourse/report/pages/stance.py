"""One page per stance: its sentence, facts, typical comments and all its comments."""
from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .. import charts as C
from ..export import sentiment_of, stance_sentence_of, stance_summary_of
from ..layout import MUTED, TextPage, clip, text_width, wrap
from ...model import AGREEMENT_LABELS
from .title import _span, stability_text, thread_title


#: characters of a representative comment quoted on a stance page
QUOTE_CHARS = 700


def stance_page(analysis, st) -> Figure:
    n = len(analysis.thread.comments)
    p = TextPage(header="discourse · " + C.shorten(thread_title(analysis), 80))
    letter = C.stance_letter(st.id)
    # colour swatch next to the heading
    y0 = p.y
    p.fig.add_artist(Rectangle(
        (p.left / p.W, 1 - (y0 + 0.3) / p.H), 0.22 / p.W, 0.3 / p.H,
        color=C.stance_color(st.id), transform=p.fig.transFigure))
    p.left += 0.32
    p.width -= 0.32
    p.para(f"Stance {letter}: {st.label}", 18, bold=True, max_lines=2, after=0.05)
    p.left -= 0.32
    p.width += 0.32
    p.y = max(p.y, y0 + 0.4)
    share = f"{C.fmt_pct(st.size / n)} of all comments" if n else ""
    p.para(f"{st.size} comment{'s' if st.size != 1 else ''} ({share}; stance id {st.id})",
           11, color=MUTED, after=0.06)
    p.para(stance_sentence_of(analysis, st), 11.5, bold=True, max_lines=4, after=0.1)
    p.rule(0.05)
    facts = [
        ("Mean sentiment", f"{C.fmt_sent(st.sentiment)} (spread ±{st.sentiment_spread:.2f})"
         if math.isfinite(st.sentiment_spread) else C.fmt_sent(st.sentiment)),
        ("Positive / negative", f"{C.fmt_pct(st.share_positive)} of its comments positive, "
         f"{C.fmt_pct(st.share_negative)} negative"),
        ("Top terms", ", ".join(f"{t} ({w:.2f})" for t, w in st.terms) or "–"),
        ("Mentions", ", ".join(f"{m} ({k})" for m, k in st.mentions) or "none"),
        ("Targets", ", ".join(
            f"{name} {C.fmt_sent(mean)} (n={k})"
            for name, k, mean, *_ in stance_summary_of(analysis, st).targets[:8]) or "none"),
        ("Agreement", _agreement_text(analysis, st)),
        ("Stability", stability_text(st)),
        ("Comments", ", ".join(C.comment_no(i) for i in st.members) or "–"),
    ]
    kw = max(text_width(k, 10, True) for k, _ in facts) + 0.25
    for k, v in facts:
        y1 = p.y
        p.text(p.left, k, 10, bold=True)
        lines = wrap(v, p.width - kw, 10, max_lines=4)
        if len(lines) > 4:
            lines = lines[:4]
            lines[-1] = clip(lines[-1] + " …", p.width - kw, 10)
        p.lines(lines, 10, x=p.left + kw)
        p.y = max(p.y, y1 + 10 * 1.3 / 72) + 0.05
    p.rule(0.08)
    reps = [i for i in st.representatives if 0 <= i < n]
    p.heading("Typical comments" if len(reps) != 1 else "Typical comment", 13, after=0.08)
    if not reps:
        p.para("None recorded.", 10, color=MUTED)
    comments = analysis.thread.comments
    for k, i in enumerate(reps):
        if p.room() < 0.9:
            p.para(f"… {len(reps) - k} more in analysis.json", 9, color=MUTED)
            break
        c = comments[i]
        sent = sentiment_of(analysis, i)
        meta = [C.comment_no(i)]
        if c.author:
            meta.append(c.author)
        if c.timestamp:
            meta.append(c.timestamp)
        if c.start_line is not None:
            meta.append(f"lines {_span(c.start_line, c.end_line)}")
        if sent is not None:
            meta.append(f"sentiment {C.fmt_sent(sent.compound)}")
        p.para(" · ".join(meta), 9.5, color=MUTED, after=0.03)
        y1 = p.y
        quote = "“" + C.shorten(c.text, QUOTE_CHARS) + "”"
        p.left += 0.2
        p.width -= 0.2
        p.para(quote, 10.5, after=0.0, max_lines=14)
        p.left -= 0.2
        p.width += 0.2
        p.fig.add_artist(Line2D(
            [(p.left + 0.06) / p.W] * 2, [1 - y1 / p.H, 1 - (p.y - 0.04) / p.H],
            color=C.stance_color(st.id), lw=3))
        p.y += 0.2
    members = [i for i in st.members if 0 <= i < n]
    if members and p.room() > 1.0:
        p.rule(0.04)
        p.heading(f"All {len(members)} comment{'s' if len(members) != 1 else ''} in this stance",
                  13, after=0.08)
        cols = [("#", 0.45, "right"), ("", 0.1, "left"), ("sentiment", 0.95, "right"),
                ("", 0.15, "left"), ("author", 1.1, "left"),
                ("first words", p.width - 2.75, "left")]
        rows = []
        for i in members:
            sent = sentiment_of(analysis, i)
            rows.append((C.comment_no(i), "", C.fmt_sent(sent.compound if sent else None), "",
                         comments[i].author or "", " ".join(comments[i].text.split())))
        p.bottom -= 0.25  # room for the "more" line
        done = p.table(cols, rows, 9, max_lines=1)
        p.bottom += 0.25
        if done < len(rows):
            p.para(f"… and {len(rows) - done} more (see comments.csv)", 9, color=MUTED)
    return p.fig


def _agreement_text(analysis, st) -> str:
    counts = stance_summary_of(analysis, st).agreement
    if not counts:
        return "–"
    return ", ".join(f"{counts[k]} {k}" for k in AGREEMENT_LABELS) + " (toward what each answers)"
