#!/usr/bin/env python3
"""Tune the stances of a comment thread from a script.

Load a dump, sweep k, pick one, refit with other n-grams, print the stances' terms and
stability, and write the report. Adapt the numbers to your thread.

    python examples/tune_clusters.py [DUMP] [-o OUT_DIR]
"""
import argparse
from pathlib import Path

import discourse
from discourse.cluster import sweep

HERE = Path(__file__).resolve().parent.parent


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", nargs="?", default=HERE / "seeds" / "004_4500fd412262c0e1.txt")
    ap.add_argument("-o", "--out", default=HERE / "reports" / "tuned")
    args = ap.parse_args(argv)

    # 1. Read and split the dump (a Thread: post, comments, reply links).
    thread = discourse.read_thread(args.dump)
    print(f"{len(thread.comments)} comments")

    # 2. Sweep k: how separated (silhouette) and how stable (ARI over subsamples) is each k?
    table = sweep(thread, k=range(2, 7), random_state=0)
    print(table.to_markdown())

    # 3. Pick the most stable k with at least three comments in its smallest stance.
    candidates = [r for r in table if r.smallest >= 3 and r.stability is not None] or list(table)
    best = max(candidates, key=lambda r: (r.stability or 0, -r.k))
    print(f"chosen k = {best.k}")

    # 4. Refit with unigrams only and fewer rare words, and look at the stances.
    model = discourse.StanceClusterer(n_clusters=best.k, ngram_range=(1, 1), min_df=2)
    model.fit(thread)
    for stance, terms in model.top_terms(6):
        stability = model.stability_.get(stance)
        print(f"stance {stance}: {', '.join(t for t, _ in terms)}"
              + (f"  (stability {stability:.2f})" if stability is not None else ""))

    # 5. The same choices, as a Config, drive the full analysis and the report.
    config = discourse.Config(clusters=best.k, ngram_min=1, ngram_max=1)
    analysis = discourse.analyse(thread, config)
    paths = discourse.write_report(analysis, args.out)
    print(f"report written to {Path(args.out)} ({len(paths)} files)")
    return analysis


if __name__ == "__main__":
    main()
