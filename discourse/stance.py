"""Describe each cluster as a stance: terms, size, sentiment, exemplars, what it names.

Distinctive terms use the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words"), cluster against the rest of the
thread, the prior taken from the whole thread's counts. We prefer it to c-TF-IDF because
comment clusters are small: c-TF-IDF ranks a word said twice in a five-comment cluster
as highly as one said twenty times, whereas the z-score of the log-odds accounts for how
much evidence there is, so rare words do not crowd out a cluster's real vocabulary.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from .cluster import BRIEF, TOKEN_PATTERN, _preprocess
from .model import Sentiment, Stance

# A run of capitalised words (or acronyms such as EU, MI6), e.g. "Ada Lovelace", "NASA".
_NAME = re.compile(r"\b(?:[A-Z][\w’'-]*[\w])(?:[ \t]+(?:[A-Z][\w’'-]*[\w]))*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SENT_START = re.compile(r"(?:^|[.!?…:;\"“”]\s+|\n)$")


def distinctive_terms(texts: Sequence[str], labels: Sequence[int], *, n_terms: int = 8,
                      ngram_range=(1, 2), prior_scale: float = 1.0
                      ) -> dict[int, list[tuple[str, float]]]:
    """Per cluster, its ``n_terms`` most distinctive terms with their log-odds z-scores.

    Texts labelled ``BRIEF`` (-1) are ignored.

    >>> terms = distinctive_terms(["tax cuts for the rich", "rich pay less tax",
    ...                            "muddy dog park", "the dog park again"], [0, 0, 1, 1],
    ...                           n_terms=2, ngram_range=(1, 1))
    >>> [t for t, _ in terms[0]], [t for t, _ in terms[1]]
    (['rich', 'tax'], ['dog', 'park'])
    """
    idx = [i for i, lab in enumerate(labels) if lab != BRIEF]
    clusters = sorted({labels[i] for i in idx})
    if not clusters:
        return {}
    cv = CountVectorizer(ngram_range=tuple(ngram_range), stop_words="english",
                         preprocessor=_preprocess, token_pattern=TOKEN_PATTERN)
    try:
        counts = cv.fit_transform([texts[i] for i in idx])
    except ValueError:
        return {c: [] for c in clusters}
    vocab = cv.get_feature_names_out()
    lab = np.array([labels[i] for i in idx])
    total = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    alpha = prior_scale * total / max(total.sum(), 1.0) * len(vocab)  # prior: thread frequencies
    a0 = alpha.sum()
    out = {}
    for c in clusters:
        yi = np.asarray(counts[lab == c].sum(axis=0)).ravel().astype(float)
        yj = total - yi
        ni, nj = yi.sum(), yj.sum()
        delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha))
                 - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
        z = delta / np.sqrt(1.0 / (yi + alpha) + 1.0 / (yj + alpha))
        z[yi == 0] = -np.inf
        if len(clusters) == 1:  # nothing to contrast with: rank by frequency
            z = np.where(yi > 0, yi, -np.inf)
        order = sorted(range(len(vocab)), key=lambda t: (-z[t], vocab[t]))
        out[c] = [(str(vocab[t]), round(float(z[t]), 3)) for t in order[:n_terms]
                  if np.isfinite(z[t]) and z[t] > 0]
    return out


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
                     neutral_band: float = 0.05) -> tuple[Stance, ...]:
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
        ))
    return tuple(stances)
