"""Find passages that quote an earlier line (fuzzy: ellipses, small edits, marks stripped)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from ..text.tokens import line_words
from . import cues

_ELLIPSIS = re.compile(r"\.\.\.+|…|\[\.\.\.\]")
MIN_TOKENS = 3


@dataclass(frozen=True)
class QuoteHit:
    line: int          # 0-based line holding the quote
    passage: str       # exact substring of that line
    source: int        # 0-based earlier line it quotes
    whole_line: bool   # the line is nothing but the quote


def _ngrams(toks: Sequence[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def _contains(hay: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(hay[i:i + n]) == list(needle) for i in range(len(hay) - n + 1))


def _pieces(passage: str) -> list[list[str]]:
    """The passage's tokens, in pieces between ellipses ("[...]", "…")."""
    return [p for p in (line_words(x) for x in _ELLIPSIS.split(passage)) if p]


def _matches(pieces: list[list[str]], src_toks: list[str], src_grams: set) -> bool:
    """Do the passage's ``pieces`` occur, roughly, in the source line?"""
    total = sum(len(p) for p in pieces)
    if total < MIN_TOKENS or total >= len(src_toks):
        return False  # too short to tell, or a whole-line repeat (a repost, not a quote)
    for p in pieces:
        if len(p) <= 4:
            if not _contains(src_toks, p):
                return False
        else:
            grams = _ngrams(p)
            if len(grams & src_grams) / len(grams) < 0.6:
                return False
    return True


def find_quotes(lines: Sequence[str], first: int, earliest: int = 0) -> list[QuoteHit]:
    """Quotes in lines[first:] of earlier lines (lines[earliest:] up to the quoting line)."""
    src = _Sources(lines)
    hits: list[QuoteHit] = []
    for j in range(first, len(lines)):
        raw = lines[j].strip()
        if not raw:
            continue
        candidates: list[tuple[str, bool]] = []
        whole = raw.strip(cues.QUOTE_LINE_MARKS + " .,:;").strip()
        if whole:
            candidates.append((raw, True))
        for m in cues.QUOTE_SPANS.finditer(lines[j]):
            if m.group(0).strip() != raw:
                candidates.append((m.group(0), False))
        for passage, is_whole in candidates:
            inner = passage.strip(cues.QUOTE_LINE_MARKS + " ")
            k = src.best(inner, earliest, j)
            if k is not None:
                hits.append(QuoteHit(j, passage, k, is_whole))
                break
    return hits


class _Sources:
    """The lines a passage may quote, indexed by *content*: lines with the same words are
    one entry (with the sorted list of lines holding it), so a thread that repeats a line
    many times costs one comparison per distinct line, not one per copy. A source must
    share at least half of a passage's trigrams (or, with no trigram, every word): the
    entries that do are counted over the trigrams' posting arrays in NumPy, only among
    the lines before the quoting one."""

    def __init__(self, lines: Sequence[str]):
        self.toks: list[list[str]] = []
        self.grams: list[set] = []
        self.at: list[list[int]] = []          # content -> lines holding it, ascending
        of: dict[tuple[str, ...], int] = {}
        self.index: dict[tuple[str, ...], list[int]] = {}   # trigram -> contents
        self.words: dict[str, list[int]] = {}               # word -> contents
        self.first: list[int] = []     # content -> its first line (ascending)
        for k, line in enumerate(lines):
            t = line_words(line)
            if not t:
                continue
            c = of.get(tuple(t))
            if c is None:
                c = of[tuple(t)] = len(self.toks)
                self.first.append(k)
                self.toks.append(t)
                g = _ngrams(t)
                self.grams.append(g)
                self.at.append([])
                for x in g:
                    self.index.setdefault(x, []).append(c)
                for w in set(t):
                    self.words.setdefault(w, []).append(c)
            self.at[c].append(k)
        self.postings = {g: np.asarray(cs, dtype=np.int64) for g, cs in self.index.items()}

    def _nearest(self, c: int, earliest: int, upto: int) -> Optional[int]:
        """The last line holding content ``c`` in [earliest, upto), or None."""
        at = self.at[c]
        i = bisect_left(at, upto) - 1
        return at[i] if i >= 0 and at[i] >= earliest else None

    def best(self, passage: str, earliest: int, upto: int) -> Optional[int]:
        """The nearest earlier line in [earliest, upto) that the passage quotes, or None."""
        pieces = _pieces(passage)
        if sum(len(p) for p in pieces) < MIN_TOKENS:
            return None
        keys = {g for p in pieces for g in _ngrams(p)}
        if keys:
            # a source holds at least 60% of each long piece's trigrams and all of a
            # short one's, so fewer than half of the passage's trigrams rules it out
            need = len(keys) / 2
            before = bisect_left(self.first, upto)   # contents first seen before upto
            arrays = [a[: np.searchsorted(a, before)] for a in
                      (self.postings.get(g) for g in keys) if a is not None]
            arrays = [a for a in arrays if len(a)]
            if arrays:
                ids, counts = np.unique(np.concatenate(arrays), return_counts=True)
                pool = ids[counts >= need].tolist()
            else:
                pool = []
        else:  # only short pieces ("a b … c d"): each word must be in the source
            words = {w for p in pieces for w in p}
            rarest = min(words, key=lambda w: len(self.words.get(w, ())))
            pool = self.words.get(rarest, [])
        near = sorted(((k, c) for c in pool
                       for k in (self._nearest(c, earliest, upto),) if k is not None),
                      reverse=True)
        for k, c in near:   # nearest earlier line first
            if _matches(pieces, self.toks[c], self.grams[c]):
                return k
        return None
