"""Pure text steps (``str -> str`` / ``str -> list``), shared by the stages."""
from __future__ import annotations

import re

from .model import Comment, Thread

_WS = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def own_text(comment: Comment) -> str:
    """The comment's text without the passages it quotes from earlier comments.

    >>> c = Comment(0, '“You are wrong”.\\nNo, you are.', quotes=('“You are wrong”.',))
    >>> own_text(c)
    'No, you are.'
    """
    text = comment.text
    for q in comment.quotes:
        text = text.replace(q, " ", 1)
    return _WS.sub(" ", text).strip() if comment.quotes else text


def has_url(text: str) -> bool:
    """Does ``text`` hold a URL (what :func:`strip_urls` removes)?"""
    return bool(_URL.search(text))


def texts_of(X) -> list[str]:
    """The own words of a Thread's comments, of Comments, or strings as they are.

    >>> texts_of([Comment(0, "“Hi”. No.", quotes=("“Hi”.",)), "plain"])
    ['No.', 'plain']
    """
    if isinstance(X, Thread):
        return [own_text(c) for c in X.comments]
    return [own_text(x) if isinstance(x, Comment) else str(x) for x in X]


def strip_urls(text: str) -> str:
    """Remove URLs (they carry no sentiment and no stance vocabulary)."""
    return _URL.sub(" ", text)


_HANDLE = re.compile(r"(?<![\w@])@\w+")


def strip_handles(text: str) -> str:
    """Remove ``@name`` handles: whom a comment addresses is reply structure, not what
    it says (left in, stances on Twitter threads were named after the people addressed).

    >>> strip_handles("@ann @bo_2 no, the report is fake. mail me@x.org").split()
    ['no,', 'the', 'report', 'is', 'fake.', 'mail', 'me@x.org']
    """
    return _HANDLE.sub(" ", text)


def words(text: str) -> list[str]:
    """Word tokens (letters, inner apostrophes/hyphens), URLs and numbers left out."""
    return _WORD.findall(strip_urls(text))
