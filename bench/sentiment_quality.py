"""How well does each sentence aggregation track human sentiment ratings?

Reads VADER's human-rated ground truth (``*_GroundTruth.txt``: ``ID<TAB>MEAN<TAB>TEXT``)
and prints, per corpus, Markdown tables of

* Pearson r between the human mean rating and each aggregation in
  ``discourse.sentiment.AGGREGATIONS`` (all texts, and the multi-sentence texts only);
* drift: mean |compound| of synthetic long comments made by concatenating k random
  texts of the corpus, k = 1..10. Whole-text VADER saturates toward +/-1 as texts grow;
  an aggregation fit for long reader comments should not.

Usage (from the repo root)::

    python bench/sentiment_quality.py [--data DIR] [--samples N] [--seed S]

Published reference (Hutto & Gilbert 2014): whole-text r = 0.87 tweets, 0.43 movie,
0.59 Amazon, 0.50 NYT; plain sentence mean 0.83 / 0.43 / 0.59 / 0.50.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

from discourse.model import SentenceScore
from discourse.sentiment import AGGREGATIONS, make_analyzer, score_sentence, split_sentences

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "vader-groundtruth"
CORPORA = {  # short name -> file
    "tweets": "tweets_GroundTruth.txt",
    "movie": "movieReviewSnippets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
    "nyt": "nytEditorialSnippets_GroundTruth.txt",
}
PUBLISHED_WHOLE = {"tweets": 0.87, "movie": 0.43, "amazon": 0.59, "nyt": 0.50}
DRIFT_K = (1, 2, 3, 5, 7, 10)
HUMAN = "human mean rating / 4"


def read_corpus(path: Path) -> tuple[list[str], np.ndarray]:
    """(texts, mean ratings) of one ground-truth file (UTF-8, else cp1252)."""
    raw = path.read_bytes()
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError:
        data = raw.decode("cp1252", errors="replace")
    texts, ratings = [], []
    for line in data.splitlines():
        parts = line.split("\t", 2)
        if len(parts) != 3:
            continue
        try:
            rating = float(parts[1])
        except ValueError:
            continue
        texts.append(parts[2].strip())
        ratings.append(rating)
    return texts, np.asarray(ratings)


class Scorer:
    """Sentence scores memoised by sentence text (the drift texts reuse sentences)."""

    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.memo: dict[str, SentenceScore] = {}

    def sentences(self, text: str) -> tuple[SentenceScore, ...]:
        out = []
        for s in split_sentences(text):
            sc = self.memo.get(s)
            if sc is None:
                sc = self.memo[s] = score_sentence(s, self.analyzer)
            out.append(sc)
        return tuple(out)

    def all_methods(self, text: str) -> tuple[dict[str, float], int]:
        sents = self.sentences(text)
        return {name: agg(sents, text, self.analyzer) if sents else 0.0
                for name, agg in AGGREGATIONS.items()}, len(sents)


def as_comment_part(text: str) -> str:
    """A corpus text made to read as one sentence-ending part of a longer comment.

    The Amazon snippets are all lower-case and some texts lack final punctuation, so a
    plain concatenation would read as one run-on sentence; capitalise the first letter
    and end with a full stop where needed.
    """
    text = text.strip()
    if text and text[-1] not in ".!?\u2026\"'\u201d)":
        text += "."
    return text[:1].upper() + text[1:]


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def fmt(x: float) -> str:
    return "  -  " if np.isnan(x) else f"{x:.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA,
                    help="directory of *_GroundTruth.txt (default: %(default)s)")
    ap.add_argument("--samples", type=int, default=200,
                    help="synthetic comments per k in the drift check (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    data = args.data.resolve()
    files = {name: data / fn for name, fn in CORPORA.items()}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        print(f"sentiment_quality: ground truth not found: {', '.join(missing)}\n"
              f"Point --data at the directory holding VADER's *_GroundTruth.txt files.",
              file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    scorer = Scorer(make_analyzer())
    methods = list(AGGREGATIONS)
    r_all: dict[str, dict[str, float]] = {}
    r_multi: dict[str, dict[str, float]] = {}
    n_info: dict[str, tuple[int, int]] = {}
    drift: dict[str, dict[str, list[float]]] = {}
    r_long: dict[str, dict[str, list[float]]] = {}
    for cname, path in files.items():
        texts, y = read_corpus(path)
        rows, ns = zip(*(scorer.all_methods(t) for t in texts))
        ns = np.asarray(ns)
        multi = ns > 1
        n_info[cname] = (len(texts), int(multi.sum()))
        r_all[cname], r_multi[cname] = {}, {}
        for m in methods:
            x = np.asarray([r[m] for r in rows])
            r_all[cname][m] = pearson(x, y)
            r_multi[cname][m] = pearson(x[multi], y[multi])

        rng = random.Random(f"{args.seed}:{cname}")
        parts = [as_comment_part(t) for t in texts]
        drift[cname] = {m: [] for m in methods + [HUMAN]}
        r_long[cname] = {m: [] for m in methods}
        for k in DRIFT_K:
            xs = {m: [] for m in methods}
            human = []
            for _ in range(args.samples):
                idx = rng.sample(range(len(texts)), k)
                scores, _ = scorer.all_methods(" ".join(parts[i] for i in idx))
                for m in methods:
                    xs[m].append(scores[m])
                human.append(float(np.mean(y[idx])) / 4.0)
            human = np.asarray(human)
            drift[cname][HUMAN].append(float(np.mean(np.abs(human))))
            for m in methods:
                x = np.asarray(xs[m])
                drift[cname][m].append(float(np.mean(np.abs(x))))
                r_long[cname][m].append(pearson(x, human))

    names = list(CORPORA)
    print("## Pearson r with the human mean rating\n")
    print("| method | " + " | ".join(f"{c} (n={n_info[c][0]})" for c in names) + " |")
    print("|---|" + "---:|" * len(names))
    print("| published whole-text | " + " | ".join(f"{PUBLISHED_WHOLE[c]:.2f}" for c in names)
          + " |")
    for m in methods:
        print(f"| {m} | " + " | ".join(fmt(r_all[c][m]) for c in names) + " |")

    print("\n## Pearson r, multi-sentence texts only\n")
    print("| method | " + " | ".join(f"{c} (n={n_info[c][1]})" for c in names) + " |")
    print("|---|" + "---:|" * len(names))
    for m in methods:
        print(f"| {m} | " + " | ".join(fmt(r_multi[c][m]) for c in names) + " |")

    print(f"\n## Long comments: k random texts of a corpus concatenated "
          f"({args.samples} per k)\n")
    print("Drift is the mean |compound| (the human row: mean |mean rating of the k parts| "
          "/ 4,\nwhich shrinks as mixed parts cancel); r is Pearson r with the mean human "
          "rating of the parts.\n")
    for c in names:
        print(f"### {c}\n")
        print("| method | " + " | ".join(f"drift k={k}" for k in DRIFT_K) + " | "
              + " | ".join(f"r k={k}" for k in DRIFT_K[1:]) + " |")
        print("|---|" + "---:|" * (2 * len(DRIFT_K) - 1))
        for m in methods + [HUMAN]:
            rs = r_long[c].get(m, [float("nan")] * len(DRIFT_K))[1:]
            print(f"| {m} | " + " | ".join(f"{v:.3f}" for v in drift[c][m]) + " | "
                  + " | ".join(fmt(v) for v in rs) + " |")
        print()
    print("## Verdict\n")
    print("Worst r minus whole-text r over the four corpora (>= -0.01 passes), and the "
          "growth of mean |compound| from k=1 to k=10, averaged over corpora.\n")
    print("| method | worst r - whole | drift growth k=1..10 | passes |")
    print("|---|---:|---:|---|")
    for m in methods:
        gap = min(r_all[c][m] - r_all[c]["whole"] for c in names)
        growth = float(np.mean([drift[c][m][-1] - drift[c][m][0] for c in names]))
        ok = "yes" if gap >= -0.01 and growth < 0.5 * float(np.mean(
            [drift[c]["whole"][-1] - drift[c]["whole"][0] for c in names])) else "no"
        if m == "whole":
            ok = "(reference)"
        print(f"| {m}{' (default)' if m == 'weighted' else ''} | {gap:+.3f} | "
              f"{growth:+.3f} | {ok} |")
    print(f"\n({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
