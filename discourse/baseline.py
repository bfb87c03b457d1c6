"""Keep stance ids across reruns: match a new clustering to a baseline analysis.

When a grown dump is analysed again, the comments it shares with the baseline
(``reports/OLD/analysis.json``) tie new clusters to old stances: clusters are matched to
stances by how many shared comments they hold (Hungarian matching on that overlap), a
matched cluster takes the old id, and a cluster that matches nothing is a new stance
with a fresh id. Comments are recognised by their text (white space and case folded),
not by line numbers, which shift when a dump grows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment


def comment_key(text: str) -> str:
    """How a comment is recognised across reruns.

    >>> comment_key("  Agreed,\\n   totally ") == comment_key("agreed, totally")
    True
    """
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Baseline:
    """What a rerun needs of an earlier analysis: each comment's key and stance id."""

    source: Optional[str]
    comments: tuple[tuple[str, Optional[int]], ...]

    @classmethod
    def from_dict(cls, data: dict) -> "Baseline":
        """From an ``analysis.json`` already parsed (see ``readers.read_baseline``)."""
        return cls(data.get("source"), tuple(
            (comment_key(c.get("text") or ""), c.get("stance")) for c in data["comments"]))

    def shares(self) -> dict[int, float]:
        """Share of the baseline's comments in each stance."""
        n = len(self.comments) or 1
        counts = Counter(s for _, s in self.comments if s is not None)
        return {s: counts[s] / n for s in sorted(counts)}


@dataclass(frozen=True)
class Alignment:
    """The result of :func:`align`: ``mapping`` new cluster id → stance id to report."""

    mapping: dict[int, int]
    new_comments: tuple[int, ...]
    new_stances: tuple[int, ...]
    shares: dict[int, tuple[Optional[float], Optional[float]]]


def align(texts: Sequence[str], labels: Sequence[Optional[int]], baseline: Baseline) -> Alignment:
    """Map this run's cluster ids onto the baseline's stance ids.

    >>> old = Baseline("a.txt", (("tax", 0), ("park", 1), ("more tax", 0)))
    >>> a = align(["park", "tax", "more tax", "new topic"], [0, 1, 1, 2], old)
    >>> a.mapping, a.new_comments, a.new_stances
    ({1: 0, 0: 1, 2: 2}, (3,), (2,))
    """
    old_stance = {}
    for key, s in baseline.comments:
        old_stance.setdefault(key, s)
    keys = [comment_key(t) for t in texts]
    new_ids = sorted({lab for lab in labels if lab is not None})
    old_ids = sorted({s for _, s in baseline.comments if s is not None})
    overlap = np.zeros((len(new_ids), len(old_ids)))
    for key, lab in zip(keys, labels):
        s = old_stance.get(key)
        if lab is not None and s is not None:
            overlap[new_ids.index(lab), old_ids.index(s)] += 1
    mapping: dict[int, int] = {}
    if overlap.size:
        rows, cols = linear_sum_assignment(-overlap)
        mapping = {new_ids[r]: old_ids[c] for r, c in zip(rows, cols) if overlap[r, c] > 0}
    fresh = max(old_ids, default=-1) + 1
    new_stances = []
    for lab in new_ids:
        if lab not in mapping:
            mapping[lab] = fresh
            new_stances.append(fresh)
            fresh += 1
    n = len(labels) or 1
    now = Counter(mapping[lab] for lab in labels if lab is not None)
    before = baseline.shares()
    shares = {s: (before.get(s), now[s] / n if s in now else None)
              for s in sorted(set(before) | set(now))}
    return Alignment(mapping=dict(sorted(mapping.items(), key=lambda kv: kv[1])),
                     new_comments=tuple(i for i, k in enumerate(keys) if k not in old_stance),
                     new_stances=tuple(new_stances), shares=shares)
