#!/usr/bin/env python3
"""Draw target mentions from the long dev threads for a reader to label.

    python bench/sample_mentions.py [--data DIR] [--out FILE] [--per-source N]

For each plain thread of ``threads-long/dev`` (built from its gold spans, as
``bench/target_quality.py`` builds it) every mention of a target that
:func:`discourse.targets.targets` finds (default settings) is listed as a
(comment, target, sentence); per source (4forums, globeandmail, guardian,
hackernews, reddit) three quarters are drawn from sentences VADER scores non-zero
and one quarter from the rest, at most 3 per (thread, target) and 8 per thread,
seeded shuffle. The output (outside the repo: it carries the threads' text) shows
the sentence, the comment around it and the post's first line, and no score, so a
reader labels blind to any method.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from discourse.sentiment import make_analyzer, score_sentence, split_sentences  # noqa: E402
from discourse.targets import _matcher, targets  # noqa: E402
from discourse.text import own_text  # noqa: E402
from target_quality import LONG, dev_thread  # noqa: E402


def source_of(name: str) -> str:
    return name.split("-")[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=LONG)
    ap.add_argument("--out", type=Path, default=Path("/tmp/mentions_to_label.jsonl"))
    ap.add_argument("--per-source", type=int, default=40)
    args = ap.parse_args(argv)
    an = make_analyzer()
    rng = random.Random(12)
    pools: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for g in sorted(args.data.glob("*.gold.json")):
        name = g.name[:-len(".gold.json")]
        if name.endswith(".meta"):
            continue
        th = dev_thread(args.data, name)
        for t in targets(th, max_targets=12):  # the setting the labels were drawn with
            pat = _matcher(t.aliases)
            for ci, c in enumerate(th.comments):
                for si, s in enumerate(split_sentences(own_text(c))):
                    if pat.search(s):
                        polar = score_sentence(s, an).compound != 0
                        row = {"thread": f"long:{name}", "comment": ci, "target": t.name,
                               "sentence": si, "text": s, "context": own_text(c)[:1500],
                               "post": th.post.text.split("\n")[0][:200]}
                        pools[source_of(name)][0 if polar else 1].append(row)
    out = []
    for src, (polar, flat) in sorted(pools.items()):
        rng.shuffle(polar)
        rng.shuffle(flat)
        n = args.per_source * (2 if src == "4forums" else 1)
        want = {"polar": round(n * 0.75), "flat": n - round(n * 0.75)}
        per_tt, per_t = Counter(), Counter()
        for kind, pool in (("polar", polar), ("flat", flat)):
            k = 0
            for r in pool:
                if k >= want[kind]:
                    break
                if per_tt[(r["thread"], r["target"])] >= 3 or per_t[r["thread"]] >= 8:
                    continue
                per_tt[(r["thread"], r["target"])] += 1
                per_t[r["thread"]] += 1
                out.append(r)
                k += 1
    rng.shuffle(out)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                        encoding="utf-8")
    print(f"wrote {len(out)} mentions to {args.out}:",
          dict(Counter(source_of(r['thread'][5:]) for r in out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
