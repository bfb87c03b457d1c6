"""The text layer: pure text steps (``str -> str`` / ``str -> list``) the stages share.

============================  ==============================================================
module                        what it holds
============================  ==============================================================
:mod:`~discourse.text.tokens`  the word tokenisers (one canonical :data:`WORD`, the others
                              named for the stage that reads them), URLs and @handles
:mod:`~discourse.text.own`     a comment's own words (:func:`own_text` and its options)
:mod:`~discourse.text.names`   capitalised names a text mentions, names a comment addresses
:mod:`~discourse.text.html`    HTML and Markdown to paragraphs and quoted passages
:mod:`~discourse.text.vader`   the VADER adapter (the only module that touches vaderSentiment)
============================  ==============================================================

The most used steps are importable from here: ``from discourse.text import own_text``.
"""
from __future__ import annotations

from .own import own_text, texts_of
from .tokens import has_url, strip_handles, strip_urls, words

__all__ = ["has_url", "own_text", "strip_handles", "strip_urls", "texts_of", "words"]
