"""``analyse(thread, config) -> Analysis``: the only place the stages are wired.

Each stage is a function over a list of comments with no I/O and no hidden state, so the
same calls can later be mapped over partitions of a large corpus.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional, Sequence

from .agreement import agreement, reliability
from .baseline import Baseline, align, follow
from .cluster import BRIEF, StanceClusterer
from .config import Config
from .describe import describe
from .model import Analysis, CorpusAnalysis, Thread
from .sentiment import make_analyzer, score_comments, score_text
from .stance import describe_stances
from .stance_model import StanceModel
from .targets import merge_target_specs, summarise_targets, target_sentiment, targets
from .targets import reliability as target_reliability
from .terms import contrast_terms
from .text import own_text

#: progress callback: called with a short message before each stage
Progress = Optional[Callable[[str], None]]


def _clusterer(config: Config) -> StanceClusterer:
    return StanceClusterer(
        n_clusters=config.clusters, k_range=(config.k_min, config.k_max),
        ngram_range=(config.ngram_min, config.ngram_max), max_features=config.max_features,
        min_tokens=config.min_tokens, random_state=config.seed)


def _stances(texts, sentiments, config: Config, context: Sequence[str] = (),
             init_model: Optional[StanceModel] = None):
    """Cluster ``texts`` as ``config`` says and describe each cluster as a stance
    (from ``init_model``'s centres when given: see ``StanceClusterer.fit``).

    Returns ``(fitted StanceClusterer, label per text with BRIEF = -1, stances)``.
    """
    model = _clusterer(config).fit(texts, context=context, init_model=init_model)
    labels = [int(x) for x in model.labels_]
    stances = describe_stances(
        texts, labels, sentiments, X=model.X_, clustered=model.clustered_,
        n_terms=config.n_terms, n_representatives=config.n_representatives,
        ngram_range=(config.ngram_min, config.ngram_max), neutral_band=config.neutral_band,
        stability=model.stability_)
    return model, labels, stances


def _warm_model(baseline: Baseline, config: Config) -> tuple[Optional[StanceModel], str]:
    """The baseline's saved model if this rerun can start from it, and why (not)."""
    model = baseline.model
    tail = "so the stances were refitted from scratch and matched to it by shared comments"
    if baseline.refit:
        return None, f"a full refit was asked for (--refit), {tail}"
    if model is None:
        return None, ("its analysis.json has no saved stance model (written before reruns "
                      f"kept one), {tail}")
    changed = model.same_space(_clusterer(config).get_params())
    if changed:
        return None, (f"the settings {', '.join(changed)} differ from its saved model's, "
                      f"{tail}")
    if config.clusters != "auto" and int(config.clusters) != model.k:
        return None, (f"{config.clusters} stances were asked for and its saved model has "
                      f"{model.k}, {tail}")
    return model, (f"refitted from its saved model (k={model.k}: k-means from its centres, "
                   "in its vocabulary; stance ids follow the centres)")


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

    warm, why = _warm_model(baseline, config) if baseline is not None else (None, "")
    say("clustering and describing stances" + (" from the baseline's model" if warm else ""))
    model, labels, stances = _stances(texts, sentiments, config, context, warm)
    final = [None if lab == BRIEF else lab for lab in labels]
    alignment = None
    stance_ids = range(model.n_clusters_)
    if baseline is not None:
        say("matching stances to the baseline")
        raw = [c.text for c in thread.comments]
        if warm is not None:
            alignment = follow(raw, final, baseline, model.center_distances(warm.centroids),
                               model.center_distances(), unknown=model.unknown_, why=why)
            stance_ids = warm.stance_ids
        else:
            alignment = align(raw, final, baseline, why=why)
            stance_ids = [alignment.mapping.get(j) for j in stance_ids]
        final = [None if lab is None else alignment.mapping[lab] for lab in final]
        stances = tuple(sorted((replace(s, id=alignment.mapping[s.id]) for s in stances),
                               key=lambda s: s.id))
        thread = replace(thread, notes=(*thread.notes, alignment.note(baseline.source)))
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
        stance_model=StanceModel.from_clusterer(model, stance_ids),
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
