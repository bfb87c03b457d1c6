#!/usr/bin/env python3
"""Train the splitter's models and write ``discourse/split/model.json``.

    python bench/train_splitter.py [--data DIR ...] [--limit-train N] [--out FILE] [--jobs N]

Learns from every annotated dump in ``../shared/data/threads-long/train`` (1,500 forum
threads), ``../shared/data/threads-dev`` and ``../shared/data/threads-long/dev`` (or the
``--data`` folders given), over the features of :mod:`discourse.split.features` and
:mod:`discourse.split.copies`:

- ``segment`` + ``segment_context``: does this line start a new comment? (plain dumps,
  gold post boundary). Boosted trees (``HistGradientBoostingClassifier``): a line model,
  then a context model over the line model's out-of-fold probabilities for the line's
  neighbours and the whole thread (stacking). The bulk forum threads also appear with
  their pasted quotes removed (:func:`without_copies`); the three corpora (forum, forum
  without quotes, annotated dev kinds) weigh the same. The start threshold maximises
  mean per-thread line-start F1 on out-of-fold predictions of the training threads.
- ``post`` / ``post_line``: where the post ends (logistic; short-comment dev threads only).
- ``reply``: is this candidate (the post, or a comment on the printing-order spine) the
  comment this one replies to? (logistic; dev threads, plain and .meta, gold segmentation)

Trees are written as plain arrays (:mod:`discourse.split.trees`), logistic models as
feature names, scaler and coefficients: readable JSON, no pickle. Everything is
deterministic (fixed ``random_state``). The file records what it learned from (dumps,
rows, data digest, scikit-learn version). Held-out figures: ``bench/split_quality.py``.

Measured with the long threads and not shipped (5-fold CV grouped by thread, 1,500 forum
threads always in training; boundary F1 with the gold post end unless said):

- the line model alone, without the context model (threshold 0.3): forum 0.737, blog
  0.800, Globe and Mail 0.918, Guardian 0.854, reddit 0.730 (the stack: 0.766, 0.811,
  0.918, 0.882, 0.733; earlier feature set, without the quote-free copies);
- decoding the top round(sum p) lines instead of a threshold (as many starts as the
  thread's probabilities expect): forum 0.769, Globe and Mail 0.845, Guardian 0.684;
- a boosted-tree post-end model with copy features, best cut taken (post end exact): forum
  47%, blog 27%, reddit 11%, Twitter 92%, news pages 0%; the logistic post model trained
  with the long threads too found comments under a news article that has none (seed 000);
  so the post-end models stay as they were, with "the post ends before the first pasted
  quote" added.

Measured earlier on the dev threads alone and not shipped (leave-one-thread-out):

- a whole-sequence decoder (dynamic programming over starts, log p at starts, log(1 - p)
  elsewhere, plus a weighted log-prior on comment length from the training threads'
  histogram, weight and bias chosen on inner folds; branch ``seg``): reddit 0.738-0.764,
  blog 0.788-0.794, twitter 0.993, but seed 004 48-59 comments. 70% of dev comments are
  one line long, so any prior learned from them pulls long-comment threads toward
  over-splitting; a geometric prior is only a threshold shift;
- sign-off lines and runs of short same-shaped lines as features (branch ``split-v4``,
  stash): reddit 0.761 / 0.485, blog 0.787 / 0.498, seed 004 51 comments (threshold 0.31);
- sentence-embedding coherence (WordLlama's bundled 256-d model: cosine of the line with
  the previous line, the previous three, the next line, and prev - next): reddit
  0.729 / 0.477, blog 0.787 / 0.484, twitter unchanged, seed 004 47 comments; alone each
  separates starts from continuations at AUC 0.50-0.59, about as well as word overlap.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import multiprocessing as mp
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.split import _in_post, _post_grams, _text, split_lines, split_text, split_to_dict  # noqa: E402
from discourse.split import features as F  # noqa: E402
from discourse.split.boundary import commentness  # noqa: E402
from discourse.split.learned import (MODEL_PATH, SEGMENT_CONTEXT_FEATURES, SEGMENT_FEATURES,  # noqa: E402
                                     Models, context_matrix, line_matrix)
from discourse.split.copies import Copies, copy_hits  # noqa: E402
from discourse.split.trees import ensemble_to_dict  # noqa: E402
from discourse.split.lines import is_blank  # noqa: E402
from discourse.split.meta import author_of, meta_kind  # noqa: E402
from discourse.split.quotes import find_quotes  # noqa: E402
from discourse.split.replies import comment_info, spine_of, thread_context  # noqa: E402
from discourse.split.segment import continuation, opener  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "threads-dev"
SEED = 0
C = {"post": 0.5, "reply": 0.5, "post_line": 0.5}
# an article without comments: the best cut must be clearly supported (logit) and the
# text after it must read like comments on average (hand-set, not tuned per thread)
# (a tail plainly made of comments, e.g. "@name ..." replies, needs no clear logit)
# post_line_weight: how much the line-by-line change-point log-likelihood adds to the cut
# model's logit when ranking cuts (chosen from {0.02, 0.05, 0.1, 0.2} on the dev threads'
# leave-one-thread-out post-end accuracy: a single decoding constant, not a per-thread fit)
META = {"post_min_logit": 2.0, "post_min_tail_commentness": 0.1, "post_sure_tail_commentness": 0.5,
        "post_line_weight": 0.05}


LONG = ROOT.parent / "shared" / "data" / "threads-long"
#: the folders the shipped model learns from: every annotated thread there is
TRAIN_DIRS = (LONG / "train", DEFAULT_DATA, LONG / "dev")
HGB = {"max_iter": 250, "learning_rate": 0.1, "max_leaf_nodes": 31, "random_state": SEED}


def corpus_of(path: Path) -> str:
    """'train' for the bulk forum training folder, 'dev' for the annotated dev folders."""
    return "train" if path.name == "train" else "dev"


def is_dev(t: dict) -> bool:
    """An annotated dev thread (scored held out), not one of the bulk training threads."""
    return t["corpus"] == "dev"


def group_name(name: str) -> str:
    """Thread id shared by a thread's plain and .meta dumps and by the pages of one
    discussion (``NAME-p1``, ``-p2``): they are held out together."""
    base = name.replace(".meta", "")
    parts = base.split("-")
    return "-".join(parts[:2]) if len(parts) > 2 and parts[-1][:1] == "p" and parts[-1][1:].isdigit() else base


def load_threads(data: Path, meta: bool = True) -> list[dict]:
    out = []
    for gold_path in sorted(data.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        txt = data / f"{name}.txt"
        if not txt.exists() or (name.endswith(".meta") and not meta):
            continue
        out.append({"name": name, "group": group_name(name), "meta": name.endswith(".meta"),
                    "source": name.split("-")[0], "corpus": corpus_of(data),
                    "long": data.parent.name == "threads-long",
                    "text": txt.read_text(encoding="utf-8"),
                    "gold": json.loads(gold_path.read_text(encoding="utf-8")), "gold_path": gold_path})
    return out


def load_corpus(dirs=TRAIN_DIRS, limit_train: int | None = None, augment: bool = True) -> list[dict]:
    """Every annotated dump in ``dirs`` (the bulk training folder's first ``limit_train``),
    and (``augment``) each bulk training thread once more with its pasted quotes taken out
    (:func:`without_copies`)."""
    out = []
    for d in dirs:
        if not d.is_dir():
            raise SystemExit(f"training data not found: {d}")
        ts = load_threads(d)
        if corpus_of(d) == "train":
            ts = ts[:limit_train] if limit_train is not None else ts
            if augment:
                ts = ts + [a for a in map(without_copies, ts) if a is not None]
        out += ts
    return out


def without_copies(t: dict) -> dict | None:
    """The thread as a page that drops quote boxes would print it: every comment line
    that repeats an earlier line is removed (a comment left empty goes with its lines),
    the gold renumbered. The forum corpus then also teaches long, argued comments with no
    quotes to lean on, which is what a plain copy of a blog's comments looks like."""
    from discourse.split.copies import Copies
    lines = split_lines(t["text"])
    g = t["gold"]
    if not g["comments"]:
        return None
    src = Copies.of(lines).source
    first = g["comments"][0]["start_line"] - 1
    drop = {j for j in range(first, len(lines)) if src[j] is not None}
    if not drop:
        return None
    new_no = {}
    keep = []
    for j, l in enumerate(lines):
        if j not in drop:
            new_no[j] = len(keep)
            keep.append(l)
    comments, index = [], {}
    for i, c in enumerate(g["comments"]):
        own = [new_no[j] for j in range(c["start_line"] - 1, c["end_line"]) if j in new_no]
        if not own:
            continue
        index[i] = len(comments)
        parent = c.get("parent")
        comments.append({"start_line": own[0] + 1, "end_line": own[-1] + 1,
                         "parent": index.get(parent) if parent is not None else None})
    gold = {**{k: v for k, v in g.items() if k != "comments"}, "comments": comments}
    return {**t, "name": t["name"] + "~noquotes", "text": "\n".join(keep) + "\n", "gold": gold,
            "corpus": "train-noquotes"}


def segment_rows(t: dict):
    lines = split_lines(t["text"])
    g = t["gold"]
    post_end = g["post_lines"][1] - 1
    first = g["comments"][0]["start_line"] - 1 if g["comments"] else len(lines)
    starts = {c["start_line"] - 1 for c in g["comments"]}
    quote_at = {h.line: h for h in find_quotes(lines, first)}
    idx, X = line_matrix(lines, first, quote_at, post_end, opener, continuation)
    return X, np.asarray([int(j in starts) for j in idx])


def post_rows(t: dict):
    lines = split_lines(t["text"])
    nonblank = [i for i in range(len(lines)) if not is_blank(lines[i])]
    last = t["gold"]["post_lines"][1] - 1
    X = F.post_cut_features(lines, nonblank, commentness, opener)
    return X, [int(nonblank[r] == last) for r in range(len(X))]


def post_line_rows(t: dict):
    lines = split_lines(t["text"])
    nonblank = [i for i in range(len(lines)) if not is_blank(lines[i])]
    last = t["gold"]["post_lines"][1] - 1
    X = F.post_line_features(lines, nonblank, commentness, opener)
    return X, [int(k <= last) for k in nonblank]


def gold_layout(t: dict):
    """Lines, gold, metadata kinds and lines, gold comment spans and post end of ``t``."""
    lines = split_lines(t["text"])
    g = t["gold"]
    kinds = [meta_kind(l) for l in lines] if t["meta"] else [None] * len(lines)
    meta_lines = {k for k in range(len(lines)) if kinds[k] is not None}
    spans = [(c["start_line"] - 1, c["end_line"] - 1) for c in g["comments"]]
    return lines, g, kinds, meta_lines, spans, g["post_lines"][1] - 1


def reply_rows(t: dict):
    """Candidate rows of every comment under the gold segmentation and the gold tree."""
    lines, g, kinds, meta_lines, spans, post_end = gold_layout(t)
    texts = [_text(lines, s, e, meta_lines) for s, e in spans]
    authors = [next((author_of(lines[k]) for k in range(s, e + 1) if kinds[k] == "author"), None)
               for s, e in spans]
    firsts = [next((lines[k] for k in range(s, e + 1) if k not in meta_lines and not is_blank(lines[k])), "")
              for s, e in spans]
    quotes = [h for h in find_quotes(lines, spans[0][0]) if h.line not in meta_lines]
    pg = _post_grams(lines, post_end)
    quotes = [h for h in quotes if not _in_post(h, pg)]      # as split_text links them
    quotes += copy_hits(lines, Copies.of(lines), spans[0][0], post_end, {h.line for h in quotes} | meta_lines)
    info = comment_info(spans, texts, firsts, authors, quotes, post_end)
    ctx = thread_context(info)
    from discourse.split.lines import content_words
    ctx["post_words"] = content_words(_text(lines, 0, post_end))
    parents = [c["parent"] for c in g["comments"]]
    depth, n_children = [], [0] * len(spans)
    X, y, off_spine = [], [], 0
    for i in range(len(spans)):
        spine = spine_of(i, parents)
        if parents[i] is not None and parents[i] not in spine:
            off_spine += 1
        for c in [None] + spine:
            X.append(F.reply_features(i, c, spine, info, parents[:i], depth, n_children, ctx))
            y.append(int(c == parents[i]))
        depth.append(0 if parents[i] is None else depth[parents[i]] + 1)
        if parents[i] is not None:
            n_children[parents[i]] += 1
    return X, y, off_spine


BALANCED = {"post"}


def fit(X, y, c: float, balanced: bool = False) -> dict:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    lr = LogisticRegression(C=c, max_iter=5000, random_state=SEED,
                            class_weight="balanced" if balanced else None)
    lr.fit((X - scaler.mean_) / scale, y)
    return {"mean": [round(float(v), 6) for v in scaler.mean_],
            "scale": [round(float(v), 6) for v in scale],
            "coef": [round(float(v), 6) for v in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 6), "threshold": 0.5,
            "n_rows": int(len(y)), "n_positive": int(y.sum())}


def _rows_one(t: dict) -> dict:
    r = {}
    if not t["meta"]:
        r["segment"] = segment_rows(t)
    if is_dev(t):   # the post-end and reply models learn from the annotated dev kinds
        r["reply"] = reply_rows(t)
        if not t["meta"]:
            r["post"] = post_rows(t)
            r["post_line"] = post_line_rows(t)
    return r


def rows_of(threads: list[dict], jobs: int = 0) -> dict:
    """Training rows per thread name (computed once: they do not depend on the model);
    ``jobs`` processes (0: one per core)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(threads) < 50:
        return {t["name"]: _rows_one(t) for t in threads}
    with mp.get_context("fork").Pool(jobs) as pool:
        out = pool.map(_rows_one, threads, chunksize=16)
    return {t["name"]: r for t, r in zip(threads, out)}


def _weights(threads: list[dict], rows: dict, kind: str) -> dict[str, float]:
    """Row weight per thread: the bulk forum corpus and the dev kinds (blogs, Reddit,
    Twitter, news pages) weigh the same in total, so one model serves both."""
    tot = defaultdict(int)
    for t in threads:
        if kind in rows[t["name"]]:
            tot[t["corpus"]] += len(rows[t["name"]][kind][1])
    big = max(tot.values()) if tot else 1
    return {t["name"]: big / tot[t["corpus"]] for t in threads if kind in rows[t["name"]]}


def _stack(threads, rows, kind):
    names = [t["name"] for t in threads if kind in rows[t["name"]] and len(rows[t["name"]][kind][1])]
    w = _weights(threads, rows, kind)
    X = np.vstack([np.asarray(rows[n][kind][0], dtype=float) for n in names])
    y = np.concatenate([np.asarray(rows[n][kind][1]) for n in names])
    W = np.concatenate([np.full(len(rows[n][kind][1]), w[n]) for n in names])
    return names, X, y, W


def fit_trees(threads: list[dict], rows: dict, kind: str, extra=None):
    """Boosted trees on the rows of ``kind``; ``extra(name, X)`` may widen each thread's X."""
    names, X, y, W = _stack(threads, rows, kind)
    if extra is not None:
        X = np.vstack([extra(n, np.asarray(rows[n][kind][0], dtype=float)) for n in names])
    return HistGradientBoostingClassifier(**HGB).fit(X, y, sample_weight=W)


def line_f1(p, y, thr: float) -> float:
    """Line-start F1 of start probabilities ``p`` at threshold ``thr`` against labels ``y``."""
    pred = np.asarray(p) >= thr
    y = np.asarray(y)
    tp = float((pred & (y == 1)).sum())
    pr, rc = tp / max(1, pred.sum()), tp / max(1, (y == 1).sum())
    return 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def _best_threshold(probs: dict, rows: dict, corpus: dict) -> float:
    """Threshold maximising mean per-thread line-start F1, each corpus weighing the same."""
    best, best_t = -1.0, 0.5
    for thr in np.arange(0.2, 0.71, 0.05):
        by = defaultdict(list)
        for name, p in probs.items():
            by[corpus[name]].append(line_f1(p, rows[name]["segment"][1], thr))
        score = float(np.mean([np.mean(v) for v in by.values()]))
        if score > best + 1e-9:
            best, best_t = score, float(thr)
    return round(best_t, 2)


def fit_segmentation(threads: list[dict], rows: dict, stacked: bool = True):
    """The line model, the context model over its out-of-fold output, and the start
    threshold, all chosen on the training threads alone: two folds by thread give
    out-of-fold line probabilities (the context model's inputs, as at run time where the
    line model never saw the thread), then out-of-fold context probabilities, on which
    the threshold maximising mean per-thread line-start F1 is picked."""
    ts = [t for t in threads if "segment" in rows[t["name"]] and len(rows[t["name"]]["segment"][1])]
    corpus = {t["name"]: t["corpus"] for t in ts}
    halves = [ts[0::2], ts[1::2]]
    p1 = {}
    for a, b in ((0, 1), (1, 0)):
        m = fit_trees(halves[a], rows, "segment")
        for t in halves[b]:
            p1[t["name"]] = m.predict_proba(rows[t["name"]]["segment"][0])[:, 1]
    line_model = fit_trees(ts, rows, "segment")
    if not stacked:
        return line_model, None, _best_threshold(p1, rows, corpus)
    ctx = lambda n, X: context_matrix(X, p1[n])  # noqa: E731
    p2 = {}
    for a, b in ((0, 1), (1, 0)):
        m = fit_trees(halves[a], rows, "segment", ctx)
        for t in halves[b]:
            p2[t["name"]] = m.predict_proba(ctx(t["name"], rows[t["name"]]["segment"][0]))[:, 1]
    return line_model, fit_trees(ts, rows, "segment", ctx), _best_threshold(p2, rows, corpus)


def data_digest(threads: list[dict]) -> str:
    h = hashlib.sha256()
    for t in sorted(threads, key=lambda t: t["name"]):
        h.update(t["name"].encode())
        h.update(t["text"].encode())
        h.update(json.dumps(t["gold"], sort_keys=True).encode())
    return h.hexdigest()[:16]


def train(threads: list[dict], rows: dict) -> dict:
    import sklearn
    by_corpus = defaultdict(int)
    for t in threads:
        by_corpus[t["corpus"]] += 1
    model = {"format": "discourse.split model v2",
             "trained_on": {"dumps": len(threads), "threads": len({t["group"] for t in threads}),
                            "by_corpus": dict(sorted(by_corpus.items())), "digest": data_digest(threads),
                            "segment_rows": int(sum(len(r["segment"][1]) for r in rows.values() if "segment" in r)),
                            "scikit_learn": sklearn.__version__},
             **META}
    line_model, context_model, thr = fit_segmentation(threads, rows)
    model["segment"] = ensemble_to_dict(line_model, SEGMENT_FEATURES, 0.5)
    model["segment_context"] = ensemble_to_dict(context_model, SEGMENT_CONTEXT_FEATURES, thr)
    for kind, names in (("post", F.POST_FEATURES), ("reply", F.REPLY_FEATURES),
                        ("post_line", F.POST_LINE_FEATURES)):
        X, y = [], []
        for t in threads:
            # the post-end models keep learning from the short-comment dev threads only:
            # trained on the long threads too they found comments under news articles
            # that have none (measured: seed 000), and they do not find forum post ends
            # either way (bench/split_quality.py)
            if kind.startswith("post") and t["long"]:
                continue
            if kind in rows[t["name"]]:
                X += list(rows[t["name"]][kind][0])
                y += list(rows[t["name"]][kind][1])
        model[kind] = {"features": list(names), **fit(X, y, C[kind], kind in BALANCED)}
    return model


def load_scorer(data: Path):
    """The team's scorer (``../shared/eval/score_split.py``) as a module."""
    path = data.parent.parent / "eval" / "score_split.py"
    if not path.exists():
        raise SystemExit(f"scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("score_split", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


FOLDS = 5


def cv_folds(threads: list[dict], folds: int = FOLDS):
    """Grouped cross-validation over the annotated dev threads: each fold holds out some
    dev threads (a thread's plain and .meta dumps and a discussion's pages together) and
    trains on everything else, the bulk training folder always included."""
    from sklearn.model_selection import GroupKFold
    dev_groups = sorted({t["group"] for t in threads if is_dev(t)})
    for _, test in GroupKFold(n_splits=min(folds, len(dev_groups))).split(dev_groups, groups=dev_groups):
        held = {dev_groups[i] for i in test}
        yield [t for t in threads if t["group"] not in held], [t for t in threads if t["group"] in held]


def cv_predictions(threads: list[dict], rows: dict | None = None, folds: int = FOLDS,
                   log=None) -> dict[str, dict[str, dict]]:
    """Every dev dump split by models that never saw its thread, three ways: end to end
    (``auto``), told the gold post end (``post given``, as the baselines are), and the
    linker alone on the gold segmentation (``gold segmentation``)."""
    rows = rows or rows_of(threads)
    preds: dict[str, dict[str, dict]] = defaultdict(dict)
    for k, (train_set, test_set) in enumerate(cv_folds(threads, folds)):
        models = Models.from_dict(train(train_set, rows))
        for t in test_set:
            preds["auto"][t["name"]] = split_to_dict(split_text(t["text"], source=t["name"], models=models))
            preds["post given"][t["name"]] = split_to_dict(split_text(
                t["text"], source=t["name"], models=models, post_end=t["gold"]["post_lines"][1]))
            preds["gold segmentation"][t["name"]] = gold_split(t, models)
        preds["models"][k] = models
        if log:
            log(f"fold {k + 1}/{folds}: trained on {len(train_set)} dumps, split {len(test_set)}")
    return preds


def gold_split(t: dict, models) -> dict:
    """The linker alone: ``t``'s dump split at the gold post end and gold comment spans
    (metadata lines read as in :func:`split_text`), reply links from ``models``."""
    from discourse.split import link_spans
    lines, g, kinds, meta_lines, spans, post_end = gold_layout(t)
    quotes = [h for h in find_quotes(lines, spans[0][0]) if h.line not in meta_lines]
    links = link_spans(lines, spans, kinds, quotes, post_end, models)[3]
    return {"post_lines": g["post_lines"],
            "comments": [{"start_line": s + 1, "end_line": e + 1, "parent": p}
                         for (s, e), (p, _, _, _) in zip(spans, links)]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, action="append",
                    help="annotated folder to learn from (repeatable; default: threads-long/train, "
                         "threads-dev, threads-long/dev)")
    ap.add_argument("--limit-train", type=int, default=None,
                    help="use only the first N threads of the bulk training folder")
    ap.add_argument("--no-write", action="store_true", help="do not write model.json")
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    ap.add_argument("--jobs", type=int, default=0, help="processes for the feature rows (0: all cores)")
    args = ap.parse_args(argv)
    dirs = tuple(d.resolve() for d in args.data) if args.data else TRAIN_DIRS
    threads = load_corpus(dirs, args.limit_train)
    print(f"{len(threads)} dumps from {', '.join(str(d) for d in dirs)}", file=sys.stderr)
    rows = rows_of(threads, args.jobs)
    model = train(threads, rows)
    if not args.no_write:
        args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out} (start threshold {model['segment_context']['threshold']})")
    print("held-out figures: python bench/split_quality.py", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
