#!/usr/bin/env python3
"""Start-up time of the command line, printed as a Markdown table.

Each command runs in a new Python process from the checkout's root (so the checkout's
``discourse`` is the one imported), ``--runs`` times; the table gives the best and the
median wall time. ``python -c pass`` is the interpreter's own start-up, for scale.

Usage:  python bench/cli_start.py [--runs 5]
No assertions: the target (``--help`` and ``--version`` under 0.3 s) is read off the table;
tests/test_cli.py checks instead that they import neither scikit-learn nor matplotlib.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (["-c", "pass"], ["-m", "discourse", "--help"], ["-m", "discourse", "--version"],
            ["-c", "import discourse"])


def wall_times(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    print("| command (new process) | runs | best s | median s |\n|---|---|---|---|")
    for cmd in COMMANDS:
        times = wall_times(cmd, args.runs)
        print(f"| `python {' '.join(cmd)}` | {args.runs} | {min(times):.3f} | "
              f"{statistics.median(times):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
