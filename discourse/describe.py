"""Plain sentences from the figures: what a stance (or the thread) is for and against.

Every sentence is filled in from templates kept as data (:data:`LEANINGS`,
:data:`POSITIONS`), never written by hand per thread, so a reader can trace each word
back to a number: "7 comments, hostile to Putin (−0.62) and critical of Trump (−0.31);
they agree with the post (4 of 5 replies to it)".

All functions are pure: they take records (targets' summaries, agreements, labels) and
return strings or small dicts. :func:`describe` is the pipeline's last stage: from the
other stages' records it makes the :class:`~discourse.model.Summary` that holds every
figure and sentence the report prints (the report formats, it does not compute).
"""
from __future__ import annotations

from collections import Counter
from typing import Collection, Mapping, Optional, Sequence

from .config import Config
from .model import (AGREEMENT_LABELS, POST_STANCES as STANCES, StanceSummary, Summary,
                    TargetExample, TargetView, parents_of)

_DEFAULTS = Config()

#: how a mean target sentiment reads, from the most negative up: (upper bound, words).
#: The neutral band of the config is applied first (see :func:`leaning`).
LEANINGS = (
    (-0.5, "hostile to"),
    (-0.0, "critical of"),
    (0.5, "favourable to"),
    (1.01, "warm toward"),
)
#: a mean target sentiment within ± this is not called a leaning at all. Single mentions
#: scored "for" were mostly labelled neutral by a reader, and on seed 004 more often
#: *against* (``bench/target_quality.py``, "How far to trust a direction"): a weak mean
#: is not evidence enough to write "favourable to"
MIN_LEANING = 0.25
#: a target is "split" when at least this share of its mentions is on each side
SPLIT_SHARE = 0.3
#: a leaning is stated only when the share of mentions on its side exceeds the share on
#: the other side by at least this much (the comments agree beyond a margin)
LEANING_MARGIN = 0.3
#: both directions: what the describe functions assume without a measurement
BOTH = frozenset({"for", "against"})
#: positions toward the post (``stance_to_post``), and how a group's position reads
POSITIONS = {
    "support": "they mostly agree with the post",
    "deny": "they mostly disagree with the post",
    "query": "they mostly question the post",
    "comment": "they mostly take no side toward the post that the method can vouch for",
}
#: agreement labels (toward what a comment answers) and stances toward the post, in
#: report order
LABELS = AGREEMENT_LABELS
POST_LABELS = STANCES


def fmt(x: float) -> str:
    """A signed score the way the report prints it (typographic minus).

    >>> fmt(-0.614), fmt(0.2)
    ('−0.61', '+0.20')
    """
    return f"{x:+.2f}".replace("-", "−")


def reliable_directions(rel: Mapping) -> frozenset:
    """The directions (``"for"``, ``"against"``) whose measured precision reaches the
    file's ``min_precision``; without a measurement, both (nothing to go on).

    >>> sorted(reliable_directions({"min_precision": 0.6, "precision": {"for": 0.2, "against": 0.7}}))
    ['against']
    """
    if not rel:
        return BOTH
    need = rel.get("min_precision", 0.6)
    return frozenset(d for d, p in (rel.get("precision") or {}).items()
                     if p is not None and p >= need)


def leaning(mean: float, *, share_for: Optional[float] = None,
            share_against: Optional[float] = None, band: float = _DEFAULTS.neutral_band,
            reliable: Collection[str] = BOTH) -> Optional[str]:
    """The words for a group's target sentiment, or ``None`` for no clear leaning.

    A direction is stated only when it is ``reliable`` (its measured precision reaches
    the bar: :func:`reliable_directions`), the mean is beyond
    :data:`MIN_LEANING` and, where the shares are given, the side's share beats the
    other's by :data:`LEANING_MARGIN`. "split on" needs both directions reliable.

    >>> leaning(-0.6), leaning(-0.3), leaning(0.2), leaning(0.7)
    ('hostile to', 'critical of', None, 'warm toward')
    >>> leaning(0.0, share_for=0.4, share_against=0.4)
    'split on'
    >>> leaning(0.7, reliable={"against"}), leaning(0.5, share_for=0.4, share_against=0.2)
    (None, None)
    """
    if share_for is not None and share_against is not None:
        if share_for >= SPLIT_SHARE and share_against >= SPLIT_SHARE:
            return "split on" if BOTH <= set(reliable) else None
    if abs(mean) < max(band, MIN_LEANING):
        return None
    side = "for" if mean > 0 else "against"
    if side not in reliable:
        return None
    if share_for is not None and share_against is not None:
        mine, other = (share_for, share_against) if side == "for" else (share_against, share_for)
        if mine - other < LEANING_MARGIN:
            return None
    for bound, words in LEANINGS:
        if mean <= bound:
            return words
    return LEANINGS[-1][1]


