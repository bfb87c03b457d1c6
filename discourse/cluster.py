"""Find the camps: TF-IDF + k-means over comments' own words.

:class:`StanceClusterer` follows scikit-learn's estimator contract (``__init__`` only
stores parameters; ``fit`` validates, learns, sets attributes ending in ``_`` and returns
``self``), so it drops into a user's tuning loop. :func:`cluster_texts` is the function
front-end the pipeline uses.

Very short texts ("Agreed", "Thanks", a bare URL) carry no topical vocabulary: forcing them
into a cluster only adds noise to it, so they get the label ``-1`` ("brief reactions")
and are left out of the fit.

k is chosen, when ``n_clusters="auto"``, as the k in ``k_range`` with the highest mean
silhouette (cosine) over the clustered texts; ``scores_`` keeps every k's silhouette so
the report can show why.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from .text import strip_urls, words

BRIEF = -1
SILHOUETTE_SAMPLE = 5000
#: below this best silhouette the report warns that the groups overlap
WEAK_SILHOUETTE = 0.1
#: words of two or more characters starting with a letter
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w-]*\w\b"  # "can't" -> "can"; "Ada's" -> "ada"


def _preprocess(text: str) -> str:
    return strip_urls(text).lower()


def content_tokens(text: str) -> list[str]:
    """Lower-cased words that are not English stop words.

    >>> content_tokens("I agree with you, the mayor is a liar https://x.y/z")
    ['agree', 'mayor', 'liar']
    """
    return [w for w in (t.lower() for t in words(text)) if w not in ENGLISH_STOP_WORDS]


class StanceClusterer(ClusterMixin, BaseEstimator):
    """TF-IDF + k-means over texts, with brief reactions set aside.

    Parameters
    ----------
    n_clusters : "auto" or int
        Number of stances; "auto" picks by silhouette within ``k_range``.
    k_range : (int, int)
        Inclusive bounds for "auto".
    ngram_range, max_features, sublinear_tf, stop_words
        Passed to :class:`~sklearn.feature_extraction.text.TfidfVectorizer`.
    min_tokens : int
        Texts with fewer content tokens are brief reactions (label ``-1``).
    svd_components : int or None
        Cluster in an LSA space of this many dimensions (at most n-1); ``None`` clusters
        the sparse TF-IDF rows directly.
    random_state : int
        Seed for k-means and the 2-D map; fixed by default so reruns agree.

    Attributes
    ----------
    labels_ : ndarray of int, one per text; ``-1`` for brief reactions. Cluster ids are
        ordered by size (largest is 0), ties broken by the cluster's first member.
    n_clusters_ : int
    vectorizer_ : fitted TfidfVectorizer
    X_ : sparse TF-IDF matrix of the clustered texts (rows follow ``clustered_``)
    clustered_ : ndarray of the indices of texts that were clustered
    scores_ : dict {k: silhouette}
    chosen_by_ : str, how k was chosen
    embedding_ : ndarray (n_texts, 2), a 2-D map (the first two LSA axes); NaN for brief reactions

    Examples
    --------
    >>> texts = ["the tax cut helps the rich", "tax cuts for the rich are unfair",
    ...          "rich people avoid tax", "the dog park is muddy", "muddy dog park again",
    ...          "dogs love the muddy park", "Agreed"]
    >>> model = StanceClusterer(n_clusters=2, min_tokens=2).fit(texts)
    >>> model.labels_.tolist()
    [0, 0, 0, 1, 1, 1, -1]
    """

    def __init__(self, n_clusters="auto", k_range=(2, 8), ngram_range=(1, 2),
                 max_features=5000, sublinear_tf=True, stop_words="english",
                 min_tokens=5, svd_components=100, random_state=0):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.stop_words = stop_words
        self.min_tokens = min_tokens
        self.svd_components = svd_components
        self.random_state = random_state

    def fit(self, X: Iterable[str], y=None):
        # One BLAS/OpenMP thread: on thread-sized data, k-means' worker threads cost more
        # than they save (80x slower on a busy 2-core machine), and a corpus is meant to
        # be parallelised by mapping over partitions instead.
        with threadpool_limits(limits=1):
            return self._fit([str(t) for t in X])

    def _fit(self, texts: list[str]):
        n = len(texts)
        if self.n_clusters != "auto" and (not isinstance(self.n_clusters, (int, np.integer))
                                          or self.n_clusters < 1):
            raise ValueError(f"n_clusters must be 'auto' or a positive int, got {self.n_clusters!r}")
        lo, hi = self.k_range
        if not (1 <= lo <= hi):
            raise ValueError(f"k_range must be (low, high) with 1 <= low <= high, got {self.k_range!r}")

        keep = np.array([i for i, t in enumerate(texts)
                         if len(content_tokens(t)) >= self.min_tokens], dtype=int)
        labels = np.full(n, BRIEF, dtype=int)
        self.embedding_ = np.full((n, 2), np.nan)
        self.clustered_ = keep
        self.scores_ = {}
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=tuple(self.ngram_range), max_features=self.max_features,
            sublinear_tf=self.sublinear_tf, stop_words=self.stop_words,
            preprocessor=_preprocess, token_pattern=TOKEN_PATTERN)
        if len(keep) == 0:
            self.X_ = None
            self.n_clusters_ = 0
            self.chosen_by_ = "no text long enough to cluster"
            self.labels_ = labels
            return self
        try:
            Xm = self.vectorizer_.fit_transform([texts[i] for i in keep])
        except ValueError:  # empty vocabulary: only stop words
            self.X_ = None
            labels[keep] = 0
            self.n_clusters_ = 1
            self.chosen_by_ = "vocabulary empty after stop words: one group"
            self.labels_ = labels
            return self
        self.X_ = Xm
        m = len(keep)
        Z, xy = _lsa(Xm, self.svd_components, self.random_state)
        raw, self.n_clusters_, self.chosen_by_ = self._choose(Z, m, lo, hi)
        labels[keep] = _order_by_size(raw)
        self.labels_ = labels
        self.embedding_[keep] = xy
        return self

    def _choose(self, Xm, m, lo, hi):
        if self.n_clusters != "auto":
            k = min(int(self.n_clusters), m)
            why = f"set by the user (k={self.n_clusters})"
            if k < int(self.n_clusters):
                why += f", reduced to {k}: only {m} comments long enough to cluster"
            return self._kmeans(Xm, k), k, why
        # Silhouette on short texts grows with k almost regardless of structure, so k is
        # also capped by the rule of thumb k <= sqrt(n/2): no more camps than a reader
        # could tell apart in a thread of this size.
        hi = min(hi, m - 1, max(lo, round(math.sqrt(m / 2))))
        if hi < max(lo, 2):
            return np.zeros(m, dtype=int), 1, f"too few comments to compare ({m}): one group"
        best = None
        for k in range(max(lo, 2), hi + 1):
            lab = self._kmeans(Xm, k)
            if len(set(lab)) < 2:
                continue
            # silhouette is quadratic in n: above SILHOUETTE_SAMPLE texts, score a fixed sample
            sample = SILHOUETTE_SAMPLE if m > SILHOUETTE_SAMPLE else None
            s = float(silhouette_score(Xm, lab, metric="cosine", sample_size=sample,
                                       random_state=self.random_state))
            self.scores_[k] = round(s, 4)
            if best is None or s > best[0] + 1e-9:
                best = (s, k, lab)
        if best is None:
            return np.zeros(m, dtype=int), 1, "no k gave two distinct groups: one group"
        s, k, lab = best
        why = f"highest silhouette (cosine) {s:.3f} over k={max(lo, 2)}..{hi} (capped at sqrt(n/2))"
        if s < WEAK_SILHOUETTE:
            why += "; the groups are weakly separated, read them as themes rather than camps"
        return lab, k, why

    def _kmeans(self, Xm, k):
        if k <= 1:
            return np.zeros(Xm.shape[0], dtype=int)
        # ten restarts are cheap on a thread; on a corpus three keep it tractable
        n_init = 10 if Xm.shape[0] <= SILHOUETTE_SAMPLE else 3
        km = KMeans(n_clusters=k, n_init=n_init, random_state=self.random_state)
        return km.fit_predict(Xm)

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_


def _order_by_size(raw: np.ndarray) -> np.ndarray:
    """Renumber clusters 0..k-1 by size (largest first), ties by first member."""
    ids = sorted(set(raw.tolist()), key=lambda c: (-int(np.sum(raw == c)), int(np.argmax(raw == c))))
    remap = {old: new for new, old in enumerate(ids)}
    return np.array([remap[c] for c in raw.tolist()], dtype=int)


def _lsa(Xm, components, seed: int):
    """Rows to cluster and a 2-D map, from one truncated SVD of the TF-IDF rows (LSA).

    On a corpus, k-means on ~100 dense LSA dimensions is faster than on the sparse
    TF-IDF matrix and merges words that co-occur. A thread with no more comments than
    ``components`` is clustered on its TF-IDF rows as they are: truncating it would only
    lose information. ``components=None`` never projects. Returns ``(rows, xy)``.
    """
    m, v = Xm.shape
    if m < 3 or v < 3:
        return Xm, np.zeros((m, 2))
    project = bool(components) and m > components and v > components
    d = components if project else 2
    Z = TruncatedSVD(n_components=d, random_state=seed).fit_transform(Xm)
    return (normalize(Z) if project else Xm), _fix_signs(Z[:, :2].copy())


def _fix_signs(xy: np.ndarray) -> np.ndarray:
    """Centre a 2-D map and orient its axes so reruns and platforms agree."""
    xy = xy - xy.mean(axis=0)
    # fix the sign of each axis so reruns and platforms agree
    for j in range(2):
        col = xy[:, j]
        if col[np.argmax(np.abs(col))] < 0:
            xy[:, j] = -col
    return xy


def cluster_texts(texts: Sequence[str], *, n_clusters="auto", k_range=(2, 8),
                  ngram_range=(1, 2), max_features=5000, min_tokens=5,
                  random_state=0) -> StanceClusterer:
    """Fit a :class:`StanceClusterer` and return it (function front-end)."""
    return StanceClusterer(n_clusters=n_clusters, k_range=k_range, ngram_range=ngram_range,
                           max_features=max_features, min_tokens=min_tokens,
                           svd_components=svd_components, random_state=random_state).fit(texts)
