#!/usr/bin/env python3
"""Speed of VADER sentence scoring: vaderSentiment's own loop against discourse's fast path
(:mod:`discourse.text.fastvader`), on one core, after checking that they agree.

1. Gathers real sentences: each comment (and post) of ``../shared/data/threads-long/
   {train,dev}`` and ``../shared/data/threads-dev`` (cut at the lines their
   ``.gold.json`` gives), split with discourse's ``split_sentences``, in corpus order.
2. Checks the fast path against ``SentimentIntensityAnalyzer().polarity_scores`` on every
   distinct sentence: the number of sentences where any of neg/neu/pos/compound differs,
   and the largest absolute difference (must be 0 and <= 1e-9; exits 1 otherwise).
3. Times, on the first ``--sample`` sentences (corpus order, repeats as they come), best
   of ``--rounds`` interleaved rounds (in rotating order) of CPU time
   (``time.process_time``: steal time on a shared machine is not counted), one core (CPU
   affinity, OMP/MKL/OpenBLAS threads 1):
   - the plain ``polarity_scores`` loop (vaderSentiment);
   - the fast path without the sentence cache (a new engine each round, so its token
     table starts empty), returning tuples as ``discourse.sentiment`` reads them, and
     returning VADER's dicts;
   - the fast path with its sentence cache (LRU, new each round);
   - the sentiment stage per comment (``score_text(own_text(c))``: split, score,
     aggregate) with vaderSentiment's loop and with the fast path.

Usage (from the repo root)::

    python bench/sentiment_speed.py [--sample 150000] [--rounds 3] [--data DIR]

Results (2-vCPU VM shared with other work, Python 3.11, vaderSentiment 3.3.2). Between
runs the rates move by 10-15 %, the ratios less: three runs of this code gave 5.41x,
5.88x and 5.31x for the fast path without the sentence cache, 7.27x, 7.28x and 6.60x
with it, 4.18x, 5.14x and 4.63x for the stage. The first of them::

    63,855 posts and comments, 717,043 sentences (pinned to CPU 0)

    | check against vaderSentiment | |
    |---|---|
    | distinct sentences compared | 445,160 |
    | mismatches (any of neg/neu/pos/compound) | 0 |
    | max abs difference | 0 |

    | 150,000 sentences / 12,068 comments, one core, best of 6 | per second | speed-up |
    |---|---:|---:|
    | vaderSentiment `polarity_scores` loop | 23,992 sentences | 1.00x |
    | fast path, no sentence cache (tuples) | 129,830 sentences | 5.41x |
    | fast path, no sentence cache (dicts) | 126,599 sentences | 5.28x |
    | fast path + sentence LRU (35% of the sample repeats) | 174,334 sentences | 7.27x |
    | stage `score_text(own_text(c))`, vaderSentiment | 1,712 comments | 1.00x |
    | stage `score_text(own_text(c))`, fast path | 7,155 comments | 4.18x |

The sentence cache adds 1.34x here (35 % of the sample's sentences are repeats: 4forums
replies quote what they answer); a thread that repeats less gains less. The stage rows
both use today's ``split_sentences``, which is itself 5x faster than it was; against the
stage as it was before the fast path (old splitter, vaderSentiment), measured once the
same way on the same 12,068 comments (identical ``Sentiment`` records for all of them):
1,349 comments/s before, 7,459 after (5.53x), 6,204 with the sentence cache off (4.60x).
What is left of the stage is splitting (about a third), the ``SentenceScore`` records and
the aggregation.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Sequence  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from discourse.sentiment import score_text, split_sentences  # noqa: E402
from discourse.text import own_text  # noqa: E402
from discourse.text.fastvader import KEYS  # noqa: E402
from discourse.text.vader import (fast_vader, make_analyzer,  # noqa: E402
                                  reference_polarity_scores)

DATA = REPO / ".." / "shared" / "data"
SOURCES = ("threads-long/train", "threads-long/dev", "threads-dev")


def thread_texts(txt: Path) -> list[str]:
    """The post and each comment of a thread dump, cut at its gold file's line spans."""
    gold = txt.with_name(txt.name[: -len(".txt")] + ".gold.json")
    if not gold.exists():
        return []
    g = json.loads(gold.read_text(encoding="utf-8"))
    lines = txt.read_text(encoding="utf-8", errors="replace").splitlines()
    spans = ([g["post_lines"]] if g.get("post_lines") else []) + [
        (c["start_line"], c["end_line"]) for c in g["comments"]]
    return ["\n".join(lines[a - 1:b]) for a, b in spans]