def stance_position(stance, agreements: Sequence) -> dict:
    """A stance's counts of ``stance_to_post`` and the position they add up to."""
    counts = post_counts(agreements, stance.members)
    return {**{k: counts[k] for k in POST_LABELS}, "position": position(counts)}


def post_counts(agreements: Sequence, members: Sequence[int]) -> Counter:
    """Counts of ``stance_to_post`` (support / deny / query / comment) among ``members``."""
    return Counter(agreements[i].stance_to_post for i in members if 0 <= i < len(agreements))


def reply_counts(agreements: Sequence, members: Sequence[int],
                 parents: Sequence[Optional[int]]) -> Counter:
    """Counts of agreement labels among ``members`` that reply to another comment."""
    return Counter(agreements[i].label for i in members
                   if 0 <= i < len(agreements) and parents[i] is not None)


def position(counts: Counter) -> Optional[str]:
    """A group's position toward the post from its ``stance_to_post`` counts, or
    ``None`` when it has no comments. The larger of support/deny wins when it holds at
    least two comments and a fifth of the group; else queries when they do; else
    "comment".

    >>> position(Counter(support=4, comment=3, deny=1))
    'support'
    >>> position(Counter(comment=9, deny=1))
    'comment'
    """
    n = sum(counts.values())
    if not n:
        return None
    a, d, q = counts["support"], counts["deny"], counts["query"]
    if max(a, d) >= max(2, 0.2 * n) and a != d:
        return "support" if a > d else "deny"
    if q >= max(2, 0.2 * n):
        return "query"
    return "comment"


def reliability_sentence(reliability: dict) -> str:
    """How far the report's stances toward the post can be trusted, from the stance
    model's held-out figures (:attr:`discourse.model.Analysis.stance_reliability`).

    >>> reliability_sentence({"thresholds": {"support": None, "deny": None, "query": 0.3},
    ...     "held_out": {"threads": 80, "method": "10-fold CV grouped by thread",
    ...                  "asserted": {"query": {"asserted": 90, "precision": 0.611}}}})
    'A side is shown only where the model is sure enough; on 80 threads it never saw (10-fold CV grouped by thread) the questioning it asserted was right 61% of the time (90 comments). Agreeing and disagreeing never reached 60% precision there, so comments guessed to agree or disagree are shown as unsure.'
    """
    if not reliability:
        return ("Sides come from cue rules alone (no model): treat them as a rough "
                "reading.")
    held = reliability.get("held_out") or {}
    th = reliability.get("thresholds") or {}
    words = {"support": "agreeing", "deny": "disagreeing", "query": "questioning"}
    asserted = held.get("asserted") or {}
    sure = [f"the {words[k]} it asserted was right {100 * asserted[k]['precision']:.0f}% "
            f"of the time ({asserted[k]['asserted']} comments)"
            for k in words if th.get(k) is not None and (asserted.get(k) or {}).get("precision")]
    never = [words[k] for k in words if th.get(k) is None]
    text = "A side is shown only where the model is sure enough"
    if sure and held:
        text += (f"; on {held.get('threads', '?')} threads it never saw ({held.get('method', '')}) "
                 + join(sure))
    text += "."
    if never:
        guessed = join([{"agreeing": "agree", "disagreeing": "disagree",
                         "questioning": "question"}[w] for w in never], "or")
        text += (f" {join(never).capitalize()} never reached 60% precision there, so comments "
                 f"guessed to {guessed} are shown as unsure.")
    return text


