"""Partitions of the input: what one worker reads.

A JSONL export is cut into byte ranges of about ``part_bytes`` that start and end on a
line boundary, each knowing the line number it starts at (so errors and the
``comments.csv`` rows name real lines). Every other format is one part per file (a CSV
can hold quoted newlines, an XML export is one document). Parts are listed in reading
order; the results of a run depend only on that order, never on which worker ran a part.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..readers._common import stream_encoding

#: a part of a JSONL export: about this many bytes (a few seconds of one core's work)
PART_BYTES = 8 << 20
#: read this much at a time while looking for line boundaries
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Part:
    """``path`` from byte ``start`` to ``end`` (``end`` -1: the whole file), whose first
    line is line ``first_line`` (1-based); ``format`` is the reader's name."""

    index: int
    path: str
    format: str
    start: int = 0
    end: int = -1
    first_line: int = 1
    encoding: str = "utf-8"


def _line_cuts(path: Path, part_bytes: int) -> Iterator[tuple[int, int]]:
    """``(byte offset, line number)`` of the line starts where parts begin, the first
    being ``(0, 1)``; one pass over the file counting newlines."""
    yield 0, 1
    lines, pos, next_cut = 1, 0, part_bytes
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            if not block:
                return
            while next_cut < pos + len(block):
                nl = block.find(b"\n", next_cut - pos)
                if nl < 0:
                    break
                cut = pos + nl + 1
                yield cut, lines + block.count(b"\n", 0, nl + 1)
                next_cut = cut + part_bytes
            lines += block.count(b"\n")
            pos += len(block)


def plan_parts(files: Iterable[Path], formats: Iterable[str],
               part_bytes: int = PART_BYTES) -> list[Part]:
    """The parts of ``files`` (each with its reader's name in ``formats``).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = Path(d, "x.jsonl")
    >>> _ = p.write_bytes(b'{"text": "a"}\\n' * 10)
    >>> [(q.start, q.end, q.first_line) for q in plan_parts([p], ["jsonl"], part_bytes=40)]
    [(0, 42, 1), (42, 84, 4), (84, 126, 7), (126, 140, 10)]
    """
    out: list[Part] = []
    for path, fmt in zip(files, formats):
        path = Path(path)
        if fmt != "jsonl":
            out.append(Part(len(out), str(path), fmt))
            continue
        enc, _ = stream_encoding(path)
        if enc == "utf-16":   # two-byte newlines: read whole
            out.append(Part(len(out), str(path), fmt, encoding=enc))
            continue
        size = path.stat().st_size
        cuts = [c for c in _line_cuts(path, part_bytes) if c[0] < size]
        for k, (start, line) in enumerate(cuts):
            end = cuts[k + 1][0] if k + 1 < len(cuts) else size
            out.append(Part(len(out), str(path), fmt, start, end, line, enc))
    return out
