#!/usr/bin/env python3
"""Train the splitter's three small models on the annotated dev threads.

    python bench/train_splitter.py [--data DIR] [--no-write] [--no-cv]

DIR defaults to ../shared/data/threads-dev relative to the repo root. Learns, with
scikit-learn logistic regression over the generic features of
:mod:`discourse.split.features`:

- ``segment``: does this line start a new comment?  (plain dumps, gold post boundary)
- ``post``:    is this line still part of the post?  (plain dumps)
- ``reply``:   is this candidate (the post, or a comment on the printing-order spine)
               the comment this one replies to?  (plain and .meta dumps, gold segmentation)

and writes their parameters as readable JSON to ``discourse/split/model.json`` (feature
names, scaler means/scales, coefficients, intercept; no pickle). Everything is
deterministic (lbfgs, fixed ``random_state``).

Then it prints leave-one-thread-out cross-validation by source: for each thread (its plain
and .meta dumps together), the three models are trained on the other threads only and
the full splitter (post end, segmentation, reply links) runs on the held-out dumps; the
shared scorer scores them.

Measured and not shipped (leave-one-thread-out bF1 / WindowDiff; the shipped model is
reddit 0.748 / 0.488, blog 0.784 / 0.507, twitter 0.992 / 0.027, seed 004 30 comments):

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
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse.split import _in_post, _post_grams, _text, split_lines, split_text, split_to_dict  # noqa: E402
from discourse.split import features as F  # noqa: E402
from discourse.split.boundary import commentness  # noqa: E402
from discourse.split.learned import MODEL_PATH, Models, line_matrix  # noqa: E402
from discourse.split.lines import is_blank  # noqa: E402
from discourse.split.meta import author_of, meta_kind  # noqa: E402
from discourse.split.quotes import find_quotes  # noqa: E402
from discourse.split.replies import comment_info, spine_of, thread_context  # noqa: E402
from discourse.split.segment import continuation, opener  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "threads-dev"
SEED = 0
C = {"segment": 0.5, "post": 0.5, "reply": 0.5, "post_line": 0.5}
# an article without comments: the best cut must be clearly supported (logit) and the
# text after it must read like comments on average (hand-set, not tuned per thread)
# (a tail plainly made of comments, e.g. "@name ..." replies, needs no clear logit)
# post_line_weight: how much the line-by-line change-point log-likelihood adds to the cut
# model's logit when ranking cuts (chosen from {0.02, 0.05, 0.1, 0.2} on the dev threads'
# leave-one-thread-out post-end accuracy: a single decoding constant, not a per-thread fit)
META = {"post_min_logit": 2.0, "post_min_tail_commentness": 0.1, "post_sure_tail_commentness": 0.5,
        "post_line_weight": 0.05}


def load_threads(data: Path) -> list[dict]:
    out = []
    for gold_path in sorted(data.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        txt = data / f"{name}.txt"
        if not txt.exists():
            continue
        out.append({"name": name, "group": name.replace(".meta", ""), "meta": name.endswith(".meta"),
                    "source": name.split("-")[0], "text": txt.read_text(encoding="utf-8"),
                    "gold": json.loads(gold_path.read_text(encoding="utf-8")), "gold_path": gold_path})
    return out


def segment_rows(t: dict):
    lines = split_lines(t["text"])
    g = t["gold"]
    post_end = g["post_lines"][1] - 1
    first = g["comments"][0]["start_line"] - 1
    starts = {c["start_line"] - 1 for c in g["comments"]}
    quote_at = {h.line: h for h in find_quotes(lines, first)}
    idx, X = line_matrix(lines, first, quote_at, post_end, opener, continuation)
    return X, [int(j in starts) for j in idx]


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


def rows_of(threads: list[dict]) -> dict:
    """Training rows per thread name (computed once: they do not depend on the model)."""
    rows = {}
    for t in threads:
        r = {"reply": reply_rows(t)}
        if not t["meta"]:
            r["segment"] = segment_rows(t)
            r["post"] = post_rows(t)
            r["post_line"] = post_line_rows(t)
        rows[t["name"]] = r
    return rows


def train(threads: list[dict], rows: dict) -> dict:
    model = {"format": "discourse.split model v1",
             "trained_on": f"{len(threads)} dumps of {len({t['group'] for t in threads})} threads",
             **META}
    for kind, names in (("segment", F.LINE_FEATURES), ("post", F.POST_FEATURES),
                        ("reply", F.REPLY_FEATURES), ("post_line", F.POST_LINE_FEATURES)):
        X, y = [], []
        for t in threads:
            if kind in rows[t["name"]]:
                X += rows[t["name"]][kind][0]
                y += rows[t["name"]][kind][1]
        model[kind] = {"features": list(names), **fit(X, y, C[kind], kind in BALANCED)}
    model["segment"]["threshold"] = tune_threshold(model["segment"], [
        rows[t["name"]]["segment"] for t in threads if "segment" in rows[t["name"]]])
    return model


def tune_threshold(m: dict, per_thread: list) -> float:
    """Start-probability threshold maximising the mean per-thread boundary F1 on the
    training threads themselves (never on a held-out one)."""
    coef, mean, scale = np.asarray(m["coef"]), np.asarray(m["mean"]), np.asarray(m["scale"])
    zs = [(((np.asarray(X, dtype=float) - mean) / scale) @ coef + m["intercept"], np.asarray(y))
          for X, y in per_thread if len(y)]
    best, best_t = -1.0, 0.0
    for t in np.arange(-2.0, 1.01, 0.1):
        f1s = []
        for z, y in zs:
            pred = z > t
            tp = float((pred & (y == 1)).sum())
            p, r = tp / max(1, pred.sum()), tp / max(1, (y == 1).sum())
            f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        if np.mean(f1s) > best + 1e-9:
            best, best_t = float(np.mean(f1s)), float(t)
    return round(1.0 / (1.0 + np.exp(-best_t)), 4)


def load_scorer(data: Path):
    """The team's scorer (``../shared/eval/score_split.py``) as a module."""
    path = data.parent.parent / "eval" / "score_split.py"
    if not path.exists():
        raise SystemExit(f"scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("score_split", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cv_predictions(threads: list[dict], rows: dict | None = None,
                   gold_post_end: bool = False) -> dict[str, dict]:
    """Leave-one-thread-out: every dump split by models that never saw its thread
    (``gold_post_end``: the splitter is told where the post ends, as the baselines are)."""
    rows = rows or rows_of(threads)
    preds = {}
    for group in sorted({t["group"] for t in threads}):
        train_set = [t for t in threads if t["group"] != group]
        models = Models.from_dict(train(train_set, rows))
        for t in threads:
            if t["group"] == group:
                pe = t["gold"]["post_lines"][1] if gold_post_end else None
                preds[t["name"]] = split_to_dict(split_text(t["text"], source=t["name"], models=models,
                                                            post_end=pe))
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


