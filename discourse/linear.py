"""One runtime for the logistic models discourse ships as readable JSON.

The splitter's binary models (``split/model.json``: post cut, post lines, reply links)
and the agreement stage's stance model (``data/agreement.json``, four classes) are stored
alike: the feature names, the scaler's means and scales, the coefficients and the
intercepts of a scikit-learn ``LogisticRegression`` fitted on standardised features. The
logit of class *k* is ``coef[k] · (x - mean) / scale + intercept[k]``; the class
probabilities are their softmax, which for a binary model (one row of coefficients, one
intercept) is the sigmoid of its one logit. Nothing is unpickled; scikit-learn is not
needed to predict.

>>> m = LinearModel.from_dict({"features": ["a", "b"], "mean": [0, 1], "scale": [1, 2],
...                            "coef": [2.0, -1.0], "intercept": 0.5})
>>> m.logit([1.0, 3.0]), round(m.proba([1.0, 3.0]), 4)
(1.5, 0.8176)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np


def logits(x: Sequence[float], mean: Sequence[float], scale: Sequence[float],
           coef: Sequence[Sequence[float]], intercept: Sequence[float]) -> list[float]:
    """``coef[k] · (x - mean) / scale + intercept[k]`` for each row ``k`` of ``coef``."""
    out = []
    for row, b in zip(coef, intercept):
        z = b
        for v, m, s, c in zip(x, mean, scale, row):
            z += c * (v - m) / s
        out.append(z)
    return out


def sigmoid(z: float) -> float:
    """The probability of the positive class of a binary model with logit ``z``."""
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def softmax(z: Sequence[float]) -> list[float]:
    """Class probabilities from the logits ``z`` (the largest subtracted first)."""
    top = max(z)
    e = [math.exp(v - top) for v in z]
    tot = sum(e)
    return [v / tot for v in e]


def logits_matrix(X, mean, scale, coef, intercept) -> np.ndarray:
    """:func:`logits` of every row of ``X`` at once (the trainers' cross-validation;
    equal to it up to floating-point rounding)."""
    X = (np.asarray(X, dtype=float) - np.asarray(mean)) / np.asarray(scale)
    return X @ np.atleast_2d(np.asarray(coef, dtype=float)).T + np.atleast_1d(intercept)


def softmax_matrix(z: np.ndarray) -> np.ndarray:
    """:func:`softmax` of each row of ``z``."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def feature_names(d: dict, expect: Sequence[str]) -> tuple[str, ...]:
    """The feature names a stored model was trained on, which must be the code's."""
    names = tuple(d["features"])
    if names != tuple(expect):
        raise ValueError(f"model features {names} do not match the code's {tuple(expect)}")
    return names


@dataclass(frozen=True)
class LinearModel:
    """A standardised logistic model read from JSON. A binary model (the splitter's) has
    one row of coefficients: ``p = sigmoid(coef · (x - mean) / scale + intercept)``."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, d: dict, expect: Optional[Sequence[str]] = None) -> "LinearModel":
        """Read ``{"features", "mean", "scale", "coef", "intercept"[, "threshold"]}``:
        ``coef`` a list (binary) or a list of rows, ``intercept`` a number or a list.
        With ``expect``, the stored feature names must be those."""
        names = tuple(d["features"]) if expect is None else feature_names(d, expect)
        binary = not isinstance(d["coef"][0], (list, tuple))
        coef = (tuple(d["coef"]),) if binary else tuple(tuple(r) for r in d["coef"])
        icpt = (float(d["intercept"]),) if binary else tuple(map(float, d["intercept"]))
        return cls(names, tuple(d["mean"]), tuple(d["scale"]), coef, icpt,
                   float(d.get("threshold", 0.5)))

    def logits(self, x: Sequence[float]) -> list[float]:
        return logits(x, self.mean, self.scale, self.coef, self.intercept)

    def logit(self, x: Sequence[float]) -> float:
        """The logit of a binary model."""
        return self.logits(x)[0]

    def proba(self, x: Sequence[float]) -> float:
        """The positive class's probability under a binary model."""
        return sigmoid(self.logit(x))


__all__ = ["LinearModel", "feature_names", "logits", "logits_matrix", "sigmoid", "softmax", "softmax_matrix"]
