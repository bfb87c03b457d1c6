"""Term statistics shared by the clusterer and the stance description.

Distinctive terms use the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words"), a group against the rest, the prior
taken from all the texts' counts. We prefer it to c-TF-IDF because comment clusters are
small: c-TF-IDF ranks a word said twice in a five-comment cluster as highly as one said
twenty times, whereas the z-score of the log-odds accounts for how much evidence there
is, so rare words do not crowd out a cluster's real vocabulary.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from .text.tokens import TOKEN_PATTERN, strip_handles, strip_urls


def preprocess(text: str) -> str:
    """What the vectorizers see: lower case, URLs and @handles removed."""
    return strip_handles(strip_urls(text)).lower()


def log_odds(yi: np.ndarray, yj: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """z-scores of the log-odds ratio of counts ``yi`` against ``yj`` with prior ``alpha``."""
    a0, ni, nj = alpha.sum(), yi.sum(), yj.sum()
    delta = (np.log((yi + alpha) / (ni + a0 - yi - alpha))
             - np.log((yj + alpha) / (nj + a0 - yj - alpha)))
    return delta / np.sqrt(1.0 / (yi + alpha) + 1.0 / (yj + alpha))


def distinctive_terms(texts: Sequence[str], labels: Sequence[int], *, n_terms: int = 8,
                      ngram_range=(1, 2), prior_scale: float = 1.0
                      ) -> dict[int, list[tuple[str, float]]]:
    """Per cluster, its ``n_terms`` most distinctive terms with their log-odds z-scores.

    Texts labelled -1 (brief reactions) or ``None`` are ignored.

    >>> terms = distinctive_terms(["tax cuts for the rich", "rich pay less tax",
    ...                            "muddy dog park", "the dog park again"], [0, 0, 1, 1],
    ...                           n_terms=2, ngram_range=(1, 1))
    >>> [t for t, _ in terms[0]], [t for t, _ in terms[1]]
    (['rich', 'tax'], ['dog', 'park'])
    """
    idx = [i for i, lab in enumerate(labels) if lab is not None and lab >= 0]
    clusters = sorted({labels[i] for i in idx})
    if not clusters:
        return {}
    cv = CountVectorizer(ngram_range=tuple(ngram_range), stop_words="english",
                         preprocessor=preprocess, token_pattern=TOKEN_PATTERN)
    try:
        counts = cv.fit_transform([texts[i] for i in idx])
    except ValueError:
        return {c: [] for c in clusters}
    vocab = cv.get_feature_names_out()
    lab = np.array([labels[i] for i in idx])
    total = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    alpha = prior_scale * total / max(total.sum(), 1.0) * len(vocab)  # prior: thread frequencies
    out = {}
    for c in clusters:
        yi = np.asarray(counts[lab == c].sum(axis=0)).ravel().astype(float)
        z = log_odds(yi, total - yi, alpha)
        z[yi == 0] = -np.inf
        if len(clusters) == 1:  # nothing to contrast with: rank by frequency
            z = np.where(yi > 0, yi, -np.inf)
        order = sorted(range(len(vocab)), key=lambda t: (-z[t], vocab[t]))
        out[c] = [(str(vocab[t]), round(float(z[t]), 3)) for t in order[:n_terms]
                  if np.isfinite(z[t]) and z[t] > 0]
    return out


def contrast_terms(texts: Sequence[str], others: Sequence[str], *, n_terms: int = 10,
                   ngram_range=(1, 2)) -> list[tuple[str, float]]:
    """Terms ``texts`` use far more than ``others`` (e.g. what readers add to the post
    and the coverage), with their log-odds z-scores.

    >>> [t for t, _ in contrast_terms(["the mayor lied", "mayor lied again"],
    ...                               ["the budget passed"], n_terms=2, ngram_range=(1, 1))]
    ['lied', 'mayor']
    """
    if not texts or not others:
        return []
    both = list(texts) + list(others)
    labels = [0] * len(texts) + [1] * len(others)
    return distinctive_terms(both, labels, n_terms=n_terms, ngram_range=ngram_range).get(0, [])
