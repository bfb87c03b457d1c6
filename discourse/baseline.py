"""Keep stance ids across reruns of a grown dump against a baseline analysis.

Two ways, both reported as an :class:`Alignment`:

- :func:`follow` (the default when the baseline's ``analysis.json`` carries a
  ``stance_model``): the rerun was fitted *from* the baseline's model (its vocabulary, IDF
  and centres; see :mod:`discourse.stance_model`), so stance ids follow the centres and
  nothing needs matching. An old comment changes stance only when the new comments moved
  the centres so that another one is now nearer; :class:`Moved` says so with the
  distances before and after.
- :func:`align` (a baseline without a saved model, e.g. one written by an older version,
  or a full refit asked for): the comments the rerun shares with the baseline tie new
  clusters to old stances: clusters are matched to stances by how many shared comments
  they hold (Hungarian matching on that overlap), a matched cluster takes the old id, and
  a cluster that matches nothing is a new stance with a fresh id.

Comments are recognised by their text (white space and case folded), not by line
numbers, which shift when a dump grows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Optional, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from .stance_model import StanceModel


def comment_key(text: str) -> str:
    """How a comment is recognised across reruns.

    >>> comment_key("  Agreed,\\n   totally ") == comment_key("agreed, totally")
    True
    """
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Baseline:
    """What a rerun needs of an earlier analysis: each comment's key and stance id, and
    the saved stance model to start from (``None`` in an ``analysis.json`` written before
    reruns kept it). ``refit``: fit from scratch and match, even with a saved model."""

    source: Optional[str]
    comments: tuple[tuple[str, Optional[int]], ...]
    model: Optional[StanceModel] = None
    refit: bool = False

    @classmethod
    def from_dict(cls, data: dict, *, refit: bool = False) -> "Baseline":
        """From an ``analysis.json`` already parsed (see ``readers.read_baseline``).
        ``ValueError`` if its ``stance_model`` is there but malformed (not read when
        ``refit``)."""
        saved = None if refit else data.get("stance_model")
        return cls(data.get("source"), tuple(
            (comment_key(c.get("text") or ""), c.get("stance")) for c in data["comments"]),
            model=None if saved is None else StanceModel.from_dict(saved), refit=refit)

    def shares(self) -> dict[int, float]:
        """Share of the baseline's comments in each stance."""
        n = len(self.comments) or 1
        counts = Counter(s for _, s in self.comments if s is not None)
        return {s: counts[s] / n for s in sorted(counts)}


@dataclass(frozen=True)
class Moved:
    """An earlier comment whose stance id changed in the rerun, and why.

    ``before`` and ``now``: its distances (as k-means measures them) to the centres of
    stance ``from_stance`` and ``to_stance``, under the saved centres and under the
    refitted ones; ``None`` when the rerun was matched rather than started from the model
    or the comment is no longer clustered.
    """

    index: int
    from_stance: int
    to_stance: Optional[int]
    reason: str
    before: Optional[tuple[float, float]] = None
    now: Optional[tuple[float, float]] = None


@dataclass(frozen=True)
class Alignment:
    """How a rerun's stances relate to the baseline's: ``mapping`` new cluster id →
    stance id to report; ``method`` "warm" (:func:`follow`) or "matched" (:func:`align`)
    and ``why``; ``moved`` the earlier comments whose stance changed, out of
    ``n_compared`` earlier comments clustered in both runs (``n_kept`` kept theirs);
    ``unknown`` the comments long enough to cluster that use no word of the saved
    vocabulary (left out of the stances, as brief reactions are)."""

    mapping: dict[int, int]
    new_comments: tuple[int, ...]
    new_stances: tuple[int, ...]
    shares: dict[int, tuple[Optional[float], Optional[float]]]
    method: str = "matched"
    why: str = ""
    moved: tuple[Moved, ...] = ()
    n_compared: int = 0
    n_kept: int = 0
    unknown: tuple[int, ...] = ()

    def note(self, source: Optional[str]) -> str:
        """One sentence for the report's notes."""
        kept = (f"{self.n_kept} of {self.n_compared} earlier clustered comments kept their "
                f"stance id, {len(self.moved)} moved (analysis.json: baseline.moved)")
        if self.unknown:
            kept += (f"; {len(self.unknown)} comment(s) use no word of the saved vocabulary "
                     "and are left out of the stances (--refit includes them)")
        return f"Baseline {source or '(no source)'}: {self.why}; {kept}."


def _old_stances(baseline: Baseline) -> dict[str, Optional[int]]:
    old_stance = {}
    for key, s in baseline.comments:
        old_stance.setdefault(key, s)
    return old_stance


