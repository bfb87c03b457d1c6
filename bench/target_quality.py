#!/usr/bin/env python3
"""How well does target-directed sentiment match a reader's judgement of the writer's
attitude toward the target?

Gold set: ``bench/data/target_attitude.jsonl``, one (comment, target, sentence) mention
a line, ids and labels only for the private data (no text): ``thread`` (a dev thread's
NAME, ``long:NAME`` for ``threads-long/dev``, or ``seed:004_4500fd412262c0e1``),
``comment`` (for dev and long threads the index into ``NAME.gold.json``'s comments, whose
own text is their lines ``start_line``..``end_line`` of ``NAME.txt`` joined by newlines),
``target`` (a name :func:`discourse.targets.targets` finds on that thread, default
settings, the post included), ``sentence`` (index into ``split_sentences(own text)``) and
``label`` (``against`` / ``neutral`` / ``for``: the writer's attitude toward the target
in that sentence; neutral includes "just mentions it" and sentiment aimed at something
else). Seed rows (the seed is in the repo) carry the sentence ``text`` and the ``line``
its comment started on when labelled, since a splitter change moves comment indices.

Who and how: one annotator per batch, each an AI session reading every sentence (and the
comment around it where the sentence alone was ambiguous: sarcasm, rhetorical questions,
quoted speech), never shown a method's score; no agreement between annotators measured,
so treat the figures as indicative.

- 260 mentions (first batch), labelled before the current method was designed: from the
  31 ``threads-dev`` threads every mention of each thread's targets was listed; per
  source (66 blog, 70 reddit, 66 twitter) three quarters drawn from sentences VADER scores
  non-zero and one quarter from the rest, at most 5 per (thread, target), 14 per thread
  and 2 per near-identical text (retweets), seeded shuffle; plus every mention of seed
  004's top 3 targets (Trump, Putin, Ukraine): 58. Labels: blog 44 neutral / 6 against
  / 16 for; reddit 60 / 9 / 1; twitter 50 / 15 / 1; seed 19 / 28 / 11.
- 144 mentions (second batch, ``bench/sample_mentions.py``), labelled after the method
  was fixed, so they are held out from every choice in it: from ``threads-long/dev``
  (80 4forums, 40 Globe and Mail, 8 each Guardian, Hacker News, Reddit; same 3:1 draw, at
  most 3 per (thread, target) and 8 per thread). Labels 86 neutral / 45 against / 13 for.

Metrics per source: 3-class accuracy and macro-F1 (score -> class by the neutral band,
|score| <= 0.05 neutral), and Spearman rho between the score and the label (-1/0/+1).

Shipped (``discourse.targets.mention_score`` defaults): VADER's token valences over the
whole masked sentence, only those within 5 tokens of a mention counted, a positive word
flipped when a negation earlier in its clause governs it beyond VADER's 3-token reach,
curly apostrophes straightened, a sentence-opening aside ("Certainly,") left out.
Against the old sentence score: dev macro-F1 0.389 -> 0.489, rho +0.225 -> +0.328 (each
of blog, reddit, twitter up); seed macro-F1 0.218 -> 0.269, rho -0.385 -> -0.067 (still
not positive: sarcasm, "love triangle", hostile comparisons defeat a lexicon). Caveat:
far negation was first tried on all words (it hurt blog/twitter/dev: "didn't stop Brown
as robbery suspect" turned positive) and restricted to positive words after reading
those errors, so its gain is partly fitted to this set. Clause-level scoring helps the
seed (with a half-life, the best seed row) but less on dev; window +-3 has the best dev
accuracy but lower macro-F1.

A second lexicon was measured and not adopted: words VADER's lexicon lacks given another
lexicon's valence (scaled onto -4..+4; VADER's negation, booster and "but" rules applied
to them; the shipped window and far negation), dev macro-F1 / seed macro-F1 against
0.489 / 0.269 shipped: AFINN-165 (``afinn`` 0.1, data ODbL) 0.468 / 0.254, negative words
only 0.479 / 0.254; TextBlob's pattern adjectives (``en-sentiment.xml``, PDDL; pulls in
nltk) 0.456 / 0.332, negative only 0.479 / 0.284, only clearly polar and subjective ones
0.482 / 0.271 (negative only 0.490 / 0.269: one mention, a tie); both 0.442 / 0.316.
No row beats shipped on dev by more than that one mention. AFINN changed 7 mentions'
class, all for the worse ("refuses", "convicted", "appropriate" beside a neutral
mention); the pattern seed gain comes from mostly objective adjectives ("many", "few",
"common", "young") landing by chance, not from the seed's hostile vocabulary, which
neither lexicon has ("compromised", "puppet", "fascism", "kleptocrat", "traitor").
Hu & Liu's opinion lexicon (no licence given; reference only) covers more of those but
scores 0.451 / 0.282 (negative only 0.478 / 0.284).

Usage (from the repo root)::

    python bench/target_quality.py [--data DIR]
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scipy.stats import spearmanr  # noqa: E402

from discourse import read_thread  # noqa: E402
from discourse.model import Comment, Post, Thread  # noqa: E402
from discourse.sentiment import (  # noqa: E402
    make_analyzer, score_sentence, score_text, split_sentences,
)
from discourse.targets import (  # noqa: E402
    MASK, RELIABILITY_PATH, _matcher, mention_score, target_score, targets,
)
from discourse.text import own_text  # noqa: E402

GOLD = ROOT / "bench" / "data" / "target_attitude.jsonl"
SEED = ROOT / "seeds" / "004_4500fd412262c0e1.txt"
DEV = ROOT.parent / "shared" / "data" / "threads-dev"
LONG = ROOT.parent / "shared" / "data" / "threads-long" / "dev"
BAND = 0.05
#: the precision a direction (for / against) must reach for the report to state it
MIN_PRECISION = 0.6
LABELS = {"against": -1, "neutral": 0, "for": 1}


def dev_thread(data: Path, name: str) -> Thread:
    lines = (data / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    gold = json.loads((data / f"{name}.gold.json").read_text(encoding="utf-8"))
    a, b = gold["post_lines"]
    comments = tuple(Comment(i, "\n".join(lines[c["start_line"] - 1:c["end_line"]]))
                     for i, c in enumerate(gold["comments"]))
    return Thread(Post("\n".join(lines[a - 1:b])), comments)


@functools.lru_cache(maxsize=None)
def _thread(data: Path, name: str):
    if name.startswith("seed:"):
        th = read_thread(SEED)
    elif name.startswith("long:"):
        th = dev_thread(LONG, name[len("long:"):])
    else:
        th = dev_thread(data, name)
    return th, {t.name: t for t in targets(th, max_targets=12)}  # as labelled


def source(name: str) -> str:
    if name.startswith("seed:"):
        return "seed"
    return "long" if name.startswith("long:") else name.split("-")[0]


def methods(an):
    def ms(**kw):  # discourse.targets.mention_score with these settings (else off)
        kw = {"window": None, "far_negation": False, **kw}
        return lambda s, pat, text: mention_score(s, pat, an, **kw).compound
    return {
        "before: sentence, masked": lambda s, pat, text: score_sentence(
            pat.sub(MASK, s), an).compound,
        "unmasked sentence": lambda s, pat, text: score_sentence(s, an).compound,
        "whole comment (baseline)": lambda s, pat, text: score_text(
            text, analyzer=an).compound,
        "sentence, asides dropped": ms(scope="sentence"),
        "sentence + far negation": ms(scope="sentence", far_negation=True),
        "clause": ms(scope="clause"),
        "clause, fallback x0.5": ms(scope="clause", fallback=0.5),
        "clause + far negation": ms(scope="clause", far_negation=True),
        "clause + far neg, fallback x0.5": ms(scope="clause", far_negation=True, fallback=0.5),
        "window ±3": ms(scope="sentence", window=3),
        "window ±5": ms(scope="sentence", window=5),
        "window ±8": ms(scope="sentence", window=8),
        "window ±5 + far negation": ms(scope="sentence", window=5, far_negation=True),
        "window ±5 + far negation + sarcasm markers (shipped)": lambda s, pat, text: (
            _shipped(s, pat, text, an)),
        "clause ∩ window ±5": ms(scope="clause", window=5),
        "clause ∩ window ±5 + far negation": ms(scope="clause", window=5, far_negation=True),
        "distance half-life 3": ms(scope="sentence", half_life=3),
        "distance half-life 6": ms(scope="sentence", half_life=6),
        "clause + half-life 6": ms(scope="clause", half_life=6),
        "clause + far neg + half-life 6": ms(scope="clause", half_life=6, far_negation=True),
    }


def _shipped(sentence: str, pat, text: str, an) -> float:
    """What :func:`discourse.targets.target_sentiment` scores for this one mention."""
    sentences = split_sentences(text)
    j = sentences.index(sentence) if sentence in sentences else None
    if j is None:
        sentences, j = [sentence], 0
    return target_score(sentences, j, pat, an).compound


def mention_text(thread, row: dict) -> tuple[str, str]:
    """``(comment's own text, sentence)`` of a labelled mention. Dev rows index the gold
    comments and their sentences; seed rows (the seed is in the repo) carry the sentence
    itself, found again in whichever comment of the current split holds it (a splitter
    change moves comment indices)."""
    if "text" in row:
        for c in thread.comments:
            own = own_text(c)
            if row["text"] in own:
                return own, row["text"]
        return row["text"], row["text"]
    text = own_text(thread.comments[row["comment"]])
    return text, split_sentences(text)[row["sentence"]]


def klass(x: float) -> int:
    return 1 if x > BAND else -1 if x < -BAND else 0


def macro_f1(gold, pred) -> float:
    f1s = []
    for c in (-1, 0, 1):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 3


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--write", action="store_true",
                    help=f"write the directions' precision to {RELIABILITY_PATH.name}")
    args = ap.parse_args(argv)
    an = make_analyzer()
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    if not args.data.is_dir():
        print(f"(no dev threads at {args.data}: seed rows only)")
        rows = [r for r in rows if r["thread"].startswith("seed:")]
    meths = methods(an)
    scores: dict[str, list[float]] = defaultdict(list)
    gold, srcs = [], []
    for r in rows:
        th, ts = _thread(args.data, r["thread"])
        text, sentence = mention_text(th, r)
        # a target the current detector no longer lists is matched by its name
        pat = _matcher(ts[r["target"]].aliases if r["target"] in ts else (r["target"],))
        assert pat.search(sentence), r
        for name, f in meths.items():
            scores[name].append(f(sentence, pat, text))
        gold.append(LABELS[r["label"]])
        srcs.append(source(r["thread"]))
    for src in ("blog", "reddit", "twitter", "long", "seed", "dev", "all"):
        idx = [i for i, s in enumerate(srcs)
               if src == "all" or s == src or (src == "dev" and s != "seed")]
        if not idx:
            continue
        g = [gold[i] for i in idx]
        dist = "/".join(str(sum(x == c for x in g)) for c in (-1, 0, 1))
        print(f"\n### {src}: n={len(idx)} (against/neutral/for {dist})\n")
        print("| method | accuracy | macro-F1 | Spearman ρ |")
        print("|---|---:|---:|---:|")
        for name in meths:
            xs = [scores[name][i] for i in idx]
            pred = [klass(x) for x in xs]
            acc = sum(a == b for a, b in zip(g, pred)) / len(g)
            rho = spearmanr(xs, g).statistic if len(set(xs)) > 1 else float("nan")
            print(f"| {name} | {acc:.3f} | {macro_f1(g, pred):.3f} | {rho:+.3f} |")
    shipped = next(m for m in meths if "shipped" in m)
    print(f"\n### How far to trust a direction ({shipped}): mentions scored beyond ±t\n")
    print("| source | t | scored for | of which labelled for / against "
          "| scored against | of which labelled against / for |")
    print("|---|---|---|---|---|---|")
    groups = {"blog": ("blog",), "reddit": ("reddit",), "twitter": ("twitter",),
              "long (new labels)": ("long",), "seed": ("seed",),
              "all": ("blog", "reddit", "twitter", "long", "seed")}
    reliability = {}
    for name, members in groups.items():
        idx = [i for i, s in enumerate(srcs) if s in members]
        for t in (0.05, 0.25, 0.5):
            fo = [gold[i] for i in idx if scores[shipped][i] > t]
            ag = [gold[i] for i in idx if scores[shipped][i] < -t]
            share = lambda xs, c: sum(x == c for x in xs) / len(xs) if xs else None  # noqa: E731
            txt = lambda v: "–" if v is None else f"{v:.2f}"  # noqa: E731
            print(f"| {name} | {t:g} | {len(fo)} | {txt(share(fo, 1))} / {txt(share(fo, -1))} "
                  f"| {len(ag)} | {txt(share(ag, -1))} / {txt(share(ag, 1))} |")
            if t == BAND:
                reliability[name] = {"for": {"scored": len(fo), "precision": share(fo, 1)},
                                     "against": {"scored": len(ag), "precision": share(ag, -1)}}
    if args.write:
        rel = {"what": "precision of a mention's direction (scored beyond the neutral band) "
                       "against a reader's labels; a direction is stated in the report only "
                       "where it reaches min_precision",
               "labelled": f"{len(gold)} mentions, bench/data/target_attitude.jsonl",
               "band": BAND, "min_precision": MIN_PRECISION,
               "precision": {d: round(reliability["all"][d]["precision"], 3)
                             for d in ("for", "against")},
               "held_out": {d: round(reliability["long (new labels)"][d]["precision"], 3)
                            for d in ("for", "against")},
               "by_source": {k: {d: {"scored": v[d]["scored"],
                                     "precision": None if v[d]["precision"] is None
                                     else round(v[d]["precision"], 3)}
                                 for d in ("for", "against")}
                             for k, v in reliability.items()}}
        RELIABILITY_PATH.write_text(json.dumps(rel, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {RELIABILITY_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
