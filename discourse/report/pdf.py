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

import math
import os
import sys
import warnings
from contextlib import ExitStack
from functools import lru_cache
from pathlib import Path
from typing import Optional

import matplotlib

if "matplotlib.pyplot" not in sys.modules:  # do not switch a live pyplot session
    matplotlib.use("Agg")

from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont, get_font  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from . import charts as C  # noqa: E402
from .export import (coords_of, for_against, sentiment_of, stance_sentence_of,  # noqa: E402
                     stance_summary_of, summary, summary_of)
from ..model import AGREEMENT_LABELS, LOW_BOUNDARY_CONFIDENCE, UNSTABLE, parents_of  # noqa: E402

A4 = (8.27, 11.69)
MARGIN = 0.75  # inches, all sides
PNG_DPI = 150
#: rows of the split table per page (each row is one line, so pages are predictable)
SPLIT_ROWS = 42
#: characters of a representative comment quoted on a stance page
QUOTE_CHARS = 700

INK = "#222222"
MUTED = "#555555"


# -- text measuring and wrapping -------------------------------------------------------

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


def text_width(s: str, size: float, bold: bool = False) -> float:
    """Width of ``s`` in inches at ``size`` pt in the PDF (no kerning, +2% slack)."""
    return sum(_char_width(ch, bold) for ch in s) * size / 72 * 1.02


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` inches; paragraphs kept, blank runs merged."""
    lines: list[str] = []
    for para in str(text).replace("\r", "").split("\n"):
        words = para.split()
        if not words:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        line = ""
        for w in words:
            while text_width(w, size, bold) > width:  # a word longer than the line
                if line:
                    lines.append(line)
                    line = ""
                k = len(w)
                while k > 1 and text_width(w[:k], size, bold) > width:
                    k -= 1
                lines.append(w[:k])
                w = w[k:]
            cand = f"{line} {w}" if line else w
            if text_width(cand, size, bold) <= width:
                line = cand
            else:
                lines.append(line)
                line = w
        if line:
            lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def clip(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, cut with "…" to fit ``width`` inches."""
    text = " ".join(str(text).split())
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


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

    def text(self, x: float, s: str, size: float, *, bold=False, color=INK, y=None, **kw):
        yy = self.y if y is None else y
        self.fig.text(x / self.W, 1 - yy / self.H, C.esc(s), fontsize=size, va="top",
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
        lines = wrap(text, self.width - indent, size, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = clip(lines[-1] + " …", self.width - indent, size, bold)
        # never write below the bottom margin
        fit = int(self.room() // (size * 1.3 / 72))
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
                ls = wrap(str(cell), w - pad, size) or [""]
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


# -- pages -----------------------------------------------------------------------------

def thread_title(analysis) -> str:
    post = analysis.thread.post
    if post.title and post.title.strip():
        return " ".join(post.title.split())
    first = next((ln for ln in (post.text or "").splitlines() if ln.strip()), "")
    return C.shorten(first, 90) if first else "Untitled thread"


def _source_name(analysis) -> str:
    src = analysis.thread.source
    return os.path.basename(str(src)) if src else "(no source file)"


def _span(a, b) -> str:
    if a is None:
        return "–"
    return f"{a}" if b is None or b == a else f"{a}–{b}"


def _unstable(st) -> bool:
    return st.stability is not None and st.stability < UNSTABLE


def stability_text(st) -> str:
    """How reliably a stance reappears when the clustering is redone on subsamples."""
    if st.stability is None:
        return "not measured"
    verdict = ("this split is not stable across resamples: treat it as tentative"
               if st.stability < UNSTABLE else "reappears reliably across resamples")
    return f"{st.stability:.2f} (mean best-match Jaccard over 80% subsamples); {verdict}"


def title_page(analysis) -> Figure:
    s = summary(analysis)
    p = TextPage()
    p.para("discourse · comment-thread report", 10, color=MUTED, after=0.12)
    p.para(thread_title(analysis), 20, bold=True, max_lines=4, after=0.1)
    n_lines = analysis.thread.n_lines
    p.para(f"Source: {_source_name(analysis)}" + (f"  ({n_lines} lines)" if n_lines else ""),
           10, color=MUTED, after=0.02)
    post = analysis.thread.post
    who = ", ".join(x for x in (post.author, post.timestamp) if x)
    if who:
        p.para(f"Post by {who}", 10, color=MUTED, after=0.02)
    p.rule(0.1)

    n = s["n_comments"]
    if not n:
        p.para("No comments were found in this thread.", 14, bold=True, after=0.1)
        p.para("The charts that follow are left empty; the post's sentiment is "
               f"{C.fmt_sent(s['post_sentiment'])}.", 10, after=0.15)
    p.heading("Key figures", 13)
    rows = [
        ("Comments", f"{n}" + (f", by {s['n_authors']} named authors" if s["n_authors"] else "")),
    ]
    if n:
        rows += [
            ("Replies to other comments",
             f"{s['n_replies']} ({C.fmt_pct(s['reply_share'])} of comments); the rest answer the post"
             + ("" if s["n_sure_replies"] == s["n_replies"] else
                f". Only {s['n_sure_replies']} of these links rest on clear evidence (a quote, "
                "@name, a short reaction); the rest are the splitter's guesses, dashed in the "
                "reply tree")),
            ("Brief reactions", f"{s['n_brief']} (short comments like “Agreed”, not grouped into stances)"),
            ("Stances (camps)", f"{s['n_stances']}, from {s['n_clustered']} comments"
             + (f"; k chosen by {analysis.k_chosen_by}" if analysis.k_chosen_by else "")),
            ("Sentiment: post vs. comments",
             f"post {C.fmt_sent(s['post_sentiment'])}, comments on average "
             f"{C.fmt_sent(s['mean_sentiment'])} (median {C.fmt_sent(s['median_sentiment'])})"),
            ("Positive / neutral / negative",
             f"{C.fmt_pct(s['share_positive'])} / {C.fmt_pct(s['share_neutral'])} / "
             f"{C.fmt_pct(s['share_negative'])}"),
        ]
    else:
        rows.append(("Post sentiment", C.fmt_sent(s["post_sentiment"])))
    kw = max(text_width(k, 10, True) for k, _ in rows) + 0.25
    for k, v in rows:
        y0 = p.y
        p.text(p.left, k, 10, bold=True)
        lines = wrap(v, p.width - kw, 10)
        p.lines(lines, 10, x=p.left + kw)
        p.y = max(p.y, y0 + 10 * 1.3 / 72) + 0.04
    p.para("Sentiment is VADER's compound score, from −1 (very negative) to +1 (very "
           f"positive); |score| ≤ {s['neutral_band']:g} counts as neutral. Comments are "
           "numbered from 1 in the order printed; stances are lettered A, B, … by size.",
           9, color=MUTED, after=0.1)

    sentences = for_against(analysis)
    if sentences:
        p.heading("Who is for and against what", 13, after=0.06)
        for sent in sentences:
            p.para(sent, 10, max_lines=4, after=0.04)
        if analysis.target_summaries:
            p.para("Target sentiment is VADER's reading of the words near each mention of "
                   "the target: irony and sarcasm read as their surface words, so check the "
                   "example sentences on the targets page before quoting a figure.",
                   9, color=MUTED, max_lines=3, after=0.04)
        p.y += 0.04

    if analysis.reader_terms:
        against = "the post" + (f" and {analysis.n_context} context document(s)"
                                if analysis.n_context else "")
        p.para(f"What readers add (terms the comments use far more than {against}): "
               + ", ".join(t for t, _ in analysis.reader_terms), 10, max_lines=3, after=0.06)
    al = analysis.alignment
    if al is not None:
        moved = "; ".join(
            f"{C.stance_letter(sid)} {C.fmt_pct(b) if b is not None else 'new'} → "
            f"{C.fmt_pct(a) if a is not None else 'gone'}" for sid, (b, a) in al.shares.items())
        listed = ", ".join(C.comment_no(i) for i in al.new_comments[:30])
        if len(al.new_comments) > 30:
            listed += ", …"
        p.para(f"Since the baseline: {len(al.new_comments)} new comment(s)"
               + (f" ({listed})" if listed else "")
               + (f", {len(al.new_stances)} new stance(s)" if al.new_stances else "")
               + f"; stance shares (of all comments) moved: {moved}. Stance ids are kept "
               "from the baseline.", 10, max_lines=4, after=0.06)

    notes = list(analysis.thread.notes)
    if notes:
        p.rule(0.06)
        p.heading("Notes", 13)
        for note in notes[:8]:
            p.para("• " + str(note), 10, max_lines=3, after=0.02)
        if len(notes) > 8:
            p.para(f"… and {len(notes) - 8} more (see analysis.json)", 10, color=MUTED)

    stances = sorted(analysis.stances, key=lambda st: st.id)
    if stances:
        p.rule(0.08)
        p.heading("Stances", 13)
        cols = [("", 0.3, "left"), ("top terms", 3.12, "left"), ("size", 0.85, "right"),
                ("sentiment", 0.95, "right"), ("% pos.", 0.75, "right"),
                ("% neg.", 0.8, "right")]
        rows = [(C.stance_letter(st.id) + ("*" if _unstable(st) else ""),
                 ", ".join(t for t, _ in st.terms[:6]) or st.label,
                 f"{st.size} ({C.fmt_pct(st.size / n) if n else '–'})",
                 C.fmt_sent(st.sentiment), C.fmt_pct(st.share_positive),
                 C.fmt_pct(st.share_negative)) for st in stances]
        done = p.table(cols, rows, 10, max_lines=2)
        if done < len(rows):
            p.para(f"… {len(rows) - done} more stance(s) on the stance pages", 9, color=MUTED)
        if len(analysis.k_scores) > 1:
            fmt = lambda v: "–" if v is None else f"{v:.3f}"
            p.para("Choosing k — " + "; ".join(
                f"k={k}: silhouette {fmt(sc.get('silhouette'))}, stability {fmt(sc.get('stability'))}"
                for k, sc in sorted(analysis.k_scores.items())) + " (stability: mean ARI of "
                "refits on 80% subsamples; 'discourse sweep' gives the full table).",
                9, color=MUTED, max_lines=4, after=0.04)
        if any(_unstable(st) for st in stances):
            p.para(f"* not stable across resamples (stability below {UNSTABLE:g}): this split "
                   "may not reappear if the thread is clustered again; treat it as tentative.",
                   9, color=MUTED)
    return p.fig


def _example(p, analysis, ex, color: str) -> None:
    """One comment quoted under a target (a :class:`~discourse.model.TargetExample`),
    with its number and target sentiment."""
    c = analysis.thread.comments[ex.comment]
    lab = C.label_of(analysis, ex.comment)
    meta = [C.comment_no(ex.comment)] + ([f"stance {C.stance_letter(lab)}"] if lab is not None else [])
    if ex.compound is not None:
        meta.append(f"toward {ex.target} {C.fmt_sent(ex.compound)}")
    p.para(" · ".join(meta) + " · the sentences naming it:", 9, color=MUTED, after=0.02)
    y1 = p.y
    p.left += 0.2
    p.width -= 0.2
    p.para("“" + C.shorten(" … ".join(ex.sentences) or c.text, 330) + "”", 9.5, max_lines=5,
           after=0.0)
    p.left -= 0.2
    p.width += 0.2
    p.fig.add_artist(Line2D([(p.left + 0.06) / p.W] * 2, [1 - y1 / p.H, 1 - (p.y - 0.03) / p.H],
                            color=color, lw=2.5))
    p.y += 0.1


#: example colours: against, for, and an example shown for its strongest tone either way
EXAMPLE_COLORS = {-1: "#D55E00", 1: "#0072B2", 0: "#555555"}


def _example_color(ex) -> str:
    if ex.compound is None or ex.compound == 0:
        return EXAMPLE_COLORS[0]
    return EXAMPLE_COLORS[1 if ex.compound > 0 else -1]


def divides_page(analysis) -> Figure:
    """The targets page: the most divisive and the most consensual targets with an example
    comment each or, when no direction of target tone is reliable, the most discussed."""
    sm = summary_of(analysis)
    p = TextPage(header="discourse · " + C.shorten(thread_title(analysis), 80))
    low = C.min_mentions_of(analysis)
    if sm.targets_page == "divides":
        p.heading("What divides the thread, and what unites it", 16)
        p.para("A target divides when the stances feel differently about it (their mean "
               "sentiments toward it are far apart); it unites when every stance leans the "
               f"same way. Only stances with at least {low} comments mentioning a target "
               "count.", 9, color=MUTED, after=0.12)
    else:
        p.heading("What the thread says about its targets", 16)
        p.para("The most mentioned targets, each with the comment whose words near it "
               "carry the strongest tone (the number after “toward”), to read for "
               "yourself.", 9, color=MUTED, after=0.12)
    if not analysis.target_summaries:
        p.para("No targets were found: no name or phrase recurs across comments.", 11)
        return p.fig
    if sm.targets_page == "discussed":
        p.para(sm.no_leaning, 10.5, bold=True, max_lines=4, after=0.1)
        p.heading("Most discussed", 13, after=0.06)
        for v in sm.discussed:
            if p.room() < 1.2:
                break
            p.para(f"{v.target} — {v.n_comments} comments mention it", 10.5, bold=True,
                   max_lines=2, after=0.04)
            for ex in v.examples:
                if p.room() > 1.0:
                    _example(p, analysis, ex, EXAMPLE_COLORS[0])
        return p.fig
    p.heading("Most divisive", 13, after=0.06)
    if not sm.divisive:
        p.para("None: no target is mentioned often enough in two or more stances.", 10,
               after=0.1)
    for v in sm.divisive:
        if p.room() < 1.6:
            break
        per = "; ".join(f"{C.stance_letter(sid)} {C.fmt_sent(m)} (n={n})"
                        for sid, n, m in v.by_stance)
        p.para(f"{v.target} — divisiveness {v.divisiveness:.2f}; by stance: {per}", 10.5,
               bold=True, max_lines=3, after=0.04)
        for ex in v.examples:
            if p.room() > 1.0:
                _example(p, analysis, ex, _example_color(ex))
    p.rule(0.06)
    p.heading("Most consensual", 13, after=0.06)
    if not sm.consensus:
        p.para("None: no target is mentioned often enough with a clear leaning.", 10)
    for v in sm.consensus:
        if p.room() < 1.2:
            break
        p.para(f"{v.target} — the thread is {v.leaning} it ({C.fmt_sent(v.mean)}, "
               f"{v.n_comments} comments; consensus {v.consensus:.2f})", 10.5, bold=True,
               max_lines=2, after=0.04)
        for ex in v.examples:
            if p.room() > 1.0:
                _example(p, analysis, ex, _example_color(ex))
    return p.fig


def _captions(analysis) -> dict:
    s = summary(analysis)
    n = s["n_comments"]
    band = s["neutral_band"]
    n_off = sum(1 for i in range(n) if coords_of(analysis, i) is None)
    return {
        "sentiment_distribution": (
            "How positive or negative are the comments?", 0.55,
            f"Each bar counts the comments whose overall sentiment falls in that range "
            f"(VADER compound: −1 very negative, +1 very positive; the grey band "
            f"±{band:g} is neutral). The solid black line is the post itself "
            f"({C.fmt_sent(s['post_sentiment'])}), the dashed line the comments' mean "
            f"({C.fmt_sent(s['mean_sentiment'])}). "
            + (f"{C.fmt_pct(s['share_positive'])} of comments are positive, "
               f"{C.fmt_pct(s['share_negative'])} negative." if n else "")),
        "sentiment_timeline": (
            "Does the mood change as the thread goes on?", 0.55,
            "Each dot is one comment, in the order the thread printed them, at its "
            "sentiment score; its colour is the stance it belongs to (hollow grey: a brief "
            "reaction). The black line is a rolling mean over "
            f"{C.rolling_window(n)} neighbouring comments, the dotted line the post's "
            "sentiment."),
        "stance_sizes": (
            "How big is each camp?", 0.5,
            "Comments were grouped into stances by the words they use. Each bar is one "
            "stance, named by its most distinctive terms and coloured by its mean "
            "sentiment (see the colour bar). Brief reactions (“Agreed”, “Thanks”) are not "
            "grouped and appear as a grey bar."),
        "stance_terms": (
            "What does each camp talk about?", 0.72,
            "The words and phrases that most set each stance apart from the others "
            "(higher weight = more distinctive). A stance is named after its first three "
            "terms."),
        "stance_map": (
            "Which comments sound alike?", 0.68,
            "Comments placed by their wording (a 2-D projection of word use): comments "
            "close together use similar words. Colours are stances; numbers are comment "
            "numbers. The axes have no units."
            + (f" {n_off} comment(s) without a position are left out." if n_off else "")),
        "reply_structure": (
            "Who replies to whom?", 0.8,
            "The comments from top to bottom in thread order, each indented under the "
            "comment it replies to (or under the post). Colours are stances; hollow grey "
            f"dots are brief reactions. {s['n_replies']} of {n} comments reply to another "
            "comment." + (f" Only {s['n_sure_replies']} rest on clear evidence (a quote, "
                          "@name, a short reaction); dashed lines are the splitter's guesses "
                          "from thread order." if s["n_sure_replies"] < s["n_replies"] else "")),
        "agreement": (
            "Who agrees, who disagrees?", 0.55,
            "“→ post”: each comment's position toward the post's claim — agreeing, "
            "disagreeing, questioning it, or taking no side (the RumourEval scheme; a reply "
            "to another commenter is read on its own words: following the reply chain "
            "scored lower against human labels). “replies → their "
            "comment”: how replies relate to the comment they answer (cues alone: a rough "
            "reading). Sides come from cues (“Agreed”, “Nonsense”, “Source?”) and a model "
            "that says whether a comment takes a side at all; analysis.json lists the cues "
            "and probabilities behind each. "
            + summary_of(analysis).stance_reliability),
        "target_heatmap": (
            "Who is for and against what?", 0.6,
            "Columns are the targets the thread argues about (named people, places, "
            "organisations and recurring phrases, most mentioned first); rows are stances, "
            "and the last row is every comment. Each cell is the mean over comments of the "
            "sentiment of the words near each mention (within five words, the target's own "
            "words masked, quotes of others excluded), with the number of comments behind "
            "it; red is negative wording, blue positive. Grey cells rest on fewer "
            f"than {C.min_mentions_of(analysis)} comments; “–” means no mention."
            + ("" if summary_of(analysis).targets_page == "divides" else
               " Read the colours as the tone of the words near a target, not as the "
               "writers' attitude: " + summary_of(analysis).tone_reliability + ".")),
    }


def chart_page(analysis, stem: str, plot, heading: str, share: float, caption: str):
    """An A4 page: heading, the chart (in a subfigure, cut out for the PNG), caption.

    Returns ``(figure, chart_bbox_in_inches)``.
    """
    fig = Figure(figsize=A4, layout="constrained")
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.1)
    head_h = 1.0
    cap_lines = wrap(caption, A4[0] - 2 * MARGIN, 10)
    cap_h = max(0.6, len(cap_lines) * 10 * 1.3 / 72 + 0.4)
    chart_h = min(A4[1] - 2 * MARGIN - head_h - cap_h, (A4[1] - 2 * MARGIN) * share + 1.5)
    rest = A4[1] - head_h - chart_h - cap_h
    sf_head, sf_row, sf_cap, _ = fig.subfigures(
        4, 1, height_ratios=[head_h, chart_h, cap_h, rest])
    W, H = A4
    side = MARGIN - 0.15  # let tick labels use a little of the margin
    _, sf_chart, _ = sf_row.subfigures(1, 3, width_ratios=[side, W - 2 * side, side])
    sf_head.text(MARGIN / W, 1 - 0.1 / head_h,
                 "discourse · " + C.esc(C.shorten(thread_title(analysis), 80)),
                 fontsize=9, color=MUTED, va="top", transform=sf_head.transSubfigure)
    sf_head.text(MARGIN / W, 0.15, heading, fontsize=16, fontweight="bold", va="bottom",
                 transform=sf_head.transSubfigure)
    ax = sf_chart.subplots()
    plot(ax, analysis)
    for j, ln in enumerate(cap_lines):
        sf_cap.text(MARGIN / W, 1 - (0.2 + j * 10 * 1.3 / 72) / cap_h, C.esc(ln), fontsize=10,
                    va="top", color=INK, transform=sf_cap.transSubfigure)
    bbox = Bbox.from_bounds(side, rest + cap_h, W - 2 * side, chart_h)
    freeze_layout(fig)
    return fig, bbox


def freeze_layout(fig, digits: int = 6) -> None:
    """Run the constrained layout once (the engine alone, not a full draw), round every
    subfigure's and Axes' position to ``digits`` decimals, and switch the engine off.

    The layout solver's answer can differ in the 10th decimal from one run to the next
    (it depends on the order artists happen to sit in memory), which the PDF writes out;
    rounding makes the pages byte-identical across runs.
    """
    import numpy as np

    fig.get_layout_engine().execute(fig)

    def walk(f):
        for sf in getattr(f, "subfigs", ()):
            sf.bbox_relative.set_points(np.round(sf.bbox_relative.get_points(), digits))
            walk(sf)
    walk(fig)
    fig.set_layout_engine("none")
    for ax in fig.get_axes():
        for which in ("original", "active"):
            pos = ax.get_position(original=which == "original")
            ax.set_position(Bbox(np.round(pos.get_points(), digits)), which=which)


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
        lines = wrap(v, p.width - kw, 10)
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


# -- writing ---------------------------------------------------------------------------

def render(analysis, out_dir: Path, pdf: bool = True, png: bool = True,
           quiet: bool = True) -> list[Path]:
    """Write ``report.pdf`` and/or the chart PNGs into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    pngs: list[Path] = []
    with ExitStack() as stack:
        stack.enter_context(matplotlib.rc_context(C.STYLE))
        if quiet:
            stack.enter_context(warnings.catch_warnings())
            warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing")
            warnings.filterwarnings("ignore", category=UserWarning, module="matplotlib")
        pdf_file = None
        if pdf:
            pdf_path = out_dir / "report.pdf"
            pdf_file = stack.enter_context(PdfPages(pdf_path, metadata={
                "CreationDate": None, "Creator": "discourse", "Producer": "discourse",
                "Title": thread_title(analysis)}))
            written.append(pdf_path)
            pdf_file.savefig(title_page(analysis))
        caps = _captions(analysis)
        for stem, plot in C.CHARTS:
            heading, share, caption = caps[stem]
            fig, bbox = chart_page(analysis, stem, plot, heading, share, caption)
            if pdf_file is not None:
                pdf_file.savefig(fig)
            if png:
                path = out_dir / f"{stem}.png"
                save_png(fig, bbox, path)
                pngs.append(path)
        if pdf_file is not None:
            pdf_file.savefig(divides_page(analysis))
            for st in sorted(analysis.stances, key=lambda s: s.id):
                pdf_file.savefig(stance_page(analysis, st))
            for fig in split_pages(analysis):
                pdf_file.savefig(fig)
    return written + pngs
