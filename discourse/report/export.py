"""Plain-data views of an :class:`~discourse.model.Analysis`: ``analysis.json`` and ``comments.csv``.

Nothing here imports matplotlib, so ``from discourse.report.export import analysis_to_dict``
stays cheap.

``analysis.json`` is byte-identical for identical input: keys are sorted, floats rounded to
4 decimals (``-0.0`` → ``0.0``, NaN/inf → ``null``), and nothing about the run (time,
working directory) is written. Fields may be added by later versions, never renamed.

The ``stance_model`` key (what a rerun with ``--baseline`` starts from: see
:mod:`discourse.stance_model`) keeps 6 decimals and is written on one line: it is data
for the program (a vocabulary, document frequencies, centres), not for reading.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from pathlib import Path
from typing import Any, Optional

from discourse._version import version
from discourse.model import UNSTABLE, Summary


def summary_of(analysis) -> Summary:
    """The analysis's :class:`~discourse.model.Summary` (made by the pipeline's describe
    stage); an Analysis built by hand must carry one."""
    if analysis.summary is None:
        raise ValueError("this Analysis has no summary: make one with "
                         "dataclasses.replace(a, summary=discourse.describe.describe(a))")
    return analysis.summary


def is_sure_reply(analysis, i: int) -> bool:
    """Does comment ``i``'s reply link rest on explicit evidence? (The report counts these
    as replies for sure and draws the others dashed.)"""
    sure = summary_of(analysis).sure_replies
    return sure[i] if i < len(sure) else True

#: ``comments.csv`` columns, in order.
CSV_COLUMNS = (
    "index", "start_line", "end_line", "parent", "author", "timestamp",
    "sentiment", "pos", "neu", "neg", "stance", "stance_label",
    "agreement", "agreement_confidence", "agreement_cues", "stance_to_post",
    "stance_guess", "stance_unsure", "target_sentiment", "text",
)
#: ``targets.csv`` columns, in order.
TARGET_COLUMNS = (
    "target", "aliases", "source", "n_comments", "n_mentions", "mean", "spread",
    "share_for", "share_against", "divisiveness", "consensus", "by_stance",
)

#: A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DIGITS = 4


# -- small helpers ---------------------------------------------------------------------

def _num(x: Any) -> Optional[float]:
    """A float rounded to :data:`DIGITS`, or ``None`` for missing / NaN / inf."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    x = round(x, DIGITS)
    return 0.0 if x == 0 else x


def clean(obj: Any) -> Any:
    """Recursively turn ``obj`` into JSON-ready data with rounded floats."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return _num(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return clean(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    # numpy scalars and the like
    if hasattr(obj, "item"):
        return clean(obj.item())
    return str(obj)


def sentiment_of(analysis, i: int):
    """The :class:`Sentiment` of comment ``i`` (``None`` if the pipeline gave none)."""
    return analysis.sentiments[i] if i < len(analysis.sentiments) else None


def label_of(analysis, i: int) -> Optional[int]:
    """The stance id of comment ``i``, ``None`` for a brief reaction."""
    return analysis.labels[i] if i < len(analysis.labels) else None


def coords_of(analysis, i: int) -> Optional[tuple[float, float]]:
    """Map position of comment ``i``, ``None`` when missing or not finite."""
    if i >= len(analysis.coords):
        return None
    xy = analysis.coords[i]
    if xy is None:
        return None
    x, y = float(xy[0]), float(xy[1])
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    return x, y


def agreement_of(analysis, i: int):
    ags = analysis.agreements
    return ags[i] if i < len(ags) else None


def targets_of(analysis, i: int) -> tuple:
    ts = analysis.target_sentiments
    return ts[i] if i < len(ts) else ()


def _agreement_dict(a) -> Optional[dict]:
    if a is None:
        return None
    return {"label": a.label, "confidence": _num(a.confidence), "cues": list(a.cues),
            "stance_to_post": a.stance_to_post,
            "stance_confidence": _num(a.stance_confidence),
            "stance_guess": a.stance_guess, "stance_unsure": a.stance_unsure,
            "stance_probabilities": (None if a.stance_probabilities is None else
                                     dict(zip(("support", "deny", "query", "comment"),
                                              map(_num, a.stance_probabilities))))}


def _by_stance(analysis, target: str) -> list[dict]:
    """Each stance's roll-up of sentiment toward ``target`` (stances that name it)."""
    return [{k: (_num(v) if k not in ("stance", "n_comments") else v) for k, v in row.items()}
            for row in summary_of(analysis).target_by_stance.get(target, ())]


