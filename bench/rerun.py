#!/usr/bin/env python3
"""Reruns that keep what they knew: how many old comments keep their stance id.

(a) Seed 004 analysed, then grown by 3, 10 and 20 real comments of another thread (the
    first N comments of ``dev/globeandmail-28747277-p1``, in thread order, their lines
    appended to the dump) and analysed again with the first ``analysis.json`` (written
    and read back as text) as ``--baseline``: from its saved stance model (the default)
    and refitted from scratch then matched by shared comments (``--refit``, the way
    before the model was saved). "kept" counts the old comments clustered in both runs
    whose stance id is unchanged; the splitter may re-cut old comments near the new
    ones, and a comment whose text changed is a new comment to the rerun (column
    "re-cut"). Also: the size of ``analysis.json`` and of its ``stance_model``, and how
    much of the new comments' vocabulary the saved model does not know.
(b) A 100k-text corpus: the distinct comment paragraphs of ``threads-long/train``
    (4forums; the 55,875 train comments alone are too few for 100k, and a forum
    comment is several paragraphs), shuffled with seed 0. The clusterer runs directly on
    the texts (defaults: "auto" k, 10 stability resamples): a first run on 100,000, its
    model saved as the JSON analysis.json stores, then a rerun on those plus 10,000
    more (+10%) from the saved model (loading it is timed), with the stability
    resamples (as the first run) and without; and, for contrast, a refit from scratch on
    the 110,000 matched to the first run by shared texts.

Timings are wall-clock on this machine (one BLAS thread, as the clusterer runs).
Usage: python bench/rerun.py [--data DIR] [--quick]   (--quick: (a) only)
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from discourse import analyse, read_thread  # noqa: E402
from discourse.baseline import Baseline, align, comment_key  # noqa: E402
from discourse.cluster import StanceClusterer  # noqa: E402
from discourse.report.export import analysis_json  # noqa: E402
from discourse.stance_model import StanceModel  # noqa: E402
from discourse.text import own_text  # noqa: E402

SEED = ROOT / "seeds" / "004_4500fd412262c0e1.txt"
GROWTH_THREAD = "dev/globeandmail-28747277-p1"
#: a thread page with more than 100 clustered comments: its model holds SVD axes
SIZE_THREAD = "dev/globeandmail-28494689-p1"
GROWTH = (3, 10, 20)
N_FIRST, N_MORE = 100_000, 10_000


def gold_comments(base: Path) -> list[str]:
    """The comments of a threads-long thread, each as its lines joined."""
    lines = base.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    gold = json.loads(Path(f"{base}.gold.json").read_text(encoding="utf-8"))
    return ["\n".join(lines[c["start_line"] - 1:c["end_line"]]) for c in gold["comments"]]


def unknown_words(model: StanceModel, texts) -> float:
    """Share of the texts' single-word terms the model's vocabulary lacks."""
    analyzer = model.vectorizer().build_analyzer()
    vocab = set(model.vocabulary)
    uni = [w for t in texts for w in analyzer(t) if " " not in w]
    return sum(w not in vocab for w in uni) / max(len(uni), 1)


def kept_share(before, after) -> tuple[int, int, int]:
    """(old comments clustered in both runs, of them keeping their id, old clustered
    comments whose text the rerun's split no longer has)."""
    old = {comment_key(c.text): lab for c, lab in zip(before.thread.comments, before.labels)}
    now = {comment_key(c.text) for c in after.thread.comments}
    both = [(old[comment_key(c.text)], lab)
            for c, lab in zip(after.thread.comments, after.labels)
            if old.get(comment_key(c.text)) is not None and lab is not None]
    recut = sum(1 for k, lab in old.items() if lab is not None and k not in now)
    return len(both), sum(a == b for a, b in both), recut


def seed_bench(data: Path) -> None:
    t0 = time.perf_counter()
    first = analyse(read_thread(SEED))
    t_first = time.perf_counter() - t0
    text = analysis_json(first)
    saved = json.loads(text)
    model_line = json.dumps(saved["stance_model"], sort_keys=True, separators=(",", ":"))
    n_clustered = sum(lab is not None for lab in first.labels)
    print(f"## (a) seed 004: {len(first.thread.comments)} comments, {n_clustered} clustered, "
          f"k={len(first.stances)}; first analysis {t_first:.1f}s\n")
    size = len(text.encode("utf-8"))
    model_size = len(model_line.encode("utf-8"))
    rest = "\n".join(x for x in text.split("\n") if not x.startswith('  "stance_model": '))
    print(f"analysis.json {size:,} bytes, of which stance_model {model_size:,} "
          f"({model_size / size:.0%}; {len(saved['stance_model']['vocabulary']):,} terms, "
          f"space {saved['stance_model']['space']}); without it "
          f"{len(rest.encode('utf-8')):,}\n")
    big = read_thread(data / f"{SIZE_THREAD}.txt")
    a = analyse(big)
    m = a.stance_model.to_dict()
    line = len(json.dumps(m, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    dense = len(json.dumps(replace(a.stance_model, basis=None).to_dict(), sort_keys=True,
                           separators=(",", ":")).encode("utf-8"))
    print(f"{SIZE_THREAD} ({len(big.comments)} comments, "
          f"{sum(lab is not None for lab in a.labels)} clustered: over 100, so clustered on "
          f"SVD axes): analysis.json {len(analysis_json(a).encode('utf-8')):,} bytes, of which "
          f"stance_model {line:,} ({'axes as a basis over the rows' if m['basis'] else 'axes'}"
          f"; storing the {len(a.stance_model.components)} × {len(m['vocabulary']):,} axes "
          f"themselves: {dense:,})\n")
    extra = gold_comments(data / GROWTH_THREAD)
    base = SEED.read_text(encoding="utf-8").rstrip("\n")
    print("| grown by | comments | old compared | re-cut | kept (saved model) | moved | "
          "kept (refit + match) | new stances (refit) | new words unknown | "
          "comments left out: no known word | rerun s (model / refit) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in GROWTH:
            path = Path(tmp) / f"grown{n}.txt"
            path.write_text(base + "\n" + "\n".join(extra[:n]) + "\n", encoding="utf-8")
            thread = read_thread(path)
            runs = {}
            for refit in (False, True):
                t0 = time.perf_counter()
                runs[refit] = analyse(thread, baseline=Baseline.from_dict(saved, refit=refit))
                runs[refit, "s"] = time.perf_counter() - t0
            warm, matched = runs[False], runs[True]
            assert warm.alignment.method == "warm" and matched.alignment.method == "matched"
            both, kept, recut = kept_share(first, warm)
            _, kept_m, _ = kept_share(first, matched)
            new = [own_text(thread.comments[i]) for i in warm.alignment.new_comments]
            oov = unknown_words(first.stance_model, new)
            none = len(warm.alignment.unknown)
            print(f"| +{n} | {len(thread.comments)} | {both} | {recut} | "
                  f"{kept}/{both} = {kept / both:.0%} | {len(warm.alignment.moved)} | "
                  f"{kept_m}/{both} = {kept_m / both:.0%} | "
                  f"{len(matched.alignment.new_stances)} | {oov:.0%} | {none} | "
                  f"{runs[False, 's']:.1f} / {runs[True, 's']:.1f} |")
            for m in warm.alignment.moved:
                print(f"|  | moved: comment {m.index} {m.from_stance} → {m.to_stance}: "
                      f"{m.reason} |")
    print()


def corpus_texts(data: Path) -> list[str]:
    paras = []
    for gold in sorted((data / "train").glob("*.gold.json")):
        paras += [p for c in gold_comments(gold.with_name(gold.name[:-len(".gold.json")]))
                  for p in c.split("\n")]
    seen, texts = set(), []
    for p in paras:
        key = comment_key(p)
        if key and key not in seen:
            seen.add(key)
            texts.append(p)
    random.Random(0).shuffle(texts)
    if len(texts) < N_FIRST + N_MORE:
        raise SystemExit(f"only {len(texts)} distinct paragraphs in {data / 'train'}")
    return texts[:N_FIRST + N_MORE]


def corpus_bench(data: Path) -> None:
    texts = corpus_texts(data)
    old = texts[:N_FIRST]
    t0 = time.perf_counter()
    first = StanceClusterer().fit(old)
    t_first = time.perf_counter() - t0
    k = first.n_clusters_
    t0 = time.perf_counter()
    saved = json.dumps(StanceModel.from_clusterer(first, range(k)).to_dict(),
                       sort_keys=True, separators=(",", ":"))
    t_save = time.perf_counter() - t0
    was = first.labels_ >= 0
    print(f"## (b) {N_FIRST:,} paragraphs of threads-long/train, then +{N_MORE:,}\n")
    print(f"first run: {t_first:.1f}s, k={k} ({first.chosen_by_}), {int(was.sum()):,} "
          f"clustered; saved model {len(saved):,} bytes of JSON ({t_save:.2f}s to write; "
          f"{len(json.loads(saved)['vocabulary']):,} terms × "
          f"{len(json.loads(saved)['components'] or [])} SVD axes)\n")
    print("| rerun on 110,000 | time | vs first run | old texts keeping their id | moved | "
          "k-means iterations | new texts with no known term |")
    print("|---|---|---|---|---|---|---|")
    for n_resamples, rows in ((10, texts), (0, texts), (0, old)):
        t0 = time.perf_counter()
        model = StanceModel.from_dict(json.loads(saved))
        warm = StanceClusterer(n_resamples=n_resamples).fit(rows, init_model=model)
        t = time.perf_counter() - t0
        same = warm.labels_[:N_FIRST][was] == first.labels_[was]
        what = "+10%" if len(rows) > N_FIRST else "the same 100,000 (no growth)"
        print(f"| {what} from the saved model, {n_resamples} stability resamples | {t:.1f}s | "
              f"{t / t_first:.3f} | {same.mean():.2%} | {int((~same).sum()):,} | "
              f"{warm.n_iter_} | {int(np.sum(warm.unknown_ >= N_FIRST))} |")
        if len(rows) > N_FIRST and not n_resamples:
            grown = warm
    t0 = time.perf_counter()
    refit = StanceClusterer().fit(texts)
    labels = [None if lab < 0 else int(lab) for lab in refit.labels_]
    baseline = Baseline(None, tuple((comment_key(t), None if lab < 0 else int(lab))
                                    for t, lab in zip(old, first.labels_)))
    al = align(texts, labels, baseline)
    t = time.perf_counter() - t0
    print(f"| refit from scratch + matched | {t:.1f}s | {t / t_first:.3f} | "
          f"{al.n_kept / al.n_compared:.2%} | {len(al.moved):,} | – | – |")
    oov = unknown_words(model, texts[N_FIRST:])
    print(f"\nnew texts' single words unknown to the saved vocabulary: {oov:.1%}; "
          f"refit chose k={refit.n_clusters_}\n")
    # why the old texts that moved did: distances to their old and new stance's centre
    before = grown.center_distances(model.centroids)
    now = grown.center_distances()
    idx = np.flatnonzero(was & (grown.labels_[:N_FIRST] >= 0)
                         & (grown.labels_[:N_FIRST] != first.labels_))
    frm, to = first.labels_[idx], grown.labels_[idx]
    b_margin = before[idx, frm] - before[idx, to]   # > 0: already nearer the new stance
    n_margin = now[idx, frm] - now[idx, to]
    print(f"the {len(idx):,} old texts that moved (+10%, from the saved model): "
          f"{int(np.sum(b_margin <= 0)):,} were nearer their old centre under the saved "
          f"centres and are nearer the new one after the refit moved the centres "
          f"(median margin before {np.median(-b_margin):.4f}, after {np.median(n_margin):.4f}"
          f"; the distance between two stances' centres is "
          f"{np.median(_pairwise(grown.cluster_centers_)):.3f} in the median); "
          f"{int(np.sum(b_margin > 0)):,} were already nearer the new one (the first fit's "
          f"k-means stopped at its tolerance, not at a fixed point). Largest centre shift: "
          f"{np.linalg.norm(grown.cluster_centers_ - model.centroids, axis=1).max():.4f}. "
          f"And {int(np.sum(was & (grown.labels_[:N_FIRST] < 0))):,} old texts have no term of "
          f"the saved {len(model.vocabulary):,}-term vocabulary (the first fit clustered their "
          f"empty rows anyway, wherever k-means put a zero vector): a rerun leaves them out, "
          f"as it does new texts with no known term\n")


def _pairwise(C: np.ndarray) -> np.ndarray:
    d = np.linalg.norm(C[:, None, :] - C[None, :, :], axis=2)
    return d[np.triu_indices(len(C), 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "threads-long",
                    help="the threads-long folder (dev/ and train/)")
    ap.add_argument("--quick", action="store_true", help="seed 004 only")
    args = ap.parse_args()
    seed_bench(args.data)
    if not args.quick:
        corpus_bench(args.data)


if __name__ == "__main__":
    main()
