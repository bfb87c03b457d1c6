"""The stance model a rerun starts from, as ``analysis.json`` stores it (``stance_model``).

A rerun of a grown thread with ``--baseline OLD/analysis.json`` does not cluster from
scratch: it rebuilds the old TF-IDF space from this record (the vocabulary and each
term's document frequency, hence the same IDF; the SVD axes when the old fit clustered
an LSA projection) and starts k-means from the old stance centres (see
:meth:`discourse.cluster.StanceClusterer.fit`, ``init_model``). Stance ids then follow
the centres, and an old comment changes stance only when the new comments move a centre.

Stored compactly and deterministically: document frequencies are integers (the IDF is
recomputed exactly, as scikit-learn computes it), the centres and SVD axes are rounded to
:data:`DIGITS` places, and centres are sparse (index, value) lists because a thread's
centres are mean TF-IDF rows that use a fraction of the vocabulary.

The SVD axes (100 × up to 5,000 terms, 4.8 MB of JSON) would dwarf a thread's analysis:
a thread is projected on them only from 101 clustered comments on, so they are fitted on
a few hundred rows at most. A truncated SVD's axes are combinations of the rows it was
fitted on (``components = W @ X``, ``W`` = Σ⁻¹Uᵀ), so for a thread the record keeps ``W``
(axes × rows) and the rows' term counts (integers) instead: ``basis`` (on a page of 141
clustered comments, 274 kB instead of 4.8 MB). A corpus, with more rows than terms, keeps
the axes themselves (whichever is smaller is stored).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from .terms import TOKEN_PATTERN, preprocess

#: version of the ``stance_model`` record; a reader refuses other versions
FORMAT = 1
#: decimals kept for centres and SVD axes
DIGITS = 6
#: the vectorizer settings that define the space (the others are fixed by the clusterer)
PARAMS = ("ngram_range", "min_df", "max_df", "max_features", "stop_words", "sublinear_tf")
#: how far axes rebuilt from a basis may be from the fitted ones (else the axes are stored)
BASIS_TOLERANCE = 1e-5


def _round(values) -> list[float]:
    out = np.round(np.asarray(values, dtype=float), DIGITS)
    out[out == 0] = 0.0  # no "-0.0"
    return out.tolist()


@dataclass(frozen=True, eq=False)
class StanceModel:
    """A fitted TF-IDF (+ optional SVD) space and the stance centres in it.

    ``centroids[j]`` is the centre of stance ``stance_ids[j]``, in the space the
    clusterer clusters: l2-normalised TF-IDF rows, or, when ``components`` is given,
    those rows projected on the SVD axes and normalised again.
    """

    params: dict
    vocabulary: tuple[str, ...]
    #: documents each term occurs in, among the ``n_documents`` the IDF was fitted on
    df: np.ndarray
    n_documents: int
    stance_ids: tuple[int, ...]
    centroids: np.ndarray
    components: Optional[np.ndarray] = None
    min_tokens: int = 5
    #: ``(W, counts)`` with ``components == W @ tfidf(counts)``: how a thread stores its
    #: SVD axes (see the module's docstring); ``None`` stores the axes themselves
    basis: Optional[tuple] = None

    @property
    def k(self) -> int:
        return len(self.stance_ids)

    def idf(self) -> np.ndarray:
        """The IDF exactly as scikit-learn's smoothed formula gives it from ``df``."""
        idf = np.full(len(self.df), float(self.n_documents + 1))
        idf /= self.df.astype(float) + 1.0
        np.log(idf, out=idf)
        return idf + 1.0

    def vectorizer(self) -> TfidfVectorizer:
        """A fitted vectorizer over the stored vocabulary and IDF (new words are ignored)."""
        p = self.params
        vec = TfidfVectorizer(
            vocabulary={t: i for i, t in enumerate(self.vocabulary)},
            ngram_range=tuple(p["ngram_range"]), min_df=p["min_df"], max_df=p["max_df"],
            max_features=p["max_features"], sublinear_tf=p["sublinear_tf"],
            stop_words=p["stop_words"], preprocessor=preprocess, token_pattern=TOKEN_PATTERN)
        vec.idf_ = self.idf()
        return vec

    def tfidf(self, counts) -> sp.csr_matrix:
        """TF-IDF rows of term ``counts`` (as the vectorizer makes them from a text)."""
        X = sp.csr_matrix(counts, dtype=float, copy=True)
        if self.params["sublinear_tf"]:
            np.log(X.data, X.data)
            X.data += 1.0
        return normalize(X @ sp.diags(self.idf()))

    def project(self, X):
        """Rows of TF-IDF matrix ``X`` in the clustering space."""
        if self.components is None:
            return X
        return normalize(np.asarray(X @ self.components.T))

    def same_space(self, params: dict) -> list[str]:
        """The names of the vectorizer settings in which ``params`` differ from the model's."""
        return [k for k in PARAMS if _plain(params.get(k)) != _plain(self.params.get(k))]

    # -- from a fitted clusterer and to / from JSON --------------------------------------

    @classmethod
    def from_clusterer(cls, est, stance_ids: Sequence[int]) -> Optional["StanceModel"]:
        """The model of fitted :class:`~discourse.cluster.StanceClusterer` ``est``, its
        centres named by ``stance_ids`` (the ids the report gives its clusters 0..k-1; a
        centre named ``None``, a cluster left empty and so not reported, is dropped);
        ``None`` when it fitted no space (nothing clustered, or one group by default)."""
        vec = getattr(est, "vectorizer_", None)
        C = getattr(est, "cluster_centers_", None)
        named = [j for j, s in enumerate(stance_ids) if s is not None]
        if (est.X_ is None or C is None or not named or C.shape[0] != len(stance_ids)
                or not hasattr(vec, "vocabulary_")):
            return None
        C, stance_ids = C[named], [stance_ids[j] for j in named]
        n = int(est.n_documents_)
        svd = est.svd_   # its fit_transform rows are X @ axes, as a rerun projects them
        vocabulary = tuple(sorted(vec.vocabulary_, key=vec.vocabulary_.get))
        # invert the smoothed IDF: idf = ln((n + 1) / (df + 1)) + 1
        df = np.rint((n + 1) / np.exp(vec.idf_ - 1.0) - 1.0).astype(np.int64)
        model = cls(params={k: _plain(getattr(est, k)) for k in PARAMS},
                    vocabulary=vocabulary, df=df, n_documents=n,
                    stance_ids=tuple(int(s) for s in stance_ids),
                    centroids=np.asarray(C, dtype=float),
                    components=None if svd is None else np.asarray(svd.components_),
                    min_tokens=int(est.min_tokens))
        if svd is None:
            return model
        basis = getattr(svd, "basis", None)   # axes loaded from a basis keep it
        if basis is None:
            basis = model._basis([est.texts_[i] for i in est.clustered_], est.X_.nnz)
        return replace(model, basis=basis)

    def _basis(self, docs: list[str], nnz: int) -> Optional[tuple]:
        """``(W, counts)`` rebuilding the axes from ``docs`` (texts whose rows span them:
        those they were fitted on), when that is smaller than the axes and rebuilds them
        within :data:`BASIS_TOLERANCE`; else ``None``."""
        d, v = self.components.shape
        m = len(docs)
        if d * m + 2 * nnz + m >= d * v:
            return None
        counts = CountVectorizer.transform(self.vectorizer(), docs).tocsr().astype(np.int64)
        X = self.tfidf(counts)
        W = np.linalg.lstsq(X.T.toarray(), self.components.T, rcond=None)[0].T
        W = np.round(W, DIGITS)
        if np.abs(np.asarray(X.T @ W.T).T - self.components).max() > BASIS_TOLERANCE:
            return None
        return W, counts

    def to_dict(self) -> dict:
        """JSON-ready, deterministic: floats rounded to :data:`DIGITS` places."""
        centroids = []
        for row in self.centroids:
            idx = np.flatnonzero(np.round(row, DIGITS))
            centroids.append({"indices": idx.tolist(), "values": _round(row[idx])})
        return {
            "format": FORMAT,
            "space": "tfidf" if self.components is None else "tfidf+svd",
            "params": dict(self.params),
            "min_tokens": self.min_tokens,
            "vocabulary": list(self.vocabulary),
            "df": [int(x) for x in self.df],
            "n_documents": self.n_documents,
            "components": (None if self.components is None or self.basis is not None
                           else [_round(r) for r in self.components]),
            "basis": None if self.basis is None else {
                "weights": [_round(r) for r in self.basis[0]],
                "counts": {"indptr": self.basis[1].indptr.tolist(),
                           "indices": self.basis[1].indices.tolist(),
                           "data": self.basis[1].data.astype(int).tolist()}},
            "stance_ids": list(self.stance_ids),
            "centroids": centroids,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "StanceModel":
        """Parse a ``stance_model`` record; ``ValueError`` says what is wrong with it."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, this version reads {FORMAT}")
        try:
            vocabulary = tuple(str(t) for t in data["vocabulary"])
            df = np.asarray(data["df"], dtype=np.int64)
            comps, saved = data.get("components"), data.get("basis")
            components = None if comps is None else np.asarray(comps, dtype=float)
            params = {k: data["params"][k] for k in PARAMS}
            ids = tuple(int(s) for s in data["stance_ids"])
            model = cls(params=params, vocabulary=vocabulary, df=df,
                        n_documents=int(data["n_documents"]), stance_ids=ids,
                        centroids=np.zeros(0), components=components,
                        min_tokens=int(data.get("min_tokens", 5)))
            if saved is not None:
                c = saved["counts"]
                W = np.asarray(saved["weights"], dtype=float)
                counts = sp.csr_matrix((np.asarray(c["data"], dtype=np.int64), c["indices"],
                                        c["indptr"]), shape=(W.shape[1], len(vocabulary)))
                components = np.asarray(model.tfidf(counts).T @ W.T).T
                model = replace(model, components=components, basis=(W, counts))
            dims = len(vocabulary) if components is None else components.shape[0]
            C = np.zeros((len(ids), dims))
            for j, c in enumerate(data["centroids"]):
                C[j, np.asarray(c["indices"], dtype=int)] = np.asarray(c["values"], dtype=float)
            model = replace(model, centroids=C)
        except (KeyError, TypeError, IndexError, ValueError) as err:
            raise ValueError(f"missing or malformed field ({type(err).__name__}: {err})")
        if len(df) != len(vocabulary) or (components is not None
                                          and components.shape[1:] != (len(vocabulary),)):
            raise ValueError("vocabulary, df and components disagree in size")
        if len(data["centroids"]) != len(ids) or len(set(ids)) != len(ids):
            raise ValueError("one centre per distinct stance id is needed")
        return model


def _plain(value):
    """Tuples as lists, so settings compare equal after a JSON round trip."""
    return list(value) if isinstance(value, tuple) else value
