"""Copy structure of a thread: lines that repeat earlier lines word for word.

Forum replies open with the lines they answer, pasted without a "Quote:" header, and a
thread quoted line by line repeats whole lines of earlier comments. Where those copies
sit says a lot about where comments begin: a copy after a non-copy opens a reply (or a
new point of the same reply, when it quotes the same comment further on); a pair of
lines copied together later was one comment's; a comment quoted whole is quoted from its
first line. This module finds every copy in one pass (a dictionary of normalised lines:
linear in the thread) and turns it into per-line features for the segmentation model.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .lines import is_blank
from .quotes import QuoteHit

_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")

#: a line shorter than this (characters, normalised) is too common to be a copy ("Thanks.")
MIN_COPY_CHARS = 8


def norm(line: str) -> str:
    """A line as compared for copying: lower case, spaces collapsed, edge marks stripped."""
    return _EDGE.sub("", _SPACE.sub(" ", line.strip().lower()))


@dataclass(frozen=True)
class Copies:
    """For every line (0-based): the earlier line it copies (``source``, or None) and the
    later lines that copy it (``copied_at``)."""

    source: tuple[Optional[int], ...]
    copied_at: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, lines: Sequence[str]) -> "Copies":
        first_seen: dict[str, int] = {}
        source: list[Optional[int]] = []
        later: list[list[int]] = [[] for _ in lines]
        for i, line in enumerate(lines):
            key = norm(line)
            if len(key) < MIN_COPY_CHARS:
                source.append(None)
                continue
            k = first_seen.get(key)
            source.append(k)
            if k is None:
                first_seen[key] = i
            else:
                later[k].append(i)
        return cls(tuple(source), tuple(tuple(x) for x in later))


COPY_FEATURES = (
    "copy", "copy_prev", "copy_block_start", "copy_continues_block", "copy_of_post",
    "copy_log_back", "copy_same_source_run", "copy_forward_of_last", "after_copy_block",
    "pair_copied_later", "copied_later", "copied_later_prev", "later_block_starts_here",
    "log_since_copy_block", "copies_prev", "copied_by_next", "copy_log_chars",
    "later_block_ends_before",
)


def _last_block_source(copies: Copies, body: Sequence[int], r: int) -> Optional[int]:
    """Source line of the nearest copied line before body[r], or None."""
    for q in range(r - 1, max(-1, r - 40), -1):
        s = copies.source[body[q]]
        if s is not None:
            return s
    return None


def copy_features(lines: Sequence[str], body: Sequence[int], post_end: int,
                  copies: Copies) -> list[list[float]]:
    """Copy features of body[1:] (``body`` the non-blank comment-section lines, 0-based),
    each against the line before it, in the order of :data:`COPY_FEATURES`."""
    src = copies.source
    later = copies.copied_at
    later_set = [set(x) for x in later]
    out = []
    since_block = 0
    for r in range(1, len(body)):
        j, p = body[r], body[r - 1]
        nxt = body[r + 1] if r + 1 < len(body) else None
        s, sp = src[j], src[p]
        c = s is not None
        cp = sp is not None
        block_start = c and not cp
        continues = c and cp and (s == _next_nonblank(lines, sp) or s == sp + 1)
        last = _last_block_source(copies, body, r) if block_start else None
        same_run = c and cp and not continues
        fwd = float(block_start and last is not None and s > last and s - last <= 6)
        # (p, j) copied as neighbours later: the two lines were quoted together
        pair = float(any((_next_nonblank(lines, k) in later_set[j]) for k in later[p]))
        block_here = float(bool(later[j]) and any(
            src[_prev_nonblank_idx(lines, k)] is None or src[_prev_nonblank_idx(lines, k)] != p
            for k in later[j]) and not pair)
        if block_start:
            since_block = 0
        else:
            since_block += 1
        out.append([
            float(c), float(cp), float(block_start), float(continues),
            float(c and s <= post_end),
            math.log1p(j - s) if c else 0.0,
            float(same_run), fwd, float(cp and not c),
            pair, float(bool(later[j])), float(bool(later[p])), block_here,
            math.log1p(since_block),
            float(c and s == p), float(nxt is not None and src[nxt] == j),
            math.log1p(len(norm(lines[j]))) if c else 0.0,
            float(any(not (_next_nonblank(lines, k) < len(lines) and src[_next_nonblank(lines, k)] == j)
                      for k in later[p])),
        ])
    return out


def _next_nonblank(lines: Sequence[str], k: int) -> int:
    k += 1
    while k < len(lines) and is_blank(lines[k]):
        k += 1
    return k


def _prev_nonblank_idx(lines: Sequence[str], k: int) -> int:
    k -= 1
    while k > 0 and is_blank(lines[k]):
        k -= 1
    return max(k, 0)


def first_copy(lines: Sequence[str], min_chars: int, copies: Optional[Copies] = None) -> int:
    """The first line (0-based) repeating an earlier line of at least ``min_chars``
    (>= :data:`MIN_COPY_CHARS`) normalised characters, or ``len(lines)``. A repeat of the
    first non-blank line (the title: web pages print their headline twice) does not count."""
    copies = copies if copies is not None else Copies.of(lines)
    title = next((i for i, line in enumerate(lines) if line.strip()), None)
    return next((i for i, s in enumerate(copies.source)
                 if s is not None and s != title and len(norm(lines[i])) >= min_chars), len(lines))


def copy_hits(lines: Sequence[str], copies: Copies, start: int, post_end: int, skip) -> list[QuoteHit]:
    """Whole lines from ``start`` on that repeat a line after the post word for word
    (forum replies paste the lines they answer): quotes naming their source. Lines in
    ``skip`` (already quote hits, metadata) are left out."""
    src = copies.source
    return [QuoteHit(j, lines[j].strip(), src[j], True) for j in range(start, len(lines))
            if src[j] is not None and src[j] > post_end and j not in skip]
