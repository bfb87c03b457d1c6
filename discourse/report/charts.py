"""The charts of a report. Each draws on an Axes it is given and returns it.

>>> from matplotlib.figure import Figure
>>> ax = Figure().subplots()
>>> plot_sentiment_distribution(ax, analysis)      # doctest: +SKIP

:func:`plot_stance_terms` draws small multiples: it replaces the Axes it is given by a grid
of Axes in the same place and returns them as a list.

Comments are shown numbered from 1 (``#1`` is ``index`` 0), stances by letter
(``A`` is stance id 0), so nobody mistakes one for the other.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.cm import ScalarMappable
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..model import LABEL_TO_STANCE, parents_of
from .layout import esc  # noqa: F401  (charts and pages escape user text with it)
from .export import (coords_of, is_sure_reply, label_of, min_mentions_of, sentiment_of,
                     stance_by_id)

#: Okabe & Ito (2008) colour-blind-safe categorical palette; yellow and black last.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00",
             "#F0E442", "#000000")
BRIEF_COLOR = "#A0A0A0"
POST_COLOR = "#000000"
#: diverging map for sentiment: red negative, blue positive
SENTIMENT_CMAP = "RdBu"

#: rcParams for every report figure (readable at A4; deterministic output).
STYLE = {
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9,
    "figure.titlesize": 14,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "svg.hashsalt": "discourse",
    "pdf.fonttype": 3,
    "pdf.compression": 6,
    "path.simplify": True,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}

NO_COMMENTS = "No comments found"


# -- naming and colours ----------------------------------------------------------------

def stance_letter(stance_id: Optional[int]) -> str:
    """``0 → 'A'``, ``1 → 'B'`` …; ids beyond Z are shown as numbers."""
    if stance_id is None:
        return "–"
    if 0 <= stance_id < 26:
        return chr(ord("A") + stance_id)
    return str(stance_id)


def stance_color(stance_id: Optional[int]) -> str:
    if stance_id is None:
        return BRIEF_COLOR
    return OKABE_ITO[stance_id % len(OKABE_ITO)]


def comment_no(index: Optional[int]) -> str:
    """How the report names comment ``index`` (0-based) — ``#1`` for index 0."""
    return "post" if index is None else f"#{index + 1}"