def cv_gold_links(threads: list[dict], rows: dict | None = None) -> dict[str, dict]:
    """Leave-one-thread-out reply links on the gold segmentation (the linker measured
    apart from segmentation)."""
    rows = rows or rows_of(threads)
    preds = {}
    for group in sorted({t["group"] for t in threads}):
        models = Models.from_dict(train([t for t in threads if t["group"] != group], rows))
        for t in threads:
            if t["group"] == group:
                preds[t["name"]] = gold_split(t, models)
    return preds


def score_all(threads: list[dict], preds: dict, scorer) -> dict[str, dict]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for t in threads:
            p = Path(tmp) / f"{t['name']}.json"
            p.write_text(json.dumps(preds[t["name"]]), encoding="utf-8")
            out[t["name"]] = scorer.score(p, t["gold_path"])
    return out


def group_of(name: str) -> str:
    return name.split("-")[0] + (".meta" if name.endswith(".meta") else "")


def summary(scores: dict[str, dict]) -> dict[str, dict]:
    by = defaultdict(list)
    for name, r in scores.items():
        by[group_of(name)].append(r)
    out = {}
    for g, rs in by.items():
        out[g] = {"n": len(rs), **{k: sum(r[k] for r in rs) / len(rs)
                                   for k in ("boundary_f1", "windowdiff", "reply_f1")},
                  "post_exact": sum(1 for r in rs if r["post_end_error"] == 0) / len(rs)}
    return out


