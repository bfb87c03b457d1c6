"""Sentiment toward a target: VADER over the sentences that name it, the target's own
words masked and only the words near a mention counted (:func:`mention_score`), a mocked
mention counted against it (:func:`mocked`), aggregated per comment
(:func:`target_sentiment`); and how far a direction can be trusted (:func:`reliability`).

VADER is read through the adapter :mod:`discourse.text.vader` (its per-token valences).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from ..config import Config
from ..model import SentenceScore, Target, TargetSentiment
from ..sentiment import AGGREGATIONS, make_analyzer, score_sentence, split_sentences
from ..text.own import texts_of
from ..text.vader import NEGATION_SCALAR, NEGATIONS, demoji, score_valences, token_valences
from .match import _matcher

_DEFAULTS = Config()


#: what a target's mention is replaced by before its sentence is scored
MASK = "it"


#: how many tokens either side of a target's mention its sentiment reads (measured on
#: hand-labelled mentions, bench/target_quality.py; VADER's negation and "but" rules
#: still see the whole sentence)
TARGET_WINDOW = 5
#: how far a mention's direction can be trusted: measured by ``bench/target_quality.py
#: --write`` against a reader's labels (see :func:`reliability`)
RELIABILITY_PATH = Path(__file__).parent.parent / "data" / "target_reliability.json"
#: words that open a new clause: the sentiment after them is aimed at what that clause
#: is about, not at a target named before them (and vice versa)
CLAUSE_OPENERS = frozenset(
    "but whereas although though while because since unless however yet".split())
#: a sentence-opening word that, followed by a comma, comments on the whole sentence
#: ("Certainly, ...", "Sadly, ...") rather than on anything in it: dropped
SENTENCE_ASIDES = frozenset(
    """certainly maybe perhaps well yes no sure honestly frankly clearly obviously surely
    indeed really actually basically sadly unfortunately fortunately hopefully ok okay
    so anyway anyways still also plus however""".split())
#: what ends a clause at a token's end (before closing quotes), and the dashes that
#: stand alone between clauses ("Trump – Putin")
_CLAUSE_END = ";:()[]\u2026"
_CLOSING_QUOTES = "'\"\u2019\u201d"
_DASHES = "-\u2013\u2014"
_WORD_PUNCT = "\"'()[],.;:!?\u201c\u201d"
_APOSTROPHE = re.compile(r"[\u2019\u2018]")


def _clauses(tokens: Sequence[str]) -> list[int]:
    """A clause number per whitespace token (-1: a sentence aside, left out)."""
    out, k = [], 0
    for j, tok in enumerate(tokens):
        if j:
            prev = tokens[j - 1].rstrip(_CLOSING_QUOTES)
            if ((prev and prev[-1] in _CLAUSE_END) or not prev.strip(_DASHES)
                    or tok[0] in "([" or not tok.strip(_DASHES)
                    or tok.strip(_WORD_PUNCT).lower() in CLAUSE_OPENERS):
                k += 1
        out.append(k)
    if tokens and tokens[0].endswith(",") and tokens[0][:-1].lower() in SENTENCE_ASIDES:
        out[0] = -1
    return out


def mention_score(sentence: str, pat: re.Pattern, analyzer, *, scope: str = "sentence",
                  window: Optional[int] = TARGET_WINDOW, half_life: Optional[float] = None,
                  fallback: float = 0.0, far_negation: bool = True) -> SentenceScore:
    """VADER's scores of ``sentence`` toward the target ``pat`` matches (the target's
    own words masked with :data:`MASK`), counting only the sentiment aimed near it.

    VADER's per-token valences are computed over the whole sentence (its negation,
    booster and "but" rules see the full context), then weighted (the defaults are what
    :func:`target_sentiment` uses; the rest are measured alternatives): ``scope="clause"``
    keeps the tokens of the clauses holding a mention (:func:`_clauses`), ``"sentence"``
    all; ``window`` keeps those within that many tokens of a mention; ``half_life``
    halves a token's weight every that many tokens away. When the kept tokens carry no
    sentiment, the whole sentence's, times ``fallback``, is used. ``far_negation``
    flips a positive word that a negation earlier in its clause governs beyond VADER's
    three-token look-back ("can't be many diplomats who trust"); negative words are left
    alone ("didn't stop Brown as robbery suspect" is not praise). Curly apostrophes are
    straightened first so that VADER sees "can’t" as a negation; a sentence-opening
    aside ("Certainly," :data:`SENTENCE_ASIDES`) is left out.

    >>> import re
    >>> an = make_analyzer()
    >>> s = "What a lovely, sunny, wonderful day it was when I read that Ada lied."
    >>> mention_score(s, re.compile("Ada"), an).compound < 0.5 < score_sentence(s, an).compound
    True
    """
    text = demoji(_APOSTROPHE.sub("'", sentence), analyzer)
    spans, parts, last, pos = [], [], 0, 0
    for m in pat.finditer(text):
        parts.append(text[last:m.start()])
        pos += len(parts[-1])
        spans.append((pos, pos + len(MASK)))
        parts.append(MASK)
        pos += len(MASK)
        last = m.end()
    masked = "".join(parts) + text[last:]
    raw = list(re.finditer(r"\S+", masked))
    toks = [m.group() for m in raw]
    vals = token_valences(masked, analyzer)
    if not toks or len(vals) != len(toks):
        return score_sentence(masked, analyzer)
    at = [j for j, m in enumerate(raw) if any(a < m.end() and m.start() < b for a, b in spans)]
    if not any(vals):
        return SentenceScore(masked, 0.0, 0.0, 1.0, 0.0)  # as VADER: all neutral
    neg = [w in NEGATIONS or "n't" in w for w in (t.strip(_WORD_PUNCT).lower() for t in toks)]
    needs_clauses = scope == "clause" or (far_negation and any(neg)
                                          and any(v > 0 for v in vals))
    clause = _clauses(toks) if needs_clauses else [
        -1 if i == 0 and t.endswith(",") and t[:-1].lower() in SENTENCE_ASIDES else 0
        for i, t in enumerate(toks)]
    if far_negation and needs_clauses:
        last = -1  # the latest negation in the current clause
        for i, v in enumerate(vals):
            if i and clause[i] != clause[i - 1]:
                last = -1
            if v > 0 and 0 <= last < i - 3 and not any(neg[i - 3:i]):
                vals[i] = v * NEGATION_SCALAR
            if neg[i]:
                last = i
    held = {clause[j] for j in at}
    kept = []
    for i, v in enumerate(vals):
        if not v or clause[i] < 0 or (scope == "clause" and at and clause[i] not in held):
            kept.append(0.0)
            continue
        d = min((abs(i - j) for j in at), default=0)
        w = 0.0 if window is not None and d > window else 1.0
        if half_life:
            w *= 0.5 ** (d / half_life)
        kept.append(w * v)
    if not any(kept) and fallback:
        kept = [fallback * v for v in vals]
    s = score_valences(kept, masked, analyzer)
    return SentenceScore(masked, s["compound"], s["pos"], s["neu"], s["neg"])


#: sarcasm and dismissal, as data: a sentence that is only a dismissal ("Get real.",
#: "No.", "Yeah, right.") after a mention, or one of these markers in the mentioning
#: sentence, means the writer mocks what the sentence says: the mention counts against
#: the target (at least :data:`SARCASM_SCORE`), never for it. Generic markers only.
DISMISSALS = (
    r"get real", r"no", r"nope", r"hardly", r"yeah,? right", r"sure(?:,? sure)?", r"as if",
    r"give me a break", r"oh please", r"spare me", r"what a joke", r"not likely",
    r"i don'?t think so",
)
_DISMISSAL = re.compile(r"^\W{0,3}(?:" + "|".join(DISMISSALS) + r")\W*$", re.I)
SARCASM_MARKERS = (
    r"\byeah,? right\b", r"\bget real\b", r"\bas if\b", r"\boh please\b",
    r"\bgive me a break\b", r"(?:^|\s)/s\b", r"\briiight\b", r"\bwhat a joke\b",
    r"\bspare me\b",
)
_SARCASM = re.compile("|".join(SARCASM_MARKERS), re.I)
#: the score of a mocked mention (not fitted: a plain "critical" reading)
SARCASM_SCORE = -0.4


def mocked(sentences: Sequence[str], j: int) -> bool:
    """Whether sentence ``j`` is mocked: it carries a sarcasm marker, or the next
    sentence is only a dismissal.

    >>> mocked(["Trump the business man?", "Get real."], 0), mocked(["Ada is kind.", "No doubt."], 0)
    (True, False)
    """
    if _SARCASM.search(sentences[j]):
        return True
    return j + 1 < len(sentences) and bool(_DISMISSAL.match(sentences[j + 1].strip()))


@lru_cache(maxsize=1)
def _reliability_text() -> Optional[str]:
    return RELIABILITY_PATH.read_text(encoding="utf-8") if RELIABILITY_PATH.exists() else None


def reliability() -> dict:
    """The measured precision of each direction of a mention's target sentiment
    (``data/target_reliability.json``; ``{}`` when missing): what the report may state."""
    text = _reliability_text()
    return {} if text is None else json.loads(text)


def target_score(sentences: Sequence[str], j: int, pat: re.Pattern, analyzer) -> SentenceScore:
    """:func:`mention_score` of sentence ``j``, counted against the target when the
    sentence is :func:`mocked`."""
    sc = mention_score(sentences[j], pat, analyzer)
    if mocked(sentences, j) and sc.compound > SARCASM_SCORE:
        return SentenceScore(sc.text, SARCASM_SCORE, 0.0, 1.0 - abs(SARCASM_SCORE),
                             abs(SARCASM_SCORE))
    return sc


def target_sentiment(comments_or_texts, targets: Sequence[Target], *, analyzer=None,
                     aggregation: str = _DEFAULTS.sentiment_aggregation
                     ) -> tuple[tuple[TargetSentiment, ...], ...]:
    """Per comment (aligned with ``comments_or_texts``, a Thread, its comments or plain
    texts): for each target it mentions in its own words, VADER over the sentences that
    mention it -- the target's own words masked, only the words within
    :data:`TARGET_WINDOW` tokens of a mention counted (:func:`mention_score`) --
    aggregated as :func:`discourse.sentiment.score_text` does. A comment that mentions
    no target gets ``()``.

    >>> t = Target("Ada", ("Ada",))
    >>> out = target_sentiment(["Nice day. Ada is a wonderful leader.", "Hi there."], [t])
    >>> [[(s.target, s.compound > 0.5, s.n_sentences) for s in c] for c in out]
    [[('Ada', True, 1)], []]
    """
    texts = texts_of(comments_or_texts, addressed_names=False)
    analyzer = analyzer if analyzer is not None else make_analyzer()
    agg = AGGREGATIONS[aggregation]
    pats = [(t.name, _matcher(t.aliases)) for t in targets]
    out = []
    done: dict = {}   # text -> its row: a thread repeating a comment scores it once
    for text in texts:
        if text in done:
            out.append(done[text])
            continue
        sentences = split_sentences(text)
        row = []
        for name, pat in pats:
            at = [j for j, s in enumerate(sentences) if pat.search(s)]
            if at:
                # the target's own words carry no attitude toward it: "war" and
                # "criminals" are negative in VADER's lexicon, "Hope" positive
                # and only the words near the mention: "Certainly, there can't be many
                # diplomats who trust a word Trump says" is not praise of Trump
                scores = tuple(target_score(sentences, j, pat, analyzer) for j in at)
                hit = [sc.text for sc in scores]
                c = max(-1.0, min(1.0, float(agg(scores, " ".join(hit), analyzer))))
                row.append(TargetSentiment(name, round(c, 4), len(hit)))
        done[text] = tuple(row)
        out.append(done[text])
    return tuple(out)
