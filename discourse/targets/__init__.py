"""Targets: what a thread argues about, how each comment feels about each, and which
targets divide the stances and which unite them.

Pure functions (no I/O, no mutable module state), deterministic, so they can be mapped
over Dask partitions.

==================================  ==========================================================
module                              what it does
==================================  ==========================================================
:mod:`~discourse.targets.detect`     finds the targets: names and recurring noun phrases, their
                                    forms merged (:func:`targets`)
:mod:`~discourse.targets.match`      the user's target specs and the one matching rule for a
                                    target's aliases (:func:`mentions`, :func:`target_sentences`)
:mod:`~discourse.targets.sentiment`  sentiment toward a target (:func:`mention_score`,
                                    :func:`target_score`, :func:`target_sentiment`), sarcasm
                                    markers, the measured reliability
:mod:`~discourse.targets.summary`    roll-ups per thread and stance, divisive and consensus
                                    targets
==================================  ==========================================================

Everything is importable from here, as when this was one module:
``from discourse.targets import targets, target_sentiment``.
"""
from __future__ import annotations

from ..text.own import unaddressed  # noqa: F401  (defined here before the text layer)
from .detect import GENERIC_NOUNS, SAME_AS, initials, targets
from .match import _matcher, mentions, merge_target_specs, parse_target_spec, target_sentences
from .sentiment import (CLAUSE_OPENERS, DISMISSALS, MASK, RELIABILITY_PATH, SARCASM_MARKERS,
                        SARCASM_SCORE, SENTENCE_ASIDES, TARGET_WINDOW, mention_score, mocked,
                        reliability, target_score, target_sentiment)
from .summary import consensus_targets, divisive_targets, summarise_targets

# importable from here beyond __all__ (benches and tests use them): _matcher, MASK,
# RELIABILITY_PATH, SARCASM_SCORE, reliability, target_score, mocked, unaddressed, ...
__all__ = [
    "CLAUSE_OPENERS", "GENERIC_NOUNS", "SENTENCE_ASIDES", "TARGET_WINDOW",
    "consensus_targets", "divisive_targets", "mention_score", "mentions",
    "merge_target_specs", "parse_target_spec", "summarise_targets", "target_sentences",
    "target_sentiment", "targets",
]
