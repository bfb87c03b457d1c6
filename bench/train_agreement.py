#!/usr/bin/env python3
"""Train the agreement stage's stance model on the RumourEval development threads.

    python bench/train_agreement.py [--data DIR] [--out PATH] [--outer K] [--chain]

DIR defaults to ``../shared/data/stance-dev`` (80 threads, 2,532 labelled replies); every
``reddit-*`` / ``twitter-*`` NAME.txt with a NAME.gold.json whose comments carry a
``stance`` is read. Each thread is built from its gold post span, comment spans and
parents (quoted passages found as the splitter finds them) and the features of
:func:`discourse.agreement.thread_features` are computed.

The model is a multinomial logistic regression (scikit-learn, class weights
``(n / (k n_class)) ** power``) whose most probable class says whether a comment takes a
stance at all; the cue rules say which (the stage's design, measured against a one-stage
model in ``bench/stance_quality.py``). Every choice is made by cross-validation grouped
by thread (:func:`train`):

1. the feature set (cues + surface, or also the conversation), ``C`` and the class-weight
   power: the best macro-F1 of the best guess over 5 grouped folds (:data:`GRID`);
2. a calibration of the probabilities (temperature and class biases, by log-loss on the
   out-of-fold predictions of the chosen setting);
3. per class a threshold on the calibrated probability above which the guess is
   asserted: the lowest with precision >= :data:`PRECISION` on those out-of-fold
   predictions over at least :data:`MIN_ASSERTED` comments, else none (never asserted).

``main`` first runs the whole of :func:`train` inside each of ``--outer`` folds grouped
by thread (:func:`nested_cv`) and stores the outer-fold figures in the model
(``held_out``: the report prints the measured precision from there), then trains on every
thread. The model is written as readable JSON to ``discourse/data/agreement.json``;
nothing is pickled. About a minute.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.agreement import (  # noqa: E402
    ALL_FEATURES, FEATURES, LABEL_TO_STANCE, STANCES, reply_text, thread_features,
)
from discourse.linear import logits_matrix, softmax_matrix as softmax  # noqa: E402
from discourse.model import Comment, Post, Thread  # noqa: E402
from discourse.sentiment import make_analyzer, score_text  # noqa: E402
from discourse.split.lines import split_lines  # noqa: E402
from discourse.split.quotes import find_quotes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "stance-dev"
DEFAULT_OUT = ROOT / "discourse" / "data" / "agreement.json"
#: the feature sets, ``C`` values and class-weight powers the inner folds choose from
#: (power 1 is scikit-learn's "balanced", 0 no weighting)
GRID = tuple({"features": fs, "C": c, "power": w}
             for fs in ("cues+surface", "+conversation")
             for c in (0.1, 0.3, 1.0) for w in (0.5, 0.75))
FEATURE_SETS = {"cues+surface": FEATURES, "+conversation": ALL_FEATURES}
#: the precision an asserted support / deny / query must reach on held-out threads
PRECISION = 0.6
#: a threshold is only set where at least this many out-of-fold guesses lie above it
MIN_ASSERTED = 10
INNER_FOLDS = 5


def thread_from_gold(text: str, gold: dict) -> Thread:
    """A :class:`Thread` from a dump and its gold spans and parents (no splitting)."""
    lines = split_lines(text)
    a, b = gold["post_lines"]
    post = Post("\n".join(lines[a - 1:b]), start_line=a, end_line=b)
    hits = find_quotes(lines, b)
    comments = []
    for i, c in enumerate(gold["comments"]):
        s, e = c["start_line"], c["end_line"]
        quotes = tuple(h.passage for h in hits if s - 1 <= h.line <= e - 1)
        comments.append(Comment(i, "\n".join(lines[s - 1:e]), start_line=s, end_line=e,
                                parent=c["parent"], author=c.get("author"), quotes=quotes))
    return Thread(post, tuple(comments), source=gold.get("thread_id"))


def load_dev(data: Path) -> list[tuple[str, str, Thread, list[str]]]:
    """``(name, platform, thread, gold stances)`` for every labelled thread in ``data``."""
    out = []
    for g in sorted(data.glob("*.gold.json")):
        name = g.name[:-len(".gold.json")]
        if name.endswith(".meta") or not name.startswith(("reddit-", "twitter-")):
            continue
        gold = json.loads(g.read_text(encoding="utf-8"))
        if not gold["comments"] or "stance" not in gold["comments"][0]:
            continue
        text = (data / f"{name}.txt").read_text(encoding="utf-8")
        out.append((name, name.split("-")[0], thread_from_gold(text, gold),
                    [c["stance"] for c in gold["comments"]]))
    return out


def sentiments_of(thread: Thread, analyzer=None):
    """The sentiments :func:`discourse.agreement.agreement` scores by default."""
    analyzer = analyzer or make_analyzer()
    return [score_text(reply_text(c)[0], analyzer=analyzer) for c in thread.comments]


@dataclass
class Rows:
    """Every labelled comment: features (:data:`ALL_FEATURES` order), the rules' stance,
    the gold stance and the thread it belongs to."""

    X: np.ndarray
    rule: np.ndarray
    y: np.ndarray
    group: np.ndarray
    platform: np.ndarray

    @classmethod
    def of(cls, dev, analyzer=None) -> "Rows":
        analyzer = analyzer or make_analyzer()
        X, rule, y, group, plat = [], [], [], [], []
        for name, platform, thread, gold in dev:
            for (f, _, (label, _, _)), g in zip(thread_features(thread, sentiments_of(thread, analyzer)), gold):
                X.append([f[n] for n in ALL_FEATURES])
                rule.append(LABEL_TO_STANCE[label])
                y.append(g)
                group.append(name)
                plat.append(platform)
        return cls(np.asarray(X, float), np.asarray(rule), np.asarray(y), np.asarray(group),
                   np.asarray(plat))

    def take(self, idx) -> "Rows":
        return Rows(self.X[idx], self.rule[idx], self.y[idx], self.group[idx], self.platform[idx])

    def __len__(self) -> int:
        return len(self.y)


def columns(feature_set: str) -> list[int]:
    return [ALL_FEATURES.index(n) for n in FEATURE_SETS[feature_set]]


def class_weights(y, power: float) -> dict:
    """Per-class weights ``(n / (k * n_class)) ** power``."""
    labels, counts = np.unique(y, return_counts=True)
    return {k: (len(y) / (len(labels) * n)) ** power for k, n in zip(labels, counts)}


def fit(rows: Rows, setting: dict, note: str = "") -> dict:
    """A multinomial logistic model of ``setting`` on ``rows``, as a JSON-ready dict
    (read by :func:`discourse.agreement.model_proba`)."""
    from sklearn.linear_model import LogisticRegression

    cols = columns(setting["features"])
    X = rows.X[:, cols]
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=setting["C"], class_weight=class_weights(rows.y, setting["power"]),
                            max_iter=3000)
    lr.fit((X - mean) / scale, rows.y)
    classes = [str(k) for k in lr.classes_]
    coef = [list(map(float, r)) for r in lr.coef_]
    icpt = list(map(float, lr.intercept_))
    for k in STANCES:  # a class unseen in training is never predicted
        if k not in classes:
            classes.append(k)
            coef.append([0.0] * len(cols))
            icpt.append(-50.0)
    order = [classes.index(k) for k in STANCES]
    return {"format": "discourse.agreement model v2", "trained_on": note, "chain": False,
            "setting": dict(setting), "features": [ALL_FEATURES[c] for c in cols],
            "classes": list(STANCES),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [[round(coef[o][j], 6) for j in range(len(cols))] for o in order],
            "intercept": [round(icpt[o], 6) for o in order]}


def logits(model: dict, rows: Rows) -> np.ndarray:
    """The model's logits for every row (STANCES order), vectorised
    (:func:`discourse.agreement.model_logits` row by row)."""
    cols = [ALL_FEATURES.index(n) for n in model["features"]]
    return logits_matrix(rows.X[:, cols], model["mean"], model["scale"], model["coef"],
                         model["intercept"])


def guesses(z: np.ndarray, rows: Rows) -> np.ndarray:
    """The stage's best guess: ``comment`` where the model's most probable class is
    ``comment``, else the rules' stance."""
    stance = np.asarray(STANCES)[np.argmax(z, axis=1)] != "comment"
    return np.where(stance, rows.rule, "comment")