def shorten(text: str, n: int) -> str:
    """At most ``n`` characters, cut at a word and ending in "…" when cut."""
    text = " ".join(str(text).split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    if " " in cut[n // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def fmt_sent(x: Optional[float]) -> str:
    """A compound score with sign, ``n/a`` when missing."""
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:+.2f}".replace("-", "−")


def fmt_pct(x: Optional[float]) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{100 * x:.0f}%"


def _no_comments(ax, message: str = NO_COMMENTS):
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center",
            fontsize=12, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_visible(False)
    return ax


def _compounds(analysis) -> np.ndarray:
    n = len(analysis.thread.comments)
    out = np.full(n, np.nan)
    for i in range(n):
        s = sentiment_of(analysis, i)
        if s is not None and s.compound is not None:
            out[i] = float(s.compound)
    return out


def _band(analysis) -> float:
    return analysis.config.neutral_band


def sentiment_norm(values) -> Normalize:
    """Symmetric norm around 0 wide enough for ``values`` (at least ±0.25, at most ±1)."""
    vals = [abs(v) for v in values if v is not None and math.isfinite(v)]
    m = max(vals, default=0.0)
    m = min(1.0, max(0.25, math.ceil(m * 10) / 10))
    return Normalize(-m, m)


def rolling_window(n: int) -> int:
    """Odd window for the rolling mean along the thread: about n/5, in [3, 15]."""
    w = max(3, min(15, n // 5))
    return w if w % 2 else w + 1


def rolling_mean(y: np.ndarray, window: int) -> np.ndarray:
    """Centred rolling mean ignoring NaN; shorter windows at the ends."""
    h = window // 2
    out = np.full(len(y), np.nan)
    for i in range(len(y)):
        seg = y[max(0, i - h): i + h + 1]
        seg = seg[np.isfinite(seg)]
        if len(seg):
            out[i] = seg.mean()
    return out


def reply_depths(analysis) -> list[int]:
    """Depth of each comment in the reply tree: 1 replies to the post, 2 to a top-level
    comment … A parent that is missing, not earlier, or part of a cycle counts as the post.
    """
    depth: list[int] = []
    for p in parents_of(analysis.thread.comments):
        depth.append(1 if p is None else depth[p] + 1)
    return depth


# -- the charts ------------------------------------------------------------------------

def plot_sentiment_distribution(ax, analysis):
    """Histogram of comment compounds; the post's sentiment and the comment mean marked."""
    ax.set_title("Sentiment of the comments")
    y = _compounds(analysis)
    y = y[np.isfinite(y)]
    if not len(y):
        return _no_comments(ax)
    edges = np.linspace(-1, 1, 21)
    counts, _ = np.histogram(np.clip(y, -1, 1), bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2
    cmap = colormaps[SENTIMENT_CMAP]
    norm = Normalize(-1, 1)
    ax.bar(centres, counts, width=edges[1] - edges[0], color=cmap(norm(centres)),
           edgecolor="#333333", linewidth=0.6)
    band = _band(analysis)
    ax.axvspan(-band, band, color="#DDDDDD", zorder=0, lw=0)
    top = max(counts.max(), 1)
    ax.set_ylim(0, top * 1.25 + 0.5)
    handles = [Patch(color="#DDDDDD", label=f"neutral band (±{band:g})")]
    ps = analysis.post_sentiment
    if ps is not None and ps.compound is not None and math.isfinite(ps.compound):
        ax.axvline(ps.compound, color=POST_COLOR, lw=2)
        ax.annotate(f"post {fmt_sent(ps.compound)}", (ps.compound, top * 1.12),
                    xytext=(4, 0), textcoords="offset points", fontsize=10,
                    ha="left" if ps.compound < 0.5 else "right", va="center",
                    fontweight="bold")
        handles.append(Line2D([], [], color=POST_COLOR, lw=2,
                              label=f"the post ({fmt_sent(ps.compound)})"))
    mean = float(y.mean())
    ax.axvline(mean, color="#555555", lw=1.5, ls="--")
    handles.append(Line2D([], [], color="#555555", lw=1.5, ls="--",
                          label=f"comment mean ({fmt_sent(mean)})"))
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("compound sentiment  (−1 very negative … +1 very positive)")
    ax.set_ylabel("number of comments")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(handles=handles, loc="upper left", frameon=False)
    return ax


def plot_sentiment_timeline(ax, analysis):
    """Compound of each comment in thread order, coloured by stance, with a rolling mean."""
    ax.set_title("Sentiment along the thread")
    y = _compounds(analysis)
    n = len(y)
    if not n:
        return _no_comments(ax)
    x = np.arange(1, n + 1)
    band = _band(analysis)
    ax.axhspan(-band, band, color="#E6E6E6", zorder=0, lw=0)
    ax.axhline(0, color="#999999", lw=0.8, zorder=0)
    labels = [label_of(analysis, i) for i in range(n)]
    handles = []
    for sid in sorted({lab for lab in labels if lab is not None}):
        m = np.array([lab == sid for lab in labels])
        ax.scatter(x[m], y[m], s=36, color=stance_color(sid), edgecolor="#333333",
                   linewidth=0.5, zorder=3)
        handles.append(Line2D([], [], marker="o", ls="", color=stance_color(sid),
                              markeredgecolor="#333333", markersize=7,
                              label=f"stance {stance_letter(sid)}"))
    m = np.array([lab is None for lab in labels])
    if m.any():
        ax.scatter(x[m], y[m], s=36, facecolor="white", edgecolor=BRIEF_COLOR,
                   linewidth=1.2, zorder=3)
        handles.append(Line2D([], [], marker="o", ls="", markerfacecolor="white",
                              markeredgecolor=BRIEF_COLOR, markersize=7,
                              label="brief reaction"))
    if n >= 3:
        w = rolling_window(n)
        ax.plot(x, rolling_mean(y, w), color="#333333", lw=2, zorder=2)
        handles.append(Line2D([], [], color="#333333", lw=2,
                              label=f"rolling mean ({w} comments)"))
    ps = analysis.post_sentiment
    if ps is not None and ps.compound is not None and math.isfinite(ps.compound):
        ax.axhline(ps.compound, color=POST_COLOR, lw=1, ls=":", zorder=1)
        handles.append(Line2D([], [], color=POST_COLOR, lw=1, ls=":",
                              label=f"the post ({fmt_sent(ps.compound)})"))
    ax.set_ylim(-1.08, 1.08)
    ax.set_xlim(0.3, n + 0.7)
    ax.set_xlabel("comment number (order in the thread)")
    ax.set_ylabel("compound sentiment")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14),
              ncols=min(4, len(handles)), frameon=False)
    return ax


def plot_stance_sizes(ax, analysis):
    """Comments per stance, bars coloured by the stance's mean sentiment; brief reactions grey."""
    ax.set_title("Size of each stance")
    n = len(analysis.thread.comments)
    if not n:
        return _no_comments(ax)
    stances = sorted(analysis.stances, key=lambda s: s.id)
    n_brief = sum(1 for i in range(n) if label_of(analysis, i) is None)
    names = [f"{stance_letter(s.id)}: {esc(shorten(s.label, 34))}" for s in stances]
    sizes = [s.size for s in stances]
    cmap = colormaps[SENTIMENT_CMAP]
    norm = sentiment_norm([s.sentiment for s in stances])
    colors = [cmap(norm(s.sentiment)) if math.isfinite(s.sentiment) else BRIEF_COLOR
              for s in stances]
    if n_brief:
        names.append("brief reactions")
        sizes.append(n_brief)
        colors.append(BRIEF_COLOR)
    ypos = np.arange(len(names))
    ax.barh(ypos, sizes, color=colors, edgecolor="#333333", linewidth=0.6)
    for yy, v in zip(ypos, sizes):
        ax.text(v, yy, f"  {v} ({100 * v / n:.0f}%)", va="center", ha="left", fontsize=9)
    ax.set_yticks(ypos, names)
    ax.invert_yaxis()
    ax.set_xlim(0, max(sizes, default=1) * 1.25 + 0.5)
    ax.set_xlabel("number of comments")
    ax.xaxis.get_major_locator().set_params(integer=True)
    sm = ScalarMappable(norm=norm, cmap=cmap)
    cb = ax.figure.colorbar(sm, ax=ax, location="bottom", shrink=0.6, aspect=30, pad=0.02)
    cb.set_label("mean sentiment of the stance (red negative, blue positive)")
    if not stances:
        ax.text(0.98, 0.02, "no stances (nothing to cluster)", transform=ax.transAxes,
                ha="right", va="bottom", color="#555555")
    return ax


def plot_stance_terms(ax, analysis, n_terms: Optional[int] = None):
    """Small multiples: the top terms of each stance as horizontal bars.

    The given Axes is replaced by a grid of Axes in its place; returns that list
    (the given Axes itself when there is nothing to show).
    """
    stances = sorted(analysis.stances, key=lambda s: s.id)
    if n_terms is None:
        n_terms = min(analysis.config.n_terms, 10)
    if not stances:
        ax.set_title("Top terms of each stance")
        msg = NO_COMMENTS if not analysis.thread.comments else "No stances (nothing to cluster)"
        return _no_comments(ax, msg)
    k = len(stances)
    ncols = 1 if k <= 2 else 2
    nrows = math.ceil(k / ncols)
    fig = ax.figure
    spec = ax.get_subplotspec()
    if spec is not None:
        ax.remove()
        grid = spec.subgridspec(nrows, ncols)
        axes = [fig.add_subplot(grid[r, c]) for r in range(nrows) for c in range(ncols)]
    else:  # an Axes placed by hand: split its area with insets
        ax.set_axis_off()
        axes = []
        for r in range(nrows):
            for c in range(ncols):
                axes.append(ax.inset_axes([c / ncols + 0.12 / ncols, 1 - (r + 1) / nrows + 0.08 / nrows,
                                           0.84 / ncols, 0.8 / nrows]))
    wmax = max((w for s in stances for _, w in s.terms[:n_terms]), default=1.0) or 1.0
    for a, s in zip(axes, stances):
        terms = list(s.terms[:n_terms])
        a.set_title(f"{stance_letter(s.id)} · {s.size} comment{'s' if s.size != 1 else ''}",
                    color="#222222", fontsize=10, loc="left")
        a.spines["left"].set_color(stance_color(s.id))
        a.spines["left"].set_linewidth(3)
        if not terms:
            a.text(0.5, 0.5, "no terms", transform=a.transAxes, ha="center", va="center")
            a.set_xticks([])
            a.set_yticks([])
            continue
        yy = np.arange(len(terms))
        a.barh(yy, [w for _, w in terms], color=stance_color(s.id), edgecolor="#333333",
               linewidth=0.4)
        a.set_yticks(yy, [esc(shorten(t, 24)) for t, _ in terms])
        a.set_ylim(n_terms - 0.5, -0.5)
        a.set_xlim(0, wmax * 1.05)
        a.tick_params(axis="y", length=0)
        a.set_xlabel("weight", fontsize=9)
    for a in axes[k:]:
        a.set_visible(False)
    return axes[:k]


def plot_stance_map(ax, analysis):
    """The 2-D map of comments (SVD of TF-IDF), coloured by stance."""
    ax.set_title("Map of the comments by wording")
    n = len(analysis.thread.comments)
    if not n:
        return _no_comments(ax)
    pts = [(i, coords_of(analysis, i)) for i in range(n)]
    placed = [(i, xy) for i, xy in pts if xy is not None]
    if not placed:
        return _no_comments(ax, "No map positions for these comments")
    stances = stance_by_id(analysis)
    groups: dict = {}
    for i, xy in placed:
        groups.setdefault(label_of(analysis, i), []).append((i, xy))
    handles = []
    for sid in sorted((g for g in groups if g is not None)) + ([None] if None in groups else []):
        members = groups[sid]
        xs = [xy[0] for _, xy in members]
        ys = [xy[1] for _, xy in members]
        if sid is None:
            ax.scatter(xs, ys, s=30, marker="x", color=BRIEF_COLOR, zorder=2)
            label = f"brief reactions ({len(members)})"
        else:
            ax.scatter(xs, ys, s=60, color=stance_color(sid), edgecolor="#333333",
                       linewidth=0.5, zorder=3)
            name = shorten(stances[sid].label, 40) if sid in stances else f"stance {sid}"
            label = f"{stance_letter(sid)}: {esc(name)} ({len(members)})"
        handles.append(Line2D([], [], ls="", marker="x" if sid is None else "o",
                              color=stance_color(sid), markeredgecolor=
                              BRIEF_COLOR if sid is None else "#333333",
                              markersize=7, label=label))
    reps = {r for s in analysis.stances for r in s.representatives}
    annotate = placed if len(placed) <= 40 else [(i, xy) for i, xy in placed if i in reps]
    for i, xy in annotate:
        ax.annotate(comment_no(i), xy, xytext=(4, 3), textcoords="offset points",
                    fontsize=9, color="#333333")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("map dimension 1")
    ax.set_ylabel("map dimension 2")
    ax.margins(0.08)
    n_off = n - len(placed)
    if n_off:
        ax.text(0.99, 0.01, f"{n_off} comment{'s' if n_off != 1 else ''} without a position "
                "(brief reactions) not shown", transform=ax.transAxes, ha="right",
                va="bottom", fontsize=9, color="#555555")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08),
              ncols=1, frameon=False)
    return ax


