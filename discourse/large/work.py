"""What a worker does with one part: read it, score sentiment, count hashed terms.

:func:`map_part` is a pure function of the part and the settings (no global state), so
the local engine runs it in worker processes and the Dask engine on cluster workers, and
both give the same :class:`PartResult`. Terms are hashed (``HashingVectorizer``: no
vocabulary to share between workers); each part also reports which word it saw most in
each hashed column, so stances can be described in words.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from .parts import Part

#: hashed term columns (2**20: few collisions among the words of a large corpus)
N_FEATURES = 1 << 20
#: per part, the columns' words are learnt from this many comments
NAMING_SAMPLE = 400
#: per comment: compound, pos, neu, neg, number of sentences
SENTIMENT_FIELDS = ("compound", "pos", "neu", "neg", "n_sentences")


@dataclass(frozen=True)
class Settings:
    """What :func:`map_part` needs from the run's :class:`~discourse.config.Config`."""

    aggregation: str
    neutral_band: float
    min_tokens: int
    columns: tuple = ()
    post: Optional[str] = None


@dataclass
class PartResult:
    """One part's comments in reading order: their thread keys, ids, source lines,
    sentiment (``len × 5``, :data:`SENTIMENT_FIELDS`) and hashed term counts (CSR,
    ``len × N_FEATURES``); thread titles found in post rows; column names
    (``{column: Counter(word)}``); comments left out for having no text; notes."""

    index: int
    threads: list
    ids: list
    lines: list
    sentiment: np.ndarray
    counts: object
    titles: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    n_empty: int = 0
    notes: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


def hasher():
    """The term hasher every part uses (content words: English stop words out)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=N_FEATURES, alternate_sign=False, norm=None,
                             stop_words="english", dtype=np.float32, preprocessor=_lower_no_urls)


def _lower_no_urls(text: str) -> str:
    from ..text.tokens import strip_urls

    if "http" in text or "www." in text:
        text = strip_urls(text)
    return text.lower()


def _jsonl_rows(part: Part, settings: Settings, only: Optional[set] = None):
    """``(thread key, id, line, text)`` of the comments of a JSONL byte range, and the
    thread titles of its post rows (the JSONL reader's column rules and checks).
    ``only``: read just these line numbers (to fetch a few comments' texts again)."""
    from ..errors import InputError
    from ..readers._common import ReadOptions
    from ..readers.discourse_json import json_problem
    from ..readers.rows import _Collector

    col = _Collector(part.path, ReadOptions(columns=settings.columns, post=settings.post))
    seen: set = set()
    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        data = fh.read(part.end - part.start) if part.end >= 0 else fh.read()
    text = data.decode(part.encoding)
    for k, line in enumerate(text.split("\n")):
        line_no = part.first_line + k
        if (only is not None and line_no not in only) or not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(part.path, json_problem(err, line).replace(
                "truncated JSON", "truncated record"), line=line_no)
        if not isinstance(row, dict):
            raise InputError(part.path, "expected a JSON object per line, got "
                                        f"{type(row).__name__}", line=line_no)
        if not seen.issuperset(row):
            seen.update(row)
            col.set_columns(seen)
        col.add(row, line_no, line_no)
    recs = sorted(((r.line, key, r) for key, rs in col.threads.items() for r in rs),
                  key=lambda x: x[0])
    titles = {key: (post.title or "") for key, (post, _) in col.posts.items()}
    rows = [(key, str(r.id[1] if isinstance(r.id, tuple) else r.id), line, r.text)
            for line, key, r in recs]
    return rows, titles, []


def _thread_rows(part: Part, settings: Settings):
    """Every other format: the whole file through its reader (plain-text dumps are split
    there), each comment's own words."""
    from ..readers import ReadOptions, read_threads
    from ..text.own import own_text

    threads = read_threads(part.path, format=part.format,
                           options=ReadOptions(columns=settings.columns, post=settings.post))
    rows, titles, notes = [], {}, []
    stem = Path(part.path).stem
    for t in threads:
        key = t.thread_id or stem
        titles[key] = t.post.title or ""
        notes.extend(t.notes)
        rows.extend((key, str(c.index), c.start_line, own_text(c)) for c in t.comments)
    return rows, titles, notes


def map_part(part: Part, settings: Settings) -> PartResult:
    """Read ``part``; score each comment (sentence-level VADER, aggregated as in a
    thread's analysis); count its hashed content words."""
    from ..sentiment import make_analyzer, score_text

    rows, titles, notes = (_jsonl_rows if part.format == "jsonl" else _thread_rows)(part, settings)
    kept = [r for r in rows if r[3].strip()]
    analyzer = make_analyzer()
    sent = np.zeros((len(kept), len(SENTIMENT_FIELDS)))
    for i, (_, _, _, text) in enumerate(kept):
        s = score_text(text, aggregation=settings.aggregation,
                       neutral_band=settings.neutral_band, analyzer=analyzer)
        sent[i] = (s.compound, s.pos, s.neu, s.neg, s.n_sentences)
    hv = hasher()
    texts = [r[3] for r in kept]
    counts = hv.transform(texts).tocsr()
    return PartResult(part.index, [r[0] for r in kept], [r[1] for r in kept],
                      [r[2] for r in kept], sent, counts, titles,
                      column_names(hv, texts[:NAMING_SAMPLE]), len(rows) - len(kept), notes)


def column_names(hv, texts) -> dict:
    """``{column: Counter(word)}``: which words of ``texts`` land in which hashed column
    (sklearn's hashing: signed MurmurHash3 of the token, absolute value mod columns)."""
    from sklearn.utils import murmurhash3_32

    analyse = hv.build_analyzer()
    words = Counter(w for t in texts for w in analyse(t))
    out: dict = {}
    for w, n in words.items():
        col = abs(murmurhash3_32(w, seed=0)) % hv.n_features
        out.setdefault(col, Counter())[w] += n
    return out


def fetch_texts(part: Part, settings: Settings, wanted: dict) -> dict:
    """``{(thread, id): text}`` of the comments of ``part`` named in ``wanted``
    (``{(thread, id): source line}``): the stances' representative comments, re-read
    rather than kept in memory for every comment (JSONL: only their lines are parsed)."""
    if part.format == "jsonl":
        rows, _, _ = _jsonl_rows(part, settings, only={ln for ln in wanted.values()
                                                       if ln is not None})
    else:
        rows, _, _ = _thread_rows(part, settings)
    return {(r[0], r[1]): r[3] for r in rows if (r[0], r[1]) in wanted}
