"""Large-input mode: a corpus of any size as one set of comments, in bounded passes.

``discourse report BIG.jsonl --large`` (automatic above :data:`LARGE_BYTES` of input)
does not build a report per thread. It reads the input in parts (:mod:`.parts`: byte
ranges of a JSONL export, or one file each), and per part, where it lives
(:mod:`.engines`: this process, local worker processes, or a Dask cluster):

1. reads the comments and scores each one's sentiment, sentence by sentence, exactly as a
   thread's analysis does (:mod:`.work`);
2. counts its content words in hashed columns (no vocabulary to share);

then here, in part order (:mod:`.fit`): IDF from the summed document frequencies; LSA and
the number of stances chosen on a sample; MiniBatchKMeans fed part by part; each comment
assigned to a stance; stances described from aggregates over all their comments. The
per-comment table is written part by part as it is assigned (``sink``).

Figures over all comments: counts, sentiment, stance sizes, terms and sentiment, per
thread shares. From a sample (and the report says so): the number of stances and their
stability. Not done in this mode: splitting into reply trees beyond the readers, targets,
agreement, per-thread PDFs (``--no-large`` gives them, at a thread's cost each).
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Optional, Sequence

import numpy as np

from ..config import Config
from ..model import LargeAnalysis, LargeStance, ThreadFigures
from . import fit
from .engines import LocalEngine, make_engine
from .parts import PART_BYTES, Part, plan_parts
from .work import N_FEATURES, SENTIMENT_FIELDS, Settings, fetch_texts, map_part

#: inputs larger than this (bytes, all files together) take the large-input mode unless
#: ``--no-large``
LARGE_BYTES = 64 << 20
#: hashed columns kept for clustering: the most frequent ones
MAX_FEATURES = 20_000
#: parts are at least this large (smaller ones cost more in overhead than they share)
MIN_PART_BYTES = 1 << 20
#: bins of the sentiment histogram over all comments
HIST_BINS = 40

__all__ = ["analyse_large", "LARGE_BYTES", "make_engine", "LocalEngine", "Part",
           "plan_parts"]


def _stats(res, min_tokens):
    out = fit.part_stats(res)
    out["mask"] = fit.clustered(res.counts, min_tokens)
    return out


def _summary(compounds: np.ndarray, n_empty: int, band: float) -> dict:
    """:func:`discourse.sentiment.summarise`'s keys from an array of compounds."""
    n = int(compounds.size)
    if not n:
        return {"n": 0, "n_empty": n_empty, "mean": 0.0, "median": 0.0, "std": 0.0,
                "share_positive": 0.0, "share_negative": 0.0, "share_neutral": 0.0}
    pos, neg = int((compounds > band).sum()), int((compounds < -band).sum())
    return {"n": n, "n_empty": n_empty, "mean": float(compounds.mean()),
            "median": float(np.median(compounds)), "std": float(compounds.std()),
            "share_positive": pos / n, "share_negative": neg / n,
            "share_neutral": (n - pos - neg) / n}


