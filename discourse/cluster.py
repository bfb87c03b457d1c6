"""Find the camps: TF-IDF + k-means over comments' own words.

:class:`StanceClusterer` follows scikit-learn's estimator contract (``__init__`` only
stores parameters; ``fit`` validates, learns, sets attributes ending in ``_`` and returns
``self``), so it drops into a user's tuning loop. :func:`sweep` fits it over a range of k
and tabulates silhouette, Calinski–Harabasz and stability, so a user can choose k.

Very short texts ("Agreed", "Thanks", a bare URL) carry no topical vocabulary: forcing them
into a cluster only adds noise to it, so they get the label ``-1`` ("brief reactions")
and are left out of the fit.

A :class:`~discourse.model.Thread` can be given instead of texts: each comment is then
represented by its *own* words (:func:`discourse.text.own_text`), so a reply that quotes
a comment in order to rebut it does not land in that comment's cluster.

A rerun can start from an earlier fit (``fit(texts, init_model=StanceModel)``, see
:mod:`discourse.stance_model`): the earlier vocabulary, IDF and SVD axes, k-means started
from the earlier centres, so a few new comments do not reshuffle the old ones.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Iterable, Optional, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, clone
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, silhouette_score
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .stance_model import StanceModel
from .terms import TOKEN_PATTERN, distinctive_terms, preprocess
from .text import texts_of, words
from .text.tokens import WORD, strip_urls

BRIEF = -1
#: silhouette is quadratic in n: above this many texts it is scored on a fixed sample
SILHOUETTE_SAMPLE = 5000
#: below this best silhouette the report warns that the groups overlap
WEAK_SILHOUETTE = 0.1
from .model import UNSTABLE  # noqa: E402  (re-exported: bench and callers read it here)
#: share of the clustered texts in each stability resample (subsampling, no duplicates)
RESAMPLE_SHARE = 0.8
#: "auto" prefers the k whose refits on subsamples agree with the fit at least this much
#: (mean adjusted Rand index)
STABLE_ARI = 0.5
#: above this many texts "auto" does not measure stability per k (it would cost
#: n_resamples fits per k); the chosen k's stability is still measured
STABILITY_MAX = 3000
ALGORITHMS = ("kmeans", "agglomerative")


def content_tokens(text: str) -> list[str]:
    """Lower-cased words that are not English stop words.

    >>> content_tokens("I agree with you, the mayor is a liar https://x.y/z")
    ['agree', 'mayor', 'liar']
    """
    return [w for w in (t.lower() for t in words(text)) if w not in ENGLISH_STOP_WORDS]


def long_enough(text: str, n: int) -> bool:
    """``len(content_tokens(text)) >= n``, reading only as far as the n-th content word
    (on a corpus this test is a third of a rerun's time when it reads every word).

    >>> long_enough("I agree with you, the mayor is a liar", 3), long_enough("Agreed!", 1)
    (True, True)
    >>> long_enough("I agree with you", 2)
    False
    """
    if n <= 0:
        return True
    count = 0
    if "http" in text or "www." in text:   # what strip_urls' pattern needs to match
        text = strip_urls(text)
    for m in WORD.finditer(text):
        if m.group().lower() not in ENGLISH_STOP_WORDS:
            count += 1
            if count >= n:
                return True
    return False


class StanceClusterer(ClusterMixin, BaseEstimator):
    """TF-IDF + k-means (or agglomerative) over comments, brief reactions set aside.

    Parameters
    ----------
    n_clusters : "auto" or int, default "auto"
        Number of stances. "auto" tries each k in ``k_range`` (capped at sqrt(n/2)) and
        takes the highest cosine silhouette among the k that are stable across
        resamples (mean ARI >= 0.5), or else the most stable k; ``chosen_by_`` says which.
    k_range : (int, int), default (2, 8)
        Inclusive bounds for "auto".
    ngram_range, min_df, max_df, max_features, stop_words, sublinear_tf
        Passed to :class:`~sklearn.feature_extraction.text.TfidfVectorizer`.
    svd_components : int or None, default 100
        With more clustered texts than this, cluster in an LSA space of this many
        dimensions; ``None`` always clusters the sparse TF-IDF rows.
    algorithm : {"kmeans", "agglomerative"}, default "kmeans"
        Agglomerative uses average linkage on cosine distances.
    min_tokens : int, default 5
        Texts with fewer content words are brief reactions (label ``-1``).
    n_resamples : int, default 10
        Refits on 80% subsamples used to measure each stance's stability
        (``stability_``); 0 skips it.
    random_state : int, default 0
        Seed of every random choice; fixed so a rerun gives the same stances.

    Attributes
    ----------
    labels_ : ndarray of int, one per text; ``-1`` for brief reactions. Ids are ordered
        by size (largest is 0), ties broken by the cluster's top term.
    n_clusters_ : int
    texts_ : list of str, the texts clustered (a thread's comments' own words)
    clustered_ : ndarray, indices of the texts that were clustered (not brief)
    vectorizer_ : fitted TfidfVectorizer
    svd_ : fitted TruncatedSVD or None
    model_ : the fitted KMeans / AgglomerativeClustering at the chosen k (its own ids), or
        None when there was nothing to fit (one group)
    X_ : sparse TF-IDF rows of the clustered texts
    cluster_centers_ : ndarray (n_clusters_, n_dims), mean of each stance's rows
    scores_ : dict {k: silhouette} for every k tried by "auto"
    k_scores_ : dict {k: {"silhouette", "stability"}} for every k tried by "auto"
    silhouette_, calinski_harabasz_ : float or None, of the final labels
    stability_ : dict {stance id: mean best-match Jaccard over resamples}
    stability_ari_ : float or None, mean adjusted Rand index of resample fits vs. the fit
    chosen_by_ : str, how k was chosen
    embedding_ : ndarray (n_texts, 2), a 2-D map (first two SVD axes); NaN for brief
    n_documents_ : int, documents the IDF was fitted on (clustered texts + context)
    init_centers_ : ndarray or None, the centres a warm start began from (``init_model``)
    unknown_ : ndarray, after a warm start: indices of texts long enough to cluster but
        with no word of the saved vocabulary (labelled ``-1``, like ``predict`` does)
    n_iter_ : int or None, k-means iterations of a warm start

    Examples
    --------
    >>> texts = ["the tax cut helps the rich", "tax cuts for the rich are unfair",
    ...          "rich people avoid tax", "the dog park is muddy", "muddy dog park again",
    ...          "dogs love the muddy park", "Agreed"]
    >>> model = StanceClusterer(n_clusters=2, min_tokens=2).fit(texts)
    >>> model.labels_.tolist()          # equal sizes: ordered by top term
    [1, 1, 1, 0, 0, 0, -1]
    >>> model.predict(["a tax on the rich", "my dog hates mud at the park", "ok"]).tolist()
    [1, 0, -1]
    >>> [(c, [t for t, _ in terms]) for c, terms in model.top_terms(2)]
    [(0, ['muddy', 'park']), (1, ['rich', 'tax'])]
    >>> model.representatives(1), model.stability_
    ([(0, [3]), (1, [0])], {0: 1.0, 1: 1.0})
    """

    def __init__(self, n_clusters="auto", k_range=(2, 8), ngram_range=(1, 2), min_df=1,
                 max_df=1.0, max_features=5000, stop_words="english", sublinear_tf=True,
                 svd_components=100, algorithm="kmeans", min_tokens=5, n_resamples=10,
                 random_state=0):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.stop_words = stop_words
        self.sublinear_tf = sublinear_tf
        self.svd_components = svd_components
        self.algorithm = algorithm
        self.min_tokens = min_tokens
        self.n_resamples = n_resamples
        self.random_state = random_state

    # -- fitting -----------------------------------------------------------------------

    def fit(self, X, y=None, *, context: Optional[Iterable[str]] = None,
            init_model: Optional[StanceModel] = None):
        """Learn the stances of ``X`` (texts, Comments or a Thread).

        ``context`` documents (e.g. news coverage of the same story) join the term
        statistics (the IDF) but are not clustered.

        ``init_model`` (an earlier fit's :class:`~discourse.stance_model.StanceModel`)
        makes this a warm start: the texts are vectorised with the model's vocabulary and
        IDF (words it does not know are ignored; ``context`` is not used, the IDF is the
        model's) and projected on its SVD axes if it has them, and k-means runs from its
        centres with its k. ``labels_[i] == j`` then means the stance of the model's
        ``stance_ids[j]``: no reordering by size. ``n_clusters``, ``k_range`` and the
        vectorizer settings are the model's, not this estimator's. For a full refit, fit
        without ``init_model``.
        """
        self._validate()
        texts = texts_of(X)
        # One BLAS/OpenMP thread: on thread-sized data, k-means' worker threads cost more
        # than they save (80x slower on a busy 2-core machine), and a corpus is meant to
        # be parallelised by mapping over partitions instead.
        with threadpool_limits(limits=1):
            if init_model is not None:
                return self._fit_warm(texts, init_model)
            return self._fit(texts, [str(t) for t in (context or ())])

    def _validate(self):
        k = self.n_clusters
        if k != "auto" and (not isinstance(k, (int, np.integer)) or k < 1):
            raise ValueError(f"n_clusters must be 'auto' or a positive int, got {k!r}")
        lo, hi = self.k_range
        if not (1 <= lo <= hi):
            raise ValueError(f"k_range must be (low, high) with 1 <= low <= high, got {self.k_range!r}")
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        lo, hi = self.ngram_range
        if not (1 <= lo <= hi):
            raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high, "
                             f"got {self.ngram_range!r}")

    def _reset(self, texts: list[str]) -> np.ndarray:
        """Set every fitted attribute to "nothing found"; returns the indices of the texts
        long enough to cluster."""
        n = len(texts)
        self.texts_ = texts
        keep = np.array([i for i, t in enumerate(texts) if long_enough(t, self.min_tokens)],
                        dtype=int)
        self.clustered_ = keep
        self.labels_ = np.full(n, BRIEF, dtype=int)
        self.embedding_ = np.full((n, 2), np.nan)
        self.scores_, self.k_scores_, self.stability_ = {}, {}, {}
        self.silhouette_ = self.calinski_harabasz_ = self.stability_ari_ = None
        self.svd_ = self.model_ = self.X_ = self.init_centers_ = self.n_iter_ = None
        self.unknown_ = np.zeros(0, dtype=int)
        self.cluster_centers_ = np.zeros((0, 0))
        self.n_clusters_ = self.n_documents_ = 0
        return keep

    def _fit(self, texts: list[str], context: list[str]):
        keep = self._reset(texts)
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=tuple(self.ngram_range), min_df=self.min_df, max_df=self.max_df,
            max_features=self.max_features, sublinear_tf=self.sublinear_tf,
            stop_words=self.stop_words, preprocessor=preprocess, token_pattern=TOKEN_PATTERN)
        if len(keep) == 0:
            self.chosen_by_ = "no text long enough to cluster"
            return self
        docs = [texts[i] for i in keep]
        self.n_documents_ = len(docs) + len(context)
        try:
            self.vectorizer_.fit(docs + context)
            Xm = self.vectorizer_.transform(docs)
        except ValueError as err:  # empty vocabulary: only stop words
            if "empty vocabulary" not in str(err) and "no terms remain" not in str(err):
                raise
            self.labels_[keep] = 0
            self.n_clusters_ = 1
            self.chosen_by_ = "vocabulary empty after stop words: one group"
            return self
        self.X_ = Xm
        rows, xy = self._project(Xm)
        raw, self.model_, k, self.chosen_by_ = self._choose(rows)
        final = self._order(raw, docs)
        self.labels_[keep] = final
        self.n_clusters_ = k
        self.embedding_[keep] = xy
        self._finish(rows, final, k)
        return self

    def _finish(self, rows, final: np.ndarray, k: int):
        """Centres, separation scores and stability of the final labels of ``rows``."""
        self.cluster_centers_ = np.vstack([
            np.asarray(rows[final == c].mean(axis=0)).ravel() if np.any(final == c)
            else np.zeros(rows.shape[1]) for c in range(k)])
        if 2 <= len(set(final.tolist())) < rows.shape[0]:  # the scores' own domain
            self.silhouette_ = round(self._silhouette(rows, final), 4)
            self.calinski_harabasz_ = round(float(calinski_harabasz_score(
                rows.toarray() if hasattr(rows, "toarray") else rows, final)), 4)
            if self.n_resamples:
                self.stability_, self.stability_ari_ = self._resample(rows, final, k)

    def _fit_warm(self, texts: list[str], model: StanceModel):
        """k-means from ``model``'s centres in ``model``'s space (see :meth:`fit`)."""
        keep = self._reset(texts)
        self.vectorizer_ = model.vectorizer()
        self.n_documents_ = model.n_documents
        self.chosen_by_ = (f"the saved model (k={model.k}): k-means started from its "
                           "centres in its vocabulary")
        self.init_centers_ = model.centroids
        if len(keep) == 0:
            return self
        Xm = self.vectorizer_.transform([texts[i] for i in keep])
        known = np.asarray(abs(Xm).sum(axis=1)).ravel() > 0
        self.unknown_ = keep[~known]
        keep = self.clustered_ = keep[known]
        Xm = Xm[known]
        self.X_ = Xm
        if model.components is not None:
            self.svd_ = _Projection(model.components, model.basis)
        rows = model.project(Xm)
        k = model.k
        if rows.shape[0] < k:   # fewer texts than stances: each goes to its nearest centre
            final = _nearest(rows, model.centroids)
            self.n_iter_ = 0
        else:
            km = KMeans(n_clusters=k, init=model.centroids, n_init=1,
                        random_state=self.random_state)
            final = km.fit_predict(rows)
            self.model_, self.n_iter_ = km, int(km.n_iter_)
        self.labels_[keep] = final
        self.n_clusters_ = k
        self.embedding_[keep] = self._map(Xm, model)
        self._finish(rows, final, k)
        # a stance left with no member keeps its saved centre
        empty = [c for c in range(k) if not np.any(final == c)]
        self.cluster_centers_[empty] = model.centroids[empty]
        return self

    def _map(self, Xm, model: StanceModel) -> np.ndarray:
        """The 2-D map of a warm start: the first two saved SVD axes, as a full fit draws
        them; without saved axes, a 2-D SVD of these rows (as a full fit does)."""
        m, v = Xm.shape
        if model.components is not None:
            return _fix_signs(np.asarray(Xm @ model.components[:2].T))
        if m < 3 or v < 3:
            return np.zeros((m, 2))
        svd = TruncatedSVD(n_components=2, random_state=self.random_state)
        return _fix_signs(svd.fit_transform(Xm))

    def center_distances(self, centers: Optional[np.ndarray] = None) -> np.ndarray:
        """Euclidean distance of every text to each centre (rows: texts; NaN for texts not
        clustered), in the clustering space; ``centers`` defaults to ``cluster_centers_``.
        This is the distance k-means assigns by."""
        check_is_fitted(self)
        C = self.cluster_centers_ if centers is None else np.asarray(centers)
        out = np.full((len(self.texts_), C.shape[0]), np.nan)
        if self.X_ is None or C.size == 0:
            return out
        R = self.X_ if self.svd_ is None else normalize(self.svd_.transform(self.X_))
        sq = (np.asarray(R.multiply(R).sum(axis=1)).ravel() if hasattr(R, "multiply")
              else (R * R).sum(axis=1))
        d2 = sq[:, None] - 2 * np.asarray(R @ C.T) + (C * C).sum(axis=1)[None, :]
        out[self.clustered_] = np.sqrt(np.maximum(d2, 0.0))
        return out

    def _project(self, Xm):
        """Rows to cluster and a 2-D map, from one truncated SVD of the TF-IDF rows (LSA).

        On a corpus, k-means on ~100 dense LSA dimensions is faster than on the sparse
        TF-IDF matrix and merges words that co-occur. A thread with no more texts than
        ``svd_components`` is clustered on its TF-IDF rows as they are: truncating would
        only lose information.
        """
        m, v = Xm.shape
        if m < 3 or v < 3:
            return Xm, np.zeros((m, 2))
        d = self.svd_components
        project = bool(d) and m > d and v > d
        svd = TruncatedSVD(n_components=d if project else 2, random_state=self.random_state)
        Z = svd.fit_transform(Xm)
        if project:
            self.svd_ = svd
        return (normalize(Z) if project else Xm), _fix_signs(Z[:, :2].copy())

    def _choose(self, rows):
        m = rows.shape[0]
        if self.n_clusters != "auto":
            k = min(int(self.n_clusters), m)
            why = f"the user (k={self.n_clusters})"
            if k < int(self.n_clusters):
                why += f", reduced to {k}: only {m} comments long enough to cluster"
            return (*self._cluster(rows, k), k, why)
        lo, hi = self.k_range
        # Silhouette on short texts grows with k almost regardless of structure, so k is
        # also capped by the rule of thumb k <= sqrt(n/2): no more camps than a reader
        # could tell apart in a thread of this size.
        hi = min(hi, m - 1, max(lo, round(math.sqrt(m / 2))))
        lo = max(lo, 2)
        if hi < lo:
            return np.zeros(m, dtype=int), None, 1, f"too few comments to compare ({m}): one group"
        measure = bool(self.n_resamples) and m <= STABILITY_MAX
        tried, models = {}, {}
        for k in range(lo, hi + 1):
            lab, models[k] = self._cluster(rows, k)
            if len(set(lab.tolist())) < 2:
                continue
            s = self._silhouette(rows, lab)
            ari = self._resample(rows, lab, k)[1] if measure else None
            self.scores_[k] = round(s, 4)
            self.k_scores_[k] = {"silhouette": round(s, 4),
                                 "stability": None if ari is None else round(ari, 4)}
            tried[k] = (s, ari, lab)
        if not tried:
            return np.zeros(m, dtype=int), None, 1, "no k gave two distinct groups: one group"
        span = f"k={lo}..{hi} (capped at sqrt(n/2))"
        stable = [k for k, (_, ari, _) in tried.items() if ari is not None and ari >= STABLE_ARI]
        if not measure or all(ari is None for _, ari, _ in tried.values()):
            # too few comments to resample: silhouette alone
            k = max(tried, key=lambda k: (tried[k][0], -k))
            why = f"highest silhouette (cosine) {tried[k][0]:.3f} over {span}"
        elif stable:
            k = max(stable, key=lambda k: (tried[k][0], -k))
            why = (f"highest silhouette (cosine) {tried[k][0]:.3f} among the k over {span} "
                   f"that are stable across resamples (ARI >= {STABLE_ARI:g})")
        else:
            k = max(tried, key=lambda k: (tried[k][1], -k))
            why = (f"stability: no k over {span} is stable across resamples "
                   f"(ARI >= {STABLE_ARI:g}), so the most stable (ARI {tried[k][1]:.2f})")
        if tried[k][0] < WEAK_SILHOUETTE:
            why += "; the groups are weakly separated, read them as themes rather than camps"
        return tried[k][2], models[k], k, why

    def _cluster(self, rows, k: int, seed: Optional[int] = None, n_init: Optional[int] = None):
        """Labels of ``rows`` in ``k`` clusters and the fitted model (``None`` for k <= 1)."""
        m = rows.shape[0]
        if k <= 1:
            return np.zeros(m, dtype=int), None
        if self.algorithm == "agglomerative":
            dense = rows.toarray() if hasattr(rows, "toarray") else rows
            model = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
            return model.fit_predict(dense), model
        # ten restarts are cheap on a thread; on a corpus three keep it tractable
        n_init = n_init or (10 if m <= SILHOUETTE_SAMPLE else 3)
        km = KMeans(n_clusters=k, n_init=n_init,
                    random_state=self.random_state if seed is None else seed)
        return km.fit_predict(rows), km

    def _silhouette(self, rows, labels) -> float:
        m = rows.shape[0]
        sample = SILHOUETTE_SAMPLE if m > SILHOUETTE_SAMPLE else None
        return float(silhouette_score(rows, labels, metric="cosine", sample_size=sample,
                                      random_state=self.random_state))

    def _order(self, raw: np.ndarray, docs: list[str]) -> np.ndarray:
        """Renumber clusters 0..k-1 by size (largest first), ties by their top term."""
        top = {c: terms[0][0] if terms else "" for c, terms in
               distinctive_terms(docs, raw.tolist(), n_terms=1,
                                 ngram_range=self.ngram_range).items()}
        ids = sorted(set(raw.tolist()), key=lambda c: (-int(np.sum(raw == c)), top.get(c, ""),
                                                       int(np.argmax(raw == c))))
        remap = {old: new for new, old in enumerate(ids)}
        return np.array([remap[c] for c in raw.tolist()], dtype=int)

    def _resample(self, rows, labels: np.ndarray, k: int):
        """Refit on subsamples. Returns ``({stance: mean best-match Jaccard}, mean ARI)``
        (Hennig's clusterboot, with subsampling instead of the bootstrap), or
        ``({}, None)`` when the texts are too few to subsample."""
        m = rows.shape[0]
        size = max(k + 1, int(round(RESAMPLE_SHARE * m)))
        if size >= m:
            return {}, None
        rng = np.random.RandomState(self.random_state)
        jac = {c: [] for c in sorted(set(labels.tolist()))}
        aris = []
        for b in range(self.n_resamples):
            idx = np.sort(rng.choice(m, size=size, replace=False))
            sub, _ = self._cluster(rows[idx], k, seed=self.random_state + 1 + b, n_init=3)
            ref = labels[idx]
            aris.append(adjusted_rand_score(ref, sub))
            groups = [set(np.flatnonzero(sub == j).tolist()) for j in set(sub.tolist())]
            for c in jac:
                a = set(np.flatnonzero(ref == c).tolist())
                if a:
                    jac[c].append(max(len(a & g) / len(a | g) for g in groups))
        return ({c: round(float(np.mean(v)), 4) for c, v in jac.items() if v},
                round(float(np.mean(aris)), 4))

    # -- using a fitted model ------------------------------------------------------------

    def predict(self, X) -> np.ndarray:
        """The stance of each new text (``-1``: a brief reaction, or no known word).

        Texts go to the nearest stance centre, as k-means assigns them, so
        ``fit(X).predict(X)`` reproduces ``labels_`` for k-means.
        """
        check_is_fitted(self)
        texts = texts_of(X)
        out = np.full(len(texts), BRIEF, dtype=int)
        if self.n_clusters_ == 0 or self.X_ is None:
            return out
        keep = [i for i, t in enumerate(texts) if long_enough(t, self.min_tokens)]
        if not keep:
            return out
        R = self.vectorizer_.transform([texts[i] for i in keep])
        if self.svd_ is not None:
            R = normalize(self.svd_.transform(R))
        C = self.cluster_centers_
        # argmin |x - c|^2 = argmax (x.c - |c|^2 / 2)
        score = np.asarray(R @ C.T) - 0.5 * (C * C).sum(axis=1)
        known = np.asarray(abs(R).sum(axis=1)).ravel() > 0
        out[np.array(keep)[known]] = np.argmax(score[known], axis=1)
        return out

    def fit_predict(self, X, y=None, **fit_params):
        return self.fit(X, **fit_params).labels_

    def top_terms(self, n: int = 10) -> list[tuple[int, list[tuple[str, float]]]]:
        """Per stance, its ``n`` most distinctive terms with their log-odds z-scores
        against the other stances (see :mod:`discourse.terms` for why log-odds)."""
        terms = distinctive_terms(self.texts_, self.labels_.tolist(), n_terms=n,
                                  ngram_range=self.ngram_range)
        return [(c, terms.get(c, [])) for c in range(self.n_clusters_)]

    def _similarities(self):
        """Cosine of each clustered text to every stance centre, rows as ``clustered_``."""
        if self.svd_ is not None:
            R = normalize(self.svd_.transform(self.X_))
        else:
            R = self.X_
        C = normalize(self.cluster_centers_)
        return np.asarray(R @ C.T)

    def representatives(self, n: int = 3) -> list[tuple[int, list[int]]]:
        """Per stance, the indices of its ``n`` texts closest to its centre."""
        return self._rank(n, lambda sim, c: sim[:, c])

    def distinctive(self, n: int = 3) -> list[tuple[int, list[int]]]:
        """Per stance, the indices of its ``n`` texts most specific to it: the largest
        margin between the similarity to its own centre and to the nearest other one."""
        def margin(sim, c):
            others = np.delete(sim, c, axis=1)
            return sim[:, c] - (others.max(axis=1) if others.shape[1] else 0)
        return self._rank(n, margin)

    def _rank(self, n, key) -> list[tuple[int, list[int]]]:
        if self.n_clusters_ == 0 or self.X_ is None:
            return []
        sim = self._similarities()
        lab = self.labels_[self.clustered_]
        out = []
        for c in range(self.n_clusters_):
            rows = np.flatnonzero(lab == c)
            score = key(sim, c)[rows]
            order = sorted(range(len(rows)), key=lambda j: (-score[j], rows[j]))
            out.append((c, [int(self.clustered_[rows[j]]) for j in order[:n]]))
        return out


class _Projection:
    """Saved SVD axes standing in for a fitted TruncatedSVD (``transform`` only); ``basis``
    is how the saved model stored them (kept for the rerun's own saved model)."""

    def __init__(self, components: np.ndarray, basis=None):
        self.components_ = components
        self.basis = basis

    def transform(self, X):
        return np.asarray(X @ self.components_.T)


def _nearest(rows, C: np.ndarray) -> np.ndarray:
    """Index of the nearest centre of each row (k-means' assignment step)."""
    score = np.asarray(rows @ C.T) - 0.5 * (C * C).sum(axis=1)
    return np.argmax(score, axis=1).astype(int)


def _fix_signs(xy: np.ndarray) -> np.ndarray:
    """Centre a 2-D map and orient its axes so reruns and platforms agree."""
    xy = xy - xy.mean(axis=0)
    for j in range(2):
        col = xy[:, j]
        if col[np.argmax(np.abs(col))] < 0:
            xy[:, j] = -col
    return xy


# -- choosing k --------------------------------------------------------------------------

@dataclass(frozen=True)
class SweepRow:
    """One k of a :func:`sweep`."""

    k: int
    silhouette: Optional[float]
    calinski_harabasz: Optional[float]
    stability: Optional[float]
    sizes: tuple[int, ...]
    smallest: int
    n_brief: int


class SweepTable(list):
    """The rows of a :func:`sweep` (a list of :class:`SweepRow`)."""

    def to_records(self) -> list[dict]:
        return [asdict(r) for r in self]

    def to_frame(self):
        """A pandas DataFrame (pandas is not a dependency: install it to use this)."""
        import pandas as pd

        return pd.DataFrame(self.to_records()).set_index("k")

    def to_markdown(self) -> str:
        head = "| k | silhouette | Calinski–Harabasz | stability (ARI) | sizes | smallest |"
        lines = [head, "|---|---|---|---|---|---|"]
        fmt = lambda x: "–" if x is None else f"{x:.3f}"
        for r in self:
            lines.append(f"| {r.k} | {fmt(r.silhouette)} | {fmt(r.calinski_harabasz)} | "
                         f"{fmt(r.stability)} | {' '.join(map(str, r.sizes))} | {r.smallest} |")
        return "\n".join(lines)


def sweep(X, k: Iterable[int] = range(2, 11), **params) -> SweepTable:
    """Fit a :class:`StanceClusterer` at each k and tabulate how good and how stable
    each is. ``params`` are the clusterer's (``n_resamples`` sets the stability effort).

    >>> texts = ["tax cuts for the rich", "the rich dodge tax", "rich folk and tax law",
    ...          "muddy dog park", "dog park mud again", "the park dogs and mud"]
    >>> table = sweep(texts, k=[2, 3], min_tokens=2)
    >>> [(r.k, r.smallest) for r in table]
    [(2, 3), (3, 1)]
    """
    base = StanceClusterer().set_params(**params)  # unknown names raise here
    texts = texts_of(X)
    rows = SweepTable()
    for kk in k:
        est = clone(base).set_params(n_clusters=int(kk)).fit(texts)
        lab = est.labels_[est.labels_ >= 0]
        sizes = tuple(int(np.sum(lab == c)) for c in range(est.n_clusters_))
        rows.append(SweepRow(k=int(kk), silhouette=est.silhouette_,
                             calinski_harabasz=est.calinski_harabasz_,
                             stability=est.stability_ari_, sizes=sizes,
                             smallest=min(sizes) if sizes else 0,
                             n_brief=int(np.sum(est.labels_ < 0))))
    return rows


def cluster_texts(texts: Sequence[str], **params) -> StanceClusterer:
    """Fit a :class:`StanceClusterer` with ``params`` and return it (function front-end)."""
    return StanceClusterer(**params).fit(texts)
