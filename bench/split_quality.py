#!/usr/bin/env python3
"""Split quality, held out: our splitter next to two naive baselines, per platform.

    python bench/split_quality.py [--folds 5] [--limit-train N] [--per-thread] [--in-sample]

Every annotated dev thread (``../shared/data/threads-dev`` and
``../shared/data/threads-long/dev``) is split by models that never saw it: grouped
cross-validation (``bench/train_splitter.py``: the dev threads in ``--folds`` groups, a
thread's plain and .meta dumps and a discussion's pages held out together; the 1,500
forum threads of ``threads-long/train`` always in training; every choice, the start
threshold included, made on the training side of the fold). The shared scorer
(``../shared/eval/score_split.py``) scores the predictions.

Systems:

- ``ours``: the whole splitter, post end included;
- ``ours|post given``: told the gold post end, as the baselines are;
- ``ours|gold segmentation``: the reply linker alone on the gold post end and spans;
- ``all-lines``: every line after the gold post end starts a comment;
- ``cue-rule``: a new comment at each line unless it opens with a continuation cue or the
  previous line ends with ':';
- ``in-sample`` (with ``--in-sample``): the shipped model, which learned from these very
  threads: optimistic, never quoted as a result.

Then seed 004 (no gold: its comment count and post end, split by a model trained on
everything but it, which is the shipped one) and, with ``--curve``, the learning curve
(bulk training threads vs held-out boundary F1) and the per-thread oracle threshold.
Feature rows are cached under ``~/.cache/discourse-bench`` by data digest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.split import split_lines, split_text, split_to_dict  # noqa: E402
from discourse.split.segment import continuation  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import train_splitter as T  # noqa: E402

METRICS = [("boundary_p", "bP"), ("boundary_r", "bR"), ("boundary_f1", "bF1"), ("pk", "Pk↓"),
           ("windowdiff", "WD↓"), ("post_end_exact", "post="), ("reply_f1", "replyF1"),
           ("count_ratio", "n/gold")]
ORDER = ["4forums", "globeandmail", "guardian", "hackernews", "long-reddit", "reddit", "blog", "twitter"]


def _baseline(lines: list[str], post_end: int, rule: str) -> dict:
    n = len(lines)
    starts = []
    for i in range(post_end, n):          # 0-based index of the line after the post
        if rule == "all" or not starts:
            starts.append(i)
        elif not (continuation(lines[i]) > 0 or lines[i - 1].rstrip().endswith(":")):
            starts.append(i)
    comments = [{"start_line": s + 1, "end_line": (starts[k + 1] if k + 1 < len(starts) else n),
                 "parent": None} for k, s in enumerate(starts)]
    return {"post_lines": [1, post_end], "comments": comments}


def platform_of(t: dict) -> str:
    base = t["name"].split("-")[0]
    if base == "reddit" and "threads-long" in str(t["gold_path"]):
        base = "long-reddit"
    return base + (".meta" if t["meta"] else "")


def cached_rows(threads: list[dict], jobs: int) -> dict:
    import inspect
    code = "".join(inspect.getsource(f) for f in (T._rows_one, T.segment_rows, T.post_rows,
                                                  T.post_line_rows, T.reply_rows, T.without_copies))
    key = hashlib.sha256((T.data_digest(threads) + code + "".join(
        p.read_text() for p in sorted((ROOT / "discourse" / "split").glob("*.py")))).encode()).hexdigest()[:16]
    cache = Path.home() / ".cache" / "discourse-bench" / f"split-rows-{key}.pkl"
    print(f"feature rows cache: {cache}", file=sys.stderr)
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    t0 = time.time()
    rows = T.rows_of(threads, jobs)
    print(f"feature rows of {len(threads)} dumps in {time.time() - t0:.0f} s", file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def score(scorer, threads, preds_by_system) -> dict:
    out: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    with tempfile.TemporaryDirectory() as tmp:
        for system, preds in preds_by_system.items():
            for t in threads:
                if t["name"] not in preds:
                    continue
                p = Path(tmp) / f"{t['name']}.json"
                p.write_text(json.dumps(preds[t["name"]]), encoding="utf-8")
                out[platform_of(t)][system][t["name"]] = scorer.score(p, t["gold_path"])
    return out


def _fmt(rows: list[dict], key: str) -> str:
    if not rows:
        return "-"
    if key == "post_end_exact":
        return f"{sum(1 for r in rows if r['post_end_error'] == 0) / len(rows):.2f}"
    return f"{sum(r[key] for r in rows) / len(rows):.3f}"


def table(scores: dict, systems: list[str]) -> None:
    groups = [g for g in ORDER if g in scores] + [g + ".meta" for g in ORDER if g + ".meta" in scores]
    for g in groups:
        n = len(scores[g]["ours"])
        print(f"\n### {g} ({n} dumps)\n")
        print("| system | " + " | ".join(c for _, c in METRICS) + " |")
        print("|---|" + "---|" * len(METRICS))
        for system in systems:
            rows = list(scores[g][system].values())
            print(f"| {system} | " + " | ".join(_fmt(rows, k) for k, _ in METRICS) + " |")


def seed_line(models=None) -> str:
    seed = next(iter(sorted((ROOT / "seeds").glob("004_*.txt"))), None)
    if seed is None:
        return "seed 004 not found"
    t = split_text(seed.read_text(encoding="utf-8"), models=models)
    return (f"seed 004: {len(t.comments)} comments, post ends at line {t.post.end_line}, "
            f"footer {t.footer_lines}; starts {[c.start_line for c in t.comments]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=T.FOLDS)
    ap.add_argument("--limit-train", type=int, default=None,
                    help="use only the first N bulk training threads (faster, weaker)")
    ap.add_argument("--per-thread", action="store_true", help="also print our scores per dump")
    ap.add_argument("--in-sample", action="store_true", help="also score the shipped model (optimistic)")
    ap.add_argument("--curve", action="store_true",
                    help="learning curve (bulk training size vs held-out bF1) and per-thread oracle")
    ap.add_argument("--jobs", type=int, default=0)
    args = ap.parse_args(argv)
    threads = T.load_corpus(T.TRAIN_DIRS, args.limit_train)
    scorer = T.load_scorer(T.DEFAULT_DATA)
    rows = cached_rows(threads, args.jobs)
    dev = [t for t in threads if T.is_dev(t)]
    t0 = time.time()
    cv = T.cv_predictions(threads, rows, args.folds, log=lambda m: print(m, file=sys.stderr))
    print(f"cross-validation in {time.time() - t0:.0f} s", file=sys.stderr)
    preds = {"ours": cv["auto"], "ours|post given": cv["post given"],
             "ours|gold segmentation": cv["gold segmentation"]}
    plain = [t for t in dev if not t["meta"]]
    preds["all-lines"] = {t["name"]: _baseline(split_lines(t["text"]), t["gold"]["post_lines"][1], "all")
                          for t in plain}
    preds["cue-rule"] = {t["name"]: _baseline(split_lines(t["text"]), t["gold"]["post_lines"][1], "cue")
                         for t in plain}
    if args.in_sample:
        preds["in-sample"] = {t["name"]: split_to_dict(split_text(t["text"], source=t["name"])) for t in dev}
    scores = score(scorer, dev, preds)
    print(f"Held out ({args.folds}-fold CV grouped by thread over {len(dev)} dev dumps; "
          f"{sum(t['corpus'] == 'train' for t in threads)} bulk forum threads always in training)")
    table(scores, list(preds))
    print("\nours: never scored on a thread it learned from; it finds the post end itself."
          "\nbaselines are told the gold post end and make no reply links.")
    print()
    for k, m in sorted(cv["models"].items()):
        print(f"fold {k + 1} model, " + seed_line(m))
    if args.per_thread:
        print()
        for g in scores:
            for name, r in scores[g]["ours"].items():
                print(f"{name:40s} bF1={r['boundary_f1']:.3f} P={r['boundary_p']:.3f} R={r['boundary_r']:.3f} "
                      f"WD={r['windowdiff']:.3f} post_err={r['post_end_error']} "
                      f"n={r['pred_comments']}/{r['gold_comments']} reply={r['reply_f1']:.3f}")
    if args.curve:
        curve(threads, rows, args.folds)
    return 0


def curve(threads: list[dict], rows: dict, folds: int) -> None:
    """Learning curve on the segmentation decision (gold post end, start probability at
    each fold's own threshold) and the best per-thread threshold (an oracle no real run
    has: it shows what a perfect thread-adaptive threshold could add)."""
    import numpy as np
    bulk = [t for t in threads if t["corpus"] == "train"]
    dev = [t for t in threads if T.is_dev(t)]

    print("\n### Learning curve and oracle (line-start F1 on held-out dev dumps, gold post end)\n")
    print("| bulk training threads | 4forums | news (globeandmail, guardian) | reddit/blog (threads-dev) | 4forums oracle thr |")
    print("|---|---|---|---|---|")
    for n in [0, 100, 400, len(bulk)]:
        keep = {t["name"] for t in bulk[:n]}
        sub = [t for t in threads if t["name"].split("~")[0] in keep] + dev
        res = defaultdict(list)
        orc = defaultdict(list)
        for train_set, test_set in T.cv_folds(sub, folds):
            m, _, thr = T.fit_segmentation(train_set, rows, stacked=False)
            for t in test_set:
                if t["meta"] or not len(rows[t["name"]]["segment"][1]):
                    continue
                X, y = rows[t["name"]]["segment"]
                p = m.predict_proba(X)[:, 1]
                plat = platform_of(t)
                key = "news" if plat in ("globeandmail", "guardian") else (
                    "forum" if plat == "4forums" else ("rb" if plat in ("reddit", "blog") else None))
                if key:
                    res[key].append(T.line_f1(p, y, thr))
                    orc[key].append(max(T.line_f1(p, y, x) for x in np.arange(0.05, 0.96, 0.05)))
        print(f"| {n} | {np.mean(res['forum']):.3f} | {np.mean(res['news']):.3f} | {np.mean(res['rb']):.3f} | "
              f"{np.mean(orc['forum']):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
