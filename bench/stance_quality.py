#!/usr/bin/env python3
"""Stance-to-post quality on the 80 RumourEval development threads, held out by thread.

    python bench/stance_quality.py [--data DIR] [--outer K] [--seed FILE] [--examples N] [--no-curve]

DIR defaults to ``../shared/data/stance-dev``. Every figure is pooled over the outer
folds of a K-fold CV grouped by thread (default 10): a thread's replies are scored by a
model that never saw the thread, and every choice of the shipped system (feature set,
``C``, class weights, calibration, thresholds) is made by ``bench/train_agreement.py``'s
:func:`train` inside the outer training folds (nested: it runs its own 5 grouped folds
there). Systems, per class F1 and macro-F1:

- ``majority``: every reply ``comment``;
- ``five-line cues``: "?" → query, a few denial words → deny, a few agreement words →
  support, else comment;
- ``sentiment sign``: VADER compound of the own words > 0.05 support, < -0.05 deny;
- ``cue rules``: the stage's cue rules alone, nothing learned;
- ``earlier design``: the gate as shipped before (cues + surface features, C 0.3,
  power 0.75, all chosen on 20 of these threads), retrained on each outer training fold;
- ``shipped: best guess`` / ``shipped: asserted``: the stage's best guess, and what it
  asserts (the guess where its calibrated probability clears the class threshold, else
  comment, unsure);
- ``oracle gate``: not a system: the rules' stance wherever the gold says the reply takes
  one, i.e. the ceiling of the design with a perfect gate.

Then: per-platform macro-F1, what is asserted (count, precision, recall per class), the
calibration (expected calibration error of the most probable class), the confusion of the
best guess, the learning curve (training threads per outer fold cut to 20 / 40 / all) and a
thread bootstrap interval; then seed 004's agreement as the stage sees it. About 2
minutes (``--no-curve``: 1).

Measured on the same 10 outer folds and not shipped (gate with the conversation
features, C 0.3, power 0.75: 0.471 best-guess macro-F1): word 1-2-gram TF-IDF of the
reply (n-grams in >= 3 training threads) 0.447, with the parent's too 0.448; a one-stage
model with per-class log offsets tuned in inner folds 0.44-0.45; class weights
"balanced" 0.38-0.41; boosted trees on the same features 0.43-0.46; stacking the parent's
and the replies' out-of-fold probabilities 0.474 (+0.003); WordLlama (the one sentence
embedding reachable offline from PyPI) as cosines to the post and parent 0.472, as PCA-16
/ PCA-32 components 0.465 / 0.461, raw x0.1 / x0.3 0.464 / 0.449.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from discourse.agreement import STANCES, agreement, reply_text  # noqa: E402
from discourse.readers import read_thread  # noqa: E402
from discourse.sentiment import make_analyzer  # noqa: E402
import train_agreement as T  # noqa: E402

DEFAULT_SEED = ROOT / "seeds" / "004_4500fd412262c0e1.txt"
EARLIER = {"features": "cues+surface", "C": 0.3, "power": 0.75}
_DENY5 = re.compile(r"\b(?:fake|false|lie|lies|not true|hoax|wrong)\b", re.I)
_AGREE5 = re.compile(r"\b(?:agree|agreed|true|yes|exactly|right)\b", re.I)


def five_line(text: str) -> str:
    if "?" in text:
        return "query"
    if _DENY5.search(text):
        return "deny"
    if _AGREE5.search(text):
        return "support"
    return "comment"


def f1s(gold, pred) -> tuple[float, dict]:
    """Macro-F1 over the four stances and the per-class F1."""
    return T.macro_f1(np.asarray(gold), np.asarray(pred))


def baselines(dev, rows: T.Rows, analyzer) -> dict[str, np.ndarray]:
    texts = [reply_text(c)[0] for _, _, th, _ in dev for c in th.comments]
    sents = [s.compound for _, _, th, _ in dev for s in T.sentiments_of(th, analyzer)]
    return {
        "majority": np.array(["comment"] * len(rows), object),
        "five-line cues": np.array([five_line(t) for t in texts], object),
        "sentiment sign": np.array(["support" if s > 0.05 else "deny" if s < -0.05 else "comment"
                                    for s in sents], object),
        "cue rules": rows.rule.astype(object),
    }


def earlier_design(rows: T.Rows, outer: int) -> np.ndarray:
    pred = np.empty(len(rows), object)
    for tr, te in T.grouped_folds(rows.group, outer):
        model = T.fit(rows.take(tr), EARLIER)
        pred[te] = T.guesses(T.logits(model, rows.take(te)), rows.take(te))
    return pred


def ece(proba: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the most probable class."""
    conf = proba.max(axis=1)
    right = np.asarray(STANCES)[proba.argmax(axis=1)] == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        m = (conf > a) & (conf <= b)
        if m.any():
            total += m.mean() * abs(conf[m].mean() - right[m].mean())
    return total


