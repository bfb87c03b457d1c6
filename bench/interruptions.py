#!/usr/bin/env python3
"""Interrupted and failing report runs: is every report folder whole, old or new?

For each case a previous report is in place (written with other options, so the old
and the new report differ in every folder: ``config.toml``, the run id), then
``discourse report`` is started again with the default options and sent SIGINT or
SIGTERM (chosen at random) after a random delay, uniform between
:data:`MIN_DELAY` seconds and the length of an uninterrupted run (measured first), all
drawn from one seeded generator. After each run it checks:

- the exit code: 0 (the signal came after the end) or 130; never 3, never death by a
  signal, no "Traceback" on stderr;
- every report folder (each thread's and the corpus's) is exactly the old report or
  exactly the new one: its ``MANIFEST.json`` equals the old or the new run's, every
  file matches it (size, sha256), and no other report file is there;
- nothing temporary (``.NAME.tmp-…``, ``.NAME.old-…``) is left after the next run into
  the same folder (a quick ``--format json`` run). "tmp right after" counts what the
  interrupted run itself left (a SIGTERM arriving while the interpreter starts, before
  discourse sets its handler, kills it without clean-up; the next run removes that).

Cases: seed 004 (one thread; a previous report with ``--seed 1 --clusters 3``), the
two-thread JSONL fixture (per-thread folders and the corpus folder; previous report
with ``--seed 1``), and a full disk: a 2 MB tmpfs holding a previous report of seed 004
and a filler file leaving from 0.03 to 0.9 MB free, so the write fails in different
writers (PDF, PNG, JSON); there the exit code must be 1 with one line naming the folder
and the previous report intact. Mounting needs root; without it the row says so (the
tests simulate a full disk by monkeypatching a writer instead).

The first ~50 ms of a run are Python starting up, before discourse can handle a signal:
a SIGINT there prints Python's own KeyboardInterrupt traceback and a SIGTERM kills the
process. Delays start at :data:`MIN_DELAY` to stay clear of that window (nothing is
written in it, so the report folders are untouched either way).

Usage: python bench/interruptions.py [--runs N] [--seed S]   (default: 30 runs per case)
``run(n=30, seed=0) -> list[dict]`` returns the table's rows for another script.

Results (2 cores shared with other jobs, --runs 30 --seed 0): see the table printed at
the end of the run, reproduced in the README's "What you can rely on".
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.output import MANIFEST, TEMP_NAME, check_manifest, read_manifest  # noqa: E402

SEED_004 = next((ROOT / "seeds").glob("004_*.txt"))
JSONL = ROOT / "tests" / "fixtures" / "threads.jsonl"
#: (case name, input, the previous report's options)
CASES = (
    ("seed 004", SEED_004, ["--seed", "1", "--clusters", "3"]),
    ("threads.jsonl (2 threads + corpus)", JSONL, ["--seed", "1"]),
)
#: seconds: signals are sent no earlier than this after the start (see the docstring)
MIN_DELAY = 0.1
SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: the full-disk case: tmpfs size, and the free space left by a filler file (bytes)
TMPFS_SIZE = "2m"
FREE_AFTER_FILLER = (30_000, 150_000, 300_000, 600_000, 900_000)
COLUMNS = ("case", "runs", "exit 0", "exit 1", "exit 130", "exit other", "tracebacks",
           "partial/mixed left", "tmp right after", "tmp after next run")


def discourse(inp: Path, out: Path, *opts: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "discourse", "report", str(inp), "-o", str(out), *opts],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        # a Ctrl-C that the shell running this bench ignores must still reach the run
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    err = proc.communicate(timeout=600)[1].decode("utf-8", "replace")
    return proc.returncode, err


def folders(out: Path) -> dict:
    """Every report folder under ``out`` → its manifest."""
    return {m.parent.relative_to(out).as_posix(): read_manifest(m.parent)
            for m in sorted(out.rglob(MANIFEST))}


def temporaries(out: Path) -> int:
    return sum(1 for p in out.rglob("*") if TEMP_NAME.match(p.name))


def whole(folder: Path, expected: list) -> bool:
    """Is ``folder`` exactly one of the ``expected`` manifests' reports?"""
    got = read_manifest(folder)
    if got is None or got not in expected or check_manifest(folder):
        return False
    listed = {f["path"] for f in got["files"]} | {MANIFEST}
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == listed


def row(case: str) -> dict:
    return dict.fromkeys(COLUMNS, 0) | {"case": case}