def align(texts: Sequence[str], labels: Sequence[Optional[int]], baseline: Baseline, *,
          why: str = "refitted from scratch and matched to the baseline's stances by "
                     "shared comments") -> Alignment:
    """Map this run's cluster ids onto the baseline's stance ids.

    >>> old = Baseline("a.txt", (("tax", 0), ("park", 1), ("more tax", 0)))
    >>> a = align(["park", "tax", "more tax", "new topic"], [0, 1, 1, 2], old)
    >>> a.mapping, a.new_comments, a.new_stances
    ({1: 0, 0: 1, 2: 2}, (3,), (2,))
    """
    old_stance = _old_stances(baseline)
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
    return _alignment(keys, labels, mapping, baseline, tuple(new_stances), "matched", why,
                      lambda i, frm, to: (
                          "refitted from scratch; its new cluster was matched to another "
                          "stance" if to is not None else "no longer clustered", None, None))


def follow(texts: Sequence[str], labels: Sequence[Optional[int]], baseline: Baseline,
           before: np.ndarray, now: np.ndarray, *, unknown: Sequence[int] = (),
           why: str = "refitted from the baseline's saved model") -> Alignment:
    """Report a rerun fitted from ``baseline.model``: cluster ``j`` is the model's
    ``stance_ids[j]``. ``before`` and ``now`` are each text's distances to the saved and
    to the refitted centres (columns as the model's stances, NaN for a text not
    clustered); ``unknown``, texts long enough to cluster but with no word the model knows.

    >>> from discourse.stance_model import StanceModel
    >>> m = StanceModel({}, (), np.zeros(0), 0, (3, 5), np.zeros((2, 1)))
    >>> old = Baseline("a.txt", (("tax", 3), ("park", 5)), model=m)
    >>> d0 = np.array([[0.2, 0.9], [0.6, 0.5], [0.3, 0.8]])
    >>> d1 = np.array([[0.2, 0.9], [0.7, 0.4], [0.3, 0.8]])
    >>> a = follow(["tax", "park", "more tax"], [0, 1, 0], old, d0, d1)
    >>> a.mapping, a.new_comments, a.n_kept, a.moved
    ({0: 3, 1: 5}, (2,), 2, ())
    >>> a = follow(["tax", "park"], [1, 1], old, d0[:2], np.array([[0.6, 0.5], [0.7, 0.4]]))
    >>> m = a.moved[0]
    >>> m.index, m.from_stance, m.to_stance, m.before, m.now
    (0, 3, 5, (0.2, 0.9), (0.6, 0.5))
    >>> m.reason
    'the refit moved the centres: now nearer stance 5 than stance 3 (distance 0.5 vs 0.6; before 0.9 vs 0.2)'
    """
    ids = baseline.model.stance_ids
    col = {s: j for j, s in enumerate(ids)}
    mapping = {j: ids[j] for j in sorted({lab for lab in labels if lab is not None})}
    unknown = {int(i) for i in unknown}

    def why_moved(i, frm, to):
        if to is None:
            return ("no word of the saved vocabulary" if i in unknown
                    else "no longer clustered (too few content words)"), None, None
        if frm not in col:
            return "its earlier stance has no saved centre", None, None
        b = (float(before[i, col[frm]]), float(before[i, col[to]]))
        a = (float(now[i, col[frm]]), float(now[i, col[to]]))
        if b[0] <= b[1]:
            reason = (f"the refit moved the centres: now nearer stance {to} than stance "
                      f"{frm} (distance {a[1]:.3g} vs {a[0]:.3g}; before {b[1]:.3g} vs "
                      f"{b[0]:.3g})")
        else:
            reason = (f"already nearer stance {to} under the saved centres (distance "
                      f"{b[1]:.3g} vs {b[0]:.3g}): the earlier fit had left it on the "
                      f"border")
        return reason, b, a

    return replace(_alignment([comment_key(t) for t in texts], labels, mapping, baseline, (),
                              "warm", why, why_moved), unknown=tuple(sorted(unknown)))


def _alignment(keys, labels, mapping, baseline, new_stances, method, why, why_moved):
    """The :class:`Alignment` of cluster ``labels`` reported as ``mapping`` says."""
    old_stance = _old_stances(baseline)
    n = len(labels) or 1
    now = Counter(mapping[lab] for lab in labels if lab is not None)
    before = baseline.shares()
    shares = {s: (before.get(s), now[s] / n if s in now else None)
              for s in sorted(set(before) | set(now))}
    moved, compared = [], 0
    for i, (key, lab) in enumerate(zip(keys, labels)):
        frm = old_stance.get(key)
        if frm is None:   # new, or a brief reaction before
            continue
        compared += 1
        to = None if lab is None else mapping[lab]
        if to != frm:
            reason, b, a = why_moved(i, frm, to)
            moved.append(Moved(i, frm, to, reason, b, a))
    return Alignment(mapping=dict(sorted(mapping.items(), key=lambda kv: kv[1])),
                     new_comments=tuple(i for i, k in enumerate(keys) if k not in old_stance),
                     new_stances=tuple(new_stances), shares=shares, method=method, why=why,
                     moved=tuple(moved), n_compared=compared, n_kept=compared - len(moved))