def row(name: str, y, pred) -> str:
    m, per = f1s(y, pred)
    return f"| {name} | {m:.3f} | " + " | ".join(f"{per[k]:.3f}" for k in STANCES) + " |"


def learning_curve(rows: T.Rows, outer: int, sizes=(20, 40, None), seed: int = 0) -> list:
    out = []
    for n in sizes:
        pred = np.empty(len(rows), object)
        for tr, te in T.grouped_folds(rows.group, outer):
            threads = sorted(set(rows.group[tr]))
            if n is not None:
                threads = random.Random(seed).sample(threads, min(n, len(threads)))
            keep = tr[np.isin(rows.group[tr], threads)]
            model = T.train(rows.take(keep))
            pred[te] = T.apply(model, rows.take(te))["guess"]
        out.append((n or "all", len(threads), f1s(rows.y, pred)[0]))
    return out


def bootstrap(y, pred, groups, n: int = 1000, seed: int = 0) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    names = np.unique(groups)
    by = {g: np.flatnonzero(groups == g) for g in names}
    vals = []
    for _ in range(n):
        idx = np.concatenate([by[g] for g in rng.choice(names, len(names))])
        vals.append(f1s(y[idx], pred[idx])[0])
    return float(np.percentile(vals, 5)), float(np.percentile(vals, 95))


