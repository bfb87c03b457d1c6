"""``analyse(thread, config) -> Analysis``: the only place the stages are wired.

Each stage is a function over a list of comments with no I/O and no hidden state, so the
same calls can later be mapped over partitions of a large corpus.
"""
from __future__ import annotations

from typing import Callable, Optional

from .cluster import BRIEF, StanceClusterer
from .config import Config
from .model import Analysis, Thread
from .sentiment import make_analyzer, score_comments, score_text
from .stance import describe_stances
from .text import own_text

#: progress callback: called with a short message before each stage
Progress = Optional[Callable[[str], None]]


def analyse(thread: Thread, config: Config = Config(), *, progress: Progress = None) -> Analysis:
    """Score sentiment, find the stances and describe them.

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

    say("clustering")
    model = StanceClusterer(
        n_clusters=config.clusters, k_range=(config.k_min, config.k_max),
        ngram_range=(config.ngram_min, config.ngram_max), max_features=config.max_features,
        min_tokens=config.min_tokens, random_state=config.seed,
    ).fit(texts)
    labels = [int(x) for x in model.labels_]

    say("describing stances")
    stances = describe_stances(
        texts, labels, sentiments, X=model.X_, clustered=model.clustered_,
        n_terms=config.n_terms, n_representatives=config.n_representatives,
        ngram_range=(config.ngram_min, config.ngram_max), neutral_band=config.neutral_band,
        stability=model.stability_)
    coords = tuple((float(x), float(y)) for x, y in model.embedding_)
    return Analysis(
        thread=thread, config=config, post_sentiment=post_sentiment, sentiments=sentiments,
        labels=tuple(None if lab == BRIEF else lab for lab in labels), stances=stances,
        coords=coords, cluster_scores=dict(model.scores_), k_chosen_by=model.chosen_by_,
    )