def analyse_large(files: Sequence, formats: Sequence[str], config: Config = Config(), *,
                  engine=None, name: str = "corpus", options=None,
                  sink: Optional[Callable[[dict], None]] = None,
                  say: Callable[[str], None] = lambda m: None,
                  progress: Optional[Callable[[int, int], None]] = None,
                  part_bytes: Optional[int] = None) -> LargeAnalysis:
    """Analyse ``files`` (read with the readers named in ``formats``) as one corpus.

    ``engine`` (default: this process) runs the per-part steps; ``sink`` receives each
    part's per-comment columns (``thread``, ``id``, ``line``, ``stance``, ``similarity``
    and :data:`SENTIMENT_FIELDS`) in reading order, as they are assigned; ``progress(n,
    total)`` hears of each part read and scored.
    """
    engine = engine or LocalEngine()
    limit = getattr(options, "max_line_bytes", None) or config.max_line_bytes
    settings = Settings(config.sentiment_aggregation, config.neutral_band, config.min_tokens,
                        tuple(getattr(options, "columns", ()) or ()),
                        getattr(options, "post", None), limit)
    parts = plan_parts(files, formats, part_bytes or PART_BYTES, max_line_bytes=limit)
    say(f"large-input mode: {len(parts)} parts on the {engine.name} engine")
    handles = engine.map(map_part, parts, settings, progress=progress)
    stats = engine.gather(engine.then(_stats, handles, config.min_tokens))
    n_docs = sum(s["n"] for s in stats)
    say(f"{n_docs:,} comments read and scored; fitting stances")
    columns, idf = fit.term_weights(stats, N_FEATURES, MAX_FEATURES, n_docs)
    masks = [s["mask"] for s in stats]
    picks = fit.sample_positions([s["n"] for s in stats], masks)
    from scipy import sparse

    S = sparse.vstack(engine.gather(engine.then(fit.take_rows, handles, each=picks))).tocsr()
    notes = [n for s in stats for n in s["notes"]]
    model, how, scores, stability = fit.choose_model(
        S, columns, idf, clusters=config.clusters, k_min=config.k_min, k_max=config.k_max,
        seed=config.seed)
    say(f"{model.centres.shape[0]} stances ({how}); assigning every comment")
    centres = _minibatch(engine, handles, model, config)
    assigned = engine.gather(engine.then(fit.assign, handles, model, centres, config.min_tokens))
    # stances numbered by size, largest first (ties: lower centre index)
    k = centres.shape[0]
    sizes = np.zeros(k, dtype=int)
    for a in assigned:
        lab = a["labels"]
        sizes += np.bincount(lab[lab >= 0], minlength=k)
    order = sorted(range(k), key=lambda j: (-sizes[j], j))
    new = {old: i for i, old in enumerate(order)}
    remap = np.array([new[j] for j in range(k)] + [-1])   # index -1 → -1
    threads: dict = {}
    per_stance = [[] for _ in range(k)]
    compounds = []
    for st, a in zip(stats, assigned):
        lab = remap[a["labels"]]
        sent = st["sentiment"]
        has = sent[:, 4] > 0
        compounds.append(sent[has, 0])
        for j in range(k):
            sel = (lab == j) & has
            per_stance[j].append(sent[sel, 0])
        for i, key in enumerate(st["threads"]):
            t = threads.get(key)
            if t is None:
                t = threads[key] = [0, 0.0, 0, 0, 0, np.zeros(k, dtype=int)]
            t[0] += 1
            if has[i]:
                c = sent[i, 0]
                t[1] += c
                t[2] += 1
                t[3] += c > config.neutral_band
                t[4] += c < -config.neutral_band
            if lab[i] >= 0:
                t[5][lab[i]] += 1
        if sink is not None:
            sink({"thread": st["threads"], "id": st["ids"], "line": st["lines"],
                  "stance": lab, "similarity": a["similarity"],
                  **{f: sent[:, c] for c, f in enumerate(SENTIMENT_FIELDS)}})
    names = _column_names(stats)
    sums = sum(a["sums"] for a in assigned)
    texts = _examples(parts, settings, assigned, stats, config.n_representatives)
    stances = []
    mean_all = sums.sum(axis=0) / max(1, int(sizes.sum()))
    for i, old in enumerate(order):
        c = np.concatenate(per_stance[old]) if per_stance[old] else np.zeros(0)
        summ = _summary(c, 0, config.neutral_band)
        centre = sums[old] / max(1, sizes[old])
        diff = centre - mean_all
        terms = []
        for col in np.argsort(-diff, kind="stable"):
            if diff[col] <= 0 or len(terms) >= config.n_terms:
                break
            word = names.get(int(columns[col]))
            if word:
                terms.append((word, round(float(diff[col]), 4)))
        stances.append(LargeStance(i, int(sizes[old]), tuple(terms), summ["mean"], summ["std"],
                                   summ["share_positive"], summ["share_negative"],
                                   stability.get(old), tuple(texts.get(old, ()))))
    allc = np.concatenate(compounds) if compounds else np.zeros(0)
    n_empty = sum(s["n_empty"] for s in stats)
    counts, edges = np.histogram(allc, bins=HIST_BINS, range=(-1.0, 1.0))
    titles = {}
    for s in stats:
        for key, title in s["titles"].items():
            titles.setdefault(key, title)
    figures = tuple(
        ThreadFigures(str(key), titles.get(key, ""), t[0],
                      float(t[1] / t[2]) if t[2] else 0.0,
                      float(t[3] / t[2]) if t[2] else 0.0, float(t[4] / t[2]) if t[2] else 0.0,
                      tuple(int(x) for x in t[5]))
        for key, t in threads.items())
    if n_empty:
        notes.append(f"{n_empty} comments without text left out")
    return LargeAnalysis(
        name=name, n_comments=n_docs, n_brief=int(sum((~m).sum() for m in masks)),
        n_empty=n_empty, sentiment=_summary(allc, int(n_docs - allc.size), config.neutral_band),
        histogram=(tuple(float(e) for e in edges), tuple(int(x) for x in counts)),
        stances=tuple(stances), threads=figures, sample_size=int(S.shape[0]),
        k_chosen_by=how, cluster_scores={int(a): b for a, b in scores.items()},
        n_parts=len(parts), engine=engine.name, notes=tuple(notes))