def target_phrases(rows: Sequence[tuple[str, int, float, float, float]], *,
                   band: float = _DEFAULTS.neutral_band, limit: int = 3,
                   reliable: Collection[str] = BOTH) -> list[str]:
    """``rows`` are ``(target, n, mean, share_for, share_against)``; returns phrases like
    ``"hostile to Putin (−0.62, 5 comments)"`` for the most-mentioned non-neutral ones.

    >>> target_phrases([("Putin", 5, -0.62, 0.0, 0.8), ("NATO", 4, 0.01, 0.0, 0.0)])
    ['hostile to Putin (−0.62, 5 comments)']
    """
    out = []
    for name, n, mean, sf, sa in sorted(rows, key=lambda r: (-r[1], r[0])):
        words = leaning(mean, share_for=sf, share_against=sa, band=band, reliable=reliable)
        if words is None:
            continue
        out.append(f"{words} {name} ({fmt(mean)}, {n} comment{'s' if n != 1 else ''})")
        if len(out) == limit:
            break
    return out


def join(parts: Sequence[str], word: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or ``word`` for "and").

    >>> join(["x"]), join(["x", "y"]), join(["x", "y", "z"], "or")
    ('x', 'x and y', 'x, y or z')
    """
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def rollup(values: Sequence[float], band: float = _DEFAULTS.neutral_band) -> dict:
    """``n``, ``mean``, ``spread`` (population s.d.), ``share_for``, ``share_against``.

    Unrounded: figures are rounded once, where they are written (``analysis.json``: 4
    places) or printed (2).

    >>> {k: round(v, 3) for k, v in rollup([0.5, -0.5, 0.0]).items()}
    {'n': 3, 'mean': 0.0, 'spread': 0.408, 'share_for': 0.333, 'share_against': 0.333}
    """
    n = len(values)
    if not n:
        return {"n": 0, "mean": None, "spread": None, "share_for": None, "share_against": None}
    mean = sum(values) / n
    spread = (sum((v - mean) ** 2 for v in values) / n) ** 0.5
    return {"n": n, "mean": mean, "spread": spread,
            "share_for": sum(v > band for v in values) / n,
            "share_against": sum(v < -band for v in values) / n}


def target_by_stance(target: str, target_sentiments: Sequence, labels: Sequence,
                     band: float = _DEFAULTS.neutral_band) -> dict:
    """Per stance id (and ``None`` for brief reactions): the :func:`rollup` of the
    comments' sentiment toward ``target``."""
    values: dict = {}
    for i, row in enumerate(target_sentiments):
        for ts in row:
            if ts.target == target and i < len(labels):
                values.setdefault(labels[i], []).append(ts.compound)
    return {k: rollup(v, band) for k, v in values.items()}


def stance_rows(stance_id: int, target_sentiments: Sequence, labels: Sequence,
                band: float = _DEFAULTS.neutral_band) -> list[tuple[str, int, float, float, float]]:
    """Per target, among the stance's comments: ``(target, n, mean, share_for,
    share_against)``."""
    return [(name, r["n"], r["mean"], r["share_for"], r["share_against"])
            for name, r in stance_rollups(stance_id, target_sentiments, labels, band).items()]


def stance_rollups(stance_id: int, target_sentiments: Sequence, labels: Sequence,
                   band: float = _DEFAULTS.neutral_band) -> dict:
    """Per target the stance's comments name: the :func:`rollup` of their sentiment
    toward it (in order of first mention)."""
    by_target: dict[str, list[float]] = {}
    for i, lab in enumerate(labels):
        if lab != stance_id or i >= len(target_sentiments):
            continue
        for ts in target_sentiments[i]:
            by_target.setdefault(ts.target, []).append(ts.compound)
    return {name: rollup(xs, band) for name, xs in by_target.items()}


def stance_sentence(stance, *, target_sentiments: Sequence, labels: Sequence,
                    agreements: Sequence, band: float = _DEFAULTS.neutral_band, min_mentions: int = _DEFAULTS.min_target_mentions,
                    reliable: Collection[str] = BOTH) -> str:
    """One sentence characterising a stance from its figures.

    Targets count when at least ``min_mentions`` of the stance's comments mention them.
    """
    n = stance.size
    bits = [f"{n} comment{'s' if n != 1 else ''}"]
    rows = [r for r in stance_rows(stance.id, target_sentiments, labels, band)
            if r[1] >= min_mentions]
    phrases = target_phrases(rows, band=band, reliable=reliable)
    if phrases:
        bits.append(join(phrases))
    elif rows:
        bits.append("no clear leaning toward the targets they name ("
                    + ", ".join(r[0] for r in sorted(rows, key=lambda r: -r[1])[:3]) + ")")
    counts = post_counts(agreements, stance.members)
    pos = position(counts)
    text = ", ".join(bits)
    if pos is not None:
        unsure = sum(1 for i in stance.members if 0 <= i < len(agreements)
                     and getattr(agreements[i], "stance_unsure", False))
        text += f"; {POSITIONS[pos]} ({_tally(counts, unsure)})"
    return text + "."


