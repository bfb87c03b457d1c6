"""Read speed and memory of the row readers on a large synthetic JSONL export.

    python bench/read_speed.py                 # 200 MB, in a temporary folder
    python bench/read_speed.py --mb 50 --keep /tmp/big.jsonl

Writes a synthetic JSONL (threads of 500 comments, one post row per thread, replies to
earlier comments, a non-ASCII name now and then), then reads it with
``discourse.readers.read_threads`` in a fresh process and prints a table: file size,
rows, threads, seconds, MB/s, peak resident memory, and peak memory per MB of input.
The file is streamed row by row; what stays in memory is the threads themselves
(frozen Comment records), so peak memory grows with the comments kept, not with a
copy of the file. A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("park lanes council traffic parking bike road safe kids shop price tax vote "
         "agree disagree think really never always maybe because street city plan "
         "money people car bus noise").split()
NAMES = ("anna", "mark", "zoë", "josé", "li", "sam", "kim", "ola", "bob", "eve")


def write_jsonl(path: Path, target_mb: float, per_thread: int = 500, seed: int = 0) -> tuple[int, int]:
    rng = random.Random(seed)
    target = int(target_mb * 1_000_000)
    rows = threads = 0
    with open(path, "w", encoding="utf-8") as fh:
        size = 0
        while size < target:
            tid = f"t{threads}"
            threads += 1
            line = json.dumps({"thread": tid, "type": "post", "id": f"{tid}-p", "title": f"Thread {threads}",
                               "text": " ".join(rng.choices(WORDS, k=80))}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            for i in range(per_thread):
                parent = f"{tid}-{rng.randrange(i)}" if i and rng.random() < 0.5 else None
                line = json.dumps({"thread": tid, "id": f"{tid}-{i}", "parent": parent,
                                   "author": rng.choice(NAMES), "created_utc": 1704189600 + 60 * i,
                                   "text": " ".join(rng.choices(WORDS, k=rng.randint(5, 60)))},
                                  ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                rows += 1
                if size >= target:
                    break
    return rows, threads


CHILD = r"""
import json, resource, sys, time
from discourse.readers import read_threads
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
threads = read_threads(sys.argv[1])
secs = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"secs": secs, "threads": len(threads), "comments": sum(len(t.comments) for t in threads),
                  "base_mb": base / 1024, "peak_mb": peak / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200, help="size of the synthetic file (default 200)")
    ap.add_argument("--keep", metavar="FILE", help="write the file here and keep it")
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "synthetic.jsonl"
        t0 = time.perf_counter()
        rows, threads = write_jsonl(path, args.mb)
        gen = time.perf_counter() - t0
        mb = path.stat().st_size / 1e6
        env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                             env=env, check=True)
        r = json.loads(out.stdout)
    print(f"synthetic JSONL written in {gen:.1f}s")
    print()
    print("| file MB | rows | threads | read s | MB/s | RSS before MB | peak RSS MB | peak MB per input MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {mb:.0f} | {rows} | {r['threads']} | {r['secs']:.1f} | {mb / r['secs']:.1f} | "
          f"{r['base_mb']:.0f} | {r['peak_mb']:.0f} | {(r['peak_mb'] - r['base_mb']) / mb:.2f} |")
    assert r["comments"] == rows, (r["comments"], rows)


if __name__ == "__main__":
    main()
