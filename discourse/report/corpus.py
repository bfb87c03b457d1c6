"""The corpus report: several threads side by side, and stances found across all of them.

Writes into its folder ``report.pdf`` (a summary page, the three charts, a stance table),
the charts as PNGs (``threads_overview.png``, ``sentiment_by_thread.png``,
``stance_shares.png``), ``corpus.json`` (per-thread figures, corpus stances, shares, the
effective config) and ``threads.csv`` (one row per thread). Each ``plot_*`` draws on an
Axes it is given; only :func:`write_corpus_report` writes files.
"""
from __future__ import annotations

import csv
import json
from contextlib import ExitStack
from pathlib import Path
from typing import Iterable, Optional

from .export import _config_dict, clean

#: charts show at most this many threads (the largest by comments); threads.csv has all
MAX_CHART_THREADS = 40

THREAD_COLUMNS = ("thread", "slug", "title", "source", "thread_id", "comments", "authors",
                  "reply_share", "sentiment_mean", "share_positive", "share_neutral",
                  "share_negative", "top_stance", "notes")


def thread_label(a, slug: Optional[str] = None) -> str:
    post = a.thread.post
    title = " ".join((post.title or "").split())
    if not title:
        first = next((ln for ln in (post.text or "").splitlines() if ln.strip()), "")
        title = first or (a.thread.thread_id or slug or "untitled")
    return title


def thread_figures(a) -> dict:
    """Comments, distinct authors, reply share and sentiment shares of one thread: the
    describe stage's headline figures."""
    f = a.summary.figures

    def zero(key):
        return f[key] if f[key] is not None else 0.0

    return {
        "comments": f["n_comments"],
        "authors": f["n_authors"],
        "reply_share": zero("reply_share"),
        "sentiment_mean": zero("mean_sentiment"),
        "share_positive": zero("share_positive"),
        "share_neutral": zero("share_neutral"),
        "share_negative": zero("share_negative"),
    }


def corpus_to_dict(corpus, slugs: Optional[list] = None) -> dict:
    slugs = slugs or [None] * len(corpus.analyses)
    threads = []
    for t, a in enumerate(corpus.analyses):
        shares = corpus.shares[t]
        top = max(range(len(shares)), key=lambda j: shares[j]) if shares and max(shares) > 0 else None
        threads.append({
            "thread": t, "slug": slugs[t], "title": thread_label(a, slugs[t]),
            "source": a.thread.source, "thread_id": a.thread.thread_id,
            **thread_figures(a),
            "stance_shares": {str(s.id): round(x, 4) for s, x in zip(corpus.stances, shares)},
            "top_stance": corpus.stances[top].id if top is not None else None,
            "notes": list(a.thread.notes),
        })
    return clean({
        "name": corpus.name,
        "threads": threads,
        "stances": [{"id": s.id, "label": s.label, "size": s.size, "terms": list(s.terms),
                     "sentiment": s.sentiment, "share_positive": s.share_positive,
                     "share_negative": s.share_negative,
                     "representatives": [_locate(corpus, i) for i in s.representatives]}
                    for s in corpus.stances],
        "cluster_scores": {str(k): v for k, v in corpus.cluster_scores.items()},
        "k_chosen_by": corpus.k_chosen_by,
        "config": _config_dict(corpus.config),
    })


def _locate(corpus, i: int) -> dict:
    """A corpus-wide comment number → its thread, index and text."""
    t = max(k for k, off in enumerate(corpus.offsets) if off <= i)
    c = corpus.analyses[t].thread.comments[i - corpus.offsets[t]]
    return {"thread": t, "index": c.index, "author": c.author, "text": c.text[:300]}


def _csv_safe(v):
    s = "" if v is None else str(v)
    return "'" + s if s[:1] in ("=", "+", "-", "@") and not _number(s) else s