def plot_reply_structure(ax, analysis):
    """Indented reply tree: comments top to bottom in thread order, indented by depth,
    each joined to the comment (or post) it replies to."""
    ax.set_title("Who replies to whom")
    comments = analysis.thread.comments
    n = len(comments)
    if not n:
        return _no_comments(ax)
    depth = reply_depths(analysis)
    parents = parents_of(comments)
    # post at row 0, comment i at row i + 1; depth on x
    dense = n > 45
    ax.scatter([0], [0], s=60 if dense else 120, marker="s", color=POST_COLOR, zorder=3)
    if not dense:
        ax.annotate("post", (0, 0), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=9, fontweight="bold")
    low_conf = False
    for i in range(n):
        p = parents[i]
        px, py = (0, 0) if p is None else (depth[p], p + 1)
        cx, cy = depth[i], i + 1
        dashed = p is not None and not is_sure_reply(analysis, i)
        low_conf |= dashed
        ax.plot([px, px, cx], [py, cy, cy], color="#888888", lw=1,
                ls="--" if dashed else "-", zorder=1, solid_joinstyle="miter")
    labels = [label_of(analysis, i) for i in range(n)]
    xs = np.array(depth)
    ys = np.arange(1, n + 1)
    for sid in sorted({lab for lab in labels if lab is not None}):
        m = np.array([lab == sid for lab in labels])
        ax.scatter(xs[m], ys[m], s=22 if dense else 40, color=stance_color(sid),
                   edgecolor="#333333", linewidth=0.5, zorder=3,
                   label=f"stance {stance_letter(sid)}")
    m = np.array([lab is None for lab in labels])
    if m.any():
        ax.scatter(xs[m], ys[m], s=22 if dense else 40, facecolor="white",
                   edgecolor=BRIEF_COLOR, linewidth=1.2, zorder=3, label="brief reaction")
    if n <= 45:
        for i in range(n):
            who = comments[i].author
            txt = comment_no(i) + (f"  {esc(shorten(who, 24))}" if who else "")
            ax.annotate(txt, (depth[i], i + 1), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=9 if n <= 30 else 7.5, color="#333333")
    step = 1 if n <= 45 else (5 if n <= 200 else 10)
    ticks = [0] + [t for t in range(1, n + 1) if (t == 1 and step == 1) or t % step == 0]
    ax.set_yticks(ticks, ["post"] + [f"#{t}" for t in ticks[1:]])
    ax.set_ylim(n + 0.8, -0.8)
    maxd = max(depth)
    ax.set_xlim(-0.3, maxd + (0.6 if dense else 2.2))
    ax.set_xticks(range(0, maxd + 1))
    ax.set_xlabel("reply depth (0 = the post, 1 = replies to the post, 2 = replies to those …)")
    ax.set_ylabel("comment, in thread order")
    if n > 45:
        ax.tick_params(axis="y", labelsize=9)
    handles, _ = ax.get_legend_handles_labels()
    if low_conf:
        handles.append(Line2D([], [], color="#888888", ls="--", label="uncertain reply link"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.07),
              ncols=min(5, len(handles)), frameon=False)
    return ax


