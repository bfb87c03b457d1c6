"""The report of the large-input mode: one corpus laid out from a
:class:`~discourse.model.LargeAnalysis` (aggregates and a sample; it says which is which).

Files: ``report.pdf`` (summary, charts, stances), ``sentiment_distribution.png``,
``stance_sizes.png``, ``stance_terms.png``, ``threads_overview.png``, ``analysis.json``,
``threads.csv`` (one row per thread) and ``comments.csv`` (one row per comment, written
part by part while the analysis runs, by :class:`CommentSink`).
"""
from __future__ import annotations

import csv
import json
from contextlib import ExitStack
from pathlib import Path
from typing import Iterable, Optional

from .export import clean, safe_cell

COMMENT_COLUMNS = ("thread", "id", "line", "stance", "similarity", "compound", "pos", "neu",
                   "neg", "n_sentences")
THREAD_COLUMNS = ("thread", "title", "comments", "sentiment_mean", "share_positive",
                  "share_negative", "top_stance")
#: the threads chart shows at most this many threads (the largest)
MAX_CHART_THREADS = 2000


class CommentSink:
    """``comments.csv`` written as parts are assigned: ``sink(columns)`` appends a part
    (a dict of equal-length columns); ``close()`` ends the file. Stance ``-1`` (a brief
    reaction) is written empty. With ``parquet`` (and pyarrow installed) the same rows
    also go to ``comments.parquet`` beside it, one row group per part (stance null for a
    brief reaction)."""

    def __init__(self, path, parquet: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "w", encoding="utf-8", newline="")
        self.w = csv.writer(self.fh)
        self.w.writerow(COMMENT_COLUMNS)
        self.rows = 0
        self.parquet = None
        if parquet:
            import importlib.util

            parquet = importlib.util.find_spec("pyarrow") is not None
        self.parquet_path = self.path.with_suffix(".parquet") if parquet else None

    def paths(self) -> list:
        return [self.path] + ([self.parquet_path] if self.parquet_path else [])

    def _parquet(self, cols: dict) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        stance = [None if int(x) < 0 else int(x) for x in cols["stance"]]
        line = [None if x is None else int(x) for x in cols["line"]]
        table = pa.table({
            "thread": pa.array([str(x) for x in cols["thread"]], pa.string()),
            "id": pa.array([str(x) for x in cols["id"]], pa.string()),
            "line": pa.array(line, pa.int64()), "stance": pa.array(stance, pa.int32()),
            **{f: pa.array(cols[f], pa.float64())
               for f in ("similarity", "compound", "pos", "neu", "neg")},
            "n_sentences": pa.array(cols["n_sentences"], pa.int32())})
        if self.parquet is None:
            self.parquet = pq.ParquetWriter(self.parquet_path, table.schema)
        self.parquet.write_table(table)

    def __call__(self, cols: dict) -> None:
        n = len(cols["id"])
        for i in range(n):
            stance = int(cols["stance"][i])
            self.w.writerow((
                safe_cell(cols["thread"][i]), safe_cell(cols["id"][i]),
                "" if cols["line"][i] is None else cols["line"][i],
                "" if stance < 0 else stance, f"{cols['similarity'][i]:.4f}",
                f"{cols['compound'][i]:.4f}", f"{cols['pos'][i]:.4f}", f"{cols['neu'][i]:.4f}",
                f"{cols['neg'][i]:.4f}", int(cols["n_sentences"][i])))
        self.rows += n
        if self.parquet_path is not None:
            self._parquet(cols)

    def close(self) -> Path:
        self.fh.close()
        if self.parquet is not None:
            self.parquet.close()
        return self.path


