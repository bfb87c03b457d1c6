#!/usr/bin/env python3
"""The whole report on many real comments: time, throughput and peak memory by size.

    python bench/scale.py [--sizes 2000,10000] [--per-thread 100] [--jobs 1,2]

Comments are the real comments of ``threads-long/train`` (gold spans), in reading order,
cut into threads of ``--per-thread`` comments with the first thread's post text as each
post, written as one JSONL export. Each size runs in a fresh process (peak RSS from
``resource``):

- ``discourse``: ``batch.run`` as ``discourse report X.jsonl --thread-pdfs none`` (every
  thread's JSON/CSV tables and the corpus report), with ``--jobs`` 1 and 2;
- ``discourse, 10 PDFs``: the default (PDF/PNG for the 10 largest threads);
- ``plain``: the naive pipeline on the same texts: vaderSentiment's ``polarity_scores``
  per comment, ``TfidfVectorizer`` + ``KMeans(k=5)`` on all comments.

Prints a table: size × system: seconds, comments/s, peak RSS (MB), ratio to plain.
Measured on this 2-core machine (see the issue's closing note for the table).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "threads-long" / "train"


def real_comments(n: int) -> list[str]:
    out = []
    for g in sorted(TRAIN.glob("*.gold.json")):
        lines = g.with_name(g.name[:-len(".gold.json")] + ".txt").read_text(
            encoding="utf-8").splitlines()
        for c in json.loads(g.read_text(encoding="utf-8"))["comments"]:
            out.append(" ".join(lines[c["start_line"] - 1:c["end_line"]]))
            if len(out) >= n:
                return out
    raise SystemExit(f"only {len(out)} comments in {TRAIN}")


def write_jsonl(texts: list[str], per: int, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for t0 in range(0, len(texts), per):
            tid = f"t{t0 // per}"
            fh.write(json.dumps({"thread": tid, "type": "post", "id": f"p{tid}",
                                 "title": f"Thread {tid}", "text": texts[t0]}) + "\n")
            for k, text in enumerate(texts[t0 + 1:t0 + per]):
                fh.write(json.dumps({"thread": tid, "id": f"{tid}-{k}", "text": text}) + "\n")


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, %(root)r)
kind, src, out, jobs, pdfs = sys.argv[1:6]
t = time.perf_counter()
if kind == "plain":
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    texts = [json.loads(l)["text"] for l in open(src, encoding="utf-8")]
    an = SentimentIntensityAnalyzer()
    s = [an.polarity_scores(x)["compound"] for x in texts]
    X = TfidfVectorizer(stop_words="english", max_features=5000).fit_transform(texts)
    KMeans(5, n_init=1, random_state=0).fit(X)
else:
    from discourse.batch import run
    run([src], out=out, quiet=True, jobs=int(jobs),
        thread_pdfs=(pdfs if pdfs in ("none", "all", "largest") else int(pdfs)))
secs = time.perf_counter() - t
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"seconds": secs, "rss_mb": rss}))
"""


def measure(kind: str, src: Path, out: Path, jobs: int = 1, pdfs: str = "none") -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD % {"root": str(ROOT)}, kind, str(src),
                        str(out), str(jobs), pdfs], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000,10000")
    ap.add_argument("--per-thread", type=int, default=100)
    ap.add_argument("--jobs", default="1,2")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    print("| comments | system | seconds | comments/s | peak RSS MB | × plain |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / f"scale-{n}.jsonl"
            write_jsonl(real_comments(n), args.per_thread, src)
            plain = measure("plain", src, Path(tmp) / "plain")
            rows = [("plain (vaderSentiment + TF-IDF + KMeans)", plain)]
            for j in [int(x) for x in args.jobs.split(",")]:
                rows.append((f"discourse, tables only, --jobs {j}",
                             measure("discourse", src, Path(tmp) / f"d{j}", j, "none")))
            rows.append(("discourse, default (10 PDFs), --jobs 2",
                         measure("discourse", src, Path(tmp) / "dp", 2, "largest")))
            for name, m in rows:
                print(f"| {n:,} | {name} | {m['seconds']:.1f} | {n / m['seconds']:,.0f} | "
                      f"{m['rss_mb']:.0f} | {m['seconds'] / plain['seconds']:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
