"""The reductions of the large-input mode: term weights, the stance model, its use.

Small steps, each a pure function of a part result (run where the part lives) or of
values gathered from all parts (run here, in part order):

1. :func:`part_stats` → document frequencies of the hashed columns; summed, they give the
   kept columns (the ``max_features`` most frequent in two comments or more) and the IDF;
2. :func:`take_rows` → a deterministic sample of up to :data:`SAMPLE` clustered comments
   (every n-th); on it :func:`choose_model` fits LSA (TruncatedSVD) and picks k by
   sampled silhouette (or takes ``--clusters``), and measures each stance's stability by
   refits on subsamples;
3. :func:`project` → each part in the LSA space; MiniBatchKMeans is fed part by part
   (``partial_fit``, from the sample's centres), then :func:`assign` gives each comment
   its stance, its similarity to the centre, and the part's per-stance term sums.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

#: comments LSA is fitted on and the number of stances chosen on
SAMPLE = 10_000
#: silhouette on at most this many of the sample
SILHOUETTE_SAMPLE = 3000
#: LSA dimensions
LSA_DIMS = 50
#: k-means restarts on the sample (per k) and for the stability refits
N_INIT, N_INIT_REFIT = 2, 1
#: stability: refits on this share of the sample, this many times
RESAMPLE_SHARE, RESAMPLES = 0.8, 3
#: most typical comments kept per stance and part (the best of them are reported)
TOP_PER_PART = 5


@dataclass
class Model:
    """What assigns a comment: kept columns, their IDF, LSA axes, stance centres."""

    columns: np.ndarray
    idf: np.ndarray
    axes: Optional[np.ndarray]
    centres: np.ndarray


def clustered(counts, min_tokens: int) -> np.ndarray:
    """Rows with at least ``min_tokens`` content words (the rest: brief reactions)."""
    return np.asarray(counts.sum(axis=1)).ravel() >= max(min_tokens, 1)


def part_stats(res) -> dict:
    """Document frequency of each hashed column, and the part's light metadata."""
    df = np.bincount(res.counts.indices, minlength=res.counts.shape[1])
    nz = np.flatnonzero(df)
    return {"index": res.index, "df_cols": nz, "df": df[nz], "threads": res.threads,
            "ids": res.ids, "lines": res.lines, "sentiment": res.sentiment,
            "titles": res.titles, "names": res.names, "n_empty": res.n_empty,
            "notes": res.notes, "n": len(res)}


def term_weights(stats: list, n_features: int, max_features: int, n_docs: int):
    """Kept columns (most frequent first, in >= 2 comments) and their smooth IDF."""
    df = np.zeros(n_features, dtype=np.int64)
    for s in stats:
        df[s["df_cols"]] += s["df"]
    cand = np.flatnonzero(df >= 2) if n_docs > 50 else np.flatnonzero(df >= 1)
    order = np.lexsort((cand, -df[cand]))[:max_features]
    cols = np.sort(cand[order])
    idf = np.log((1.0 + n_docs) / (1.0 + df[cols])) + 1.0
    return cols, idf


def weigh(counts, columns: np.ndarray, idf: np.ndarray):
    """TF-IDF rows over the kept columns, unit length (sublinear tf)."""
    from sklearn.preprocessing import normalize

    X = counts[:, columns].astype(np.float64)
    X.data = 1.0 + np.log(X.data)
    X = X.multiply(idf).tocsr()
    return normalize(X) if X.shape[0] else X


