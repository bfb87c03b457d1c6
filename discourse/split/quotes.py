"""Find passages that quote an earlier line (fuzzy: ellipses, small edits, marks stripped)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

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
    toks = [line_words(l) for l in lines]
    grams = [_ngrams(t) for t in toks]
    # trigram -> lines holding it: a source must share a trigram with the passage, so
    # only those lines are compared (linear in the thread instead of quadratic)
    index: dict[tuple[str, ...], list[int]] = {}
    for k, gs in enumerate(grams):
        for g in gs:
            index.setdefault(g, []).append(k)
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
            if is_whole and raw == whole and not raw.startswith(tuple(cues.QUOTE_LINE_MARKS)):
                # an unmarked line: only a whole-line echo of an earlier line counts
                pass
            src = _best_source(inner, toks, grams, index, earliest, j)
            if src is not None:
                hits.append(QuoteHit(j, passage, src, is_whole))
                break
    return hits


def _best_source(passage: str, toks, grams, index, earliest: int, upto: int) -> Optional[int]:
    """The nearest earlier line in [earliest, upto) that the passage quotes, or None."""
    pieces = _pieces(passage)
    if sum(len(p) for p in pieces) < MIN_TOKENS:
        return None
    keys = {g for p in pieces for g in _ngrams(p)}
    if keys:
        # a source holds at least 60% of each long piece's trigrams and all of a short
        # one's, so fewer than half of the passage's trigrams rules a line out
        hits = Counter(k for g in keys for k in index.get(g, ()) if earliest <= k < upto)
        need = len(keys) / 2
        candidates = sorted((k for k, n in hits.items() if n >= need), reverse=True)
    else:  # only short pieces ("a b … c d"): no trigram to look up
        candidates = range(upto - 1, earliest - 1, -1)
    for k in candidates:   # nearest earlier line first
        if toks[k] and _matches(pieces, toks[k], grams[k]):
            return k
    return None
