"""Comment segmentation: at each line, "does this line start a new comment?".

The decision is a small hand-tuned score: :data:`cues.BASE_NEW` plus the weights of the
opener cues that fire, minus the weights of the continuation cues and measured features
(previous line announcing more, lexical cohesion with the previous line). Every term is
kept in :class:`LineDecision` so a boundary can be explained.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from . import cues
from .lines import content_words, ends_terminal, is_blank
from .quotes import QuoteHit


@dataclass(frozen=True)
class LineDecision:
    line: int                       # 0-based
    score: float
    new: bool
    terms: tuple[tuple[str, float], ...] = field(default=())


def opener(line: str) -> tuple[float, Optional[str], float, Optional[str]]:
    """Strongest opener cue: (weight, reply evidence, reply confidence, addressed name)."""
    best = (0.0, None, 0.0, None)
    for pat, w, ev, conf in cues.OPENERS:
        m = pat.match(line)
        if m and w > best[0]:
            name = m.groupdict().get("name")
            best = (w, ev, conf, name.strip() if name else None)
    return best


def continuation(line: str) -> float:
    return max((w for pat, w in cues.CONTINUATIONS if pat.match(line)), default=0.0)


def _cohesion(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def decide(lines: Sequence[str], j: int, prev: int,
           quote_at: dict[int, QuoteHit], post_end: int, base: float = cues.BASE_NEW,
           context: Optional[str] = None, w_cohesion: float = cues.W_COHESION) -> LineDecision:
    """Score line j (0-based) against the previous non-blank line ``prev``."""
    line, before = lines[j], lines[prev]
    terms: list[tuple[str, float]] = [("base", base)]
    w, _, _, _ = opener(line)
    if w:
        terms.append(("opener", w))
    c = continuation(line)
    if c:
        terms.append(("continuation", -c))
        if continuation(before) and c >= 2.0:
            terms.append(("list continues", -cues.W_LIST_CONTINUES))
    s_before = before.strip()
    if cues.ADDRESS_LINE.match(s_before) and opener(s_before)[1] != "above":
        terms.append(("previous addresses", -cues.W_PREV_ADDRESS))
    elif cues.PREV_COLON.search(s_before):
        terms.append(("previous ends with ':'", -cues.W_PREV_COLON))
    elif cues.PREV_ANNOUNCES.search(s_before) and not cues.URL_LINE.match(s_before):
        terms.append(("previous announces", -cues.W_PREV_ANNOUNCES))
    elif (not ends_terminal(s_before) and not cues.URL_LINE.match(s_before)
          and len(s_before.split()) >= cues.UNTERMINATED_MIN_WORDS):
        terms.append(("previous unterminated", -cues.W_PREV_UNTERMINATED))
        if line.strip()[:1].islower():
            terms.append(("lower start", -cues.W_LOWER_START))
    if cues.URL_LINE.match(line):
        terms.append(("url line", -cues.W_URL_LINE))
        if cues.URL_INTRO.search(s_before):
            terms.append(("url introduced", -cues.W_URL_INTRODUCED))
    q = quote_at.get(j)
    if (q is not None and q.whole_line and q.source > post_end
            and not cues.PREV_COLON.search(s_before)):   # a quote announced by "...:" continues
        terms.append(("quotes earlier line", cues.W_QUOTE_LINE))
    qb = quote_at.get(prev)
    if qb is not None and qb.whole_line and qb.source > post_end:
        terms.append(("answers quote above", -cues.W_AFTER_QUOTE))
    coh = _cohesion(line, context if context is not None else before)
    if coh and w_cohesion:
        terms.append(("cohesion", -w_cohesion * coh))
    score = sum(t for _, t in terms)
    return LineDecision(j, round(score, 3), score > 0, tuple(terms))


def segment(lines: Sequence[str], first: int, quote_at: dict[int, QuoteHit],
            post_end: int, hard_starts: Optional[set[int]] = None,
            base: float = cues.BASE_NEW, w_cohesion: float = cues.W_COHESION,
            segment_cohesion: bool = False) -> list[tuple[int, int]]:
    """Comment spans (0-based, inclusive) covering lines[first:].

    Blank lines join the segment before them. ``hard_starts`` (metadata boundaries) are
    always starts, and in their presence no other line is.
    """
    n = len(lines)
    starts: list[int] = []
    prev = None
    for j in range(first, n):
        if hard_starts is not None:
            if j in hard_starts or not starts:
                starts.append(j)
            continue
        if is_blank(lines[j]):
            continue
        if prev is None:
            starts.append(j)
        else:
            ctx = "\n".join(lines[starts[-1]:j]) if segment_cohesion else None
            if decide(lines, j, prev, quote_at, post_end, base, ctx, w_cohesion).new:
                starts.append(j)
        prev = j
    if not starts:
        return []
    if starts[0] != first:
        starts[0] = first        # leading blank lines join the first comment
    return [(s, (starts[i + 1] - 1) if i + 1 < len(starts) else n - 1)
            for i, s in enumerate(starts)]
