#!/usr/bin/env python3
"""Split quality on the annotated dev threads: our splitter next to two naive baselines.

    python bench/split_quality.py [--data DIR] [--per-thread] [--in-sample]

"ours" is out-of-sample: leave-one-thread-out cross-validation by thread (the plain and
.meta dumps of a thread held out together; ``bench/train_splitter.py`` trains the three
models on the other threads and the whole splitter runs on the held-out dumps).
"ours|gold segmentation" is the reply linker alone (same LOTO models) on the gold post end
and gold comment spans, so links are measured apart from segmentation.
``--in-sample`` adds a row for the shipped model (trained on every dev thread, so it is
optimistic). Post end, segmentation and reply links are all the splitter's own.

DIR defaults to ../shared/data/threads-dev relative to the repo root. Every NAME.txt with a
NAME.gold.json is split with ``split_to_dict(split_text(...))`` (what ``discourse split
--format json`` writes), predictions go to a temp dir, and the shared scorer
(``../shared/eval/score_split.py``) scores them. Prints one Markdown table per source group
(reddit, blog, twitter, and their ``.meta`` variants). Baselines get the gold post boundary:

- ``all-lines``: every line after the gold post end starts a comment;
- ``cue-rule``: a new comment at each line unless it starts with a continuation cue or the
  previous line ends with ':'.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.split import split_lines, split_text, split_to_dict  # noqa: E402
from discourse.split.segment import continuation  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import train_splitter  # noqa: E402

METRICS = [("boundary_p", "bP"), ("boundary_r", "bR"), ("boundary_f1", "bF1"), ("pk", "Pk↓"),
           ("windowdiff", "WD↓"), ("post_end_exact", "post=")]
REPLY = ("reply_f1", "replyF1")


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


def group_of(name: str) -> str:
    base = name.split("-")[0]
    return base + (".meta" if name.endswith(".meta") else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=train_splitter.DEFAULT_DATA)
    ap.add_argument("--per-thread", action="store_true", help="also print our scores per thread")
    ap.add_argument("--in-sample", action="store_true", help="also score the shipped model (optimistic)")
    args = ap.parse_args(argv)
    data = args.data.resolve()
    if not data.is_dir():
        raise SystemExit(f"dev data not found: {data} (pass --data DIR)")
    scorer = train_splitter.load_scorer(data)
    golds = sorted(data.glob("*.gold.json"))
    if not golds:
        raise SystemExit(f"no *.gold.json in {data}")
    systems = ["ours", "ours|post given", "ours|gold segmentation", "all-lines", "cue-rule"] + (["in-sample"] if args.in_sample else [])
    threads = train_splitter.load_threads(data)
    rows = train_splitter.rows_of(threads)
    cv = train_splitter.cv_predictions(threads, rows)
    cv_given = train_splitter.cv_predictions(threads, rows, gold_post_end=True)
    cv_links = train_splitter.cv_gold_links(threads, rows)
    scores: dict[str, dict[str, dict[str, dict]]] = defaultdict(lambda: defaultdict(dict))
    with tempfile.TemporaryDirectory() as tmp:
        for t in threads:  # already read by load_threads: each dump and its gold
            name, text, gold, gold_path = t["name"], t["text"], t["gold"], t["gold_path"]
            lines = split_lines(text)
            preds = {
                "ours": lambda: cv[name],
                "ours|post given": lambda: cv_given[name],
                "ours|gold segmentation": lambda: cv_links[name],
                "in-sample": lambda: split_to_dict(split_text(text, source=f"{name}.txt")),
                "all-lines": lambda: _baseline(lines, gold["post_lines"][1], "all"),
                "cue-rule": lambda: _baseline(lines, gold["post_lines"][1], "cue"),
            }
            for system in systems:
                pred = preds[system]()
                out = Path(tmp) / system.replace("|", "_").replace(" ", "_") / f"{name}.json"
                out.parent.mkdir(exist_ok=True)
                out.write_text(json.dumps(pred), encoding="utf-8")
                scores[group_of(name)][system][name] = scorer.score(out, gold_path)
    order = ["reddit", "blog", "twitter", "reddit.meta", "blog.meta", "twitter.meta"]
    groups = [g for g in order if g in scores] + sorted(set(scores) - set(order))
    allrows = defaultdict(list)
    for g in groups:
        n = len(scores[g]["ours"])
        print(f"\n### {g} ({n} threads)\n")
        cols = METRICS + [REPLY]
        print("| system | " + " | ".join(c for _, c in cols) + " |")
        print("|---|" + "---|" * len(cols))
        for system in systems:
            rows = list(scores[g][system].values())
            allrows[system].extend(rows)
            print(f"| {system} | " + " | ".join(_fmt(rows, k) for k, _ in cols) + " |")
    print(f"\n### all ({len(allrows['ours'])} threads)\n")
    cols = METRICS + [REPLY]
    print("| system | " + " | ".join(c for _, c in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for system in systems:
        print(f"| {system} | " + " | ".join(_fmt(allrows[system], k) for k, _ in cols) + " |")
    print("\nours: leave-one-thread-out CV (never scored on a thread it learned from); it finds "
          "the post end itself.\nours|post given: the same, told the gold post end (as the baselines are)."
          "\nbaselines are given the gold post boundary and make no reply links.")
    if args.per_thread:
        print()
        for g in groups:
            for name, r in scores[g]["ours"].items():
                print(f"{name:40s} bF1={r['boundary_f1']:.3f} P={r['boundary_p']:.3f} R={r['boundary_r']:.3f} "
                      f"post_err={r['post_end_error']} n={r['pred_comments']}/{r['gold_comments']} "
                      f"reply={r['reply_f1']:.3f}")
    return 0


def _fmt(rows: list[dict], key: str) -> str:
    if not rows:
        return "-"
    if key == "post_end_exact":
        return f"{sum(1 for r in rows if r['post_end_error'] == 0) / len(rows):.2f}"
    return f"{sum(r[key] for r in rows) / len(rows):.3f}"


if __name__ == "__main__":
    sys.exit(main())
