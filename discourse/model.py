"""The records that flow between stages: a :class:`Thread` in, an :class:`Analysis` out.

All records are frozen dataclasses so a stage cannot change what an earlier stage made,
and so they can be shipped to worker processes (Dask partitions) unchanged.

Line numbers are 1-based and inclusive, into the source text the thread was read from
(``None`` where a thread did not come from a line-oriented dump).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # the model does not import the stages, only names their types
    from .config import Config

#: agreement labels toward what a comment answers, and stances toward the post's claim
#: (the RumourEval scheme), in report order
AGREEMENT_LABELS = ("agree", "disagree", "question", "comment")
POST_STANCES = ("support", "deny", "query", "comment")
#: the label → stance mapping used for a reply to the post, and without a model
LABEL_TO_STANCE = {"agree": "support", "disagree": "deny", "question": "query",
                   "comment": "comment"}
#: a stance whose mean best-match Jaccard over resamples is below this is marked unstable
#: (Hennig 2007: below 0.6 a cluster does not reliably reappear)
UNSTABLE = 0.6
#: comment starts less sure than this are marked '?' in listings and the report
LOW_BOUNDARY_CONFIDENCE = 0.65


@dataclass(frozen=True)
class Post:
    """The article or blog post the comments respond to."""

    text: str
    title: Optional[str] = None
    author: Optional[str] = None
    timestamp: Optional[str] = None
    start_line: Optional[int] = None
    end_line: Optional[int] = None


@dataclass(frozen=True)
class Comment:
    """One reader comment.

    ``parent`` is the 0-based index of the comment this one replies to, or ``None`` for a
    reply to the post. ``quotes`` holds the passages of ``text`` that quote an earlier
    comment (or the post): they are not the commenter's own words, so sentiment and
    clustering leave them out (see :func:`own_text`). ``reply_evidence`` says why the
    splitter linked the reply (e.g. ``"quote"``, ``"@name"``) and ``reply_confidence``
    how sure it is (0..1). ``boundary_confidence`` is how sure the splitter is that the
    comment starts at ``start_line`` (0..1; 1 for metadata boundaries).
    """

    index: int
    text: str
    start_line: Optional[int] = None
    end_line: Optional[int] = None
    parent: Optional[int] = None
    author: Optional[str] = None
    timestamp: Optional[str] = None
    quotes: tuple[str, ...] = ()
    reply_evidence: Optional[str] = None
    reply_confidence: Optional[float] = None
    boundary_confidence: Optional[float] = None


def parents_of(comments) -> list[Optional[int]]:
    """Each comment's parent index, ``None`` for the post or for a link that does not
    point to an earlier comment (missing, forward, self: the printing order forbids them).

    >>> parents_of([Comment(0, "a"), Comment(1, "b", parent=0), Comment(2, "c", parent=5)])
    [None, 0, None]
    """
    return [c.parent if c.parent is not None and 0 <= c.parent < i else None
            for i, c in enumerate(comments)]


@dataclass(frozen=True)
class Thread:
    """A post and its comments, in the order the source printed them.

    ``footer_lines`` is the ``(first, last)`` span of boilerplate between the post and the
    comments (share/subscribe lines), or ``None``. ``notes`` carries what a reader or the
    splitter wants the user to know (e.g. "no comments found", "read as cp1252").
    ``thread_id`` is the source's own id for the thread when a file holds several
    (a WordPress post id, a Disqus thread id, a JSONL ``thread`` value), else ``None``.
    """

    post: Post
    comments: tuple[Comment, ...] = ()
    source: Optional[str] = None
    footer_lines: Optional[tuple[int, int]] = None
    n_lines: Optional[int] = None
    notes: tuple[str, ...] = ()
    thread_id: Optional[str] = None


@dataclass(frozen=True)
class SentenceScore:
    """VADER scores of one sentence."""

    text: str
    compound: float
    pos: float
    neu: float
    neg: float


@dataclass(frozen=True)
class Sentiment:
    """Sentiment of one text (a comment, the post, or a group), aggregated from sentences.

    ``compound`` is in [-1, 1]; ``pos``/``neu``/``neg`` are VADER's proportions averaged
    over sentences; ``share_positive``/``share_negative`` are the shares of sentences whose
    compound is above / below the neutral band.
    """

    compound: float
    pos: float
    neu: float
    neg: float
    n_sentences: int
    share_positive: float
    share_negative: float
    sentences: tuple[SentenceScore, ...] = ()


@dataclass(frozen=True)
class Stance:
    """A camp of comments: one cluster described.

    ``terms`` are the cluster's most distinctive terms with their weights,
    ``representatives`` the indices of its most typical comments, ``mentions`` the
    people/things it names most with their comment counts, ``stability`` how reliably
    it reappears when the clustering is redone on subsamples (0..1).
    """

    id: int
    size: int
    terms: tuple[tuple[str, float], ...]
    sentiment: float
    sentiment_spread: float
    share_positive: float
    share_negative: float
    members: tuple[int, ...]
    representatives: tuple[int, ...] = ()
    mentions: tuple[tuple[str, int], ...] = ()
    #: mean best-match Jaccard of this stance across refits on subsamples (None: not
    #: measured); below ``discourse.cluster.UNSTABLE`` the split is not stable
    stability: Optional[float] = None

    @property
    def label(self) -> str:
        """A short human name: the stance's top three terms."""
        return ", ".join(t for t, _ in self.terms[:3]) or f"stance {self.id}"