#: agreement labels in chart order with their colours (Okabe–Ito blue, vermillion, orange; grey)
AGREEMENT_COLORS = (("agree", "#0072B2"), ("disagree", "#D55E00"),
                    ("question", "#E69F00"), ("unsure", "#E8E8E8"), ("comment", "#C8C8C8"))
#: most targets shown as heatmap columns
MAX_HEATMAP_TARGETS = 10




def target_table(analysis):
    """The heatmap's numbers: ``(targets, rows)`` where ``rows`` are ``(row label,
    [(n, mean or None), ...])`` for every stance with a mention, then "all comments"."""
    summaries = list(analysis.target_summaries)[:MAX_HEATMAP_TARGETS]
    names = [s.target for s in summaries]
    rows = []
    for st in sorted(analysis.stances, key=lambda s: s.id):
        cells = []
        for s in summaries:
            hit = [(n, m) for sid, n, m in s.by_stance if sid == st.id]
            cells.append(hit[0] if hit else (0, None))
        if any(n for n, _ in cells):
            rows.append((f"{stance_letter(st.id)}: {shorten(st.label, 28)}", cells))
    rows.append(("all comments", [(s.n_comments, s.mean) for s in summaries]))
    return names, rows


def plot_target_heatmap(ax, analysis):
    """Stance × target: mean target sentiment per cell, with the number of comments;
    cells with fewer than ``config.min_target_mentions`` mentions are greyed."""
    ax.set_title("How each stance feels about each target")
    if not analysis.thread.comments:
        return _no_comments(ax)
    names, rows = target_table(analysis)
    if not names:
        return _no_comments(ax, "No targets found (no name or phrase recurs across comments)")
    low = min_mentions_of(analysis)
    cmap = colormaps[SENTIMENT_CMAP]
    norm = Normalize(-1, 1)
    grid = np.full((len(rows), len(names), 4), 1.0)
    for r, (_, cells) in enumerate(rows):
        for c, (n, m) in enumerate(cells):
            if n and m is not None and n >= low:
                grid[r, c] = cmap(norm(m))
            elif n:
                grid[r, c] = (0.9, 0.9, 0.9, 1.0)
    ax.imshow(grid, aspect="auto", interpolation="nearest")
    for r, (_, cells) in enumerate(rows):
        for c, (n, m) in enumerate(cells):
            if not n:
                txt, color = "–", "#999999"
            else:
                txt = f"{fmt_sent(m)}\nn={n}"
                color = "white" if (n >= low and m is not None and abs(m) > 0.55) else (
                    "#222222" if n >= low else "#888888")
            ax.text(c, r, txt, ha="center", va="center", fontsize=8 if len(names) > 6 else 9,
                    color=color)
    ax.set_xticks(range(len(names)), [esc(shorten(t, 18)) for t in names], rotation=35,
                  ha="right")
    ax.set_yticks(range(len(rows)), [esc(label) for label, _ in rows])
    ax.axhline(len(rows) - 1.5, color="#222222", lw=1.2)
    ax.tick_params(length=0)
    for sp in ax.spines.values():
        sp.set_visible(False)
    sm = ScalarMappable(norm=norm, cmap=cmap)
    cb = ax.figure.colorbar(sm, ax=ax, location="bottom", shrink=0.6, aspect=30, pad=0.12,
                            ticks=[-1, -0.5, 0, 0.5, 1])
    cb.set_label(f"mean sentiment toward the target (grey: fewer than {low} comments)")
    return ax


