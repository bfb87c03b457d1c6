"""The title page: title, source, key figures, the thread's sentences, notes, stances."""
from __future__ import annotations

import os

from typing import Optional

from matplotlib.figure import Figure

from .. import charts as C
from ..export import for_against, summary
from ..layout import MUTED, TextPage, text_width, wrap
from ..._version import version
from ...model import UNSTABLE


def thread_title(analysis) -> str:
    post = analysis.thread.post
    if post.title and post.title.strip():
        return " ".join(post.title.split())
    first = next((ln for ln in (post.text or "").splitlines() if ln.strip()), "")
    return C.shorten(first, 90) if first else "Untitled thread"


def run_footer(run_id: str) -> str:
    """The title page's last line: the version and the run id (also in MANIFEST.json)."""
    return f"discourse {version()} · run {run_id} (see MANIFEST.json beside this report)"


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


def title_page(analysis, run_id: Optional[str] = None) -> Figure:
    s = summary(analysis)
    p = TextPage()
    if run_id:
        p.footer(run_footer(run_id))
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
        # keep room below the table for the line saying what did not fit and, when a
        # stance is marked *, the line saying what * means
        reserve = (1 + 2 * any(_unstable(st) for st in stances)) * 9 * 1.3 / 72 + 0.1
        p.bottom -= reserve
        done = p.table(cols, rows, 9, max_lines=1)
        p.bottom += reserve
        if done < len(rows):
            p.para(f"… {len(rows) - done} more stance(s) on the stance pages", 9, color=MUTED)
        if any(_unstable(st) for st in stances):
            p.para(f"* not stable across resamples (stability below {UNSTABLE:g}): this split "
                   "may not reappear if the thread is clustered again; treat it as tentative.",
                   9, color=MUTED)
        if len(analysis.k_scores) > 1 and p.room() > 0.45:
            fmt = lambda v: "–" if v is None else f"{v:.3f}"
            p.para("Choosing k — " + "; ".join(
                f"k={k}: silhouette {fmt(sc.get('silhouette'))}, stability {fmt(sc.get('stability'))}"
                for k, sc in sorted(analysis.k_scores.items())) + " (stability: mean ARI of "
                "refits on 80% subsamples; 'discourse sweep' gives the full table).",
                9, color=MUTED, max_lines=4, after=0.04)
    # the notes last: the stances matter more on a full page (all notes: analysis.json)
    notes = list(analysis.thread.notes)
    if notes and p.room() > 0.6:
        p.rule(0.06)
        p.heading("Notes", 13)
        for note in notes[:8]:
            p.para("• " + str(note), 10, max_lines=3, after=0.02)
        if len(notes) > 8:
            p.para(f"… and {len(notes) - 8} more (see analysis.json)", 10, color=MUTED)
    return p.fig