def seed_report(path: Path, n_examples: int) -> None:
    thread = read_thread(path)
    agr = agreement(thread)
    print(f"\n### Agreement on {path.name} ({len(thread.comments)} comments, shipped model)\n")
    lab = Counter(a.label for a in agr)
    guess, st = Counter(a.stance_guess for a in agr), Counter(a.stance_to_post for a in agr)
    print("| label | n | | stance (best guess) | n | asserted | n |\n|---|---|---|---|---|---|---|")
    for la, sk in zip(("agree", "disagree", "question", "comment"), STANCES):
        print(f"| {la} | {lab[la]} | | {sk} | {guess[sk]} | {sk} | {st[sk]} |")
    print(f"\nunsure: {sum(a.stance_unsure for a in agr)}")
    print("\n| # | parent | label | guess | asserted | p(guess) | cues | comment (start) |\n"
          "|---|---|---|---|---|---|---|---|")
    order = sorted(range(len(agr)), key=lambda i: (agr[i].label == "comment", i))
    for i in order[:n_examples]:
        c, a = thread.comments[i], agr[i]
        text = " ".join(c.text.split())[:100].replace("|", "/")
        par = "post" if c.parent is None else str(c.parent)
        print(f"| {i} | {par} | {a.label} | {a.stance_guess} | {a.stance_to_post}"
              f"{' (unsure)' if a.stance_unsure else ''} | {a.stance_confidence:.2f} "
              f"| {', '.join(a.cues)} | {text} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=T.DEFAULT_DATA)
    ap.add_argument("--outer", type=int, default=10)
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--examples", type=int, default=12)
    ap.add_argument("--no-curve", action="store_true", help="skip the learning curve")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"no data at {args.data}")
    analyzer = make_analyzer()
    dev = T.load_dev(args.data)
    rows = T.Rows.of(dev, analyzer)
    y = rows.y
    res = T.nested_cv(rows, args.outer)
    systems = baselines(dev, rows, analyzer)
    systems["earlier design"] = earlier_design(rows, args.outer)
    # the rules' side wherever the reply takes a stance (gold): what a perfect gate would give
    systems["oracle gate (not a system)"] = np.where(y != "comment", rows.rule, "comment").astype(object)
    systems["shipped: best guess"] = res["guess"]
    systems["shipped: asserted"] = res["asserted"]
    dist = Counter(y)
    print(f"## stance_to_post on {len(dev)} threads, {len(y)} replies "
          f"({', '.join(f'{k} {dist[k]}' for k in STANCES)}); "
          f"{args.outer}-fold CV grouped by thread, outer folds only\n")
    print("| system | macro-F1 | " + " | ".join(STANCES) + " |\n|---|---:|" + "---:|" * 4)
    for name, pred in systems.items():
        print(row(name, y, pred))
    lo, hi = bootstrap(y, res["guess"], rows.group)
    print(f"\nshipped best guess: 90% thread-bootstrap interval {lo:.3f}–{hi:.3f}")
    print("\n| system | " + " | ".join(sorted(set(rows.platform))) + " |\n|---|" + "---:|" * len(set(rows.platform)))
    for name, pred in systems.items():
        cells = [f"{f1s(y[rows.platform == p], pred[rows.platform == p])[0]:.3f}"
                 for p in sorted(set(rows.platform))]
        print(f"| {name} | " + " | ".join(cells) + " |")
    settings = Counter(f"{m['setting']['features']} C={m['setting']['C']} power={m['setting']['power']}"
                       for m in res["models"])
    print(f"\nsettings chosen by the inner folds: {dict(settings)}")
    print("thresholds per fold: " + "; ".join(
        ", ".join(f"{k} {'–' if v is None else f'{v:.2f}'}" for k, v in m["thresholds"].items())
        for m in res["models"]))
    print(f"\n### What is asserted (precision wanted {T.PRECISION})\n")
    print("| stance | best guess: n / precision | asserted: n / precision / recall | unsure |\n|---|---|---|---|")
    for k in STANCES[:3]:
        g, a = res["guess"] == k, res["asserted"] == k
        pg = f"{(y[g] == k).mean():.2f}" if g.any() else "–"
        pa = f"{(y[a] == k).mean():.2f}" if a.any() else "–"
        rec = (a & (y == k)).sum() / max(1, (y == k).sum())
        print(f"| {k} | {g.sum()} / {pg} | {a.sum()} / {pa} / {rec:.2f} | {(g & res['unsure']).sum()} |")
    raw = T.softmax(np.log(np.clip(res["proba"], 1e-12, None)))
    print(f"\ncalibration: ECE of the calibrated probabilities {ece(raw, y):.3f}")
    print("\n### Confusion of the best guess (rows gold, columns predicted)\n")
    print("| gold \\ pred | " + " | ".join(STANCES) + " |\n|---|" + "---:|" * 4)
    for g in STANCES:
        print(f"| {g} | " + " | ".join(str(int(((y == g) & (res['guess'] == p)).sum())) for p in STANCES) + " |")
    if not args.no_curve:
        print("\n### Learning curve (training threads per outer fold; best-guess macro-F1)\n")
        print("| training threads | macro-F1 |\n|---|---:|")
        for n, k, m in learning_curve(rows, args.outer):
            print(f"| {n} ({k}) | {m:.3f} |")
    if args.seed.exists():
        seed_report(args.seed, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
