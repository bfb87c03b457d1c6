"""Roll-ups: each target over the thread and per stance, and which targets divide the
stances (:func:`divisive_targets`) and which the thread agrees on
(:func:`consensus_targets`)."""
from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Optional, Sequence

from ..config import Config
from ..model import Target, TargetSentiment, TargetSummary

_DEFAULTS = Config()


def summarise_targets(target_sentiments: Sequence[Sequence[TargetSentiment]],
                      labels: Sequence[Optional[int]], targets: Sequence[Target], *,
                      neutral_band: float = _DEFAULTS.neutral_band,
                      min_mentions: int = _DEFAULTS.min_target_mentions) -> tuple[TargetSummary, ...]:
    """Roll each target up over the thread and per stance (``labels[i]``: the stance id
    of comment *i*, ``None`` or negative for none), in the order of ``targets``.

    A stance *qualifies* for a target when at least ``min_mentions`` of its comments
    mention it. With ``n_s`` and ``m_s`` the count and mean of qualifying stance *s*:

    * ``divisiveness`` = sqrt(sum n_s (m_s - m)^2 / sum n_s), m the n-weighted mean of
      the m_s: the weighted spread of the stance means (0 with fewer than two).
    * ``consensus``: the thread's majority direction d (for or against: whichever more
      comments take outside the neutral band; 0 when tied), then the geometric mean over
      qualifying stances of the Laplace-smoothed share leaning d, (k_s + 1) / (n_s + 2)
      -- Pol.is' group-informed consensus (a product of per-group smoothed agree shares),
      taken as a geometric mean so targets discussed by different numbers of stances
      compare. With no qualifying stance the thread is one group (if it has
      ``min_mentions`` comments on the target; else 0).

    >>> ts = [Target("A", ("A",)), Target("B", ("B",))]
    >>> ss = [(TargetSentiment("A", .8, 1), TargetSentiment("B", -.5, 1))] * 3 \\
    ...    + [(TargetSentiment("A", -.8, 1), TargetSentiment("B", -.5, 1))] * 3
    >>> a, b = summarise_targets(ss, [0, 0, 0, 1, 1, 1], ts)
    >>> a.divisiveness, b.divisiveness, a.consensus < b.consensus
    (0.8, 0.0, True)
    """
    per_target: dict[str, list[tuple[Optional[int], float]]] = defaultdict(list)
    for i, row in enumerate(target_sentiments):
        lab = labels[i] if i < len(labels) else None
        for ts in row:
            per_target[ts.target].append((lab if lab is not None and lab >= 0 else None,
                                          ts.compound))
    out = []
    for t in targets:
        rows = per_target.get(t.name, [])
        xs = [x for _, x in rows]
        if not xs:
            out.append(TargetSummary(t.name, 0, 0.0, 0.0, 0.0, 0.0))
            continue
        n_for = sum(x > neutral_band for x in xs)
        n_against = sum(x < -neutral_band for x in xs)
        by: dict[int, list[float]] = defaultdict(list)
        for lab, x in rows:
            if lab is not None:
                by[lab].append(x)
        by_stance = tuple((int(s), len(v), round(statistics.fmean(v), 4))
                          for s, v in sorted(by.items()))
        qual = [by[s] for s in sorted(by) if len(by[s]) >= min_mentions]
        divisiveness = 0.0
        if len(qual) >= 2:
            n = sum(len(v) for v in qual)
            m = sum(sum(v) for v in qual) / n
            divisiveness = (sum(len(v) * (statistics.fmean(v) - m) ** 2 for v in qual) / n) ** .5
        consensus = 0.0
        if n_for != n_against:
            groups = qual or ([xs] if len(xs) >= min_mentions else [])
            sign = 1 if n_for > n_against else -1
            if groups:
                shares = [((sum(x * sign > neutral_band for x in v) + 1) / (len(v) + 2))
                          for v in groups]
                consensus = statistics.geometric_mean(shares)
        out.append(TargetSummary(
            target=t.name, n_comments=len(xs), mean=round(statistics.fmean(xs), 4),
            spread=round(statistics.pstdev(xs), 4), share_for=round(n_for / len(xs), 4),
            share_against=round(n_against / len(xs), 4), by_stance=by_stance,
            divisiveness=round(divisiveness, 4), consensus=round(consensus, 4)))
    return tuple(out)


def divisive_targets(summaries: Sequence[TargetSummary], n: int = 3
                     ) -> tuple[TargetSummary, ...]:
    """The ``n`` most divisive targets (only those at least two stances discuss enough)."""
    ranked = sorted((s for s in summaries if s.divisiveness > 0),
                    key=lambda s: (-s.divisiveness, -s.n_comments, s.target))
    return tuple(ranked[:n])


def consensus_targets(summaries: Sequence[TargetSummary], n: int = 3
                      ) -> tuple[TargetSummary, ...]:
    """The ``n`` targets the thread agrees on most (consensus > 0: enough mentions)."""
    ranked = sorted((s for s in summaries if s.consensus > 0),
                    key=lambda s: (-s.consensus, s.divisiveness, -s.n_comments, s.target))
    return tuple(ranked[:n])