def large_to_dict(a) -> dict:
    """``analysis.json`` of the large mode: everything but the per-comment rows."""
    return clean({
        "name": a.name, "mode": "large", "n_comments": a.n_comments, "n_brief": a.n_brief,
        "n_empty": a.n_empty, "sentiment": a.sentiment,
        "histogram": {"edges": list(a.histogram[0]), "counts": list(a.histogram[1])},
        "sample_size": a.sample_size, "k_chosen_by": a.k_chosen_by,
        "cluster_scores": {str(k): v for k, v in a.cluster_scores.items()},
        "n_parts": a.n_parts, "engine": a.engine, "notes": list(a.notes),
        "stances": [{"id": s.id, "label": s.label, "size": s.size,
                     "terms": [[t, w] for t, w in s.terms], "sentiment": s.sentiment,
                     "sentiment_spread": s.sentiment_spread,
                     "share_positive": s.share_positive, "share_negative": s.share_negative,
                     "stability": s.stability,
                     "examples": [{"thread": t, "id": i, "text": x} for t, i, x in s.examples]}
                    for s in a.stances],
        "threads": [{"thread": t.key, "title": t.title, "comments": t.n_comments,
                     "sentiment_mean": t.sentiment, "share_positive": t.share_positive,
                     "share_negative": t.share_negative,
                     "stance_counts": list(t.stance_counts)} for t in a.threads],
    })


def _top(t) -> str:
    if not t.stance_counts or max(t.stance_counts) == 0:
        return ""
    return str(max(range(len(t.stance_counts)), key=lambda j: (t.stance_counts[j], -j)))


def write_threads_csv(a, path) -> Path:
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(THREAD_COLUMNS)
        for t in a.threads:
            w.writerow((safe_cell(t.key), safe_cell(t.title), t.n_comments,
                        f"{t.sentiment:.4f}", f"{t.share_positive:.4f}",
                        f"{t.share_negative:.4f}", _top(t)))
    return path


# ------------------------------------------------------------------------------ charts


def plot_sentiment(ax, a):
    import numpy as np

    edges, counts = np.array(a.histogram[0]), np.array(a.histogram[1])
    mids = (edges[:-1] + edges[1:]) / 2
    colors = ["#D55E00" if m < 0 else "#0072B2" for m in mids]
    ax.bar(mids, counts, width=np.diff(edges), color=colors, edgecolor="white", lw=0.3)
    s = a.sentiment
    ax.axvline(s["mean"], color="black", lw=1.2, ls="--", label=f"mean {s['mean']:+.2f}")
    ax.set_xlabel("comment sentiment (VADER compound, sentence-weighted)")
    ax.set_ylabel("comments")
    ax.set_title(f"Sentiment of all {a.n_comments:,} comments", fontsize=10)
    ax.legend(fontsize=8)
    return ax


