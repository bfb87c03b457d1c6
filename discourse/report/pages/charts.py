"""Chart pages: a heading, one chart of :data:`~discourse.report.charts.CHARTS` and its
caption (the caption's figures from the analysis's summary)."""
from __future__ import annotations


from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from .. import charts as C
from ..export import coords_of, summary, summary_of
from ..layout import INK, A4, MARGIN, MUTED, wrap
from .title import thread_title


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
