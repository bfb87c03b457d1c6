"""Boosted decision trees stored as readable JSON, evaluated with NumPy.

The splitter's segmentation and post-end decisions are gradient-boosted trees
(scikit-learn's ``HistGradientBoostingClassifier``, trained by ``bench/train_splitter.py``).
The trainer converts the fitted trees into plain arrays (feature, threshold, children,
leaf value) with :func:`ensemble_to_dict`; the runtime reads them with
:meth:`TreeEnsemble.from_dict` and needs neither pickle nor scikit-learn to predict. A
test checks the two agree on real rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..linear import feature_names


@dataclass(frozen=True)
class TreeEnsemble:
    """Binary classifier: p = sigmoid(baseline + sum of the trees' leaf values)."""

    names: tuple[str, ...]
    baseline: float
    trees: tuple[tuple[np.ndarray, ...], ...]   # (feature, threshold, left, right, value, leaf)
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, d: dict, expect: Sequence[str]) -> "TreeEnsemble":
        names = feature_names(d, expect)
        trees = []
        for t in d["trees"]:
            feat = np.asarray(t["feature"], dtype=np.int64)
            trees.append((feat, np.asarray(t["threshold"], dtype=float),
                          np.asarray(t["left"], dtype=np.int64), np.asarray(t["right"], dtype=np.int64),
                          np.asarray(t["value"], dtype=float), feat < 0))
        return cls(names, float(d["baseline"]), tuple(trees), float(d.get("threshold", 0.5)))

    def logits(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[0] == 0:
            return np.zeros(0 if X.ndim != 2 else X.shape[0])
        rows = np.arange(X.shape[0])
        out = np.full(X.shape[0], self.baseline)
        for feat, thr, left, right, value, leaf in self.trees:
            node = np.zeros(X.shape[0], dtype=np.int64)
            while True:
                inner = ~leaf[node]
                if not inner.any():
                    break
                f = np.where(inner, feat[node], 0)
                go_left = X[rows, f] <= thr[node]
                node = np.where(inner, np.where(go_left, left[node], right[node]), node)
            out += value[node]
        return out

    def proba(self, X) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(X), -500, 500)))


def ensemble_to_dict(clf, names: Sequence[str], threshold: float = 0.5, digits: int = 6) -> dict:
    """A fitted binary ``HistGradientBoostingClassifier`` as plain JSON-ready arrays.

    Reads the fitted predictors (``clf._predictors``: scikit-learn keeps no public tree
    accessor for this estimator); :class:`TreeEnsemble` reproduces ``decision_function``
    exactly for inputs without missing values, which the splitter never produces.
    """
    trees = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": [-1 if lf else int(f) for f, lf in zip(nodes["feature_idx"], leaf)],
            "threshold": [0.0 if lf else float(t) for t, lf in zip(nodes["num_threshold"], leaf)],
            "left": [int(x) for x in nodes["left"]],
            "right": [int(x) for x in nodes["right"]],
            "value": [round(float(v), digits) if lf else 0.0 for v, lf in zip(nodes["value"], leaf)],
        })
    base = np.asarray(clf._baseline_prediction).ravel()[0]
    return {"kind": "boosted trees", "features": list(names), "baseline": float(base),
            "threshold": float(threshold), "trees": trees}
