"""The splitter's learned decisions: three small logistic models read from ``model.json``.

``model.json`` (written by ``bench/train_splitter.py``) is readable data: for each model
the feature names, the scaler's means and scales, the coefficients and the intercept. It
is read once and cached; nothing is unpickled. Callers (the trainer's cross-validation)
may pass their own parameters instead of the shipped ones.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from . import features as F
from .lines import is_blank

MODEL_PATH = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class LinearModel:
    """A standardised logistic model: p = sigmoid(coef . (x - mean) / scale + intercept)."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, d: dict, expect: Sequence[str]) -> "LinearModel":
        names = tuple(d["features"])
        if names != tuple(expect):
            raise ValueError(f"model features {names} do not match the code's {tuple(expect)}")
        return cls(names, tuple(d["mean"]), tuple(d["scale"]), tuple(d["coef"]),
                   float(d["intercept"]), float(d.get("threshold", 0.5)))

    def logit(self, x: Sequence[float]) -> float:
        z = self.intercept
        for v, m, s, c in zip(x, self.mean, self.scale, self.coef):
            z += c * (v - m) / s
        return z

    def proba(self, x: Sequence[float]) -> float:
        z = self.logit(x)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


@dataclass(frozen=True)
class Models:
    segment: LinearModel
    post: LinearModel
    reply: LinearModel
    meta: dict
    post_line: Optional[LinearModel] = None

    @classmethod
    def from_dict(cls, d: dict) -> "Models":
        return cls(LinearModel.from_dict(d["segment"], F.LINE_FEATURES),
                   LinearModel.from_dict(d["post"], F.POST_FEATURES),
                   LinearModel.from_dict(d["reply"], F.REPLY_FEATURES),
                   {k: v for k, v in d.items() if k not in {"segment", "post", "reply", "post_line"}},
                   LinearModel.from_dict(d["post_line"], F.POST_LINE_FEATURES) if "post_line" in d else None)


@lru_cache(maxsize=1)
def shipped_models() -> Optional[Models]:
    """The models shipped in the package, or None when model.json is absent."""
    if not MODEL_PATH.exists():
        return None
    return Models.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------------------
# Segmentation

def line_matrix(lines: Sequence[str], first: int, quote_at: dict, post_end: int,
                opener_fn, continuation_fn) -> tuple[list[int], list[list[float]]]:
    """Non-blank lines after ``first`` (the first comment line excluded) and their features."""
    body = [k for k in range(first, len(lines)) if not is_blank(lines[k])]
    stats = F.thread_stats(lines, first)
    idx, X = [], []
    for r in range(1, len(body)):
        j, prev = body[r], body[r - 1]
        prev2 = body[r - 2] if r >= 2 else None
        nxt = body[r + 1] if r + 1 < len(body) else None
        idx.append(j)
        X.append(F.line_features(lines, j, prev, prev2, nxt, first, len(body), r, quote_at,
                                 post_end, stats, opener_fn, continuation_fn))
    return idx, X


def decode_starts(idx: Sequence[int], probs: Sequence[float], threshold: float) -> list[int]:
    """Lines whose start probability clears the threshold."""
    return [j for j, p in zip(idx, probs) if p >= threshold]


# --------------------------------------------------------------------------------------
# Post / comments cut

