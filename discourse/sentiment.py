"""Sentiment stage: VADER per sentence, sentences aggregated into one score per text.

Pure functions: no I/O, no mutable module state that changes a result (the caches are
the read-only VADER analyzer behind :func:`make_analyzer` and the fast VADER path's token
table and sentence cache, all in the VADER adapter :mod:`discourse.text.vader`), so the
functions can be mapped over Dask partitions. Sentences are scored by that fast path,
identical to vaderSentiment's ``polarity_scores`` (``tests/test_fastvader.py``) and
several times faster (``bench/sentiment_speed.py``).

Why per sentence? VADER's compound is ``x / sqrt(x^2 + 15)`` of the *summed* word
valences of the whole text, so a long comment drifts toward +/-1 whatever its tone.
Scoring sentences and aggregating them keeps long comments comparable with short ones.
Which aggregation is the default was chosen by measurement against human ratings: see
``bench/sentiment_quality.py`` and :data:`AGGREGATIONS`.
"""
from __future__ import annotations

import functools
import math
import re
import statistics
from typing import Callable, Iterable, Iterator, Sequence

from .config import Config
from .model import Comment, SentenceScore, Sentiment
from .text import own_text
from .text.vader import make_analyzer, polarity_scores, sentence_scorer

_DEFAULTS = Config()
#: VADER's normalisation constant: compound = x / sqrt(x^2 + ALPHA)
ALPHA = 15.0

# --------------------------------------------------------------------------- splitting

