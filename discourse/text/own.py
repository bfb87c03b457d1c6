"""A comment's own words: what it says itself, not what it quotes or whom it greets.

One definition, :func:`own_text`, with an option for each thing a stage leaves out
beyond the quoted passages:

================================  ====================================  ======================
call                              leaves out                            read by
================================  ====================================  ======================
``own_text(c)``                   passages quoted from earlier comments  sentiment, clustering,
                                                                        the report
``own_text(c, retweets=False,``   also a quoted retweet ("RT @cnn: …")  the agreement cues
``leading_handles=False)``        and the @names opening a reply        (:func:`reply_text`)
``own_text(c,``                   also the names it only greets or      target detection and
``addressed_names=False)``        thanks ("Hi Michael", "Thanks Laura") target sentiment
================================  ====================================  ======================
"""
from __future__ import annotations

import re
from typing import Union

from ..model import Comment, Thread
from .names import GREETINGS

_WS = re.compile(r"\s+")
#: the @names that open a reply ("@ann @bob: ..."): whom it answers
LEADING_HANDLES = re.compile(r"^(?:\s*[.\u201c\"]?@\w+[:,]?)+\s*")
#: a quoted retweet: "RT @name: text" or “@name: text”
RETWEET = re.compile(r"(?:\bRT\s*@\w+:?\s*.*$|[\u201c\"]@\w+:.*?(?:[\u201d\"]|$))", re.S)


def own_text(comment: Union[Comment, str], *, retweets: bool = True,
             leading_handles: bool = True, addressed_names: bool = True) -> str:
    """The comment's text without the passages it quotes from earlier comments (a plain
    string has none). The options leave more out, in this order:

    * ``retweets=False``: a quoted retweet (:data:`RETWEET`);
    * ``leading_handles=False``: the @names that open it (:data:`LEADING_HANDLES`),
      white space collapsed;
    * ``addressed_names=False``: the names it greets or thanks blanked out with spaces
      (:func:`unaddressed`; the text keeps its length).

    >>> c = Comment(0, '“You are wrong”.\\nNo, you are.', quotes=('“You are wrong”.',))
    >>> own_text(c)
    'No, you are.'
    >>> own_text('@ann @bob “@cnn: Bridge to close.” sad truth', retweets=False, leading_handles=False)
    'sad truth'
    """
    if isinstance(comment, Comment):
        text = comment.text
        for q in comment.quotes:
            text = text.replace(q, " ", 1)
        if comment.quotes:
            text = _WS.sub(" ", text).strip()
    else:
        text = comment
    if not retweets:
        text = RETWEET.sub(" ", text)
    if not leading_handles:
        text = " ".join(LEADING_HANDLES.sub("", text.strip()).split())
    if not addressed_names:
        text = unaddressed(text)
    return text


def reply_text(comment: Comment) -> tuple[str, bool]:
    """The comment's own words for cue matching (:func:`own_text` without a quoted retweet
    and the leading ``@names`` that address a reply), and whether it re-posts a quoted
    tweet.

    >>> reply_text(Comment(0, '@ann @bob “@cnn: Bridge to close.” sad truth'))
    ('sad truth', True)
    """
    own = own_text(comment)
    return (own_text(own, retweets=False, leading_handles=False),
            RETWEET.search(own) is not None)


def opens_with_handles(text: str) -> bool:
    """Does ``text`` open with the @names that address a reply?

    >>> opens_with_handles("@ann: no"), opens_with_handles("mail @ann")
    (True, False)
    """
    return LEADING_HANDLES.match(text) is not None


def unaddressed(text: str) -> str:
    """``text`` with the names it only addresses (:data:`~discourse.text.names.GREETINGS`)
    blanked out.

    >>> unaddressed("Hi Michael, I think Putin lies. Thanks for the post Laura!")
    'Hi        , I think Putin lies. Thanks for the post      !'
    """
    for pat in GREETINGS:
        text = pat.sub(lambda m: m.group(0)[: m.start("name") - m.start()]
                       + " " * len(m.group("name")) + m.group(0)[m.end("name") - m.start():],
                       text)
    return text


def texts_of(X, *, addressed_names: bool = True) -> list[str]:
    """The own words (:func:`own_text`) of a Thread's comments, of Comments, or strings
    as they are; ``addressed_names=False`` blanks the names they only greet.

    >>> texts_of([Comment(0, "“Hi”. No.", quotes=("“Hi”.",)), "plain"])
    ['No.', 'plain']
    """
    items = X.comments if isinstance(X, Thread) else X
    return [own_text(x if isinstance(x, Comment) else str(x), addressed_names=addressed_names)
            for x in items]


__all__ = ["LEADING_HANDLES", "RETWEET", "opens_with_handles", "own_text", "reply_text",
           "texts_of", "unaddressed"]
