"""The splitter's learned decisions, read from ``model.json``: logistic models and trees.

``model.json`` (written by ``bench/train_splitter.py``) is readable data: for each
logistic model the feature names, the scaler's means and scales, the coefficients and the
intercept (evaluated by :class:`discourse.linear.LinearModel`, the runtime the agreement
stage's model shares), for the trees their arrays (:mod:`.trees`). It is read once and
cached; nothing is unpickled. Callers (the trainer's cross-validation) may pass their own
parameters instead of the shipped ones.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..linear import LinearModel
from . import features as F
from .copies import COPY_FEATURES, Copies, copy_features
from .lines import is_blank
from .trees import TreeEnsemble

MODEL_PATH = Path(__file__).with_name("model.json")


#: what the segmentation model reads of each line: the line and its neighbours
#: (:data:`features.LINE_FEATURES`), the thread's copy structure
#: (:data:`copies.COPY_FEATURES`) and the thread's habits as a whole (:data:`THREAD_FEATURES`)
THREAD_FEATURES = ("thread_copy_share", "thread_copied_share", "thread_words_spread", "thread_short_share")
SEGMENT_FEATURES = tuple(F.LINE_FEATURES) + tuple(F.SHAPE_FEATURES) + tuple(COPY_FEATURES) + THREAD_FEATURES
#: what the second (context) segmentation model adds: the first model's start
#: probabilities around the line and across the thread (stacking: the thread's lines are
#: decided together, each in the light of its neighbours' evidence)
CONTEXT_FEATURES = ("p_prev2", "p_prev", "p_next", "p_next2", "p_thread_mean", "log_expected_len",
                    "log_since_likely_start")
SEGMENT_CONTEXT_FEATURES = SEGMENT_FEATURES + CONTEXT_FEATURES


def context_matrix(X: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """:data:`SEGMENT_CONTEXT_FEATURES` of a thread's lines: their own features ``X`` and
    the first model's start probabilities ``p1`` of the neighbours and of the thread."""
    n = len(p1)
    if n == 0:
        return np.zeros((0, len(SEGMENT_CONTEXT_FEATURES)))
    pad = np.concatenate([[1.0, 1.0], p1, [1.0, 1.0]])
    mean = float(p1.mean())
    since = np.zeros(n)
    run = 0.0
    for i, q in enumerate(p1):
        since[i] = run
        run = 0.0 if q >= 0.5 else run + 1.0
    ctx = np.column_stack([pad[0:n], pad[1:n + 1], pad[3:n + 3], pad[4:n + 4], np.full(n, mean),
                           np.full(n, np.log1p(1.0 / (mean + 1e-3))), np.log1p(since)])
    return np.hstack([np.asarray(X, dtype=float), ctx])


@dataclass(frozen=True)
class Models:
    segment: TreeEnsemble
    post: LinearModel
    reply: LinearModel
    meta: dict
    post_line: Optional[LinearModel] = None
    segment_context: Optional[TreeEnsemble] = None

    def start_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability that each line of a thread (rows of :func:`line_matrix`) starts a
        comment: the line model, then the context model over its neighbours' output."""
        if len(X) == 0:
            return np.zeros(0)
        p1 = self.segment.proba(X)
        if self.segment_context is None:
            return p1
        return self.segment_context.proba(context_matrix(X, p1))

    @property
    def start_threshold(self) -> float:
        return (self.segment_context or self.segment).threshold

    @classmethod
    def from_dict(cls, d: dict) -> "Models":
        return cls(TreeEnsemble.from_dict(d["segment"], SEGMENT_FEATURES),
                   LinearModel.from_dict(d["post"], F.POST_FEATURES),
                   LinearModel.from_dict(d["reply"], F.REPLY_FEATURES),
                   {k: v for k, v in d.items() if k not in {"segment", "post", "reply", "post_line", "segment_context"}},
                   LinearModel.from_dict(d["post_line"], F.POST_LINE_FEATURES) if "post_line" in d else None,
                   TreeEnsemble.from_dict(d["segment_context"], SEGMENT_CONTEXT_FEATURES)
                   if "segment_context" in d else None)


@lru_cache(maxsize=1)
def shipped_models() -> Optional[Models]:
    """The models shipped in the package, or None when model.json is absent."""
    if not MODEL_PATH.exists():
        return None
    return Models.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------------------
# Segmentation

def line_matrix(lines: Sequence[str], first: int, quote_at: dict, post_end: int,
                opener_fn, continuation_fn, copies: Optional[Copies] = None) -> tuple[list[int], np.ndarray]:
    """Non-blank lines after ``first`` (the first comment line excluded) and their
    :data:`SEGMENT_FEATURES` (one row per line). The trainer and the splitter both call
    this, so the model always reads what it was trained on."""
    body = [k for k in range(first, len(lines)) if not is_blank(lines[k])]
    copies = copies if copies is not None else Copies.of(lines)
    stats = F.thread_stats(lines, first)
    idx, X = [], []
    for r in range(1, len(body)):
        j, prev = body[r], body[r - 1]
        prev2 = body[r - 2] if r >= 2 else None
        nxt = body[r + 1] if r + 1 < len(body) else None
        idx.append(j)
        X.append(F.line_features(lines, j, prev, prev2, nxt, first, len(body), r, quote_at,
                                 post_end, stats, opener_fn, continuation_fn)
                 + F.shape_features(lines[j].strip(), lines[prev].strip(),
                                    lines[nxt].strip() if nxt is not None else None))
    if not X:
        return idx, np.zeros((0, len(SEGMENT_FEATURES)))
    A = np.hstack([np.asarray(X, dtype=float), np.asarray(copy_features(lines, body, post_end, copies), dtype=float)])
    col = SEGMENT_FEATURES.index
    agg = [A[:, col("copy")].mean(), A[:, col("copied_later")].mean(), A[:, col("log_words")].std(),
           A[:, col("short")].mean()]
    return idx, np.hstack([A, np.tile(agg, (len(A), 1))])


def decode_starts(idx: Sequence[int], probs: Sequence[float], threshold: float) -> list[int]:
    """Lines whose start probability clears the threshold."""
    return [j for j, p in zip(idx, probs) if p >= threshold]


# --------------------------------------------------------------------------------------
# Post / comments cut