#: ``stance_to_post`` labels drawn as the agreement label of the same colour
TO_POST = {stance: label for label, stance in LABEL_TO_STANCE.items()}


def agreement_shares(analysis):
    """The agreement chart's rows: ``(label, n, {agreement label: share})``. The first
    row is every comment's position toward the post (``stance_to_post``), the second the
    replies to other comments toward those comments (``label``), then each stance's
    position toward the post."""
    ags = analysis.agreements
    if not ags:
        return []
    n = len(ags)
    parents = parents_of(analysis.thread.comments)
    groups = [("all comments → post", range(n), True),
              ("replies → their comment", [i for i in range(n) if parents[i] is not None],
               False)]
    for st in sorted(analysis.stances, key=lambda s: s.id):
        groups.append((f"{stance_letter(st.id)}: {shorten(st.label, 24)} → post",
                       [i for i in st.members if 0 <= i < n], True))
    brief = [i for i in range(n) if label_of(analysis, i) is None]
    if brief:
        groups.append(("brief reactions → post", brief, True))
    rows = []
    for label, idx, to_post in groups:
        idx = list(idx)
        if not idx:
            continue
        counts = {lab: 0 for lab, _ in AGREEMENT_COLORS}
        for i in idx:
            if to_post:
                lab = "unsure" if ags[i].stance_unsure else TO_POST.get(ags[i].stance_to_post, "comment")
            else:
                lab = ags[i].label
            counts[lab] = counts.get(lab, 0) + 1
        rows.append((label, len(idx), {k: v / len(idx) for k, v in counts.items()}))
    return rows