def targets_to_list(analysis) -> list[dict]:
    """Targets with aliases, counts and roll-ups (the JSON ``targets`` list)."""
    summaries = {s.target: s for s in analysis.target_summaries if s.n_comments}
    out = []
    for t in analysis.targets:
        s = summaries.get(t.name)  # none for a user's target nobody names
        out.append({
            "target": t.name, "aliases": list(t.aliases), "source": t.source,
            "n_comments": t.n_comments, "n_mentions": t.n_mentions,
            "mean": _num(s.mean) if s else None, "spread": _num(s.spread) if s else None,
            "share_for": _num(s.share_for) if s else None,
            "share_against": _num(s.share_against) if s else None,
            "divisiveness": _num(s.divisiveness) if s else None,
            "consensus": _num(s.consensus) if s else None,
            "by_stance": _by_stance(analysis, t.name) if s else [],
        })
    return out


def _csv_text(columns, rows) -> str:
    """CSV text (header + rows, ``\r\n`` line ends); ``None`` is an empty cell."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns)
    w.writeheader()
    for row in rows:
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()


def targets_csv(analysis) -> str:
    """``targets.csv`` as text: one row per target (``by_stance`` as ``id:n:mean;...``)."""
    rows = []
    for row in targets_to_list(analysis):
        row = dict(row, aliases="; ".join(row["aliases"]),
                   by_stance="; ".join(f"{b['stance']}:{b['n_comments']}:{b['mean']}"
                                       for b in row["by_stance"]))
        rows.append({k: safe_cell(v) for k, v in row.items()})
    return _csv_text(TARGET_COLUMNS, rows)


def write_targets_csv(analysis, path) -> Path:
    path = Path(path)
    path.write_bytes(targets_csv(analysis).encode("utf-8"))
    return path


def stance_summary_of(analysis, st):
    """The describe stage's :class:`~discourse.model.StanceSummary` of stance ``st``."""
    return next(x for x in summary_of(analysis).stances if x.id == st.id)


def stance_sentence_of(analysis, st) -> str:
    """The sentence that characterises stance ``st`` from its figures."""
    return stance_summary_of(analysis, st).sentence


def for_against(analysis) -> list[str]:
    """The thread's sentences on targets and agreement (empty without comments)."""
    return list(summary_of(analysis).sentences)


def reliable_of(analysis) -> frozenset:
    """The target directions the report may state for ``analysis``."""
    return frozenset(summary_of(analysis).reliable)


def stance_by_id(analysis) -> dict:
    return {s.id: s for s in analysis.stances}


def _sentiment_dict(s) -> Optional[dict]:
    if s is None:
        return None
    return {
        "compound": _num(s.compound),
        "pos": _num(s.pos),
        "neu": _num(s.neu),
        "neg": _num(s.neg),
        "n_sentences": int(s.n_sentences),
        "share_positive": _num(s.share_positive),
        "share_negative": _num(s.share_negative),
        "sentences": [{"text": t.text, "compound": _num(t.compound)} for t in s.sentences],
    }


def _config_dict(config) -> dict:
    if config is None:
        return {}
    if hasattr(config, "to_dict"):
        return clean(config.to_dict())
    if dataclasses.is_dataclass(config):
        return clean(dataclasses.asdict(config))
    return clean(dict(config)) if isinstance(config, dict) else {}