def plot_stance_sizes(ax, a):
    from .charts import BRIEF_COLOR, stance_color, stance_letter

    names = [f"{stance_letter(s.id)}: {s.label}" for s in a.stances] + ["brief reactions"]
    sizes = [s.size for s in a.stances] + [a.n_brief]
    colors = [stance_color(s.id) for s in a.stances] + [BRIEF_COLOR]
    y = list(range(len(names)))
    ax.barh(y, sizes, color=colors)
    for yy, s in zip(y, a.stances):
        ax.text(s.size, yy, f"  {s.sentiment:+.2f}", va="center", fontsize=7)
    ax.set_yticks(y, names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("comments (label: mean sentiment)")
    ax.set_title("Stances: size and mean sentiment", fontsize=10)
    return ax


def plot_stance_terms(fig, a):
    from .charts import stance_color, stance_letter

    shown = a.stances[:8]
    if not shown:
        fig.text(0.5, 0.5, "no stances", ha="center")
        return fig
    cols = 2
    rows = (len(shown) + 1) // 2
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, s in zip(axes.ravel(), shown):
        terms = list(s.terms[:6])[::-1]
        ax.barh(range(len(terms)), [w for _, w in terms], color=stance_color(s.id))
        ax.set_yticks(range(len(terms)), [t for t, _ in terms], fontsize=7)
        ax.set_title(f"{stance_letter(s.id)} ({s.size:,} comments)", fontsize=8)
        ax.tick_params(axis="x", labelsize=6)
    for ax in axes.ravel()[len(shown):]:
        ax.axis("off")
    fig.suptitle("What each stance says more than the rest (TF-IDF above the mean)",
                 fontsize=10)
    return fig


def plot_threads(ax, a):
    threads = sorted(a.threads, key=lambda t: -t.n_comments)[:MAX_CHART_THREADS]
    ax.scatter([t.n_comments for t in threads], [t.sentiment for t in threads], s=8,
               alpha=0.5, color="#333333")
    ax.set_xscale("log")
    ax.axhline(0, color="#BBBBBB", lw=0.8)
    ax.set_xlabel("comments in the thread (log scale)")
    ax.set_ylabel("mean sentiment")
    more = f" (the {len(threads):,} largest)" if len(threads) < len(a.threads) else ""
    ax.set_title(f"{len(a.threads):,} threads: size and mean sentiment{more}", fontsize=10)
    return ax


def _summary_page(a, TextPage, footer: Optional[str] = None):
    from .charts import stance_letter

    p = TextPage(header=f"discourse · large input {a.name}")
    if footer:
        p.footer(footer)
    s = a.sentiment
    p.heading(f"{a.n_comments:,} comments in {len(a.threads):,} threads", 18)
    p.para(f"Mean sentiment {s['mean']:+.2f}: {s['share_positive']:.0%} of comments positive, "
           f"{s['share_negative']:.0%} negative, {s['share_neutral']:.0%} neutral "
           f"(|compound| below the neutral band).", 10)
    p.para(f"{len(a.stances)} stances ({a.k_chosen_by}); {a.n_brief:,} brief reactions "
           "(too few content words) set aside.", 10)
    p.para("How this was computed. Large-input mode: every comment is scored and assigned a "
           "stance, and the sizes, sentiment and terms are over all comments. The number of "
           f"stances, the term axes (LSA) and the stabilities come from a sample of "
           f"{a.sample_size:,} comments (every n-th in reading order); the example comments "
           "are those nearest each stance's centre. Not computed in this mode: per-thread "
           "reports, targets, agreement and reply structure (rerun a thread without "
           f"--large for those). Read in {a.n_parts} parts on the {a.engine} engine.",
           9, after=0.15)
    for st in a.stances:
        stab = "" if st.stability is None else f" · stability {st.stability:.2f}"
        p.para(f"{stance_letter(st.id)} · {st.size:,} comments · sentiment {st.sentiment:+.2f}"
               f"{stab} · {', '.join(t for t, _ in st.terms[:6])}", 10, bold=True, after=0.02)
        for thread, cid, text in st.examples[:1]:
            p.para(f"“{text[:400]}” ({thread} #{cid})", 9, indent=0.2, max_lines=3, after=0.1)
        if p.room() < 1.0:
            break
    for note in a.notes[:5]:
        p.para(f"Note: {note}", 8)
    return p.fig


def write_large_report(a, out_dir, formats: Iterable[str] = ("pdf", "png", "csv", "json"),
                       run_id: Optional[str] = None) -> list[Path]:
    """Write the large-mode report files (all but ``comments.csv``) into ``out_dir``;
    ``run_id`` goes on the summary page and into the PDF's metadata."""
    import matplotlib
    from matplotlib.figure import Figure

    from . import charts as C
    from .layout import A4, TextPage, open_report_pdf
    from .pages.title import run_footer

    formats = tuple(formats)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    if "pdf" in formats or "png" in formats:
        with ExitStack() as stack:
            if "pdf" not in formats:
                stack.enter_context(matplotlib.rc_context(C.STYLE))
            pdf = None
            if "pdf" in formats:
                pdf = open_report_pdf(stack, out, f"discourse large input: {a.name}", run_id, paths)
                pdf.savefig(_summary_page(a, TextPage, run_footer(run_id) if run_id else None))
            for stem, draw, size in (("sentiment_distribution", plot_sentiment, 4.0),
                                     ("stance_sizes", plot_stance_sizes, 4.0),
                                     ("stance_terms", None, 7.5),
                                     ("threads_overview", plot_threads, 4.0)):
                fig = Figure(figsize=(A4[0], size), layout="constrained")
                if draw is None:
                    plot_stance_terms(fig, a)
                else:
                    draw(fig.subplots(), a)
                if pdf is not None:
                    pdf.savefig(fig)
                if "png" in formats:
                    p = out / f"{stem}.png"
                    fig.savefig(p, dpi=110)
                    paths.append(p)
    if "json" in formats:
        p = out / "analysis.json"
        p.write_text(json.dumps(large_to_dict(a), ensure_ascii=False, indent=1) + "\n",
                     encoding="utf-8")
        paths.append(p)
    if "csv" in formats:
        paths.append(write_threads_csv(a, out / "threads.csv"))
    return paths