def quick_cv(threads: list[dict], rows: dict) -> None:
    """Fast leave-one-thread-out diagnostics on the rows themselves (gold context):
    post-cut accuracy, line-start F1, reply-candidate accuracy."""
    res = defaultdict(lambda: defaultdict(list))
    for t in threads:
        others = [u for u in threads if u["group"] != t["group"]]
        for kind in ("segment", "post", "reply"):  # post_line: see bench/split_quality.py
            if kind not in rows[t["name"]]:
                continue
            X, y = [], []
            for u in others:
                if kind in rows[u["name"]]:
                    X += rows[u["name"]][kind][0]
                    y += rows[u["name"]][kind][1]
            m = fit(X, y, C[kind], kind in BALANCED)
            Xt = np.asarray(rows[t["name"]][kind][0], dtype=float)
            yt = np.asarray(rows[t["name"]][kind][1])
            z = ((Xt - m["mean"]) / m["scale"]) @ np.asarray(m["coef"]) + m["intercept"]
            if kind == "post":
                res[group_of(t["name"])]["post"].append(float(yt[int(np.argmax(z))] == 1))
            elif kind == "segment":
                pred = z > 0
                tp = float((pred & (yt == 1)).sum())
                p = tp / max(1, pred.sum()); r = tp / max(1, (yt == 1).sum())
                res[group_of(t["name"])]["segF1"].append(2 * p * r / (p + r) if p + r else 0.0)
            else:
                # rows come in candidate blocks: a block starts at every "top-level" row
                starts = [i for i, x in enumerate(Xt[:, 0]) if x == 1.0] + [len(yt)]
                ok = [float(yt[a + int(np.argmax(z[a:b]))] == 1) for a, b in zip(starts, starts[1:])]
                res[group_of(t["name"])]["reply_acc"].append(sum(ok) / max(1, len(ok)))
    for g, d in sorted(res.items()):
        print(g, " ".join(f"{k}={sum(v) / len(v):.3f}" for k, v in d.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--no-write", action="store_true", help="do not write model.json")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    ap.add_argument("--per-thread", action="store_true")
    ap.add_argument("--quick", action="store_true", help="fast row-level CV diagnostics only")
    args = ap.parse_args(argv)
    data = args.data.resolve()
    if not data.is_dir():
        raise SystemExit(f"dev data not found: {data} (pass --data DIR)")
    threads = load_threads(data)
    rows = rows_of(threads)
    off = sum(rows[t["name"]]["reply"][2] for t in threads)
    print(f"{len(threads)} dumps; gold parents off the printing-order spine: {off}")
    if args.quick:
        quick_cv(threads, rows)
        return 0
    model = train(threads, rows)
    if not args.no_write:
        MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    if args.no_cv:
        return 0
    scorer = load_scorer(data)
    scores = score_all(threads, cv_predictions(threads, rows), scorer)
    print("\nleave-one-thread-out CV (plain and .meta dumps of a thread held out together)\n")
    print("| dumps | threads | boundary F1 | WindowDiff | post end exact | reply F1 |")
    print("|---|---|---|---|---|---|")
    order = ["reddit", "blog", "twitter", "reddit.meta", "blog.meta", "twitter.meta"]
    s = summary(scores)
    for g in [g for g in order if g in s]:
        r = s[g]
        print(f"| {g} | {r['n']} | {r['boundary_f1']:.3f} | {r['windowdiff']:.3f} | "
              f"{r['post_exact']:.2f} | {r['reply_f1']:.3f} |")
    if args.per_thread:
        for name, r in scores.items():
            print(f"{name:40s} bF1={r['boundary_f1']:.3f} P={r['boundary_p']:.3f} R={r['boundary_r']:.3f} "
                  f"WD={r['windowdiff']:.3f} post_err={r['post_end_error']} "
                  f"n={r['pred_comments']}/{r['gold_comments']} reply={r['reply_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