def _minibatch(engine, handles, model: fit.Model, config: Config) -> np.ndarray:
    """MiniBatchKMeans from the sample's centres, fed part by part in reading order."""
    from sklearn.cluster import MiniBatchKMeans

    k = model.centres.shape[0]
    if k < 2:
        return model.centres
    km = MiniBatchKMeans(n_clusters=k, init=model.centres, n_init=1,
                         random_state=config.seed, batch_size=4096)
    buf = []
    for h in handles:
        _, Z = engine.gather(engine.then(fit.project, [h], model, config.min_tokens))[0]
        buf.append(Z)
        if sum(z.shape[0] for z in buf) >= max(k, 256):
            km.partial_fit(np.vstack(buf))
            buf = []
    if buf and sum(z.shape[0] for z in buf) >= k:
        km.partial_fit(np.vstack(buf))
    return km.cluster_centers_ if hasattr(km, "cluster_centers_") else model.centres


def _column_names(stats) -> dict:
    """Each hashed column's most frequent word over the parts' naming samples."""
    merged: dict = {}
    for s in stats:
        for col, words in s["names"].items():
            merged.setdefault(int(col), Counter()).update(words)
    return {col: min(w.items(), key=lambda x: (-x[1], x[0]))[0] for col, w in merged.items()}


def _examples(parts, settings, assigned, stats, n: int) -> dict:
    """``{old stance: [(thread, id, text)]}``: the ``n`` comments nearest each centre."""
    if n <= 0:
        return {}
    best: dict = {}
    for a in assigned:
        for j, rows in a["top"].items():
            best.setdefault(j, []).extend(rows)
    wanted: dict = {}
    for j in best:
        best[j] = sorted(best[j], key=lambda x: (-x[0], x[1], x[2]))[:n + 2]  # spares: repeats
        for _, p, row in best[j]:
            st = stats[p]
            wanted.setdefault(p, {})[(st["threads"][row], st["ids"][row])] = st["lines"][row]
    found: dict = {}
    for p in sorted(wanted):   # a few lines of a few parts: read here
        found.update(fetch_texts(parts[p], settings, wanted[p]))
    out = {}
    for j, rows in best.items():
        seen, out[j] = set(), []
        for _, p, row in rows:
            key = (stats[p]["threads"][row], stats[p]["ids"][row])
            text = found.get(key, "")
            if text not in seen and len(out[j]) < n:
                seen.add(text)
                out[j].append((*key, text))
    return out


def input_size(inputs) -> int:
    """Bytes of all input files (folders expanded as the readers do)."""
    from ..readers import input_files

    return sum(p.stat().st_size for p in input_files(inputs) if p.is_file())


def report(inputs, config: Config = Config(), out="reports", *, input_format=None,
           options=None, engine: str = "local", scheduler: Optional[str] = None,
           jobs: int = 1, quiet: bool = False, config_source: Optional[str] = None):
    """``discourse report --large``: analyse ``inputs`` as one corpus and write
    ``OUT/<name>/`` (see :mod:`discourse.report.large`). Returns ``(folder, files,
    LargeAnalysis)``."""
    import sys
    from pathlib import Path

    from ..batch import run_key, slugify, write_config
    from ..output import check_output_root, inside, publish
    from ..progress import Progress
    from ..readers import detect_format, input_files
    from ..report.large import CommentSink, write_large_report

    say = (lambda m: None) if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    files = input_files(inputs)
    for f in files:
        if not Path(f).is_file():
            from ..errors import InputError
            raise InputError(str(f), "no such file")
    formats = [input_format or detect_format(f) for f in files]
    name = (slugify(Path(str(inputs[0])).stem) or "corpus") if len(inputs) == 1 else "combined"
    check_output_root(out)
    out_dir = inside(out, name)
    run = run_key(inputs, config, "large", input_format=input_format, options=options)
    bar: list = []

    def progress(n: int, total: int) -> None:   # a bar on a terminal, lines otherwise
        if quiet:
            return
        if not bar:
            bar.append(Progress(total))
        bar[0].step(f"part {n} read and scored")
        if n == total:
            bar[0].done()
    # parts: a few per worker so both cores stay busy to the end, within bounds
    part_bytes = min(PART_BYTES, max(MIN_PART_BYTES, input_size(files) // (4 * max(1, jobs))))
    done = []

    def write(tmp):   # the whole run writes into a temporary folder, swapped in at the end
        sink = (CommentSink(tmp / "comments.csv", parquet=True) if "csv" in config.formats
                else None)
        eng = make_engine(engine, jobs=jobs, scheduler=scheduler)
        try:
            analysis = analyse_large(files, formats, config, engine=eng, name=name,
                                     options=options, sink=sink, say=say, progress=progress,
                                     part_bytes=part_bytes)
        finally:
            eng.close()
            if sink is not None:
                sink.close()
        say("writing the report")
        paths = write_large_report(analysis, tmp, config.formats, run_id=run)
        if sink is not None:
            paths.extend(sink.paths())
        done.append(analysis)
        return paths + [write_config(config, tmp, config_source)]

    paths = publish(out_dir, write, run)
    return out_dir, paths, done[0]