#: abbreviations (lower-case, without the final dot) after which a "." never ends a sentence
_ABBREV_ALWAYS = frozenset(
    """mr mrs ms mx dr prof sr jr st mt rev hon gen gov sen rep pres col capt cpt lt sgt
    cmdr adm maj messrs vs v cf approx esp ca viz""".split()
)
#: abbreviations that do not end a sentence when a number follows ("Dec. 19", "No. 5")
_ABBREV_BEFORE_DIGIT = frozenset(
    """no nos vol vols p pp fig figs ch chap sec art op jan feb mar apr jun jul aug sep
    sept oct nov dec""".split()
)
#: a candidate boundary: terminal punctuation (a run of it), closing quotes/brackets,
#: whitespace, then something that starts a sentence (opening quote, capital, digit)
#: an emoticon standing alone ("Love it :) Thanks") also ends a sentence; it stays in it
_EMOTICON = r"""(?<!\S)(?:[:;=]'?-?[()DPpOo3/\\|\[\]*]|<3|\^_?\^)"""
_BOUNDARY = re.compile(
    r"""(?P<end>[.!?\u2026]+|""" + _EMOTICON + r""")(?P<close>['"\u2019\u201d)\]]*)"""
    r"""(?P<space>[ \t]+)(?=['"\u2018\u201c(\[]*[A-Z0-9\u00c0-\u00de])"""
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S" "e.g" "a.m" (final dot removed)
_INITIAL = re.compile(r"[A-Z]$")  # "J" of "J. Smith"
_URLISH = re.compile(r"(?:https?://|www\.)\S*$", re.I)
#: where a boundary can start (the first characters of ``_BOUNDARY``): the regex engine
#: finds these fast, while ``_BOUNDARY.finditer`` would try the whole pattern everywhere
_BOUNDARY_START = re.compile("[.!?\u2026:;=<^]")


def _token_start(line: str, at: int) -> int:
    """Where the whitespace-delimited token ending at ``at`` starts: a walk back over
    that token alone (slicing the line up to ``at`` at every dot made splitting a long
    line quadratic). Tokens before two boundaries never overlap (a boundary is followed
    by white space), so a line costs time linear in its length."""
    k = at
    while k > 0 and not line[k - 1].isspace():
        k -= 1
    return k


def _is_boundary(line: str, m: re.Match) -> bool:
    end = m.group("end")
    if end != ".":  # "!", "?", "...", "…", "?!": always a boundary before a capital
        return True
    # the whitespace-delimited token the dot ends
    at = m.start("end")
    if at == 0 or line[at - 1].isspace():
        return True
    word = line[_token_start(line, at):at].lstrip("(\"'\u201c\u2018[")
    if _URLISH.match(word):
        # a URL's own dot ("www.x.com. Then" keeps "www.x.com" whole and splits after it)
        return True
    low = word.lower()
    if _DOTTED.fullmatch(word) or _INITIAL.fullmatch(word):
        return False
    if low in _ABBREV_ALWAYS:
        return False
    nxt = line[m.end():m.end() + 1]
    if low in _ABBREV_BEFORE_DIGIT and nxt.isdigit():
        return False
    return True


def _boundaries(line: str) -> Iterator[re.Match]:
    """``_BOUNDARY.finditer(line)``: the same matches, the pattern tried only where one
    can start (its lookbehind still sees the text before)."""
    pos = 0
    search, match = _BOUNDARY_START.search, _BOUNDARY.match
    while True:
        c = search(line, pos)
        if c is None:
            return
        m = match(line, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


def split_sentences(text: str) -> list[str]:
    """Split a web comment into sentences (pure regex, no models).

    Splits at newlines, and at ``. ! ? …`` (or a run of them, e.g. ``....`` or ``?!``)
    or a free-standing emoticon (kept in its sentence) followed by whitespace and a
    capital, digit or opening quote. Does not split after
    abbreviations ("e.g.", "U.S.", "Mr.", "Dec. 19"), inside decimals or URLs (no space
    follows their dots), and leaves emoticons in their sentence.

    >>> split_sentences("I agree, e.g. the U.S. did it. See https://x.org/a.b?c=1 now!")
    ['I agree, e.g. the U.S. did it.', 'See https://x.org/a.b?c=1 now!']
    >>> split_sentences("Well.... Maybe :) \\nOk 3.5 is fine")
    ['Well....', 'Maybe :)', 'Ok 3.5 is fine']
    """
    out: list[str] = []
    # lines: the pieces between whitespace runs that hold a line break, stripped
    for line in (text or "").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in _boundaries(line):
            if _is_boundary(line, m):
                piece = line[start:m.start("space")].strip()
                if piece:
                    out.append(piece)
                start = m.end()
        piece = line[start:].strip()
        if piece:
            out.append(piece)
    return out


# --------------------------------------------------------------------------- VADER


def score_sentence(sentence: str, analyzer) -> SentenceScore:
    """VADER's scores of one sentence."""
    neg, neu, pos, compound = sentence_scorer(analyzer)(sentence)
    return SentenceScore(sentence, compound, pos, neu, neg)


def _score_sentences(sentences: Iterable[str], analyzer) -> tuple[SentenceScore, ...]:
    """:func:`score_sentence` of each sentence (the scorer looked up once)."""
    scores = sentence_scorer(analyzer)
    out = []
    for s in sentences:
        neg, neu, pos, compound = scores(s)
        out.append(SentenceScore(s, compound, pos, neu, neg))
    return tuple(out)


# --------------------------------------------------------------------------- aggregation
# Each aggregation maps (sentence scores, whole text, analyzer) -> compound in [-1, 1].
# Only "whole" looks at the text; the others use the sentence scores alone.


def _valence(c: float) -> float:
    """Invert VADER's normalisation: the summed valence x behind a compound c."""
    c = max(-0.99995, min(0.99995, c))
    return c * math.sqrt(ALPHA / (1.0 - c * c))


def _normalise(x: float) -> float:
    return x / math.sqrt(x * x + ALPHA)


def _agg_whole(sents: Sequence[SentenceScore], text: str, analyzer) -> float:
    return polarity_scores(text, analyzer)["compound"] if sents else 0.0


def _agg_mean(sents: Sequence[SentenceScore], text: str, analyzer) -> float:
    return sum(s.compound for s in sents) / len(sents) if sents else 0.0


def _agg_abs_weighted(sents: Sequence[SentenceScore], text: str, analyzer) -> float:
    """Mean of sentence compounds weighted by |compound|: neutral filler weighs nothing."""
    w = sum(abs(s.compound) for s in sents)
    return sum(abs(s.compound) * s.compound for s in sents) / w if w else 0.0


def _agg_emotive_weighted(sents: Sequence[SentenceScore], text: str, analyzer) -> float:
    """Mean of sentence compounds weighted by (1 - neu), the share of sentiment words."""
    w = sum(1.0 - s.neu for s in sents)
    return sum((1.0 - s.neu) * s.compound for s in sents) / w if w > 0 else 0.0


def _agg_pooled(sents: Sequence[SentenceScore], text: str, analyzer, *,
                power: float, emotive: bool) -> float:
    """Pool sentence valences the way VADER pools word valences, but damped by length.

    Each sentence compound is turned back into VADER's summed valence x (inverting
    ``x / sqrt(x^2 + 15)``); the valences are summed, divided by ``m ** power`` and
    normalised again. ``m`` counts the sentences, or with ``emotive`` only those with
    any sentiment (compound != 0), so neutral filler does not dilute a comment.
    ``power`` 0 would be VADER's own saturating sum, 1 a mean; in between, sentences of
    one tone strengthen each other a little (as humans rate them) without the compound
    of long comments drifting to +/-1.
    """
    vals = [_valence(s.compound) for s in sents if not emotive or s.compound != 0.0]
    if not vals:
        return 0.0
    return _normalise(sum(vals) / len(vals) ** power)


Aggregation = Callable[[Sequence[SentenceScore], str, object], float]

#: how sentence scores become one compound; the keys are the names that
#: ``Config.sentiment_aggregation`` accepts. "weighted" is the measured default
#: (bench/sentiment_quality.py): against VADER's human ratings it is within 0.005 of
#: whole-text VADER's Pearson r on tweets/movie/Amazon/NYT, yet the mean |compound| of
#: long comments (10 texts joined) grows by +0.07 where whole-text VADER's grows by
#: +0.42. The others are kept as options and for the bench.
AGGREGATIONS: dict[str, Aggregation] = {
    # sentiment-bearing sentences' valences pooled, / m**0.75 (the default)
    "weighted": functools.partial(_agg_pooled, power=0.75, emotive=True),
    # VADER on the whole text: saturates toward +/-1 on long comments
    "whole": _agg_whole,
    # plain mean of sentence compounds: diluted by neutral sentences, weak on tweets
    "mean": _agg_mean,
    # mean weighted by |compound| / by (1 - neu)
    "abs_weighted": _agg_abs_weighted,
    "emotive_weighted": _agg_emotive_weighted,
    # valences pooled / sqrt(n): all sentences, or sentiment-bearing ones only
    "sqrt_sum": functools.partial(_agg_pooled, power=0.5, emotive=False),
    "sqrt_emotive": functools.partial(_agg_pooled, power=0.5, emotive=True),
}


# --------------------------------------------------------------------------- scoring


def _neutral() -> Sentiment:
    return Sentiment(0.0, 0.0, 1.0, 0.0, 0, 0.0, 0.0, ())


def score_text(
    text: str,
    *,
    aggregation: str = _DEFAULTS.sentiment_aggregation,
    neutral_band: float = _DEFAULTS.neutral_band,
    analyzer=None,
) -> Sentiment:
    """Score ``text`` sentence by sentence and aggregate with ``AGGREGATIONS[aggregation]``.

    ``pos``/``neu``/``neg`` are the plain means of the sentences' VADER proportions;
    ``share_positive``/``share_negative`` the shares of sentences with compound above
    ``neutral_band`` / below ``-neutral_band``. Text without sentences (empty, blank) is
    neutral: compound 0, neu 1, ``n_sentences`` 0.
    """
    try:
        agg = AGGREGATIONS[aggregation]
    except KeyError:
        raise ValueError(
            f"unknown sentiment aggregation {aggregation!r}; "
            f"choose one of {', '.join(sorted(AGGREGATIONS))}"
        ) from None
    analyzer = analyzer if analyzer is not None else make_analyzer()
    sents = _score_sentences(split_sentences(text), analyzer)
    if not sents:
        return _neutral()
    n = len(sents)
    compound = max(-1.0, min(1.0, float(agg(sents, text, analyzer))))
    return Sentiment(
        compound=compound,
        pos=sum(s.pos for s in sents) / n,
        neu=sum(s.neu for s in sents) / n,
        neg=sum(s.neg for s in sents) / n,
        n_sentences=n,
        share_positive=sum(s.compound > neutral_band for s in sents) / n,
        share_negative=sum(s.compound < -neutral_band for s in sents) / n,
        sentences=sents,
    )


def score_comments(
    comments: Iterable[Comment],
    *,
    aggregation: str = _DEFAULTS.sentiment_aggregation,
    neutral_band: float = _DEFAULTS.neutral_band,
    analyzer=None,
) -> list[Sentiment]:
    """Score each comment's own words (:func:`own_text`: quoted passages left out)."""
    analyzer = analyzer if analyzer is not None else make_analyzer()
    return [
        score_text(own_text(c), aggregation=aggregation, neutral_band=neutral_band,
                   analyzer=analyzer)
        for c in comments
    ]


def summarise(
    sentiments: Iterable[Sentiment], *, neutral_band: float = _DEFAULTS.neutral_band
) -> dict:
    """Summary of a group of comments' compounds.

    Comments without own text (``n_sentences == 0``, e.g. a bare quote) are counted in
    ``n_empty`` and left out of the rest. Keys: ``n``, ``n_empty``, ``mean``, ``median``,
    ``std`` (population), ``share_positive``, ``share_negative``, ``share_neutral``
    (shares of comments with compound above / below / within ``neutral_band``). An
    empty group gives ``n`` 0 and zeros.
    """
    sentiments = list(sentiments)
    xs = [s.compound for s in sentiments if s.n_sentences > 0]
    n = len(xs)
    n_empty = len(sentiments) - n
    if not n:
        return {"n": 0, "n_empty": n_empty, "mean": 0.0, "median": 0.0, "std": 0.0,
                "share_positive": 0.0, "share_negative": 0.0, "share_neutral": 0.0}
    n_pos = sum(x > neutral_band for x in xs)
    n_neg = sum(x < -neutral_band for x in xs)
    return {
        "n": n,
        "n_empty": n_empty,
        "mean": statistics.fmean(xs),
        "median": float(statistics.median(xs)),
        "std": statistics.pstdev(xs),
        "share_positive": n_pos / n,
        "share_negative": n_neg / n,
        "share_neutral": (n - n_pos - n_neg) / n,
    }


__all__ = [
    "AGGREGATIONS", "make_analyzer", "score_comments", "score_sentence", "score_text",
    "split_sentences", "summarise",
]
