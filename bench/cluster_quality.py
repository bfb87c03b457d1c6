#!/usr/bin/env python3
"""How good and how stable discourse's stances are, on seed 004 and the dev threads.

Per thread: the k "auto" chose, silhouette at that k, stability (mean ARI of refits on
80% subsamples against the fit; per-stance Jaccard below 0.6 counted as unstable), the
share of comments set aside as brief reactions, the time of a sweep over k=2..8, and,
where the dev threads carry RumourEval stance labels (support / deny / query / comment
toward the post), the adjusted mutual information between our stances and those labels,
next to TF-IDF + k-means with scikit-learn's default settings at the same k.

Dev threads are clustered on their gold comments (the clustering is measured, not the
splitter). Usage: python bench/cluster_quality.py [--data DIR] [--quick]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse import read_thread  # noqa: E402
from discourse.cluster import UNSTABLE, StanceClusterer, sweep  # noqa: E402
from discourse.model import Comment, Post, Thread  # noqa: E402


def gold_thread(txt: Path, gold: Path) -> tuple[Thread, list]:
    lines = txt.read_text(encoding="utf-8").split("\n")
    g = json.loads(gold.read_text(encoding="utf-8"))
    comments, stances = [], []
    for i, c in enumerate(g["comments"]):
        text = "\n".join(lines[c["start_line"] - 1:c["end_line"]])
        comments.append(Comment(i, text, c["start_line"], c["end_line"], c.get("parent")))
        stances.append(c.get("stance"))
    a, b = g["post_lines"]
    return Thread(Post("\n".join(lines[a - 1:b])), tuple(comments), source=str(txt)), stances


def row(name: str, thread: Thread, stances, sweep_k) -> str:
    texts = [c.text for c in thread.comments]
    model = StanceClusterer().fit(thread)
    t0 = time.perf_counter()
    sweep(thread, k=sweep_k)
    t_sweep = time.perf_counter() - t0
    k = model.n_clusters_
    n = len(texts)
    brief = float(np.mean(model.labels_ < 0)) if n else 0.0
    unstable = sum(1 for v in model.stability_.values() if v < UNSTABLE)
    ami = base_ami = "–"
    if stances and all(s is not None for s in stances) and k >= 1:
        ami = f"{adjusted_mutual_info_score(stances, model.labels_):.3f}"
        if k >= 2 and n > k:
            base = KMeans(n_clusters=k, random_state=0).fit_predict(TfidfVectorizer().fit_transform(texts))
            base_ami = f"{adjusted_mutual_info_score(stances, base):.3f}"
    fmt = lambda x: "–" if x is None else f"{x:.3f}"
    return (f"| {name} | {n} | {k} | {fmt(model.silhouette_)} | {fmt(model.stability_ari_)} | "
            f"{unstable}/{k} | {brief:.0%} | {t_sweep:.2f} | {ami} | {base_ami} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "threads-dev")
    ap.add_argument("--quick", action="store_true", help="sweep k=2..4 only")
    args = ap.parse_args(argv)
    sweep_k = range(2, 5) if args.quick else range(2, 9)
    head = ("| thread | comments | k (auto) | silhouette | stability (ARI) | unstable stances | "
            "brief | sweep s | AMI vs stance labels | AMI, sklearn defaults |")
    print(head)
    print("|" + "---|" * 10)
    seed = ROOT / "seeds" / "004_4500fd412262c0e1.txt"
    print(row("seed 004 (our split)", read_thread(seed), None, sweep_k), flush=True)
    if not args.data.is_dir():
        print(f"\n(dev threads not found at {args.data}; pass --data DIR)")
        return 0
    amis, base_amis = [], []
    for gold in sorted(args.data.glob("*.gold.json")):
        name = gold.name[: -len(".gold.json")]
        if name.endswith(".meta"):
            continue
        thread, stances = gold_thread(args.data / f"{name}.txt", gold)
        line = row(name, thread, stances, sweep_k)
        print(line, flush=True)
        cells = [c.strip() for c in line.split("|")]
        if cells[-3] != "–":
            amis.append(float(cells[-3]))
        if cells[-2] != "–":
            base_amis.append(float(cells[-2]))
    if amis:
        print(f"\nmean AMI with the RumourEval stance labels: ours {np.mean(amis):.3f} "
              f"({len(amis)} threads), TF-IDF + k-means defaults {np.mean(base_amis):.3f} "
              f"({len(base_amis)} threads)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
