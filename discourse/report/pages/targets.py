"""The targets page: what divides the thread and what unites it, or, when no direction
of target tone is reliable, the most discussed targets; each with example comments."""
from __future__ import annotations


from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import charts as C
from ..export import summary_of
from ..layout import MUTED, TextPage
from .title import thread_title


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
