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

# A run of capitalised words (or acronyms such as EU, MI6), e.g. "Ada Lovelace", "NASA".
_NAME = re.compile(r"\b(?:[A-Z][\w’'-]*[\w])(?:[ \t]+(?:[A-Z][\w’'-]*[\w]))*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SENT_START = re.compile(r"(?:^|[.!?…:;\"“”]\s+|\n)$")


def _candidates(text: str) -> list[tuple[str, bool]]:
    """Capitalised runs in ``text`` as ``(name, sure)``: a run that starts a sentence is
    not sure (its first word is capitalised anyway) unless it starts with an acronym."""
    found = []
    for m in _NAME.finditer(text):
        parts = _POSSESSIVE.sub("", m.group(0)).split()
        at_start = bool(_SENT_START.search(text[: m.start()]))
        while parts and parts[0].lower() in ENGLISH_STOP_WORDS:
            parts = parts[1:]
            at_start = False
        if not parts:
            continue
        if at_start and not parts[0].isupper():
            # "Ask Babbage" / "Ada Lovelace": the run is a name only if the thread says so
            # elsewhere; what follows the first word is mid-sentence, so it is sure
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


def mention_counts(texts: Sequence[str]) -> Counter:
    """How many texts mention each name. A sentence-initial word counts as a name only
    when the thread also writes it capitalised mid-sentence.

    >>> sorted(mention_counts(["Babbage knows.", "Ask Babbage.", "Nobody knows."]).items())
    [('Babbage', 2)]
    """
    per_text = [_candidates(t) for t in texts]
    sure = {n for cands in per_text for n, ok in cands if ok}
    counts: Counter = Counter()
    for cands in per_text:
        counts.update({n for n, ok in cands if ok or n in sure})
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
