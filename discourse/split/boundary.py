"""Where the post ends: footer (boilerplate) cues, post closers, or a change of register."""
from __future__ import annotations

from typing import Optional, Sequence

from . import cues
from .lines import is_blank, is_heading, is_headline, through_blanks
from .segment import opener


def is_footer_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) < 300 and any(p.search(s) for p in cues.FOOTER_CUES)


def is_weak_footer_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) < 300 and any(p.search(s) for p in cues.WEAK_FOOTER_CUES)


def find_footer(lines: Sequence[str], start: int = 1, max_gap: int = 1) -> Optional[tuple[int, int]]:
    """The first run of >= 2 footer-cue lines (0-based, inclusive), at or after ``start``.

    Up to ``max_gap`` non-blank non-cue lines may sit between two cue lines of a run (a
    sentence of boilerplate no cue knows). A tail made only of headline-shaped lines after
    the run (other articles' titles) joins the footer.
    """
    strong = {i for i in range(start, len(lines)) if is_footer_line(lines[i])}
    cue_idx = sorted(strong | {i for i in range(start, len(lines)) if is_weak_footer_line(lines[i])})
    runs: list[list[int]] = []
    for i in cue_idx:
        if runs:
            between = [k for k in range(runs[-1][-1] + 1, i) if not is_blank(lines[k])]
            if len(between) <= max_gap:
                runs[-1].append(i)
                continue
        runs.append([i])
    for run in runs:
        if len(run) >= 2 and strong.intersection(run):
            while run[0] not in strong:
                run = run[1:]   # in-article links before the footer stay in the post
            if len(run) < 2:
                continue
            a, b = run[0], through_blanks(lines, run[-1])
            a = _signoff_before(lines, a, start)
            tail = [k for k in range(b + 1, len(lines)) if not is_blank(lines[k])]
            if all(is_headline(lines[k]) or is_footer_line(lines[k]) for k in tail):
                b = len(lines) - 1
            return a, b
    return None


def _signoff_before(lines: Sequence[str], a: int, start: int) -> int:
    """The footer's first line ``a`` moved up to a sign-off line just before it ("Thanks
    for reading this post."): the blog's standard closing opens the footer block."""
    k = a - 1
    while k >= start and is_blank(lines[k]):
        k -= 1
    if k >= start:
        s = lines[k].strip()
        if len(s.split()) <= cues.FOOTER_SIGNOFF_MAX_WORDS and any(p.match(s) for p in cues.FOOTER_SIGNOFF_LINES):
            return k
    return a


def commentness(line: str) -> float:
    """How much a line reads like a reader comment (> 0) rather than post prose (< 0)."""
    s = line.strip()
    if not s:
        return 0.0
    score = sum(w for p, w in cues.COMMENTY if p.search(s))
    score += 0.5 * opener(s)[0]
    score -= sum(w for p, w in cues.POSTY if p.search(s))
    if is_heading(s):
        score -= cues.W_HEADING
    if len(s) >= cues.LONG_LINE:
        score -= cues.W_LONG_LINE
    return score


def find_post_end(lines: Sequence[str]) -> tuple[int, str]:
    """Last post line (0-based) when no footer is found, and how it was decided.

    Returns ``len(lines) - 1`` (all post) when the text after any cut does not read like
    comments.
    """
    n = len(lines)
    nonblank = [i for i in range(n) if not is_blank(lines[i])]
    if len(nonblank) <= 1:
        return n - 1, "too short"
    c = [commentness(l) for l in lines]
    # post closers ("let me know in the comments"): the post ends there
    for i in nonblank[1:-1]:
        if i < 0.9 * n and any(p.search(lines[i]) for p in cues.POST_CLOSER_CUES):
            tail = [c[k] for k in nonblank if k > i]
            return i, "post closer"
    # the first line that is plainly a comment ("@anna ...", "[deleted]", "Agreed") bounds the post
    hi = next((i for i in nonblank[1:] if c[i] >= cues.STRONG_COMMENT), n)
    # a section heading (before that line) is followed by at least one post paragraph
    heads = [i for i in nonblank[1:] if is_heading(lines[i]) and i < min(hi, 0.85 * n)]
    lo = nonblank[0]
    if heads:
        after = [k for k in nonblank if k > heads[-1]]
        lo = after[0] if after else heads[-1]
    hi = hi - 1 if hi - 1 >= lo else n - 1
    # cut minimising the prefix sum of (comment-ness - tau): post before, comments after
    tau = cues.CUT_TAU
    best, best_b, run = None, lo, 0.0
    for i in range(hi + 1):
        if not is_blank(lines[i]):
            run += c[i] - tau
        if i >= lo and (best is None or run < best):
            best, best_b = run, i
    best_b = through_blanks(lines, best_b)
    tail = [c[k] for k in nonblank if k > best_b]
    if not tail or sum(tail) / len(tail) < cues.MIN_COMMENT_SCORE:
        return n - 1, "no comment-like text"
    return best_b, "register change"