def gather(data: Path) -> list[str]:
    """Every post and comment of the :data:`SOURCES` threads, in corpus order."""
    texts = []
    for src in SOURCES:
        for txt in sorted((data / src).glob("*.txt")):
            texts += thread_texts(txt)
    return texts


def check(sentences: Sequence[str]) -> tuple[int, int, float]:
    """(distinct sentences, mismatches, max |difference|) of the fast path against
    vaderSentiment's ``polarity_scores``."""
    fast = fast_vader(cache_size=0).scores_uncached
    distinct = sorted(set(sentences))
    bad, worst = 0, 0.0
    for s in distinct:
        want = reference_polarity_scores(s)
        got = fast(s)
        diff = max(abs(want[k] - g) for k, g in zip(KEYS, got))
        worst = max(worst, diff)
        bad += diff > 1e-9 or tuple(want[k] for k in KEYS) != got
    return len(distinct), bad, worst


def cpu_seconds(run: Callable[[], object]) -> float:
    gc.collect()  # no run pays for the garbage of the one before (gc stays on)
    t0 = time.process_time()
    run()
    return time.process_time() - t0


def pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


class _Reference(type(make_analyzer())):
    """A VADER analyzer the adapter does not recognise as the plain one, so discourse
    scores through vaderSentiment's own ``polarity_scores``: the stage as it was."""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--sample", type=int, default=150_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-check", action="store_true", help="time only")
    args = ap.parse_args(argv)

    texts = gather(args.data)
    sentences = [s for t in texts for s in split_sentences(t)]
    if not sentences:
        print(f"no threads under {args.data}", file=sys.stderr)
        return 2
    print(f"{len(texts):,} posts and comments, {len(sentences):,} sentences "
          f"({pin_one_core()})\n")

    n_distinct, bad, worst = (0, 0, 0.0) if args.no_check else check(sentences)
    print(f"| check against vaderSentiment | |\n|---|---|\n"
          f"| distinct sentences compared | {n_distinct:,} |\n"
          f"| mismatches (any of neg/neu/pos/compound) | {bad} |\n"
          f"| max abs difference | {worst:.3g} |\n")

    sample = sentences[:args.sample]
    comments, k = [], 0
    for t in texts:  # the comments whose sentences make up the sample
        if k >= len(sample):
            break
        comments.append(own_text(t))
        k += len(split_sentences(t))
    an = make_analyzer()
    ref = _Reference()

    def plain():
        f = an.polarity_scores
        for s in sample:
            f(s)

    def fast_tuple():
        f = fast_vader(cache_size=0).scores_uncached
        for s in sample:
            f(s)

    def fast_dict():
        f = fast_vader(cache_size=0).polarity_scores
        for s in sample:
            f(s)

    def fast_cached():
        f = fast_vader(cache_size=1 << 15).scores
        for s in sample:
            f(s)

    def stage_plain():
        for c in comments:
            score_text(c, analyzer=ref)

    def stage_fast():
        # the shared engine (with its cache), emptied first so each round starts cold
        fast_vader(an).cache_clear()
        for c in comments:
            score_text(c, analyzer=an)

    runs = {"plain": plain, "fast_tuple": fast_tuple, "fast_dict": fast_dict,
            "fast_cached": fast_cached, "stage_plain": stage_plain, "stage_fast": stage_fast}
    best = {name: float("inf") for name in runs}
    names = list(runs)
    for r in range(args.rounds):  # the order rotates: no run always follows the same one
        for name in names[r % len(names):] + names[:r % len(names)]:
            best[name] = min(best[name], cpu_seconds(runs[name]))

    n = len(sample)
    repeats = 1 - len(set(sample)) / n
    rate = {name: (len(comments) if name.startswith("stage") else n) / sec
            for name, sec in best.items()}
    rows = [
        ("vaderSentiment `polarity_scores` loop", "plain", "sentences", "plain"),
        ("fast path, no sentence cache (tuples)", "fast_tuple", "sentences", "plain"),
        ("fast path, no sentence cache (dicts)", "fast_dict", "sentences", "plain"),
        (f"fast path + sentence LRU ({repeats:.0%} of the sample repeats)", "fast_cached",
         "sentences", "plain"),
        ("stage `score_text(own_text(c))`, vaderSentiment", "stage_plain", "comments",
         "stage_plain"),
        ("stage `score_text(own_text(c))`, fast path", "stage_fast", "comments",
         "stage_plain"),
    ]
    print(f"| {n:,} sentences / {len(comments):,} comments, one core, best of "
          f"{args.rounds} | per second | speed-up |\n|---|---:|---:|")
    for label, key, unit, base in rows:
        print(f"| {label} | {rate[key]:,.0f} {unit} | {rate[key] / rate[base]:.2f}x |")
    return 0 if bad == 0 and worst <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