def _number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def write_threads_csv(data: dict, path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(THREAD_COLUMNS)
        for row in data["threads"]:
            r = dict(row, notes=" | ".join(row["notes"]))
            for k in ("reply_share", "sentiment_mean", "share_positive", "share_neutral", "share_negative"):
                r[k] = f"{r[k]:.4f}"
            w.writerow([_csv_safe(r[c]) for c in THREAD_COLUMNS])
    return path


# ---------------------------------------------------------------------------- charts

def _short(s: str, n: int = 38) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def shown_threads(corpus, limit: int = MAX_CHART_THREADS) -> list[int]:
    """Indices of the threads the charts show: all, or the ``limit`` largest by comments
    (in reading order)."""
    n = len(corpus.analyses)
    if n <= limit:
        return list(range(n))
    big = sorted(range(n), key=lambda t: (-len(corpus.analyses[t].thread.comments), t))[:limit]
    return sorted(big)


def _title_suffix(corpus, shown) -> str:
    n = len(corpus.analyses)
    return "" if len(shown) == n else f" ({len(shown)} largest of {n})"


def plot_threads_overview(ax, corpus, labels):
    """Comments per thread (bars) with the share that are replies (dark part)."""
    import numpy as np

    shown = shown_threads(corpus)
    labels = [labels[t] for t in shown]
    n = [len(corpus.analyses[t].thread.comments) for t in shown]
    replies = [sum(c.parent is not None for c in corpus.analyses[t].thread.comments) for t in shown]
    y = np.arange(len(n))
    ax.barh(y, n, color="#56B4E9", label="replies to the post")
    ax.barh(y, replies, color="#0072B2", label="replies to a comment")
    for yy, total, r in zip(y, n, replies):
        ax.text(total, yy, f" {total} ({r / total:.0%} replies)" if total else " 0",
                va="center", fontsize=7)
    ax.set_yticks(y, [_short(x) for x in labels], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("comments")
    ax.set_title("Comments per thread, and the share that answer another comment"
                 + _title_suffix(corpus, shown), fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    return ax


def plot_sentiment_by_thread(ax, corpus, labels):
    """Sentiment distribution per thread: shares of negative / neutral / positive
    comments, with the mean compound marked."""
    import numpy as np

    shown = shown_threads(corpus)
    labels = [labels[t] for t in shown]
    figs = [thread_figures(corpus.analyses[t]) for t in shown]
    y = np.arange(len(figs))
    neg = np.array([f["share_negative"] for f in figs])
    neu = np.array([f["share_neutral"] for f in figs])
    pos = np.array([f["share_positive"] for f in figs])
    ax.barh(y, neg, color="#D55E00", label="negative")
    ax.barh(y, neu, left=neg, color="#BBBBBB", label="neutral")
    ax.barh(y, pos, left=neg + neu, color="#0072B2", label="positive")
    for yy, f in zip(y, figs):
        ax.text(1.01, yy, f"mean {f['sentiment_mean']:+.2f}", va="center", fontsize=7)
    ax.set_xlim(0, 1.18)
    ax.set_yticks(y, [_short(x) for x in labels], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("share of the thread's comments")
    ax.set_title("Sentiment of the comments, thread by thread" + _title_suffix(corpus, shown),
                 fontsize=10)
    ax.legend(fontsize=7, loc="lower right", ncol=3)
    return ax


def plot_stance_shares(ax, corpus, labels):
    """Each thread's share of each corpus stance (stacked), brief reactions in grey."""
    import numpy as np

    from .charts import BRIEF_COLOR, stance_color, stance_letter

    shown = shown_threads(corpus)
    labels = [labels[t] for t in shown]
    y = np.arange(len(shown))
    left = np.zeros(len(y))
    for j, s in enumerate(corpus.stances):
        share = np.array([corpus.shares[t][j] for t in shown])
        ax.barh(y, share, left=left, color=stance_color(s.id),
                label=f"{stance_letter(s.id)}: {_short(s.label, 30)}")
        left += share
    ax.barh(y, 1 - left, left=left, color=BRIEF_COLOR, label="brief reactions")
    ax.set_xlim(0, 1)
    ax.set_yticks(y, [_short(x) for x in labels], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("share of the thread's comments")
    ax.set_title("Stances found across all threads: each thread's share"
                 + _title_suffix(corpus, shown), fontsize=10)
    ax.legend(fontsize=6, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    return ax


CHARTS = (("threads_overview", plot_threads_overview),
          ("sentiment_by_thread", plot_sentiment_by_thread),
          ("stance_shares", plot_stance_shares))


def write_corpus_report(corpus, out_dir, formats: Iterable[str] = ("pdf", "png", "csv", "json"),
                        *, slugs: Optional[list] = None,
                        run_id: Optional[str] = None) -> list[Path]:
    """Write the corpus report files into ``out_dir``; returns their paths. ``run_id``
    goes on the summary page and into the PDF's metadata."""
    import matplotlib
    from matplotlib.figure import Figure

    from . import charts as C
    from .layout import A4, TextPage, open_report_pdf
    from .pages.title import run_footer

    formats = tuple(formats)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = corpus_to_dict(corpus, slugs)
    labels = [f"{t['thread'] + 1}. {t['title']}" for t in data["threads"]]
    paths: list[Path] = []
    height = max(3.0, 1.2 + 0.28 * len(shown_threads(corpus)))
    with ExitStack() as stack:
        if "pdf" not in formats:
            stack.enter_context(matplotlib.rc_context(C.STYLE))
        pdf = None
        if "pdf" in formats:
            pdf = open_report_pdf(stack, out, f"discourse corpus: {corpus.name}", run_id, paths)
            page = _summary_page(corpus, data, TextPage)
            if run_id:
                page.footer(run_footer(run_id))
            pdf.savefig(page.fig)
        for stem, plot in CHARTS:
            fig = Figure(figsize=(A4[0], min(height + (1.0 if stem == "stance_shares" else 0), A4[1])),
                         layout="constrained")
            plot(fig.subplots(), corpus, labels)
            if pdf is not None:
                pdf.savefig(fig)
            if "png" in formats:
                p = out / f"{stem}.png"
                fig.savefig(p, dpi=110)
                paths.append(p)
        if pdf is not None:
            pdf.savefig(_stance_page(corpus, data, TextPage))
    if "json" in formats:
        p = out / "corpus.json"
        p.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(p)
    if "csv" in formats:
        paths.append(write_threads_csv(data, out / "threads.csv"))
    return paths


def _summary_page(corpus, data, TextPage):
    p = TextPage(header=f"discourse · corpus {corpus.name}")
    n_comments = sum(t["comments"] for t in data["threads"])
    p.heading(f"{len(data['threads'])} threads, {n_comments} comments", 18)
    p.para(f"Stances clustered across all comments: {len(corpus.stances)} "
           f"({corpus.k_chosen_by or 'k as configured'}). Each thread also has its own report "
           "in its own folder.", 10, after=0.15)
    rows = [(str(t["thread"] + 1), _short(t["title"], 48), str(t["comments"]),
             f"{t['reply_share']:.0%}", f"{t['sentiment_mean']:+.2f}",
             t["slug"] or "") for t in data["threads"]]
    cols = [("#", 0.35, "right"), ("thread", 3.1, "left"), ("comments", 0.8, "right"),
            ("replies", 0.7, "right"), ("sentiment", 0.8, "right"), ("folder", 1.6, "left")]
    p.table(cols, rows[:40], 8, max_lines=1)
    if len(rows) > 40:
        p.para(f"… and {len(rows) - 40} more threads (see threads.csv)", 9)
    return p


def _stance_page(corpus, data, TextPage):
    from .charts import stance_letter

    p = TextPage(header=f"discourse · corpus {corpus.name}")
    p.heading("Stances across all threads", 16)
    if not corpus.stances:
        p.para("No stances: too few comments with enough words.", 11)
        return p.fig
    for s, sd in zip(corpus.stances, data["stances"]):
        share = ", ".join(f"{t['thread'] + 1}. {_short(t['title'], 24)} "
                          f"{t['stance_shares'][str(s.id)]:.0%}"
                          for t in data["threads"] if t["stance_shares"][str(s.id)] > 0)
        p.para(f"{stance_letter(s.id)} · {s.size} comments · sentiment {s.sentiment:+.2f} · "
               f"{', '.join(t for t, _ in s.terms[:6])}", 10, bold=True, after=0.02)
        p.para(f"Threads: {share or 'none'}", 9, after=0.02)
        for rep in sd["representatives"][:1]:
            p.para(f"“{_short(rep['text'], 220)}” — {rep['author'] or 'anonymous'}", 9,
                   indent=0.2, max_lines=3, after=0.1)
        if p.room() < 1.0:
            break
    return p.fig
