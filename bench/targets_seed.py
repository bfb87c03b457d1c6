#!/usr/bin/env python3
"""Targets a person can judge: the top targets of seed 004 and of a few dev threads,
with their aliases, how many comments mention them, and the mean target sentiment.

Usage: python bench/targets_seed.py [--data DIR] [--n 10] [--threads 6]
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse import read_thread  # noqa: E402
from discourse.targets import target_sentiment, targets  # noqa: E402

SEED = ROOT / "seeds" / "004_4500fd412262c0e1.txt"
DEV = ROOT.parent / "shared" / "data" / "threads-dev"


def table(path: Path, n: int) -> str:
    thread = read_thread(path)
    ts = targets(thread, max_targets=n)
    sents = target_sentiment(thread, ts)
    lines = [f"## {path.name}: {len(thread.comments)} comments",
             f"{'target':<22} {'comments':>8} {'mentions':>8} {'mean':>7}  aliases"]
    for t in ts:
        xs = [s.compound for row in sents for s in row if s.target == t.name]
        mean = f"{statistics.fmean(xs):+.3f}" if xs else "   -"
        lines.append(f"{t.name:<22} {t.n_comments:>8} {t.n_mentions:>8} {mean:>7}  "
                     + ", ".join(t.aliases[:6]) + (" …" if len(t.aliases) > 6 else ""))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--n", type=int, default=10, help="targets per thread")
    ap.add_argument("--threads", type=int, default=6, help="dev threads to show")
    args = ap.parse_args(argv)
    print(table(SEED, args.n))
    if args.data.is_dir():
        dev = sorted(p for p in args.data.glob("*.txt") if not p.name.endswith(".meta.txt"))
        # the longest threads of each kind (blog, reddit, twitter) say the most
        by_kind: dict[str, list[Path]] = {}
        for p in dev:
            by_kind.setdefault(p.name.split("-")[0], []).append(p)
        picked = []
        for paths in by_kind.values():
            picked += sorted(paths, key=lambda p: (-p.stat().st_size, p.name))[:2]
        for p in sorted(picked)[:args.threads]:
            print()
            print(table(p, args.n))
    else:
        print(f"\n(no dev threads at {args.data})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