def calibrated(z: np.ndarray, cal: dict | None) -> np.ndarray:
    if not cal:
        return softmax(z)
    return softmax(z / cal["temperature"] + np.asarray(cal["bias"]))


def fit_calibration(z: np.ndarray, y: np.ndarray) -> dict:
    """Temperature and class biases minimising the log-loss of ``softmax(z / T + b)``
    (the last class's bias fixed at 0)."""
    from scipy.optimize import minimize

    Y = (y[:, None] == np.asarray(STANCES)[None, :]).astype(float)

    def loss(theta):
        p = softmax(z / np.exp(theta[0]) + np.r_[theta[1:], 0.0])
        return -np.mean(np.sum(Y * np.log(np.clip(p, 1e-12, None)), axis=1))

    r = minimize(loss, np.zeros(len(STANCES)), method="L-BFGS-B")
    return {"temperature": round(float(np.exp(r.x[0])), 6),
            "bias": [round(float(v), 6) for v in np.r_[r.x[1:], 0.0]]}


def choose_thresholds(guess: np.ndarray, q: np.ndarray, y: np.ndarray) -> dict:
    """Per stance the lowest calibrated probability above which the guesses reach
    :data:`PRECISION` over at least :data:`MIN_ASSERTED` comments (``None``: none does)."""
    out = {}
    for j, k in enumerate(STANCES[:3]):
        m = guess == k
        s, ok = q[m, j], (y[m] == k)
        best = None
        for t in np.unique(s):
            above = s >= t
            if above.sum() < MIN_ASSERTED:
                break
            if ok[above].mean() >= PRECISION:
                best = float(t)
                break
        out[k] = None if best is None else round(best, 6)
    return out