def _tally(counts: Counter, unsure: int = 0) -> str:
    """``"4 agree, 1 disagree, 2 question"`` from ``stance_to_post`` counts (zeros left out
    except when all are zero); ``unsure`` of the "comment" ones are a side guessed below
    the bar.

    >>> _tally(Counter(support=2, comment=5), unsure=2)
    '2 agree, 3 neither, 2 unsure'
    """
    words = {"support": "agree", "deny": "disagree", "query": "question", "comment": "neither"}
    counts = Counter(counts)
    counts["comment"] -= unsure
    parts = [f"{counts[k]} {words[k]}" for k in POST_LABELS if counts[k] > 0]
    if unsure:
        parts.append(f"{unsure} unsure")
    return ", ".join(parts) or "none"


def tone_reliability(reliability: Mapping) -> str:
    """How often a mention's tone matched a reader's reading, as a clause ("" when
    unmeasured).

    >>> tone_reliability({"precision": {"for": 0.17, "against": 0.35}, "labelled": "404 mentions, f"})
    "near a mention, the words' tone matched a reader's reading of the writer's attitude only 17% (favourable) and 35% (critical) of the time on 404 mentions"
    """
    p = (reliability or {}).get("precision") or {}
    if p.get("for") is None or p.get("against") is None:
        return ""
    return ("near a mention, the words' tone matched a reader's reading of the writer's "
            f"attitude only {100 * p['for']:.0f}% (favourable) and {100 * p['against']:.0f}% "
            "(critical) of the time on "
            f"{str(reliability.get('labelled', 'labelled mentions')).split(',')[0]}")


def no_leaning_sentence(reliability: Mapping) -> str:
    """Why no leaning toward a target is stated, from the measured precision."""
    why = tone_reliability(reliability)
    return f"No leaning toward a target is stated: {why}." if why else "No target has a clear leaning."


def thread_sentences(summaries: Sequence, agreements: Sequence,
                     parents: Sequence[Optional[int]], *, band: float = _DEFAULTS.neutral_band,
                     min_mentions: int = _DEFAULTS.min_target_mentions, reliability: Optional[Mapping] = None) -> list[str]:
    """What the whole thread is for and against, and where it divides, as sentences.
    ``reliability`` is the measured precision of each direction
    (:attr:`discourse.model.Analysis.target_reliability`): a direction that does not
    reach its bar is not stated, nor are divisions when either is not."""
    out = []
    reliable = reliable_directions(reliability or {})
    rows = [(s.target, s.n_comments, s.mean, s.share_for, s.share_against)
            for s in summaries if s.n_comments >= min_mentions]
    phrases = target_phrases(rows, band=band, limit=4, reliable=reliable)
    if phrases:
        out.append("Commenters are " + join(phrases) + ".")
    elif rows and reliable != BOTH:
        out.append(no_leaning_sentence(reliability or {}))
    divisive = []
    for s in sorted(summaries, key=lambda s: (-s.divisiveness, s.target)) if reliable == BOTH else ():
        means = [m for _, n, m in s.by_stance if n >= min_mentions]
        if s.divisiveness >= 0.2 and len(means) > 1:
            divisive.append(f"{s.target} (stance means from {fmt(min(means))} to "
                            f"{fmt(max(means))})")
    if divisive:
        out.append("The stances divide most over " + join(divisive[:2]) + ".")
    counts = post_counts(agreements, range(len(agreements)))
    pos = position(counts)
    if pos is not None:
        unsure = sum(bool(getattr(a, "stance_unsure", False)) for a in agreements)
        out.append(f"Toward the post (comments): agree {counts['support']}, disagree "
                   f"{counts['deny']}, question {counts['query']}, no side "
                   f"{counts['comment'] - unsure}"
                   + (f", unsure {unsure}" if unsure else "") + "; "
                   + POSITIONS[pos].replace("they ", "readers ", 1) + ".")
    replies = reply_counts(agreements, range(len(agreements)), parents)
    m = sum(replies.values())
    if m:
        out.append(f"Replies to other commenters ({m}): agree {replies['agree']}, disagree "
                   f"{replies['disagree']}, question {replies['question']}.")
    return out


