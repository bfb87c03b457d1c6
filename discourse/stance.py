"""Describe each cluster as a stance: terms, size, sentiment, exemplars, what it names.

Terms come from :func:`discourse.terms.distinctive_terms` (log-odds with an informative
prior; see there why).
"""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from .config import Config
from .model import Sentiment, Stance
from .terms import distinctive_terms
from .text.names import mention_counts
# defined by the text layer; still importable from here
from .text.names import NOT_NAMES, names_in, names_per_text  # noqa: F401

_DEFAULTS = Config()


def describe_stances(texts: Sequence[str], labels: Sequence[int],
                     sentiments: Sequence[Sentiment], *, X=None,
                     clustered: Optional[Sequence[int]] = None, n_terms: int = 8,
                     n_representatives: int = 2, ngram_range=(1, 2),
                     neutral_band: float = _DEFAULTS.neutral_band,
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