def min_mentions_of(analysis) -> int:
    """Comments naming a target that a figure about it needs (``Config.min_target_mentions``)."""
    return analysis.config.min_target_mentions


def neutral_band(analysis) -> float:
    return analysis.config.neutral_band


def summary(analysis) -> dict:
    """Headline figures of the thread (the describe stage's), rounded for the JSON."""
    return clean(summary_of(analysis).figures)


# -- public API ------------------------------------------------------------------------

def _where(c) -> dict:
    """A comment's identity and place: the fields the JSON and the CSV share."""
    return {"index": c.index, "start_line": c.start_line, "end_line": c.end_line,
            "parent": c.parent, "author": c.author, "timestamp": c.timestamp}


def _baseline_dict(alignment) -> Optional[dict]:
    if alignment is None:
        return None
    pair = lambda d: None if d is None else {"from": _num(d[0]), "to": _num(d[1])}
    return {
        "new_comments": list(alignment.new_comments),
        "new_stances": list(alignment.new_stances),
        "shares": {str(s): {"before": _num(b), "now": _num(a)}
                   for s, (b, a) in alignment.shares.items()},
        "method": alignment.method,
        "why": alignment.why,
        "compared": alignment.n_compared,
        "kept": alignment.n_kept,
        "moved": [{"index": m.index, "from": m.from_stance, "to": m.to_stance,
                   "reason": m.reason, "distance_before": pair(m.before),
                   "distance_now": pair(m.now)} for m in alignment.moved],
        "no_known_word": list(alignment.unknown),
    }


def analysis_to_dict(analysis) -> dict:
    """Everything in ``analysis`` as JSON-ready data (the ``analysis.json`` contract)."""
    thread = analysis.thread
    stances = stance_by_id(analysis)
    comments = []
    for i, c in enumerate(thread.comments):
        lab = label_of(analysis, i)
        xy = coords_of(analysis, i)
        comments.append({
            **_where(c),
            "text": c.text,
            "quotes": list(c.quotes),
            "sentiment": _sentiment_dict(sentiment_of(analysis, i)),
            "stance": lab,
            "stance_label": stances[lab].label if lab in stances else None,
            "reply_evidence": c.reply_evidence,
            "reply_confidence": _num(c.reply_confidence),
            "coords": [_num(xy[0]), _num(xy[1])] if xy else None,
            "agreement": _agreement_dict(agreement_of(analysis, i)),
            "targets": {t.target: {"compound": _num(t.compound), "n_sentences": t.n_sentences}
                        for t in targets_of(analysis, i)},
        })
    stance_list = [{
        "id": s.id,
        "label": s.label,
        "size": s.size,
        "terms": [[t, _num(w)] for t, w in s.terms],
        "sentiment": {
            "mean": _num(s.sentiment),
            "spread": _num(s.sentiment_spread),
            "share_positive": _num(s.share_positive),
            "share_negative": _num(s.share_negative),
        },
        "members": list(s.members),
        "representatives": list(s.representatives),
        "mentions": [[m, int(k)] for m, k in s.mentions],
        "stability": _num(s.stability),
        "stable": None if s.stability is None else bool(s.stability >= UNSTABLE),
        "to_post": dict(stance_summary_of(analysis, s).to_post),
        "sentence": stance_sentence_of(analysis, s),
    } for s in analysis.stances]
    post = thread.post
    scores = analysis.cluster_scores or {}
    model = getattr(analysis, "stance_model", None)
    return {**clean({
        "version": version(),
        "source": thread.source,
        "notes": list(thread.notes),
        "post": {
            "title": post.title,
            "author": post.author,
            "timestamp": post.timestamp,
            "start_line": post.start_line,
            "end_line": post.end_line,
            "sentiment": _sentiment_dict(analysis.post_sentiment),
        },
        "footer_lines": list(thread.footer_lines) if thread.footer_lines else None,
        "n_lines": thread.n_lines,
        "comments": comments,
        "stances": stance_list,
        "targets": targets_to_list(analysis),
        "summary": summary(analysis),
        "for_against": for_against(analysis),
        "clustering": {
            "cluster_scores": {str(k): scores[k] for k in sorted(scores, key=str)},
            "k_chosen_by": analysis.k_chosen_by,
            "k_scores": {str(k): {m: _num(v) for m, v in sc.items()}
                         for k, sc in sorted(analysis.k_scores.items())},
        },
        "readers_add": {
            "against": "the post" + (f" and {analysis.n_context} context document(s)"
                                     if analysis.n_context else ""),
            "terms": [[t, _num(w)] for t, w in analysis.reader_terms],
        },
        "baseline": _baseline_dict(analysis.alignment),
        "stance_reliability": analysis.stance_reliability,
        "target_reliability": analysis.target_reliability,
        "config": _config_dict(analysis.config),
    }), "stance_model": None if model is None else model.to_dict()}