def macro_f1(y, pred) -> tuple[float, dict]:
    per = {}
    for k in STANCES:
        tp = int(np.sum((y == k) & (pred == k)))
        fp = int(np.sum((y != k) & (pred == k)))
        fn = int(np.sum((y == k) & (pred != k)))
        per[k] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return sum(per.values()) / len(per), per


def grouped_folds(groups: np.ndarray, k: int):
    from sklearn.model_selection import GroupKFold

    return list(GroupKFold(n_splits=min(k, len(set(groups)))).split(groups, groups=groups))


def out_of_fold(rows: Rows, setting: dict, folds) -> np.ndarray:
    z = np.zeros((len(rows), len(STANCES)))
    for tr, te in folds:
        z[te] = logits(fit(rows.take(tr), setting), rows.take(te))
    return z


def train(rows: Rows, note: str = "", grid=GRID) -> dict:
    """Choose, calibrate and threshold by grouped CV on ``rows`` alone, then fit on all
    of them: the model dict :func:`discourse.agreement.agreement` reads."""
    folds = grouped_folds(rows.group, INNER_FOLDS)
    scored = []
    for setting in grid:
        z = out_of_fold(rows, setting, folds)
        scored.append((macro_f1(rows.y, guesses(z, rows))[0], setting, z))
    best, setting, z = max(scored, key=lambda s: s[0])
    cal = fit_calibration(z, rows.y)
    thresholds = choose_thresholds(guesses(z, rows), calibrated(z, cal), rows.y)
    model = fit(rows, setting, note)
    model.update(calibration=cal, thresholds=thresholds,
                 selection={"inner_folds": INNER_FOLDS, "inner_macro_f1": round(best, 4),
                            "precision_wanted": PRECISION, "min_asserted": MIN_ASSERTED})
    return model


def apply(model: dict, rows: Rows) -> dict:
    """The stage's outputs on ``rows``: best guess, calibrated probabilities, asserted
    stance and whether it is unsure (as :func:`discourse.agreement.decide`)."""
    z = logits(model, rows)
    guess = guesses(z, rows)
    q = calibrated(z, model.get("calibration"))
    th = model.get("thresholds") or {}
    asserted = guess.copy()
    for j, k in enumerate(STANCES[:3]):
        t = th.get(k)
        m = guess == k
        asserted[m & ((q[:, j] < t) if t is not None else True)] = "comment"
    return {"guess": guess, "proba": q, "asserted": asserted,
            "unsure": (guess != "comment") & (asserted == "comment")}


def nested_cv(rows: Rows, outer: int = 10, grid=GRID) -> dict:
    """:func:`train` inside each of ``outer`` folds grouped by thread; the held-out
    outputs of :func:`apply` for every row, and each fold's model."""
    out = {"guess": np.empty(len(rows), object), "asserted": np.empty(len(rows), object),
           "proba": np.zeros((len(rows), len(STANCES))), "unsure": np.zeros(len(rows), bool),
           "models": []}
    for tr, te in grouped_folds(rows.group, outer):
        model = train(rows.take(tr), grid=grid)
        res = apply(model, rows.take(te))
        for key in ("guess", "asserted", "proba", "unsure"):
            out[key][te] = res[key]
        out["models"].append(model)
    return out


def held_out_summary(rows: Rows, res: dict, outer: int) -> dict:
    """What the report prints: outer-fold precision and count of each asserted stance,
    macro-F1 of the guess and of the asserted stances."""
    prec = {}
    for k in STANCES[:3]:
        m = res["asserted"] == k
        prec[k] = {"asserted": int(m.sum()),
                   "precision": round(float((rows.y[m] == k).mean()), 3) if m.any() else None}
    return {"method": f"{outer}-fold CV grouped by thread, every choice inside the training folds",
            "threads": int(len(set(rows.group))), "comments": len(rows),
            "macro_f1_guess": round(macro_f1(rows.y, res["guess"])[0], 3),
            "macro_f1_asserted": round(macro_f1(rows.y, res["asserted"])[0], 3),
            "asserted": prec}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--outer", type=int, default=10, help="outer folds for the held-out figures")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"no data at {args.data}")
    dev = load_dev(args.data)
    rows = Rows.of(dev)
    res = nested_cv(rows, args.outer)
    held_out = held_out_summary(rows, res, args.outer)
    model = train(rows, note=f"{len(dev)} RumourEval dev threads ({args.data.name}), {len(rows)} replies")
    model["held_out"] = held_out
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {model['setting']}, thresholds {model['thresholds']}")
    print(json.dumps(held_out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
