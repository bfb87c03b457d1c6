"""The VADER adapter: the only module that imports ``vaderSentiment`` or reaches into it.

discourse reads VADER two ways. Whole sentences are scored with its public
``polarity_scores`` (:func:`polarity_scores`). Sentiment toward a target needs VADER's
score one token at a time, so that words far from the target can be left out
(:func:`discourse.targets.mention_score`): :func:`token_valences` runs VADER's own
per-token loop (its negation, booster, "kind of" and "but" rules, through its
``sentiment_valence`` and the private ``_but_check``), and :func:`score_valences` turns
kept valences into scores as ``polarity_scores`` does (``score_valence``). Composed
unchanged (:func:`polarity_scores_by_token`) they give exactly ``polarity_scores``;
``tests/test_text_layer.py`` checks that on real sentences, so an update of
vaderSentiment that changes those internals fails a test instead of drifting.

>>> polarity_scores("The bridge is lovely!")["compound"] == polarity_scores_by_token("The bridge is lovely!")["compound"]
True
"""
from __future__ import annotations

import functools
from typing import Mapping, Optional, Sequence

from vaderSentiment.vaderSentiment import (BOOSTER_DICT, N_SCALAR, NEGATE, SentiText,
                                           SentimentIntensityAnalyzer)

#: VADER's negation words ("not", "never", "isnt", ...; a word holding "n't" negates too)
NEGATIONS = frozenset(NEGATE)
#: what VADER multiplies a negated word's valence by
NEGATION_SCALAR = N_SCALAR


@functools.lru_cache(maxsize=1)
def make_analyzer() -> SentimentIntensityAnalyzer:
    """A VADER ``SentimentIntensityAnalyzer`` (read-only once built; cached per process).

    Building one reads the lexicon (~0.1 s), so every stage that needs one shares this
    instance; nothing in discourse changes it.
    """
    return SentimentIntensityAnalyzer()


def _analyzer(analyzer) -> SentimentIntensityAnalyzer:
    return analyzer if analyzer is not None else make_analyzer()


def polarity_scores(text: str, analyzer=None) -> dict[str, float]:
    """VADER's ``{"neg", "neu", "pos", "compound"}`` of ``text``."""
    return _analyzer(analyzer).polarity_scores(text)


def lexicon(analyzer=None) -> Mapping[str, float]:
    """VADER's word -> valence lexicon (lower-case words)."""
    return _analyzer(analyzer).lexicon


def demoji(text: str, analyzer=None) -> str:
    """VADER's own first step: each emoji replaced by its description ("😀" -> "grinning
    face"). Text without emoji is returned as it is."""
    emojis = _analyzer(analyzer).emojis
    if not any(ch in emojis for ch in text):
        return text
    out, prev_space = [], True
    for ch in text:
        if ch in emojis:
            out.append(("" if prev_space else " ") + emojis[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out).strip()


def token_valences(text: str, analyzer=None) -> list[float]:
    """VADER's per-token valences of ``text`` (one per whitespace token), after its
    negation, booster, "kind of" and "but" rules: what ``polarity_scores`` sums. Emoji
    are not described here: pass :func:`demoji` text."""
    an = _analyzer(analyzer)
    st = SentiText(text)
    toks = st.words_and_emoticons
    vals: list[float] = []
    for i, item in enumerate(toks):
        low = item.lower()
        if low in BOOSTER_DICT or (low == "kind" and i + 1 < len(toks)
                                   and toks[i + 1].lower() == "of"):
            vals.append(0.0)
            continue
        vals = an.sentiment_valence(0, st, item, i, vals)
    return an._but_check(toks, vals)


def score_valences(valences: Sequence[float], text: str, analyzer=None) -> dict[str, float]:
    """VADER's scores from token valences (summed, ``!``/``?`` emphasis of ``text``
    added, normalised), as ``polarity_scores`` makes them."""
    return _analyzer(analyzer).score_valence(list(valences), text)


def polarity_scores_by_token(text: str, analyzer: Optional[SentimentIntensityAnalyzer] = None
                             ) -> dict[str, float]:
    """:func:`polarity_scores` rebuilt from this adapter's steps (:func:`demoji`,
    :func:`token_valences`, :func:`score_valences`): what target sentiment weighs."""
    text = demoji(text, analyzer)
    return score_valences(token_valences(text, analyzer), text, analyzer)


__all__ = ["NEGATIONS", "NEGATION_SCALAR", "demoji", "lexicon", "make_analyzer",
           "polarity_scores", "polarity_scores_by_token", "score_valences", "token_valences"]