def plot_agreement(ax, analysis):
    """Stacked bars: shares of agree / disagree / question / comment, overall, by kind of
    reply and per stance (each comment toward its parent, or the post)."""
    ax.set_title("Who agrees, who disagrees?")
    rows = agreement_shares(analysis)
    if not rows:
        return _no_comments(ax)
    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    for lab, color in AGREEMENT_COLORS:
        w = np.array([r[2].get(lab, 0.0) for r in rows])
        ax.barh(y, w, left=left, color=color, edgecolor="#B0B0B0" if lab == "unsure" else "white",
                linewidth=0.6, label=lab, hatch="///" if lab == "unsure" else None)
        for yy, x0, ww in zip(y, left, w):
            if ww >= 0.07:
                ax.text(x0 + ww / 2, yy, f"{100 * ww:.0f}%", ha="center", va="center",
                        fontsize=8.5, color="white" if lab in ("agree", "disagree") else "#222222")
        left += w
    for yy, (_, n, _) in zip(y, rows):
        ax.text(1.01, yy, f"n={n}", va="center", ha="left", fontsize=9, color="#333333")
    ax.set_yticks(y, [esc(r[0]) for r in rows])
    ax.invert_yaxis()
    if len(rows) > 2:
        ax.axhline(1.5, color="#222222", lw=0.8)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1], ["0%", "20%", "40%", "60%", "80%", "100%"])
    ax.set_xlabel("share of the group's comments")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=5, frameon=False)
    return ax


#: (file stem, plot function) in report order.
CHARTS = (
    ("sentiment_distribution", plot_sentiment_distribution),
    ("sentiment_timeline", plot_sentiment_timeline),
    ("stance_sizes", plot_stance_sizes),
    ("stance_terms", plot_stance_terms),
    ("stance_map", plot_stance_map),
    ("reply_structure", plot_reply_structure),
    ("agreement", plot_agreement),
    ("target_heatmap", plot_target_heatmap),
)
