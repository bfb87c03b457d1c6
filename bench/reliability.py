#!/usr/bin/env python3
"""Reliability of the readers on bad and hostile input, and how the costly stages grow,
printed as Markdown tables.

1. **Per reader**: the seeded damaged copies of its fixture (``tests/damage.py``, the
   same the fuzz test uses, here 24 per reader) and the heavy cases below, each run as
   its own process (forked from this one, so imports are paid once) with a time limit
   and its peak memory measured. Counted: exit 0, one-line errors (exit 1, one line
   naming the file), exit 3 or crashes, tracebacks, hangs or runs past the stated
   limits, silent losses (text of the input missing from an exit-0 result with no note
   counting what was left out).
2. **Heavy cases**, one row each: a 50 MB line in every reader's input (refused at the
   default ``--max-line-bytes``, and read with the limit raised), 100,000 identical
   comments (a dump and a JSONL), a 1 MB comment through the whole analysis, a page of
   comments nested 200 deep, reply chains 200 deep in every nested format.
3. **Complexity**: split, quote finding and targets on 1k / 10k / 100k synthetic
   comments (``bench/speed.py``'s), and quote finding on as many identical lines;
   seconds and the growth exponent between sizes (1 = linear).

Usage:  python bench/reliability.py [--sizes 1000,10000,100000] [--quick]
``--quick`` skips the 50 MB and 100k cases. Functions return rows (lists of dicts), so
another script can run them: :func:`reader_rows`, :func:`heavy_rows`,
:func:`complexity_rows`. No assertions: this prints figures.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # no thread pools before forking
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from damage import FIXTURES, SUFFIX, base_input, lost, snippets, variants  # noqa: E402

#: limits a run must stay within (seconds, MB of peak memory) unless a case says more
LIMIT_S, LIMIT_MB = 30, 1024
#: damaged copies per reader (the fuzz test runs 22 of the same)
VARIANTS = 24
BIG_LINE = 50 * 2**20


# ------------------------------------------------------------------ running one input

def run(argv: list[str], timeout: float = LIMIT_S) -> dict:
    """``discourse.cli.main(argv)`` in a forked process: exit code (None when killed at
    ``timeout``), stderr, seconds, peak memory (MB, max RSS of the process)."""
    from discourse.cli import main

    err_f = tempfile.TemporaryFile()
    out_f = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:   # the child: run the command, exit with its code
        os.dup2(out_f.fileno(), 1)
        os.dup2(err_f.fileno(), 2)
        try:
            rc = main(argv)
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 2
        except BaseException:
            traceback.print_exc()
            rc = 99
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(rc if isinstance(rc, int) else 0)
    hung = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - t0 > timeout:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            hung = True
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - t0
    err_f.seek(0)
    err = err_f.read().decode("utf-8", "replace")
    return {"rc": None if hung else os.waitstatus_to_exitcode(status), "err": err,
            "seconds": seconds, "mb": usage.ru_maxrss / 1024, "out": out_f}


def verdict(r: dict, path: Path, limit_s: float = LIMIT_S, limit_mb: float = LIMIT_MB) -> str:
    """ok / error / crash / traceback / hang for one run."""
    if r["rc"] is None or r["seconds"] > limit_s or r["mb"] > limit_mb:
        return "hang"
    if "Traceback" in r["err"]:
        return "traceback"
    if r["rc"] == 0 or (r["rc"] == 1 and "threads; read it with read_threads()" in r["err"]):
        return "ok"   # ('split' takes one thread: a file of several was read whole)
    if r["rc"] == 1 and r["err"].count("\n") == 1 and path.name in r["err"]:
        return "error"
    return "crash"


def split_args(path: Path, reader: str, *extra) -> list[str]:
    return ["split", str(path), "--format", "json", "-o", str(path.with_suffix(".out.json")),
            "--input-format", reader, *extra]


def _kept(path: Path, reader: str, r: dict):
    """(text kept, notes) of an exit-0 split, or of a multi-thread file read directly."""
    from discourse.readers import read_threads
    from damage import texts_of

    if r["rc"] == 1 and "threads; read it with read_threads()" in r["err"]:
        threads = read_threads(path, format=reader)
        return texts_of(threads), [n for t in threads for n in t.notes]
    d = json.loads(path.with_suffix(".out.json").read_text(encoding="utf-8"))
    return " ".join(" ".join(c["text"] for c in d["comments"]).split()), d["notes"]


# ------------------------------------------------------------------ heavy inputs

def _li(i: int, inner: str = "") -> str:
    return (f'<li id="comment-{i}" class="comment"><article><div class="comment-author">'
            f'<b class="fn">user{i}</b></div><div class="comment-content"><p>Comment {i} on '
            f'the lanes.</p></div></article>{inner}</li>')


def _page(items: str) -> str:
    return ('<!DOCTYPE html><html><body><article><div class="entry-content"><p>The post.</p>'
            f'</div></article><div id="comments"><ol class="comment-list">{items}</ol></div>'
            '</body></html>')


def big_line(reader: str, folder: Path, wanted) -> Path:
    """``reader``'s fixture with one comment's text grown to a 50 MB line (after the
    first of its comment snippets found as written in the file)."""
    base = base_input(reader, folder)
    words = (b"the council is wrong about the lanes and I will say it again " * (BIG_LINE // 62 + 1))[:BIG_LINE]
    anchor = next((s.encode("utf-8") for s in wanted if s.encode("utf-8") in base),
                  base[len(base) // 2: len(base) // 2 + 1])
    path = folder / f"big50-{reader}{SUFFIX[reader]}"
    path.write_bytes(base.replace(anchor, anchor + b" " + words, 1))
    return path


def identical(n: int, folder: Path, kind: str) -> Path:
    line = "I think the council is wrong about the bike lanes on Main Street."
    path = folder / f"same{n}.{kind}"
    with open(path, "w", encoding="utf-8") as fh:
        if kind == "txt":
            fh.write("Bike lanes\nThe council will paint bike lanes on Main Street.\nLeave a reply\n")
            fh.writelines(f"{line}\n\n" for _ in range(n))
        else:
            fh.writelines(json.dumps({"id": str(i), "text": line}) + "\n" for i in range(n))
    return path


def one_mb_comment(folder: Path) -> Path:
    from speed import synthetic_comments

    text, k = [], 0
    while sum(map(len, text)) < 2**20:
        text.append(synthetic_comments(1, seed=k)[0])
        k += 1
    path = folder / "comment1mb.jsonl"
    rows = [{"id": "0", "text": " ".join(text)}] + [
        {"id": str(i), "text": t} for i, t in enumerate(synthetic_comments(30, seed=99), 1)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def deep_chain(reader: str, folder: Path, depth: int = 200) -> Path:
    """A reply chain ``depth`` deep in ``reader``'s format."""
    path = folder / f"deep-{reader}{SUFFIX[reader]}"
    if reader == "html":
        inner = ""
        for i in reversed(range(depth)):
            inner = _li(i, f'<ol class="children">{inner}</ol>' if inner else "")
        path.write_text(_page(inner), encoding="utf-8")
        return path
    if reader == "jsonl":
        path.write_text("".join(json.dumps({"id": str(i), "parent": str(i - 1) if i else None,
                                            "text": f"reply {i}"}) + "\n" for i in range(depth)),
                        encoding="utf-8")
        return path
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * depth))   # json.dumps recurses
    if reader == "hn":
        node = None
        for i in reversed(range(depth)):
            node = {"id": i + 2, "author": f"u{i}", "text": f"reply {i}", "children": [node] if node else []}
        doc = {"id": 1, "type": "story", "title": "T", "text": "post", "points": 1, "children": [node]}
    elif reader == "reddit":
        rep = ""
        for i in reversed(range(depth)):
            rep = {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
                "name": f"t1_{i}", "body": f"reply {i}", "author": f"u{i}", "created_utc": 1.7e9,
                "replies": rep}}]}}
        doc = [{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
            "name": "t3_x", "title": "T", "selftext": "post", "author": "op"}}]}}, rep]
    else:   # discourse-json
        doc = {"source": None, "post_lines": None, "comments": [
            {"index": i, "parent": i - 1 if i else None, "text": f"reply {i}"} for i in range(depth)]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# ------------------------------------------------------------------ tables

def reader_rows(folder: Path, heavy: bool = True) -> tuple[list[dict], list[dict]]:
    """Per reader: the damaged variants and its heavy cases. Returns (summary rows,
    heavy-case rows)."""
    from discourse.readers import read_threads

    summary, heavies = [], []
    for reader in FIXTURES:
        rdir = folder / reader
        rdir.mkdir()
        base = base_input(reader, rdir)
        (rdir / f"base{SUFFIX[reader]}").write_bytes(base)
        wanted = snippets(read_threads(rdir / f"base{SUFFIX[reader]}", format=reader))
        counts = dict.fromkeys(("ok", "error", "crash", "traceback", "hang", "lost"), 0)
        cases = []
        for k, (how, data) in enumerate(variants(reader, base, VARIANTS)):
            p = rdir / f"v{k}{SUFFIX[reader]}"
            p.write_bytes(data)
            cases.append((how, p, split_args(p, reader), LIMIT_S, LIMIT_MB))
        extra = [("reply chain 200 deep", deep_chain(reader, rdir), None, 10, LIMIT_MB)] \
            if reader not in ("text", "csv", "wxr", "disqus") else []
        if heavy:
            p = big_line(reader, rdir, wanted)
            extra += [("50 MB line, default limit", p, None, 10, LIMIT_MB),
                      ("50 MB line, --max-line-bytes 64M", p, split_args(p, reader, "--max-line-bytes", "64M"),
                       LIMIT_S, LIMIT_MB)]
        for how, p, argv, lim_s, lim_mb in extra:
            cases.append((how, p, argv or split_args(p, reader), lim_s, lim_mb))
        for how, p, argv, lim_s, lim_mb in cases:
            r = run(argv, timeout=lim_s + 30)
            v = verdict(r, p, lim_s, lim_mb)
            counts[v] += 1
            if v == "ok":
                if how.startswith("_") or "+" in how:   # a damaged copy: look for lost text
                    text, notes = _kept(p, reader, r)
                    if lost(wanted, p.read_bytes(), text, notes):
                        counts["lost"] += 1
            if not how.startswith("_") and "+" not in how:
                heavies.append({"reader": reader, "case": how, "exit": r["rc"], "verdict": v,
                                "seconds": r["seconds"], "mb": r["mb"],
                                "message": r["err"].strip().split("\n")[-1][:110]})
            print(f"  {reader} {how}: {v} {r['seconds']:.1f}s", file=sys.stderr, flush=True)
        summary.append({"reader": reader, "inputs": len(cases), **counts})
    return summary, heavies


def whole_rows(folder: Path, heavy: bool = True) -> list[dict]:
    """Cases through more than a reader: 100k identical comments, a 1 MB comment."""
    rows = []
    cases = [("1 MB comment, report --format json", one_mb_comment(folder), "report", LIMIT_S, LIMIT_MB)]
    if heavy:
        cases += [("100k identical comments, dump, split", identical(100_000, folder, "txt"), "split", 300, 2048),
                  ("100k identical comments, JSONL, report --format json",
                   identical(100_000, folder, "jsonl"), "report", 600, 2048)]
    for how, p, cmd, lim_s, lim_mb in cases:
        argv = (["report", str(p), "-o", str(folder / "out"), "-q", "--format", "json", "--jobs", "1"]
                if cmd == "report" else ["split", str(p), "--format", "json", "-o", str(folder / "o.json")])
        r = run(argv, timeout=lim_s + 60)
        rows.append({"reader": p.suffix[1:], "case": how, "exit": r["rc"],
                     "verdict": verdict(r, p, lim_s, lim_mb), "seconds": r["seconds"], "mb": r["mb"],
                     "message": f"limits {lim_s} s, {lim_mb} MB"})
        print(f"  {how}: {rows[-1]['verdict']} {r['seconds']:.1f}s", file=sys.stderr, flush=True)
    return rows


def complexity_rows(sizes) -> list[dict]:
    """Seconds of split, quote finding and targets on synthetic threads, and of quote
    finding on identical lines, with the growth exponent from the size before."""
    from speed import synthetic_comments
    from discourse.model import Comment
    from discourse.split import split_text
    from discourse.split.lines import split_lines
    from discourse.split.quotes import find_quotes
    from discourse.targets import targets

    rows, last = [], {}
    for n in sizes:
        texts = synthetic_comments(n)
        dump = "A post about the budget and the war.\nLeave a reply\n" + "\n".join(texts) + "\n"
        same = ["Post", "Leave a reply"] + ["I think the council is wrong about the bike lanes."] * n
        comments = [Comment(i, t) for i, t in enumerate(texts)]
        for stage, fn in (("split (whole splitter)", lambda: split_text(dump)),
                          ("quote finding", lambda: find_quotes(split_lines(dump), 2)),
                          ("quote finding, identical lines", lambda: find_quotes(same, 2)),
                          ("targets", lambda: targets(comments))):
            t0 = time.perf_counter()
            fn()
            dt = time.perf_counter() - t0
            prev = last.get(stage)
            growth = (math.log(dt / prev[1]) / math.log(n / prev[0])) if prev and prev[1] > 0.05 else None
            last[stage] = (n, dt)
            rows.append({"comments": n, "stage": stage, "seconds": dt, "growth": growth})
            print(f"  {n:,} {stage}: {dt:.2f}s", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict], cols: list[tuple[str, str]]) -> str:
    def cell(v):
        if isinstance(v, float):
            return f"{v:.2f}"
        return "" if v is None else str(v).replace("|", "\\|")
    head = "| " + " | ".join(h for h, _ in cols) + " |\n|" + "---|" * len(cols) + "\n"
    return head + "".join("| " + " | ".join(cell(r.get(k)) for _, k in cols) + " |\n" for r in rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--quick", action="store_true", help="skip the 50 MB and 100k cases")
    args = ap.parse_args(argv)
    import discourse.cli  # noqa: F401  (imported once, before forking)
    import discourse.readers  # noqa: F401
    import discourse.split  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        summary, heavies = reader_rows(folder, heavy=not args.quick)
        heavies += whole_rows(folder, heavy=not args.quick)
    print("## Readers on damaged and hostile input (each input its own process)\n")
    print(table(summary, [("reader", "reader"), ("inputs tried", "inputs"), ("exit 0", "ok"),
                          ("one-line errors (exit 1)", "error"), ("exit 3 / crashes", "crash"),
                          ("tracebacks", "traceback"), ("hangs (past limits)", "hang"),
                          ("silent losses", "lost")]))
    print(f"Limits: {LIMIT_S} s and {LIMIT_MB} MB per run unless a case below says more; "
          f"{VARIANTS} damaged copies per reader plus its heavy cases.\n")
    print("## Heavy cases\n")
    print(table(heavies, [("reader", "reader"), ("case", "case"), ("exit", "exit"),
                          ("verdict", "verdict"), ("seconds", "seconds"), ("peak MB", "mb"),
                          ("stderr / limits", "message")]))
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    rows = complexity_rows(sizes)
    print("## Complexity (seconds; growth = log(t2/t1) / log(n2/n1), 1 = linear)\n")
    print(table(rows, [("comments", "comments"), ("stage", "stage"), ("seconds", "seconds"),
                       ("growth", "growth")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
