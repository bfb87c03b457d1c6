#!/usr/bin/env python3
"""Speed and memory of discourse, printed as Markdown tables.

1. The whole ``discourse report`` on seed 004, as a user runs it (a fresh Python process,
   imports included): wall time over a few runs and peak memory (max RSS).
2. Throughput of each stage on synthetic threads of 1k / 10k / 100k comments
   (``--sizes`` to change): split, sentiment, clustering (auto k), stance description.

Usage:  python bench/speed.py [--runs 3] [--sizes 1000,10000,100000]
No assertions: this prints figures; the target (seed 004 under 3 s) is read off the table.
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_4500fd412262c0e1.txt"

TOPICS = {
    "tax": "tax cut rich budget deficit spending wages workers inflation treasury".split(),
    "war": "war ukraine russia border ceasefire troops treaty nato sanctions army".split(),
    "health": "hospital nurses waiting list doctors funding privatisation patients care".split(),
    "media": "press bias newspaper coverage journalists propaganda headline editor".split(),
}
FILLER = ("i think the is really not sure that we should about this and but they what "
          "why how because so very good bad terrible great awful agree disagree").split()


#: invented names (a few hundred, so target detection has many candidates at scale)
NAMES = [f"{a}{b}" for a in ("Al", "Bor", "Cas", "Dun", "Ev", "Fal", "Gor", "Hal", "Ir",
                            "Jas", "Kel", "Lor", "Mor", "Nal", "Os", "Per", "Quen", "Ros")
         for b in ("ana", "ert", "ville", "ovia", "stan", "ia", "burg", "ton", "ez", "sky")]


def synthetic_comments(n: int, seed: int = 0) -> list[str]:
    """n comments of 1-4 sentences, each mostly about one of a few topics; a third of the
    sentences name someone (Zipf-like: a few names often, most rarely)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        topic = TOPICS[rng.choice(sorted(TOPICS))]
        if rng.random() < 0.1:
            out.append(rng.choice(["Agreed", "Thanks!", "Exactly.", "Well said"]))
            continue
        sents = []
        for _ in range(rng.randint(1, 4)):
            words = [rng.choice(topic if rng.random() < 0.4 else FILLER) for _ in range(rng.randint(6, 18))]
            if rng.random() < 0.33:
                k = min(len(NAMES) - 1, int(rng.paretovariate(1.0)) - 1)
                words.insert(rng.randint(1, len(words)), NAMES[k])
            text = " ".join(words)  # not str.capitalize(): it would lower-case the names
            sents.append(text[0].upper() + text[1:] + rng.choice([".", ".", "!", "?"]))
        out.append(" ".join(sents))
    return out


def time_report(runs: int) -> list[str]:
    times, rss = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "discourse", "report", str(SEED), "-o", tmp, "-q"],
                           check=True)
            times.append(time.perf_counter() - t0)
            rss = max(rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return ["| job | runs | best s | mean s | peak RSS MB |", "|---|---|---|---|---|",
            f"| discourse report seed 004 (all formats, new process) | {runs} | {min(times):.2f} | "
            f"{sum(times) / len(times):.2f} | {rss / 1024:.0f} |"]


def time_stages(sizes: list[int]) -> list[str]:
    from discourse.cluster import StanceClusterer
    from discourse.config import Config
    from discourse.model import Comment
    from discourse.sentiment import make_analyzer, score_comments
    from discourse.split import split_text
    from discourse.agreement import agreement
    from discourse.model import Post, Thread
    from discourse.stance import describe_stances
    from discourse.targets import summarise_targets, target_sentiment, targets

    config = Config()
    analyzer = make_analyzer()
    rows = ["| comments | stage | seconds | comments/s | process peak RSS MB so far |",
            "|---|---|---|---|---|"]

    def run(n, name, fn):
        # tracemalloc would slow the stages several-fold, so memory is the process's
        # high-water mark (monotonic: read it as "at most this much up to here")
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows.append(f"| {n:,} | {name} | {dt:.2f} | {n / dt:,.0f} | {peak:.0f} |")
        print(f"  {n:,} {name}: {dt:.2f}s", file=sys.stderr, flush=True)
        return result

    for n in sizes:
        texts = synthetic_comments(n)
        dump = "A post about the budget and the war.\nLeave a reply\n" + "\n".join(texts) + "\n"
        run(n, "split", lambda: split_text(dump))
        comments = [Comment(i, t) for i, t in enumerate(texts)]
        sents = run(n, "sentiment", lambda: score_comments(
            comments, aggregation=config.sentiment_aggregation,
            neutral_band=config.neutral_band, analyzer=analyzer))
        model = run(n, "cluster (auto k 2..8)", lambda: StanceClusterer(
            min_tokens=config.min_tokens, random_state=0).fit(texts))
        labels = [int(x) for x in model.labels_]
        run(n, "describe stances", lambda: describe_stances(
            texts, labels, sents, X=model.X_, clustered=model.clustered_))
        found = run(n, "targets", lambda: targets(comments, max_targets=config.max_targets))
        per = run(n, "target sentiment", lambda: target_sentiment(comments, found,
                                                                  analyzer=analyzer))
        run(n, "target roll-ups", lambda: summarise_targets(per, labels, found))
        thread = Thread(post=Post(" ".join(texts[:40])),  # a post of a few hundred words
                        comments=tuple(Comment(i, t, parent=i - 1 if i % 3 else None)
                                       for i, t in enumerate(texts)))
        run(n, "agreement", lambda: agreement(thread, sentiments=sents, analyzer=analyzer))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="comma-separated synthetic thread sizes (default: 1000,10000,100000)")
    args = ap.parse_args(argv)
    print("## discourse report on seed 004\n")
    print("\n".join(time_report(args.runs)))
    print("\n## stage throughput on synthetic threads\n")
    rows = time_stages([int(s) for s in args.sizes.split(",") if s])
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
