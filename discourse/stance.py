"""Describe each cluster as a stance: terms, size, sentiment, exemplars, what it names.

Terms come from :func:`discourse.terms.distinctive_terms` (log-odds with an informative
prior; see there why).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .model import Sentiment, Stance
from .terms import distinctive_terms

# A run of capitalised words (or acronyms such as EU, MI6), e.g. "Ada Lovelace", "NASA";
# not an @handle (whom a reply addresses, not a name it discusses)
#: any upper-case letter, not only A-Z ("Émile", "Łukasz", "Ørsted")
_UPPER = "[" + "".join(sorted({re.escape(chr(c)) for c in range(0x250) if chr(c).isupper()}
                             | {re.escape(chr(c)) for c in range(0x370, 0x530)
                                if chr(c).isupper()})) + "]"
_NAME = re.compile(rf"(?<![@\w])(?:{_UPPER}[\w’'-]*[\w])(?:[ \t]+(?:{_UPPER}[\w’'-]*[\w]))*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SENT_START = re.compile(r"(?:^|[.!?…:;\"“”]\s+|\n)$")
#: a contraction ("I’m", "Don't", "We'll"): never a name
_CONTRACTION = re.compile(r"\w['’](?:t|m|re|ve|ll|d)$", re.I)
#: capitalised words that are not names in any thread (beyond the stop words): titles,
#: days and months, greetings and chat words
NOT_NAMES = frozenset(
    """mr mrs ms mx dr prof sir madam dear hi hello hey thanks thank yes yeah yep no nope
    ok okay oh ah wow lol lmao omg wtf edit update ps please sorry well agreed exactly
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)


#: all-caps names whose lower case is a stop word
_CAPS_NAMES = frozenset({"US"})


def _not_a_name(word: str) -> bool:
    """A stop word, contraction, title, day, month or chat word (any case).

    >>> [_not_a_name(w) for w in ("Thanks", "I’m", "Ada", "US", "Us")]
    [True, True, False, False, True]
    """
    low = word.lower()
    return (low in ENGLISH_STOP_WORDS and word not in _CAPS_NAMES or low in NOT_NAMES
            or bool(_CONTRACTION.search(word)))


def _candidates(text: str) -> list[tuple[str, bool]]:
    """Capitalised runs in ``text`` as ``(name, sure)``: a run that starts a sentence is
    not sure (its first word is capitalised anyway) unless it starts with an acronym.

    A run is cut at words that are not names ("Thanks Ada" -> "Ada") and after a
    possessive ("Ada’s Analytical Engine" -> "Ada", "Analytical Engine").
    """
    found = []
    for m in _NAME.finditer(text):
        at_start = bool(_SENT_START.search(text[: m.start()]))
        segments: list[tuple[list[str], bool]] = [([], at_start)]
        for k, word in enumerate(m.group(0).split()):
            bare = _POSSESSIVE.sub("", word)
            if _not_a_name(bare):
                segments.append(([], False))
                continue
            segments[-1][0].append(bare)
            if bare != word:  # a possessive ends the name
                segments.append(([], False))
        for parts, initial in segments:
            if not parts:
                continue
            if initial and not parts[0].isupper():
                # "Ask Babbage" / "Ada Lovelace": the run is a name only if the thread
                # says so elsewhere; what follows the first word is mid-sentence, so sure
                found.append((" ".join(parts), False))
                if len(parts) > 1:
                    found.append((" ".join(parts[1:]), True))
            else:
                found.append((" ".join(parts), True))
    return found


def names_in(text: str) -> list[str]:
    """Names a text surely mentions (capitalised mid-sentence, or acronyms), in order.

    >>> names_in("I doubt Ada Lovelace's notes. Babbage knows. The NASA team waits.")
    ['Ada Lovelace', 'NASA']
    """
    return [n for n, sure in _candidates(text) if sure]


def names_per_text(texts: Sequence[str]) -> list[set[str]]:
    """The names each text mentions. A sentence-initial word counts as a name only when
    the texts also write it capitalised mid-sentence.

    >>> [sorted(n) for n in names_per_text(["Babbage knows.", "Thanks Ada, ask Babbage."])]
    [['Babbage'], ['Ada', 'Babbage']]
    """
    per_text = [_candidates(t) for t in texts]
    sure = {n for cands in per_text for n, ok in cands if ok}
    return [{n for n, ok in cands if ok or n in sure} for cands in per_text]


def mention_counts(texts: Sequence[str]) -> Counter:
    """How many texts mention each name (see :func:`names_per_text`).

    >>> sorted(mention_counts(["Babbage knows.", "Ask Babbage.", "Nobody knows."]).items())
    [('Babbage', 2)]
    """
    counts: Counter = Counter()
    for names in names_per_text(texts):
        counts.update(names)
    return counts


def describe_stances(texts: Sequence[str], labels: Sequence[int],
                     sentiments: Sequence[Sentiment], *, X=None,
                     clustered: Optional[Sequence[int]] = None, n_terms: int = 8,
                     n_representatives: int = 2, ngram_range=(1, 2),
                     neutral_band: float = 0.05,
                     stability: Optional[dict] = None) -> tuple[Stance, ...]:
    """One :class:`Stance` per cluster id in ``labels`` (``BRIEF`` excluded).

    ``X`` (TF-IDF rows of the ``clustered`` texts) picks representatives as the members
    closest to their cluster's centroid; without it, the longest members are used.
    """
    terms = distinctive_terms(texts, labels, n_terms=n_terms, ngram_range=ngram_range)
    row_of = {int(i): r for r, i in enumerate(clustered)} if clustered is not None else {}
    stances = []
    for c in sorted(terms):
        members = tuple(i for i, lab in enumerate(labels) if lab == c)
        comp = np.array([sentiments[i].compound for i in members], dtype=float)
        if X is not None and row_of:
            rows = X[[row_of[i] for i in members]]
            centroid = np.asarray(rows.mean(axis=0)).ravel()
            norm = np.linalg.norm(centroid) or 1.0
            sim = np.asarray(rows @ (centroid / norm)).ravel()
            order = sorted(range(len(members)), key=lambda j: (-sim[j], members[j]))
        else:
            order = sorted(range(len(members)), key=lambda j: (-len(texts[members[j]]), members[j]))
        reps = tuple(members[j] for j in order[:n_representatives])
        named = mention_counts([texts[i] for i in members])
        stances.append(Stance(
            id=int(c), size=len(members), terms=tuple(terms[c]),
            sentiment=round(float(comp.mean()), 4) if len(comp) else 0.0,
            sentiment_spread=round(float(comp.std()), 4) if len(comp) else 0.0,
            share_positive=round(float(np.mean(comp > neutral_band)), 4) if len(comp) else 0.0,
            share_negative=round(float(np.mean(comp < -neutral_band)), 4) if len(comp) else 0.0,
            members=members, representatives=reps,
            mentions=tuple(sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:8]),
            stability=(stability or {}).get(c),
        ))
    return tuple(stances)
