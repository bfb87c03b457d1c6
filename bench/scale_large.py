#!/usr/bin/env python3
"""The large-input mode at 10k / 100k / 1M comments: time per stage, throughput, peak
memory, against the plain pipeline on the same texts in the same run.

    python bench/scale_large.py [--sizes 10000,100000] [--plain-max 100000]
                                [--engines local,dask] [--jobs 2]

Comments are realistic: sentences of the real comments of ``threads-long/dev`` and
``threads-dev`` (gold spans, split with discourse's sentence splitter), each synthetic
comment as many sentences as a real comment drawn at random has, the sentences drawn at
random (seeded) from the pool, in threads of ``--per-thread`` comments with a post row,
as one JSONL export. Each run is a fresh process (peak RSS of it and its workers):

``--real`` uses every comment of ``threads-long/train`` as it is instead (55,875 comments
in 1,500 real threads: no sentence repeated but the data's own, so VADER's sentence
cache helps only as much as it would on real data).

- ``plain``: vaderSentiment's ``polarity_scores`` per comment, ``TfidfVectorizer`` +
  ``KMeans(k=5)`` (skipped above ``--plain-max``; the table then extrapolates it
  linearly from the largest measured size and says so);
- ``large/local``: ``discourse report X.jsonl --large --jobs J`` (whole report: PDF,
  PNGs, CSVs, JSON);
- ``large/dask``: the same with ``--engine dask`` (a LocalCluster of J workers).

Stages come from the run's progress messages: read + score + hash (the parts), fit (IDF,
sample, LSA, k), assign (MiniBatchKMeans part by part, every comment assigned, the
comments table written), report (PDF/PNG/JSON/CSV).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def sentence_pool():
    sys.path.insert(0, str(ROOT))
    from discourse.sentiment import split_sentences

    pool, lengths = [], []
    for folder in (DATA / "threads-long" / "dev", DATA / "threads-dev"):
        for g in sorted(folder.glob("*.gold.json")):
            if ".meta." in g.name:
                continue
            lines = g.with_name(g.name[:-len(".gold.json")] + ".txt").read_text(
                encoding="utf-8").splitlines()
            for c in json.loads(g.read_text(encoding="utf-8"))["comments"]:
                sents = split_sentences("\n".join(lines[c["start_line"] - 1:c["end_line"]]))
                if sents:
                    pool.extend(sents)
                    lengths.append(len(sents))
    return pool, lengths


def write_real(path: Path) -> tuple[int, float]:
    """Every comment of ``threads-long/train`` as it is (its thread, its post row): no
    sentence repeats but the data's own. Returns (comments, mean length)."""
    n = chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for g in sorted((DATA / "threads-long" / "train").glob("*.gold.json")):
            if ".meta." in g.name:
                continue
            gold = json.loads(g.read_text(encoding="utf-8"))
            lines = g.with_name(g.name[:-len(".gold.json")] + ".txt").read_text(
                encoding="utf-8").splitlines()
            tid = g.name[:-len(".gold.json")]
            post = gold.get("post_lines") or gold.get("post") or [1, 1]
            if isinstance(post, dict):
                post = [post.get("start_line", 1), post.get("end_line", 1)]
            fh.write(json.dumps({"thread": tid, "type": "post", "id": f"p-{tid}", "title": gold.get("title") or tid,
                                 "text": "\n".join(lines[post[0] - 1:post[-1]])}) + "\n")
            for k, c in enumerate(gold["comments"]):
                text = "\n".join(lines[c["start_line"] - 1:c["end_line"]])
                n += 1
                chars += len(text)
                fh.write(json.dumps({"thread": tid, "id": f"{tid}-{k}", "text": text}) + "\n")
    return n, chars / max(n, 1)


