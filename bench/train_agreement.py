#!/usr/bin/env python3
"""Train the agreement stage's stance model on the annotated dev threads.

    python bench/train_agreement.py [--data DIR] [--out PATH] [--no-chain]

DIR defaults to ../shared/data/threads-dev relative to the repo root; every ``reddit-*``
and ``twitter-*`` NAME.txt with a NAME.gold.json whose comments carry a ``stance`` is
used. Each thread is built from the gold post span, comment spans and parents (quoted
passages found as the splitter finds them), the features of
:func:`discourse.agreement.comment_features` are computed, and a multinomial logistic
regression (scikit-learn, class weights
(n / (k n_class)) ** 0.75) learns ``stance_to_post``. The model
is written as readable JSON (feature names, scaler means/scales, coefficients,
intercepts) to ``discourse/data/agreement.json``; nothing is pickled.

``bench/stance_quality.py`` imports :func:`load_dev`, :func:`features_of` and :func:`fit`
to retrain with each thread held out.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.agreement import FEATURES, STANCES, comment_features, reply_text  # noqa: E402
from discourse.model import Comment, Post, Thread  # noqa: E402
from discourse.sentiment import make_analyzer, score_text  # noqa: E402
from discourse.split.lines import split_lines  # noqa: E402
from discourse.split.quotes import find_quotes  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "threads-dev"
DEFAULT_OUT = ROOT / "discourse" / "data" / "agreement.json"
#: regularisation strength of the logistic regression (sklearn's C). Held out thread by
#: thread the gate scored 0.450 / 0.454 / 0.464 / 0.465 at C 0.03 / 0.1 / 0.3 / 1: 0.3 is
#: kept, the stronger regularisation of the two that tie
C = 0.3
#: class weights are (n / (k * n_class)) ** WEIGHT_POWER: 1 is sklearn's "balanced",
#: 0 none; in between the rare classes are boosted without swamping "comment"
WEIGHT_POWER = 0.75


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
    """``(name, platform, thread, gold stances)`` for every labelled dev thread."""
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


def features_of(thread: Thread, sentiments) -> list[list[float]]:
    """The model's feature rows of every comment (in :data:`FEATURES` order)."""
    rows = []
    for i, c in enumerate(thread.comments):
        f, _ = comment_features(c, thread, sentiments[i])
        rows.append([f[n] for n in FEATURES])
    return rows


def scaler(X):
    """``(mean, scale)`` of the columns of a dense ``X`` (a constant column scales by 1)."""
    import numpy as np

    X = np.asarray(X, dtype=float)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def class_weights(y, weight_power: float = WEIGHT_POWER) -> dict:
    """Per-class weights ``(n / (k * n_class)) ** weight_power`` (see :data:`WEIGHT_POWER`)."""
    import numpy as np

    labels, counts = np.unique(y, return_counts=True)
    return {k: (len(y) / (len(labels) * n)) ** weight_power for k, n in zip(labels, counts)}


def fit_lr(X, y, c: float = C, weight_power: float = WEIGHT_POWER):
    """``(mean, scale, fitted LogisticRegression)`` on standardised ``X`` (dense or a
    scipy sparse matrix, which is not centred)."""
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    if sparse.issparse(X):
        mean, scale = np.zeros(X.shape[1]), np.ones(X.shape[1])
    else:
        X = np.asarray(X, dtype=float)
        mean, scale = scaler(X)
        X = (X - mean) / scale
    lr = LogisticRegression(C=c, class_weight=class_weights(y, weight_power), max_iter=2000)
    lr.fit(X, y)
    return mean, scale, lr


def fit(X, y, *, chain: bool = False, c: float = C, note: str = "") -> dict:
    """A multinomial logistic model as a JSON-ready dict (see ``model_proba``)."""
    mean, scale, lr = fit_lr(X, y, c)
    classes = [str(k) for k in lr.classes_]
    missing = [k for k in STANCES if k not in classes]
    coef = [list(map(float, r)) for r in lr.coef_]
    icpt = list(map(float, lr.intercept_))
    for k in missing:  # a class unseen in training is never predicted
        classes.append(k)
        coef.append([0.0] * len(FEATURES))
        icpt.append(-50.0)
    return {"format": "discourse.agreement model v1", "trained_on": note, "chain": chain,
            "C": c, "weight_power": WEIGHT_POWER, "features": list(FEATURES), "classes": classes,
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [[round(v, 6) for v in r] for r in coef],
            "intercept": [round(v, 6) for v in icpt]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--chain", action="store_true",
                    help="follow the reply chain for replies (off: measured not to help)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"no data at {args.data}")
    dev = load_dev(args.data)
    analyzer = make_analyzer()
    X, y = [], []
    for _, _, thread, gold in dev:
        X += features_of(thread, sentiments_of(thread, analyzer))
        y += gold
    model = fit(X, y, chain=args.chain,
                note=f"{len(dev)} reddit/twitter dev threads, {len(y)} comments")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(y)} comments)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