def sample_positions(sizes: list, masks: list, limit: int = SAMPLE) -> list:
    """Per part, the rows of the sample: every n-th clustered comment in reading order."""
    total = sum(int(m.sum()) for m in masks)
    step = max(1, -(-total // limit)) if total else 1
    out, seen = [], 0
    for m in masks:
        rows = np.flatnonzero(m)
        pick = rows[(np.arange(seen, seen + len(rows)) % step) == 0]
        seen += len(rows)
        out.append(pick)
    return out


def take_rows(res, rows: np.ndarray):
    return res.counts[rows]


def _kmeans(Z, k: int, seed: int, n_init: int = N_INIT):
    from sklearn.cluster import KMeans

    km = KMeans(n_clusters=k, n_init=n_init, max_iter=100, random_state=seed).fit(Z)
    return km.labels_, km.cluster_centers_


def choose_model(S, columns, idf, *, clusters, k_min: int, k_max: int, seed: int):
    """LSA axes, centres and k from the sample ``S`` (hashed counts); returns
    ``(Model, k_chosen_by, scores, stability by stance)``."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import normalize

    X = weigh(S, columns, idf)
    m = X.shape[0]
    if m == 0:   # no comment has enough words: every one is a brief reaction
        return (Model(columns, idf, None, np.zeros((0, len(columns)))),
                "no stances: no comment has enough content words", {}, {})
    dims = min(LSA_DIMS, X.shape[1] - 1, m - 1)
    axes = None
    if dims >= 2:
        svd = TruncatedSVD(n_components=dims, n_iter=4, random_state=seed).fit(X)
        axes = svd.components_
        Z = normalize(X @ axes.T)
    else:
        Z = X.toarray()
    scores: dict = {}
    if clusters == "auto":
        ks = [k for k in range(max(2, k_min), k_max + 1) if k < m]
        best = None
        for k in ks:
            labels, centres = _kmeans(Z, k, seed)
            if len(set(labels.tolist())) < 2:
                continue
            sc = float(silhouette_score(Z, labels, sample_size=min(SILHOUETTE_SAMPLE, m),
                                        random_state=seed))
            scores[k] = round(sc, 4)
            if best is None or sc > best[0]:
                best = (sc, k, labels, centres)
        if best is None:
            k, labels, centres = 1, np.zeros(m, dtype=int), Z.mean(axis=0, keepdims=True)
            how = "one group: the sample does not split"
        else:
            _, k, labels, centres = best
            how = f"silhouette on a sample of {min(SILHOUETTE_SAMPLE, m):,} comments"
    else:
        k = min(int(clusters), max(1, m))
        labels, centres = _kmeans(Z, k, seed)
        how = "given (--clusters)"
    stability = _stability(Z, labels, k, seed)
    return Model(columns, idf, axes, centres), how, scores, stability


def _stability(Z, labels, k: int, seed: int) -> dict:
    """Mean best-match Jaccard of each stance across refits on subsamples."""
    m = Z.shape[0]
    size = int(round(RESAMPLE_SHARE * m))
    if k < 2 or size <= k:
        return {}
    rng = np.random.RandomState(seed)
    jac: dict = {c: [] for c in range(k)}
    for b in range(RESAMPLES):
        idx = np.sort(rng.choice(m, size=size, replace=False))
        sub, _ = _kmeans(Z[idx], k, seed + 1 + b, n_init=N_INIT_REFIT)
        ref = labels[idx]
        groups = [set(np.flatnonzero(sub == j).tolist()) for j in range(k)]
        for c in jac:
            a = set(np.flatnonzero(ref == c).tolist())
            if a:
                jac[c].append(max(len(a & g) / len(a | g) for g in groups))
    return {c: float(np.mean(v)) for c, v in jac.items() if v}


def project(res, model: Model, min_tokens: int):
    """The part's clustered rows in the LSA space (unit length), and which rows they are."""
    from sklearn.preprocessing import normalize

    mask = clustered(res.counts, min_tokens)
    X = weigh(res.counts[mask], model.columns, model.idf)
    if not X.shape[0]:
        return mask, np.zeros((0, model.centres.shape[1]))
    Z = normalize(X @ model.axes.T) if model.axes is not None else X.toarray()
    return mask, Z


def assign(res, model: Model, centres: np.ndarray, min_tokens: int) -> dict:
    """Each comment's stance (``-1``: brief reaction) and similarity to its centre; the
    part's per-stance sums of TF-IDF weights; its most typical comments per stance."""
    mask, Z = project(res, model, min_tokens)
    n, k = len(res), centres.shape[0]
    labels = np.full(n, -1, dtype=int)
    sim = np.zeros(n)
    sums = np.zeros((k, len(model.columns)))
    top: dict = {}
    if Z.shape[0] and k:
        d = Z @ centres.T - 0.5 * (centres ** 2).sum(axis=1)   # argmax = nearest centre
        lab = d.argmax(axis=1)
        labels[mask] = lab
        cn = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
        s = (Z * cn[lab]).sum(axis=1)
        sim[mask] = s
        X = weigh(res.counts[mask], model.columns, model.idf)
        for j in range(k):
            rows = np.flatnonzero(lab == j)
            if rows.size:
                sums[j] = np.asarray(X[rows].sum(axis=0)).ravel()
                best = rows[np.argsort(-s[rows], kind="stable")[:TOP_PER_PART]]
                pos = np.flatnonzero(mask)[best]
                top[j] = [(float(sim[p]), res.index, int(p)) for p in pos]
    return {"labels": labels, "similarity": sim, "sums": sums, "top": top}