def write_export(n: int, per: int, path: Path, seed: int = 0) -> float:
    """``n`` comments in threads of ``per``; returns the mean comment length (chars)."""
    pool, lengths = sentence_pool()
    rng = random.Random(seed)
    chars = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            if k % per == 0:
                t = k // per
                fh.write(json.dumps({"thread": f"t{t}", "type": "post", "id": f"p{t}",
                                     "title": f"Thread {t}", "text": rng.choice(pool)}) + "\n")
            text = " ".join(rng.choices(pool, k=rng.choice(lengths)))
            chars += len(text)
            fh.write(json.dumps({"thread": f"t{k // per}", "id": f"c{k}", "text": text}) + "\n")
    return chars / n


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, %(root)r)
kind, src, out, jobs = sys.argv[1:5]
marks = [("start", time.perf_counter())]
if kind == "plain":
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    texts = [r["text"] for r in map(json.loads, open(src, encoding="utf-8"))
             if r.get("type") != "post"]
    an = SentimentIntensityAnalyzer()
    s = [an.polarity_scores(x)["compound"] for x in texts]
    X = TfidfVectorizer(stop_words="english", max_features=5000).fit_transform(texts)
    KMeans(5, n_init=1, random_state=0).fit(X)
else:
    import discourse.large as L
    def say(m):
        marks.append((m, time.perf_counter()))
    import builtins
    real_print = builtins.print
    def spy(*a, **k):
        if k.get("file") is sys.stderr:
            say(" ".join(map(str, a)))
        else:
            real_print(*a, **k)
    builtins.print = spy
    from discourse.config import Config
    L.report([src], Config(), out, engine=kind, jobs=int(jobs))
    builtins.print = real_print
marks.append(("end", time.perf_counter()))
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"marks": [(m, t - marks[0][1]) for m, t in marks], "rss_mb": rss}))
"""

STAGES = (("read+score+hash", "large-input mode"), ("fit", "comments read and scored"),
          ("assign", "stances ("), ("report", "writing the report"))


def stage_times(marks) -> dict:
    """Seconds per stage from the progress messages (a stage runs from its message to
    the next stage's)."""
    at = {}
    for name, prefix in STAGES:
        at[name] = next((t for m, t in marks if prefix in m), None)
    end = marks[-1][1]
    names = [n for n, _ in STAGES]
    out = {}
    for i, n in enumerate(names):
        start = at[n] if i else 0.0
        stop = next((at[m] for m in names[i + 1:] if at[m] is not None), end)
        out[n] = stop - start if start is not None else None
    return out


def measure(kind: str, src: Path, out: Path, jobs: int) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD % {"root": str(ROOT)}, kind, str(src),
                        str(out), str(jobs)], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(r.stderr[-3000:])
    m = json.loads(r.stdout.strip().splitlines()[-1])
    return {"seconds": m["marks"][-1][1], "rss_mb": m["rss_mb"],
            "stages": stage_times(m["marks"]) if kind != "plain" else {}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--per-thread", type=int, default=100)
    ap.add_argument("--plain-max", type=int, default=100_000)
    ap.add_argument("--engines", default="local,dask")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--real", action="store_true",
                    help="instead of --sizes: every comment of threads-long/train as it is")
    args = ap.parse_args(argv)
    print("| comments | system | seconds | read+score+hash | fit | assign | report "
          "| comments/s | peak RSS MB | × plain |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    plain_rate = None
    for n in ([0] if args.real else [int(x) for x in args.sizes.split(",")]):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / f"scale-{n}.jsonl"
            if args.real:
                n, mean_chars = write_real(src)
            else:
                mean_chars = write_export(n, args.per_thread, src)
            print(f"<!-- {n:,} comments, mean {mean_chars:.0f} characters, "
                  f"{src.stat().st_size / 1e6:.0f} MB -->", flush=True)
            rows = []
            if n <= args.plain_max:
                plain = measure("plain", src, Path(tmp) / "p", 1)
                plain_rate = n / plain["seconds"]
                rows.append(("plain (vaderSentiment + TF-IDF + KMeans)", plain))
                base = plain["seconds"]
            else:
                base = n / plain_rate if plain_rate else None
            for eng in args.engines.split(","):
                started = time.perf_counter()
                m = measure(eng, src, Path(tmp) / eng, args.jobs)
                m["wall"] = time.perf_counter() - started
                rows.append((f"large/{eng}, --jobs {args.jobs}", m))
            for name, m in rows:
                st = m["stages"]
                cells = " | ".join(f"{st[s]:.1f}" if st.get(s) is not None else "–"
                                   for s, _ in STAGES)
                ratio = f"{m['seconds'] / base:.2f}" if base else "–"
                if base and n > args.plain_max:
                    ratio += " (plain extrapolated)"
                print(f"| {n:,} | {name} | {m['seconds']:.1f} | {cells} | "
                      f"{n / m['seconds']:,.0f} | {m['rss_mb']:.0f} | {ratio} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
