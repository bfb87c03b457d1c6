"""Line splitting and per-line shape tests (pure functions)."""
from __future__ import annotations

import functools

from ..text.tokens import URL_ANY_CASE, line_words
from . import cues


def split_lines(text: str) -> list[str]:
    r"""Split a dump into lines the way line numbers are counted (1-based, '\n' only).

    '\r\n' and lone '\r' count as one line break; other characters that
    :meth:`str.splitlines` would break on (form feed, U+2028, ...) stay inside the line.
    A final newline does not open an extra empty line.

    >>> split_lines("a\r\nb\n")
    ['a', 'b']
    >>> split_lines("a\x0cb")
    ['a\x0cb']
    """
    if not text:
        return []
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    out = norm.split("\n")
    if norm.endswith("\n"):
        out.pop()
    return out


def is_blank(line: str) -> bool:
    return not line.strip()


def through_blanks(lines, b: int) -> int:
    """Line ``b`` (0-based) moved past the blank lines that follow it: a span ending at
    ``b`` takes them along.

    >>> through_blanks(["a", "", " ", "b"], 0), through_blanks(["a", ""], 1)
    (2, 1)
    """
    while b + 1 < len(lines) and is_blank(lines[b + 1]):
        b += 1
    return b


@functools.lru_cache(maxsize=4096)
def content_words(line: str) -> frozenset[str]:
    """Words that make lines cohere (no stop words, no short words).

    Cached: the splitter's features ask for the same line's words several times (with
    the previous line, the next, the post, candidate parents); a frozenset cannot be
    changed by a caller, so sharing it is safe.
    """
    return frozenset(w for w in line_words(line) if len(w) > 2 and w not in cues.STOPWORDS)


def is_headline(line: str) -> bool:
    """A heading or an article title (up to ``cues.HEADLINE_MAX_WORDS`` words)."""
    return is_heading(line, cues.HEADLINE_MAX_WORDS)


def is_heading(line: str, max_words: int | None = None) -> bool:
    """A short line without a final stop, starting upper-case: a title or section head."""
    s = line.strip()
    if not s or URL_ANY_CASE.search(s) or s.startswith(("@", "“", '"', "[", "(")):
        return False
    words = s.split()
    if len(words) > (max_words or cues.HEADING_MAX_WORDS) or not s[0].isupper():
        return False
    if s[-1] in ".!?:;,…)\"”'’":
        return False
    # short reactions ("Thanks", "Agreed") look like headings but are comments
    return not any(w >= 1.0 and p.match(s) for p, w, _, _ in cues.OPENERS)


def is_section_heading(line: str) -> bool:
    """A line naming a standard article / project-page section ("License", "Questions?"):
    one of ``cues.ARTICLE_SECTION_HEADINGS``, starting upper-case."""
    s = line.strip()
    return s[:1].isupper() and any(p.match(s) for p in cues.ARTICLE_SECTION_HEADINGS)


def ends_terminal(line: str) -> bool:
    return bool(cues.TERMINAL.search(line.strip()))