def strongest_mention(target: str, target_sentiments: Sequence, *, sign: int = 0,
                      among: Optional[Sequence[int]] = None,
                      exclude: Collection[int] = ()) -> Optional[int]:
    """The comment whose sentiment toward ``target`` is strongest in direction ``sign``
    (``-1`` most negative, ``+1`` most positive, ``0`` largest magnitude), or ``None``;
    comments in ``exclude`` (already shown) only when no other comment names it."""
    for skip in (exclude, ()):
        best = _strongest(target, target_sentiments, sign, among, skip)
        if best is not None:
            return best
    return None


def _strongest(target, target_sentiments, sign, among, skip) -> Optional[int]:
    best, best_v = None, 0.0
    for i in (range(len(target_sentiments)) if among is None else among):
        if not 0 <= i < len(target_sentiments) or i in skip:
            continue
        for ts in target_sentiments[i]:
            if ts.target != target:
                continue
            v = ts.compound * sign if sign else abs(ts.compound)
            if best is None or v > best_v:
                best, best_v = i, v
    return best


# --------------------------------------------------------------------------- the stage

#: reply links below this confidence, or resting only on thread order, are guesses
SURE_REPLY = 0.5
#: reply evidence that is only the splitter's model reading the thread order (no quote,
#: @name, short reaction ...): "probably answers the comment above"
GUESSED_EVIDENCE = frozenset({"above", "thread order"})
#: how many targets each part of the targets page shows
PAGE_TARGETS = 3


def is_sure_reply(c) -> bool:
    """Does a comment's reply link rest on explicit evidence? (The report counts these as
    replies for sure and draws the others dashed.)"""
    return ((c.reply_confidence is None or c.reply_confidence >= SURE_REPLY)
            and c.reply_evidence not in GUESSED_EVIDENCE)


def headline_figures(analysis) -> dict:
    """The thread's headline figures: counts, and the comments' sentiment summarised
    around the neutral band (:func:`discourse.sentiment.summarise`, which leaves out
    comments with no words of their own)."""
    from .sentiment import summarise

    comments = analysis.thread.comments
    n = len(comments)
    band = analysis.config.neutral_band
    sent = summarise(analysis.sentiments, neutral_band=band)
    has = sent["n"] > 0
    n_replies = sum(1 for c in comments if c.parent is not None)
    labels = list(analysis.labels) + [None] * (n - len(analysis.labels))
    n_brief = sum(1 for lab in labels[:n] if lab is None)
    ps = analysis.post_sentiment
    return {
        "n_comments": n,
        "n_replies": n_replies,
        "reply_share": n_replies / n if n else None,
        "n_sure_replies": sum(1 for c in comments if c.parent is not None and is_sure_reply(c)),
        "n_brief": n_brief,
        "n_clustered": n - n_brief,
        "n_stances": len(analysis.stances),
        "n_authors": len({c.author for c in comments if c.author}),
        "mean_sentiment": sent["mean"] if has else None,
        "median_sentiment": sent["median"] if has else None,
        "post_sentiment": ps.compound if ps is not None else None,
        "share_positive": sent["share_positive"] if has else None,
        "share_negative": sent["share_negative"] if has else None,
        "share_neutral": sent["share_neutral"] if has else None,
        "neutral_band": band,
        "n_lines": analysis.thread.n_lines,
    }


def _example(analysis, i: int, target: str) -> TargetExample:
    from .targets import target_sentences
    from .text import own_text

    ts = [t for t in analysis.target_sentiments[i] if t.target == target]
    found = [t for t in analysis.targets if t.name == target]
    said = target_sentences(own_text(analysis.thread.comments[i]), found[0]) if found else []
    return TargetExample(i, target, ts[0].compound if ts else None, tuple(said))


def _view(analysis, s, words, low: int, signs: Sequence[int], used: set) -> TargetView:
    examples = []
    for sign in signs:
        i = strongest_mention(s.target, analysis.target_sentiments, sign=sign, exclude=used)
        if i is not None:
            used.add(i)
            examples.append(_example(analysis, i, s.target))
    return TargetView(s.target, s.n_comments, s.mean, words, s.divisiveness, s.consensus,
                      tuple(b for b in s.by_stance if b[1] >= low), tuple(examples))


