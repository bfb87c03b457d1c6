"""Reply links from explicit cues: quotes, @name / Name: openers, short reactions."""
from __future__ import annotations

from typing import Optional, Sequence

from .quotes import QuoteHit
from .segment import opener

REACTION_MAX_WORDS = 12


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _by_author(name: str, authors: Sequence[Optional[str]], before: int) -> Optional[int]:
    key = _norm(name)
    if not key:
        return None
    for k in range(before - 1, -1, -1):
        a = authors[k]
        if not a:
            continue
        na = _norm(a)
        first = _norm(a.split()[0]) if a.split() else ""
        if key == na or key == first or (len(key) >= 4 and (na.startswith(key) or key.startswith(na))):
            return k
    return None


def link(spans: Sequence[tuple[int, int]], texts: Sequence[str], first_lines: Sequence[str],
         authors: Sequence[Optional[str]], quote_hits: Sequence[QuoteHit],
         post_end: int) -> list[tuple[Optional[int], Optional[str], Optional[float], tuple[str, ...]]]:
    """(parent, evidence, confidence, quotes) for every comment."""
    def comment_of(line: int) -> Optional[int]:
        for idx, (s, e) in enumerate(spans):
            if s <= line <= e:
                return idx
        return None

    out = []
    hits_by_comment: dict[int, list[QuoteHit]] = {}
    for h in quote_hits:
        c = comment_of(h.line)
        if c is not None:
            hits_by_comment.setdefault(c, []).append(h)
    for i, (s, e) in enumerate(spans):
        parent = ev = conf = None
        quotes: list[str] = []
        for h in hits_by_comment.get(i, []):
            passage = h.passage.strip()
            if passage and passage in texts[i] and passage not in quotes:
                quotes.append(passage)
            src = comment_of(h.source) if h.source > post_end else None
            if parent is None and src is not None and src < i:
                parent, ev = src, "quote"
                conf = 0.9 if h.whole_line else 0.7
        if parent is None:
            w, evid, c, name = opener(first_lines[i])
            if evid == "above" and i > 0 and len(texts[i].split()) <= REACTION_MAX_WORDS:
                parent, ev, conf = i - 1, "short reaction", c
            elif name and evid in {"@name", "replying to", "name:", "thanks name"}:
                k = _by_author(name, authors, i)
                if k is not None:
                    parent, ev, conf = k, evid, c
        out.append((parent, ev, conf, tuple(quotes)))
    return out