@dataclass(frozen=True)
class TargetExample:
    """A comment shown under a target: its index, its sentiment toward the target and
    the sentences of its own words that name it."""

    comment: int
    target: str
    compound: Optional[float]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class TargetView:
    """A target as the report shows it: its roll-up, the words for its leaning (``None``:
    no clear leaning) and example comments."""

    target: str
    n_comments: int
    mean: float
    leaning: Optional[str]
    divisiveness: float
    consensus: float
    #: ``(stance id, n comments, mean)`` of stances with enough mentions to count
    by_stance: tuple[tuple[int, int, float], ...]
    examples: tuple[TargetExample, ...] = ()


@dataclass(frozen=True)
class StanceSummary:
    """What the report says about one stance: its sentence, its comments' positions
    toward the post, their labels toward what they answer, and its targets."""

    id: int
    sentence: str
    #: counts of ``stance_to_post`` (support / deny / query / comment), ``unsure`` and the
    #: position they add up to (``None`` without comments)
    to_post: dict
    #: counts of agreement labels toward what each comment answers
    agreement: dict
    #: per target the stance names: ``(target, n comments, mean, spread, share_for,
    #: share_against)``, most-mentioned first
    targets: tuple[tuple[str, int, float, float, float, float], ...]


@dataclass(frozen=True)
class Summary:
    """Every figure and sentence the report prints, made by :func:`discourse.describe.describe`.

    ``figures`` are the thread's headline figures (counts, sentiment mean / median /
    shares around the neutral band); ``sentences`` what the thread is for and against;
    ``targets_page`` is ``"divides"`` (divisive and consensual targets) or ``"discussed"``
    (most discussed, when no direction of target sentiment is reliable enough to state).
    """

    figures: dict
    sentences: tuple[str, ...]
    stances: tuple[StanceSummary, ...]
    #: target directions ("for", "against") the report may state
    reliable: tuple[str, ...]
    targets_page: str
    divisive: tuple[TargetView, ...] = ()
    consensus: tuple[TargetView, ...] = ()
    discussed: tuple[TargetView, ...] = ()
    #: per target name: each stance's roll-up ``{"stance", "n_comments", "mean", "spread",
    #: "share_for", "share_against"}`` (stances that name it)
    target_by_stance: dict = field(default_factory=dict)
    #: per comment: does its reply link rest on explicit evidence?
    sure_replies: tuple[bool, ...] = ()
    #: caption sentences: how far stances toward the post and target tone can be trusted
    stance_reliability: str = ""
    tone_reliability: str = ""
    no_leaning: str = ""


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`discourse.analyse` found, with the :class:`Config` that made it.

    Per-comment tuples (``sentiments``, ``labels``, ``coords``) are aligned with
    ``thread.comments``. ``labels[i]`` is the stance id of comment *i*, or ``None`` when it
    is a brief reaction ("Agreed", "Thanks", a bare URL) that is not clustered.
    ``cluster_scores`` records how k was chosen: ``{k: silhouette}``.
    """

    thread: Thread
    config: "Config"
    post_sentiment: Sentiment
    sentiments: tuple[Sentiment, ...]
    labels: tuple[Optional[int], ...]
    stances: tuple[Stance, ...]
    coords: tuple[tuple[float, float], ...] = ()
    cluster_scores: dict = field(default_factory=dict)
    k_chosen_by: str = ""
    #: every k "auto" tried: ``{k: {"silhouette": s, "stability": mean ARI or None}}``
    k_scores: dict = field(default_factory=dict)
    #: terms the comments use far more than the post (and any context documents)
    reader_terms: tuple[tuple[str, float], ...] = ()
    #: how many context documents (e.g. news coverage) joined the term statistics
    n_context: int = 0
    #: with a baseline: a ``discourse.baseline.Alignment`` (kept ids, new comments, shares,
    #: comments that moved)
    alignment: Optional[object] = None
    #: what a rerun starts from: a ``discourse.stance_model.StanceModel`` (vocabulary,
    #: document frequencies, SVD axes, centres named by stance id), ``None`` if no space
    #: was fitted
    stance_model: Optional[object] = None
    #: what the thread argues about, most-mentioned first (see ``discourse.targets``)
    targets: tuple["Target", ...] = ()
    #: per comment: its sentiment toward each target it mentions
    target_sentiments: tuple[tuple["TargetSentiment", ...], ...] = ()
    #: per target: thread and per-stance roll-ups, divisiveness and consensus
    target_summaries: tuple["TargetSummary", ...] = ()
    #: per comment: agreement with its parent (or the post) and stance toward the post
    agreements: tuple["Agreement", ...] = ()
    #: how far the stance model's assertions hold on threads it never saw: its
    #: thresholds and held-out precision per class (``data/agreement.json``), ``{}``
    #: without a model
    stance_reliability: dict = field(default_factory=dict)
    #: how far a mention's direction toward a target can be trusted (measured precision
    #: of "for" and "against"; ``data/target_reliability.json``), ``{}`` if unmeasured
    target_reliability: dict = field(default_factory=dict)
    #: every figure and sentence the report prints (``None`` only for an Analysis built
    #: by hand; :func:`discourse.describe.describe` makes one from the fields above)
    summary: Optional[Summary] = None


@dataclass(frozen=True)
class CorpusAnalysis:
    """Several threads compared: each thread's own :class:`Analysis`, and stances
    clustered across all their comments together.

    ``labels[t][i]`` is the corpus stance of comment *i* of thread *t* (``None``: a brief
    reaction). Corpus stances' ``members`` and ``representatives`` index the comments of
    all threads in order (thread 0's comments, then thread 1's, …); ``offsets[t]`` is
    where thread *t* starts. ``shares[t][j]`` is the share of thread *t*'s comments in
    the *j*-th stance of ``stances``.
    """

    analyses: tuple[Analysis, ...]
    config: "Config"
    labels: tuple[tuple[Optional[int], ...], ...]
    stances: tuple[Stance, ...]
    shares: tuple[tuple[float, ...], ...]
    offsets: tuple[int, ...]
    cluster_scores: dict = field(default_factory=dict)
    k_chosen_by: str = ""
    name: str = "corpus"


@dataclass(frozen=True)
class Target:
    """Something the thread argues about: a person, place, organisation or recurring
    noun phrase. ``aliases`` are the surface forms that count as a mention (the name
    itself included, e.g. ``("Donald Trump", "Trump")``); ``n_comments`` is how many
    comments mention it in their own words (quotes excluded), ``n_mentions`` how often.
    ``source`` is ``"detected"`` or ``"user"`` (given with ``--target``).
    """

    name: str
    aliases: tuple[str, ...]
    n_comments: int = 0
    n_mentions: int = 0
    source: str = "detected"


@dataclass(frozen=True)
class TargetSentiment:
    """One comment's sentiment toward one target: VADER's valences of the words near each
    mention (the target's own words masked) in the ``n_sentences`` sentences of the
    comment's own text that name it (see :func:`discourse.targets.target_sentiment`)."""

    target: str
    compound: float
    n_sentences: int


@dataclass(frozen=True)
class TargetSummary:
    """A target rolled up over the thread and per stance.

    ``mean``/``spread`` are the mean and standard deviation of the comments' target
    sentiment; ``share_for``/``share_against`` the shares above / below the neutral band.
    ``by_stance`` is ``((stance id, n comments, mean), ...)``. ``divisiveness`` is how far
    the stances disagree about it (0 = they agree) and ``consensus`` how much the whole
    thread leans the same way (0..1, Pol.is-style group-informed consensus).
    """

    target: str
    n_comments: int
    mean: float
    spread: float
    share_for: float
    share_against: float
    by_stance: tuple[tuple[int, int, float], ...] = ()
    divisiveness: float = 0.0
    consensus: float = 0.0


@dataclass(frozen=True)
class Agreement:
    """How one comment relates to what it replies to (its parent, or the post).

    ``label`` is ``agree`` / ``disagree`` / ``question`` / ``comment`` toward the parent;
    ``stance_to_post`` is ``support`` / ``deny`` / ``query`` / ``comment`` toward the post's
    claim, the RumourEval scheme (read from the comment's own words; following the reply
    chain scored lower and is off by default). ``cues`` say what decided
    it (e.g. ``"opener:agreed"``, ``"question"``, ``"model"``).
    """

    label: str
    confidence: float
    cues: tuple[str, ...] = ()
    stance_to_post: str = "comment"
    stance_confidence: float = 0.0
    #: the stage's best guess of the stance, asserted as ``stance_to_post`` only when it
    #: is sure enough (``stance_unsure`` False); the calibrated probabilities of
    #: (support, deny, query, comment), ``None`` without a model
    stance_guess: str = "comment"
    stance_unsure: bool = False
    stance_probabilities: Optional[tuple[float, ...]] = None


# ----------------------------------------------------------------- large-input mode


@dataclass(frozen=True)
class LargeStance:
    """A camp across a large input. Figures are over all its comments; ``terms`` from
    its centre; ``stability`` from refits on the clustering sample; ``examples`` its most
    typical comments as ``(thread, id, text)``."""

    id: int
    size: int
    terms: tuple[tuple[str, float], ...]
    sentiment: float
    sentiment_spread: float
    share_positive: float
    share_negative: float
    stability: Optional[float] = None
    examples: tuple[tuple[str, str, str], ...] = ()

    @property
    def label(self) -> str:
        return ", ".join(t for t, _ in self.terms[:3]) or f"stance {self.id}"


@dataclass(frozen=True)
class ThreadFigures:
    """One thread of a large input, from aggregates: its comments, mean sentiment, the
    shares of positive and negative comments, and its comments per stance
    (``stance_counts[j]``: stance *j*; brief reactions not counted)."""

    key: str
    title: str
    n_comments: int
    sentiment: float
    share_positive: float
    share_negative: float
    stance_counts: tuple[int, ...]


@dataclass(frozen=True)
class LargeAnalysis:
    """The result of the large-input mode (:mod:`discourse.large`): every comment scored
    and assigned to a stance, described from aggregates over all comments; the number of
    stances and their stability chosen on a sample (``sample_size`` comments), which the
    report says. ``sentiment`` is :func:`discourse.sentiment.summarise`'s keys over all
    comments; ``histogram`` ``(edges, counts)`` of their compounds."""

    name: str
    n_comments: int
    n_brief: int
    n_empty: int
    sentiment: dict
    histogram: tuple
    stances: tuple[LargeStance, ...]
    threads: tuple[ThreadFigures, ...]
    sample_size: int
    k_chosen_by: str
    cluster_scores: dict
    n_parts: int
    engine: str
    notes: tuple[str, ...] = ()