def count_exit(r: dict, rc: int, err: str) -> None:
    key = {0: "exit 0", 1: "exit 1", 130: "exit 130"}.get(rc, "exit other")
    r[key] += 1
    r["tracebacks"] += "Traceback" in err
    r["runs"] += 1


def signal_case(name: str, inp: Path, old_opts: list, n: int, rng: random.Random,
                work: Path, log) -> dict:
    ref, template, out = work / "new", work / "old", work / "out"
    started = time.perf_counter()
    rc, err = finish(discourse(inp, ref))
    length = time.perf_counter() - started
    assert rc == 0, err
    rc, err = finish(discourse(inp, template, *old_opts))
    assert rc == 0, err
    new, old = folders(ref), folders(template)
    assert set(new) == set(old) and all(new[k] != old[k] for k in new)
    log(f"{name}: an uninterrupted run takes {length:.1f}s; {len(new)} report folder(s)")
    r = row(name)
    states = {"old": 0, "new": 0}
    for k in range(n):
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(template, out, symlinks=True)
        delay = rng.uniform(MIN_DELAY, length)
        sig = rng.choice(SIGNALS)
        proc = discourse(inp, out)
        time.sleep(delay)
        proc.send_signal(sig)
        rc, err = finish(proc)
        count_exit(r, rc, err)
        bad = []
        for rel in new:
            folder = out / rel
            if whole(folder, [old[rel]]):
                states["old"] += 1
            elif whole(folder, [new[rel]]):
                states["new"] += 1
            else:
                bad.append(rel)
        r["partial/mixed left"] += bool(bad)
        r["tmp right after"] += temporaries(out)
        rc2, err2 = finish(discourse(inp, out, "--format", "json", "-q"))
        r["tmp after next run"] += temporaries(out) + (rc2 != 0)
        log(f"  {k + 1:2d}/{n} {signal.Signals(sig).name:7s} after {delay:4.1f}s: exit {rc}"
            + (f", NOT WHOLE: {bad}" if bad else "")
            + (f", stderr:\n{err}" if rc not in (0, 130) or "Traceback" in err else ""))
    r["folders old/new"] = f"{states['old']}/{states['new']}"
    return r


def disk_full_case(work: Path, log) -> dict:
    name = f"disk full (tmpfs {TMPFS_SIZE}, seed 004)"
    mnt = work / "tmpfs"
    mnt.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(mnt)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        log(f"{name}: skipped, cannot mount a tmpfs ({mounted.stderr.strip() or 'not root?'})")
        return row(name) | {"case": name + ": skipped (cannot mount tmpfs)"}
    r = row(name)
    try:
        out = mnt / "reports"
        rc, err = finish(discourse(SEED_004, out, "--format", "json,csv"))
        assert rc == 0, err
        folder = out / SEED_004.stem
        before = read_manifest(folder)
        for free in FREE_AFTER_FILLER:
            filler = mnt / "filler"
            filler.unlink(missing_ok=True)
            have = shutil.disk_usage(mnt).free
            filler.write_bytes(b"\0" * max(0, have - free))
            rc, err = finish(discourse(SEED_004, out))
            count_exit(r, rc, err)
            one_line = len(err.strip().splitlines()) == 1 and str(folder) in err
            intact = whole(folder, [before])
            r["partial/mixed left"] += not (intact or rc == 0 and not check_manifest(folder))
            r["tmp right after"] += temporaries(mnt)
            filler.unlink()
            rc2, _ = finish(discourse(SEED_004, out, "--format", "json,csv", "-q"))
            r["tmp after next run"] += temporaries(mnt) + (rc2 != 0)
            log(f"  {free:>9,} bytes free: exit {rc}, one line naming the folder: {one_line}, "
                f"previous report intact: {intact}: {err.strip()}")
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
    return r


def run(n: int = 30, seed: int = 0, log=None) -> list[dict]:
    """The table's rows: one per case (see the module docstring)."""
    log = log or (lambda m: print(m, file=sys.stderr, flush=True))
    rng = random.Random(seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="discourse-interruptions-") as tmp:
        for k, (name, inp, old_opts) in enumerate(CASES):
            work = Path(tmp) / f"case{k}"
            work.mkdir()
            rows.append(signal_case(name, inp, old_opts, n, rng, work, log))
        rows.append(disk_full_case(Path(tmp), log))
    return rows


def table(rows: list[dict]) -> str:
    cols = COLUMNS + ("folders old/new",)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r.get(c, "–")) for c in cols) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30, help="interrupted runs per case")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = run(args.runs, args.seed)
    print(table(rows))


if __name__ == "__main__":
    main()
