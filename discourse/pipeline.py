"""``analyse(thread, config) -> Analysis``: the only place the stages are wired.

Each stage is a function over a list of comments with no I/O and no hidden state, so the
same calls can later be mapped over partitions of a large corpus.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional, Sequence

from .agreement import agreement, reliability
from .baseline import Baseline, align
from .cluster import BRIEF, StanceClusterer
from .config import Config
from .describe import describe
from .model import Analysis, CorpusAnalysis, Thread
from .sentiment import make_analyzer, score_comments, score_text
from .stance import describe_stances
from .targets import merge_target_specs, summarise_targets, target_sentiment, targets
from .targets import reliability as target_reliability
from .terms import contrast_terms
from .text import own_text

#: progress callback: called with a short message before each stage
Progress = Optional[Callable[[str], None]]


def _stances(texts, sentiments, config: Config, context: Sequence[str] = ()):
    """Cluster ``texts`` as ``config`` says and describe each cluster as a stance.

    Returns ``(fitted StanceClusterer, label per text with BRIEF = -1, stances)``.
    """
    model = StanceClusterer(
        n_clusters=config.clusters, k_range=(config.k_min, config.k_max),
        ngram_range=(config.ngram_min, config.ngram_max), max_features=config.max_features,
        min_tokens=config.min_tokens, random_state=config.seed,
    ).fit(texts, context=context)
    labels = [int(x) for x in model.labels_]
    stances = describe_stances(
        texts, labels, sentiments, X=model.X_, clustered=model.clustered_,
        n_terms=config.n_terms, n_representatives=config.n_representatives,
        ngram_range=(config.ngram_min, config.ngram_max), neutral_band=config.neutral_band,
        stability=model.stability_)
    return model, labels, stances


def analyse(thread: Thread, config: Config = Config(), *, context: Sequence[str] = (),
            baseline: Optional[Baseline] = None, progress: Progress = None) -> Analysis:
    """Score sentiment, find the stances and describe them.

    ``context`` documents (e.g. news coverage of the same story) join the term statistics
    and the "what readers add" contrast; a ``baseline`` (an earlier analysis of the same
    thread) keeps its stance ids for the stances found again.

    >>> from discourse import split_text
    >>> thread = split_text("A post about parks.\\nLeave a reply\\nI love the new park by the river.")
    >>> a = analyse(thread)
    >>> len(a.sentiments) == len(thread.comments)
    True
    """
    say = progress or (lambda msg: None)
    texts = [own_text(c) for c in thread.comments]

    say(f"sentiment: {len(texts)} comments")
    analyzer = make_analyzer()
    opts = dict(aggregation=config.sentiment_aggregation, neutral_band=config.neutral_band,
                analyzer=analyzer)
    sentiments = tuple(score_comments(thread.comments, **opts))
    post_sentiment = score_text(thread.post.text, **opts)

    say("clustering and describing stances")
    model, labels, stances = _stances(texts, sentiments, config, context)
    final = [None if lab == BRIEF else lab for lab in labels]
    alignment = None
    if baseline is not None:
        say("matching stances to the baseline")
        alignment = align([c.text for c in thread.comments], final, baseline)
        final = [None if lab is None else alignment.mapping[lab] for lab in final]
        stances = tuple(sorted((replace(s, id=alignment.mapping[s.id]) for s in stances),
                               key=lambda s: s.id))
    background = [thread.post.text, *context]
    reader_terms = contrast_terms(texts, [t for t in background if t.strip()],
                                  n_terms=config.n_terms,
                                  ngram_range=(config.ngram_min, config.ngram_max))
    coords = tuple((float(x), float(y)) for x, y in model.embedding_)

    say("targets and agreement")
    found, per_comment, summaries = _targets(thread, final, config, analyzer)
    # agreement scores each reply's own words without @names and retweeted text, as
    # its model was trained (bench/train_agreement.py), so it gets no sentiments here
    agreements = agreement(thread, analyzer=analyzer)
    draft = Analysis(
        thread=thread, config=config, post_sentiment=post_sentiment, sentiments=sentiments,
        labels=tuple(final), stances=stances,
        coords=coords, cluster_scores=dict(model.scores_), k_chosen_by=model.chosen_by_,
        k_scores=dict(model.k_scores_),
        reader_terms=tuple(reader_terms), n_context=len(context), alignment=alignment,
        targets=found, target_sentiments=per_comment, target_summaries=summaries,
        agreements=tuple(agreements), stance_reliability=reliability(),
        target_reliability=target_reliability(),
    )
    say("describing")
    return replace(draft, summary=describe(draft))


def _targets(thread: Thread, labels, config: Config, analyzer=None):
    """Targets (detected, plus the user's ``config.targets``), each comment's sentiment
    toward them, and their roll-ups over the thread and the stances."""
    aliases = merge_target_specs(config.targets)
    found = tuple(targets(thread, aliases=aliases, max_targets=config.max_targets))
    per_comment = tuple(target_sentiment(thread.comments, found, analyzer=analyzer,
                                         aggregation=config.sentiment_aggregation))
    summaries = tuple(summarise_targets(per_comment, labels, found,
                                        neutral_band=config.neutral_band,
                                        min_mentions=config.min_target_mentions))
    return found, per_comment, summaries


def analyse_corpus(items, config: Config = Config(), *, name: str = "corpus",
                   progress: Progress = None) -> CorpusAnalysis:
    """Compare threads: each thread analysed on its own (``items`` may be Threads or
    Analyses already made), then stances clustered across all comments together, with
    each thread's share of each stance.

    >>> from discourse import split_text
    >>> a = split_text("Parks.\\nLeave a reply\\nI love the new park by the river, lovely trees.")
    >>> b = split_text("Roads.\\nLeave a reply\\nThe new road is noisy and the traffic is awful.")
    >>> c = analyse_corpus([a, b], Config(clusters=1))
    >>> len(c.analyses), len(c.labels[0]), len(c.labels[1])
    (2, 1, 1)
    """
    say = progress or (lambda msg: None)
    analyses = tuple(x if isinstance(x, Analysis) else analyse(x, config) for x in items)
    texts, sentiments, offsets = [], [], []
    for a in analyses:
        offsets.append(len(texts))
        texts += [own_text(c) for c in a.thread.comments]
        sentiments += list(a.sentiments)
    say(f"corpus: clustering {len(texts)} comments of {len(analyses)} threads")
    model, flat, stances = _stances(texts, sentiments, config)
    labels, shares = [], []
    for t, a in enumerate(analyses):
        own = flat[offsets[t]: offsets[t] + len(a.thread.comments)]
        labels.append(tuple(None if lab == BRIEF else lab for lab in own))
        n = len(own) or 1
        shares.append(tuple(sum(lab == s.id for lab in own) / n for s in stances))
    return CorpusAnalysis(
        analyses=analyses, config=config, labels=tuple(labels), stances=stances,
        shares=tuple(shares), offsets=tuple(offsets), cluster_scores=dict(model.scores_),
        k_chosen_by=model.chosen_by_, name=name)
