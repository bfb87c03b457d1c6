"""The VADER adapter: the only module that imports ``vaderSentiment`` or reaches into it.

discourse reads VADER two ways. Whole sentences are scored as its public
``polarity_scores`` scores them (:func:`polarity_scores`, :func:`sentence_scorer`).
Sentiment toward a target needs VADER's score one token at a time, so that words far from
the target can be left out (:func:`discourse.targets.mention_score`):
:func:`token_valences` gives VADER's per-token valences (after its negation, booster,
"kind of" and "but" rules) and :func:`score_valences` turns kept valences into scores as
``polarity_scores`` does (``score_valence``). Composed unchanged
(:func:`polarity_scores_by_token`) they give exactly ``polarity_scores``.

All of these run on :class:`~discourse.text.fastvader.FastVader`, a re-implementation of
VADER's rules several times faster than vaderSentiment's own loop (``bench/
sentiment_speed.py``), built from the analyzer's own lexicon, emoji descriptions and
rule tables (:func:`fast_vader`). vaderSentiment stays the reference:
:func:`reference_polarity_scores` and :func:`reference_token_valences` run its own code,
and ``tests/test_fastvader.py`` checks the fast path against it (all four scores, on real
and hand-written sentences), so an update of vaderSentiment that changes its rules fails a
test instead of drifting. An analyzer that is not a plain ``SentimentIntensityAnalyzer``
(a subclass, a stand-in) is always asked itself.

>>> polarity_scores("The bridge is lovely!") == reference_polarity_scores("The bridge is lovely!")
True
"""
from __future__ import annotations

import functools
import weakref
from typing import Callable, Mapping, Optional, Sequence

from vaderSentiment.vaderSentiment import (BOOSTER_DICT, C_INCR, N_SCALAR, NEGATE,
                                           SPECIAL_CASES, SentiText,
                                           SentimentIntensityAnalyzer)

from .fastvader import KEYS, FastVader

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


#: how many distinct sentences the fast path remembers per analyzer (comment sections
#: repeat: quotes, "Thanks!", "Agreed."); ~10 MB when full
SENTENCE_CACHE_SIZE = 1 << 15
_ENGINES: "weakref.WeakKeyDictionary[SentimentIntensityAnalyzer, FastVader]" = \
    weakref.WeakKeyDictionary()


def fast_vader(analyzer=None, *, cache_size: int = SENTENCE_CACHE_SIZE) -> FastVader:
    """The :class:`FastVader` that scores as ``analyzer`` (default :func:`make_analyzer`)
    does, from its lexicon and emoji descriptions and vaderSentiment's rule tables. The
    one with the default ``cache_size`` is built once per analyzer and shared; another
    ``cache_size`` (0: no sentence cache) builds a new one."""
    an = _analyzer(analyzer)
    if cache_size == SENTENCE_CACHE_SIZE:
        engine = _ENGINES.get(an)
        if engine is not None:
            return engine
    engine = FastVader(an.lexicon, an.emojis, boosters=BOOSTER_DICT, negations=NEGATE,
                       special_cases=SPECIAL_CASES, n_scalar=N_SCALAR, c_incr=C_INCR,
                       cache_size=cache_size)
    if cache_size == SENTENCE_CACHE_SIZE:
        _ENGINES[an] = engine
    return engine


def _fast(analyzer) -> Optional[FastVader]:
    """The shared fast path for ``analyzer``, or None when it is not a plain VADER."""
    an = _analyzer(analyzer)
    return fast_vader(an) if type(an) is SentimentIntensityAnalyzer else None


def sentence_scorer(analyzer=None) -> Callable[[str], tuple]:
    """A function ``text -> (neg, neu, pos, compound)``: VADER's scores of ``text`` as a
    tuple (what :func:`polarity_scores` holds in a dict), from the fast path."""
    engine = _fast(analyzer)
    if engine is not None:
        return engine.scores
    an = analyzer

    def scores(text: str) -> tuple:
        s = an.polarity_scores(text)
        return tuple(s[k] for k in KEYS)
    return scores


def polarity_scores(text: str, analyzer=None) -> dict[str, float]:
    """VADER's ``{"neg", "neu", "pos", "compound"}`` of ``text`` (the fast path)."""
    engine = _fast(analyzer)
    if engine is None or type(text) is not str:
        return _analyzer(analyzer).polarity_scores(text)
    return engine.polarity_scores(text)


def reference_polarity_scores(text: str, analyzer=None) -> dict[str, float]:
    """vaderSentiment's own ``polarity_scores`` (the reference the fast path is checked
    against; several times slower)."""
    return _analyzer(analyzer).polarity_scores(text)


def lexicon(analyzer=None) -> Mapping[str, float]:
    """VADER's word -> valence lexicon (lower-case words)."""
    return _analyzer(analyzer).lexicon


def demoji(text: str, analyzer=None) -> str:
    """VADER's own first step: each emoji replaced by its description ("😀" -> "grinning
    face"). Text without emoji is returned as it is."""
    engine = _fast(analyzer)
    if engine is not None:
        return engine.demoji(text) if engine.has_emoji(text) else text
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
    engine = _fast(analyzer)
    if engine is not None:
        return engine.token_valences(text)
    return reference_token_valences(text, analyzer)


def reference_token_valences(text: str, analyzer=None) -> list[float]:
    """:func:`token_valences` run by vaderSentiment's own per-token code (its
    ``sentiment_valence`` and ``_but_check``): the reference."""
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
    added, normalised), as ``polarity_scores`` makes them (``score_valence``)."""
    engine = _fast(analyzer)
    if engine is not None:
        return engine.score_valences(valences, text)
    return _analyzer(analyzer).score_valence(list(valences), text)


def polarity_scores_by_token(text: str, analyzer: Optional[SentimentIntensityAnalyzer] = None
                             ) -> dict[str, float]:
    """:func:`polarity_scores` rebuilt from this adapter's steps (:func:`demoji`,
    :func:`token_valences`, :func:`score_valences`): what target sentiment weighs."""
    text = demoji(text, analyzer)
    return score_valences(token_valences(text, analyzer), text, analyzer)


__all__ = ["NEGATIONS", "NEGATION_SCALAR", "SENTENCE_CACHE_SIZE", "demoji", "fast_vader",
           "lexicon", "make_analyzer", "polarity_scores", "polarity_scores_by_token",
           "reference_polarity_scores", "reference_token_valences", "score_valences",
           "sentence_scorer", "token_valences"]
