"""Word tokenisers: one canonical word, and the few other tokens some stages were trained
or measured with, each named for what it is for.

:data:`WORD` (:func:`words`) is *the* word of discourse: it starts with a letter, may
hold apostrophes and hyphens inside, and ends in a letter or digit. Use it for anything
new. The others differ on purpose, and each difference shows in some stage's output:

======================  =====================================  ============================
pattern                 differs from :data:`WORD`             read by
======================  =====================================  ============================
:data:`LINE_WORD`       a digit may start it ("2nd")           the splitter's line cohesion
:data:`PHRASE_WORD`     ends in a letter ("covid-19" ->        target detection (noun
                        "covid")                               phrases)
:data:`INDEX_WORD`      any run of word characters, split at   target detection (an index
                        apostrophes and hyphens                of the texts by word)
:data:`ASCII_WORD`      ASCII letters and apostrophes only     agreement features (length,
                        ("café" -> "caf", "anti-war" -> two)   re-posting the post)
:data:`BAG_WORD`        lower-case ASCII, two letters or more  agreement features (word
                                                               bags, cosine)
:data:`OPENING_WORD`    word characters and apostrophes, digits the splitter's line shape
                        included                               (same first words)
:data:`TOKEN_PATTERN`   scikit-learn syntax: two characters     TF-IDF clustering and
                        or more, apostrophes split ("Ada's" ->  distinctive terms
                        "Ada")
======================  =====================================  ============================

Making them one would change what the splitter's and the stance model's features were
trained on, and which targets and terms a thread gets; ``tests/test_text_layer.py`` pins
each on the same sentence, so such a change shows as a failing test, not a quiet drift.

>>> s = "Ada’s anti-war 2nd café covid-19"
>>> words(s), line_words(s)
(['Ada’s', 'anti-war', 'nd', 'café', 'covid-19'], ["ada's", 'anti-war', '2nd', 'café', 'covid-19'])
"""
from __future__ import annotations

import re

#: a URL as comments write it (``http(s)://…`` or ``www.…``)
URL = re.compile(r"https?://\S+|www\.\S+")
#: the same in any case ("HTTP://", "WWW."), as the splitter reads dump lines
URL_ANY_CASE = re.compile(URL.pattern, re.IGNORECASE)
#: an ``@name`` handle that is not part of an e-mail address
HANDLE = re.compile(r"(?<![\w@])@\w+")

#: the canonical word: a letter, then letters, digits, underscores, apostrophes (straight
#: or curly) and hyphens, ending in a letter or digit
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
#: :data:`WORD`, but a digit may start it ("2nd", "3D"): dump lines' cohesion counts them
LINE_WORD = re.compile(r"[^\W_](?:[\w'’-]*\w)?")
#: :data:`WORD` ending in a letter: a noun phrase's word ("covid-19" gives "covid")
PHRASE_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
#: any run of word characters: coarser than every other token here, so an index keyed by
#: it finds every text that holds a form's first word
INDEX_WORD = re.compile(r"\w+")
#: ASCII letters and apostrophes: what the agreement model's length and re-post features
#: count ("café" gives "caf", "anti-war" two words)
ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
#: two or more lower-case ASCII letters or straight apostrophes, read from lower-cased
#: text: the agreement model's word bags
BAG_WORD = re.compile(r"[a-z][a-z']+")
#: word characters and apostrophes, digits included: how the splitter compares the first
#: words of neighbouring lines
OPENING_WORD = re.compile(r"[\w'’]+")
#: scikit-learn's ``token_pattern`` for the TF-IDF and term counts: words of two or more
#: characters starting with a letter ("can't" -> "can", "Ada's" -> "ada")
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w-]*\w\b"


def has_url(text: str) -> bool:
    """Does ``text`` hold a URL (what :func:`strip_urls` removes)?"""
    return bool(URL.search(text))


def strip_urls(text: str) -> str:
    """Remove URLs (they carry no sentiment and no stance vocabulary)."""
    return URL.sub(" ", text)


def strip_handles(text: str) -> str:
    """Remove ``@name`` handles: whom a comment addresses is reply structure, not what
    it says (left in, stances on Twitter threads were named after the people addressed).

    >>> strip_handles("@ann @bo_2 no, the report is fake. mail me@x.org").split()
    ['no,', 'the', 'report', 'is', 'fake.', 'mail', 'me@x.org']
    """
    return HANDLE.sub(" ", text)


def words(text: str) -> list[str]:
    """Word tokens (letters, inner apostrophes/hyphens), URLs and numbers left out."""
    return WORD.findall(strip_urls(text))


def line_words(line: str) -> list[str]:
    """A dump line's lower-case :data:`LINE_WORD` tokens, curly apostrophes straightened,
    URLs (in any case) left out."""
    return [w.lower().replace("’", "'") for w in LINE_WORD.findall(URL_ANY_CASE.sub(" ", line))]


def ascii_words(text: str) -> list[str]:
    """Lower-case :data:`ASCII_WORD` tokens of ``text``, URLs left out."""
    return [w.lower() for w in ASCII_WORD.findall(strip_urls(text))]


def opening_words(line: str, n: int = 2) -> list[str]:
    """The first ``n`` :data:`OPENING_WORD` tokens of ``line``, lower-cased.

    >>> opening_words("I have no problem with it"), opening_words("-- 2nd post --")
    (['i', 'have'], ['2nd', 'post'])
    """
    return [w.lower() for w in OPENING_WORD.findall(line)[:n]]


__all__ = [
    "ASCII_WORD", "BAG_WORD", "HANDLE", "INDEX_WORD", "LINE_WORD", "OPENING_WORD",
    "PHRASE_WORD", "TOKEN_PATTERN", "URL", "URL_ANY_CASE", "WORD", "ascii_words",
    "has_url", "line_words", "opening_words", "strip_handles", "strip_urls", "words",
]