def _targets_page(analysis, reliable: frozenset) -> dict:
    """The targets page's three lists (divisive, consensual, most discussed), each target
    with its example comments, chosen so that no comment is shown twice."""
    from .targets import consensus_targets, divisive_targets

    summaries = list(analysis.target_summaries)
    cfg = analysis.config
    low, band = cfg.min_target_mentions, cfg.neutral_band
    used: set = set()
    if reliable != BOTH:
        ranked = sorted(summaries, key=lambda s: (-s.n_comments, s.target))
        discussed = [_view(analysis, s, None, low, (0,), used)
                     for s in ranked[:PAGE_TARGETS + 1] if s.n_comments >= low]
        return {"targets_page": "discussed", "discussed": tuple(discussed)}
    divisive = divisive_targets(summaries, PAGE_TARGETS)
    out_div = [_view(analysis, s, None, low, (-1, 1), used) for s in divisive]
    consensus = []
    for s in consensus_targets(summaries, len(summaries)):
        words = leaning(s.mean, share_for=s.share_for, share_against=s.share_against,
                        band=band, reliable=reliable)
        if s.n_comments >= low and s not in divisive and words not in (None, "split on"):
            consensus.append(_view(analysis, s, words, low, (1 if s.mean > 0 else -1,), used))
        if len(consensus) == PAGE_TARGETS:
            break
    return {"targets_page": "divides", "divisive": tuple(out_div), "consensus": tuple(consensus)}


def _stance_summary(analysis, st, reliable) -> StanceSummary:
    cfg = analysis.config
    ags = analysis.agreements
    members = [i for i in st.members if 0 <= i < len(ags)]
    counts = post_counts(ags, members)
    unsure = sum(1 for i in members if getattr(ags[i], "stance_unsure", False))
    rows = sorted(((name, r["n"], r["mean"], r["spread"], r["share_for"], r["share_against"])
                   for name, r in stance_rollups(st.id, analysis.target_sentiments,
                                                 analysis.labels, cfg.neutral_band).items()),
                  key=lambda r: (-r[1], r[0]))
    sentence = stance_sentence(
        st, target_sentiments=analysis.target_sentiments, labels=analysis.labels,
        agreements=ags, band=cfg.neutral_band, min_mentions=cfg.min_target_mentions,
        reliable=reliable)
    labels = Counter(ags[i].label for i in members)
    return StanceSummary(
        id=st.id, sentence=sentence,
        to_post={**{k: counts[k] for k in STANCES}, "unsure": unsure,
                 "position": position(counts)},
        agreement={k: labels[k] for k in AGREEMENT_LABELS} if ags else {},
        targets=tuple(rows))


def describe(analysis) -> Summary:
    """Everything the report prints about ``analysis`` (an :class:`~discourse.model.Analysis`
    whose other fields are filled in): headline figures, sentences, per-stance and
    per-target summaries with example comments, caption sentences. Pure."""
    cfg = analysis.config
    band, low = cfg.neutral_band, cfg.min_target_mentions
    reliable = reliable_directions(analysis.target_reliability or {})
    comments = analysis.thread.comments
    sentences = (thread_sentences(analysis.target_summaries, analysis.agreements,
                                  parents_of(comments), band=band, min_mentions=low,
                                  reliability=analysis.target_reliability or {})
                 if comments else [])
    by_target = {}
    for s in analysis.target_summaries:
        if not s.n_comments:
            continue
        stats = target_by_stance(s.target, analysis.target_sentiments, analysis.labels, band)
        by_target[s.target] = tuple(
            {"stance": sid, "n_comments": n, "mean": m,
             "spread": stats.get(sid, {}).get("spread"),
             "share_for": stats.get(sid, {}).get("share_for"),
             "share_against": stats.get(sid, {}).get("share_against")}
            for sid, n, m in s.by_stance)
    return Summary(
        figures=headline_figures(analysis),
        sentences=tuple(sentences),
        stances=tuple(_stance_summary(analysis, st, reliable) for st in analysis.stances),
        reliable=tuple(sorted(reliable)),
        target_by_stance=by_target,
        sure_replies=tuple(is_sure_reply(c) for c in comments),
        stance_reliability=reliability_sentence(analysis.stance_reliability or {}),
        tone_reliability=tone_reliability(analysis.target_reliability or {}),
        no_leaning=no_leaning_sentence(analysis.target_reliability or {}),
        **_targets_page(analysis, reliable),
    )