#: stands for the stance model while the rest is indented: a top-level key is the only
#: line that starts with exactly two spaces and a quote, so no comment text can fake it
_MODEL_SLOT = '\n  "stance_model": "\\u0000"'


def analysis_json(analysis) -> str:
    """``analysis.json`` as text (sorted keys, 2-space indent, trailing newline; the
    ``stance_model`` on one line)."""
    data = analysis_to_dict(analysis)
    model = data.pop("stance_model")
    text = json.dumps({**data, "stance_model": "\0"}, sort_keys=True, indent=2,
                      ensure_ascii=False, allow_nan=False)
    compact = json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                         allow_nan=False)
    head, slot, tail = text.partition(_MODEL_SLOT)
    assert slot, "the stance model's slot is missing"
    return f'{head}\n  "stance_model": {compact}{tail}\n'


def safe_cell(value: Any) -> Any:
    """Defuse spreadsheet formula injection: a string starting with ``= + - @``, tab or CR
    gets a leading ``'``. Non-strings pass unchanged.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("fine"), safe_cell(-1.5)
    ("'=HYPERLINK(1)", 'fine', -1.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def comment_rows(analysis) -> list[dict]:
    """One dict per comment with the :data:`CSV_COLUMNS` (``None`` for an empty cell).

    String cells are already made safe with :func:`safe_cell`.
    """
    stances = stance_by_id(analysis)
    rows = []
    for i, c in enumerate(analysis.thread.comments):
        s = sentiment_of(analysis, i)
        lab = label_of(analysis, i)
        ag = agreement_of(analysis, i)
        row = {
            **_where(c),
            "sentiment": _num(s.compound) if s else None,
            "pos": _num(s.pos) if s else None,
            "neu": _num(s.neu) if s else None,
            "neg": _num(s.neg) if s else None,
            "stance": lab,
            "stance_label": stances[lab].label if lab in stances else None,
            "agreement": ag.label if ag else None,
            "agreement_confidence": _num(ag.confidence) if ag else None,
            "agreement_cues": "; ".join(ag.cues) if ag else None,
            "stance_to_post": ag.stance_to_post if ag else None,
            "stance_guess": ag.stance_guess if ag else None,
            "stance_unsure": ag.stance_unsure if ag else None,
            "target_sentiment": "; ".join(f"{t.target}={_num(t.compound)}"
                                          for t in targets_of(analysis, i)) or None,
            "text": c.text,
        }
        rows.append({k: safe_cell(v) for k, v in row.items()})
    return rows


def comments_csv(analysis) -> str:
    """``comments.csv`` as text (header + one row per comment, ``\\r\\n`` line ends)."""
    return _csv_text(CSV_COLUMNS, comment_rows(analysis))


def write_json(analysis, path) -> Path:
    path = Path(path)
    path.write_bytes(analysis_json(analysis).encode("utf-8"))
    return path


def write_csv(analysis, path) -> Path:
    path = Path(path)
    # newline="" semantics: the csv module already wrote \r\n
    path.write_bytes(comments_csv(analysis).encode("utf-8"))
    return path
