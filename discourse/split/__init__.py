"""Split a raw comment-thread dump into post, footer and comments.

>>> t = split_text("My post title\\nA long post paragraph about things.\\n"
...                "Share this post on social media:\\nSubscribe to our newsletter\\n"
...                "Great post, thanks!\\n@Anna I disagree.")
>>> t.post.end_line, t.footer_lines, [c.start_line for c in t.comments]
(2, (3, 4), [5, 6])

Every line of the input lands in exactly one of the post, the footer or one comment; line
numbers are 1-based and inclusive (see :func:`split_lines` for how lines are counted).
The heuristics are data in :mod:`discourse.split.cues`.
"""
from __future__ import annotations

import math
import re
from typing import Optional

from ..model import Comment, Post, Thread
from ..text.tokens import line_words
from . import cues
from .copies import Copies, copy_hits, first_copy
from .boundary import commentness, find_footer, find_post_end, is_footer_line
from .features import LINE_FEATURES, mentions, cut_log_likelihoods, post_cut_features, post_line_features
from .learned import Models, decode_starts, line_matrix, shipped_models
from .lines import is_blank, is_heading, is_section_heading, split_lines, through_blanks
from .meta import author_of, has_metadata, meta_kind
from .quotes import find_quotes
from .replies import comment_info, link, link_learned
from .segment import continuation, opener, segment

__all__ = ["split_text", "split_to_dict", "thread_from_split_dict", "split_lines", "cues",
           "resolve_post_end", "LOW_BOUNDARY_CONFIDENCE"]


def _text(lines, a: int, b: int, skip=frozenset()) -> str:
    """Non-blank lines a..b (0-based, inclusive) joined by newlines, ``skip`` left out."""
    return "\n".join(lines[k].strip() for k in range(a, b + 1)
                     if k not in skip and not is_blank(lines[k]))


def _post(lines, end: int) -> Post:
    if end < 0:
        return Post(text="", start_line=None, end_line=None)
    nonblank = [k for k in range(end + 1) if not is_blank(lines[k])]
    title = None
    skip = set()
    if nonblank:
        first = lines[nonblank[0]].strip()
        if len(nonblank) > 1 and (is_heading(first) or (len(first) <= 150 and not first.endswith("."))):
            title, skip = first, {nonblank[0]}
    return Post(text=_text(lines, 0, end, skip), title=title, start_line=1, end_line=end + 1)


def _metadata_starts(kinds) -> list[int]:
    starts, prev_kind = [], None
    for i, k in enumerate(kinds):
        if k == "author" or (k == "timestamp" and prev_kind != "author"):
            starts.append(i)
        if k is not None:
            prev_kind = k
        elif i and kinds[i - 1] is None:
            prev_kind = None
    return starts


from ..model import LOW_BOUNDARY_CONFIDENCE  # noqa: E402  (re-exported)

#: a post-closer line this short ("Leave a reply") is decisive for where the post ends
CLOSER_LINE_MAX_WORDS = 6

#: share of comment lines opening with @names from which a dump reads as a Twitter thread
AT_THREAD_SHARE = 0.5

#: explicit reply evidence that overrides the learned reply model
OVERRIDE_EVIDENCE = frozenset({"quote"})


def resolve_post_end(lines, post_end) -> int:
    """0-based last post line from a ``--post-end`` value: a 1-based line number (int or
    digits), or a regular expression matching the post's last line (first match)."""
    if isinstance(post_end, int) or (isinstance(post_end, str) and post_end.strip().isdigit()):
        k = int(post_end)
        if not 0 <= k <= len(lines):
            raise ValueError(f"post end line {k} is outside the text (1..{len(lines)})")
        return k - 1
    try:
        pat = re.compile(str(post_end))
    except re.error as err:
        raise ValueError(f"post end {post_end!r} is neither a line number nor a regex: {err}")
    for k, line in enumerate(lines):
        if pat.search(line):
            return k
    raise ValueError(f"no line matches the post end pattern {post_end!r}")


#: non-blank lines after a post closer searched for the page's boilerplate
CLOSER_BOILERPLATE_LINES = 2


def _after_closer(lines, nonblank, i: int) -> int:
    """The post's last line given a closer at ``i``: a boilerplate line shortly after it
    (a disclosure, "Subscribe ...") still belongs to the page, not to the comments."""
    after = [k for k in nonblank if k > i][:CLOSER_BOILERPLATE_LINES]
    return max([i] + [k for k in after if is_footer_line(lines[k])])


def _after_last_section(lines, nonblank, before: int) -> tuple[int, bool]:
    """The first non-blank line after the last standard section heading
    (:func:`~discourse.split.lines.is_section_heading`) that comes before line
    ``before`` (0 when there is none; 0-based), and whether that section closes a project
    page ("License", "Contributing": ``cues.END_SECTION_HEADINGS``)."""
    heads = [i for i in nonblank[1:] if i < before and is_section_heading(lines[i].strip())]
    if not heads:
        return 0, False
    h = heads[-1]
    return next((k for k in nonblank if k > h), h), any(p.match(lines[h]) for p in cues.END_SECTION_HEADINGS)


def _learned_post_end(lines, models, copies: Optional[Copies] = None) -> tuple[int, str, float]:
    """Last post line (0-based) from the learned post models, how, and its confidence.

    Every candidate cut is ranked by the cut model's logit plus (weighted by
    ``post_line_weight``) the change-point log-likelihood of the line-by-line post model:
    the post's lines read like each other and the comments' like comments. An invitation
    to comment ("leave a reply") is a feature of both, not decisive: posts go on after
    one, and quoted or answered later it is no post closer at all.
    """
    n = len(lines)
    nonblank = [i for i in range(n) if not is_blank(lines[i])]
    if len(nonblank) <= 1:
        return n - 1, "too short", 1.0
    # a line that is nothing but an invitation to comment ("Leave a reply") is the page's
    # comment widget: decisive. Inside a sentence an invitation is decisive only where the
    # line-by-line model agrees that the post ends there (the line reads like the post and
    # one of the next two like a comment); otherwise it is evidence among the rest.
    # (only before the first line that is plainly a comment: a reader may write "Thanks in
    # advance" too)
    plain = next((i for i in nonblank[1:] if commentness(lines[i]) >= cues.STRONG_COMMENT), n)
    # a standard article section ("License", "Questions?") before that line is the post's
    # own structure: the post runs at least to the paragraph under the last one
    lo, end_section = _after_last_section(lines, nonblank, plain)
    for i in nonblank[1:-1]:
        if (lo <= i < 0.9 * n and i <= plain and len(lines[i].split()) <= CLOSER_LINE_MAX_WORDS
                and any(p.search(lines[i]) for p in cues.POST_CLOSER_CUES + cues.POST_CLOSER_LINES)):
            return _after_closer(lines, nonblank, i), "post closer", 0.9
    memo_c: dict = {}
    memo_o: dict = {}

    def c_fn(x):                 # both post models read every line's comment-ness: once
        if x not in memo_c:
            memo_c[x] = commentness(x)
        return memo_c[x]

    def o_fn(x):
        if x not in memo_o:
            memo_o[x] = opener(x)
        return memo_o[x]

    X = post_cut_features(lines, nonblank, c_fn, o_fn)
    logits = [models.post.logit(x) for x in X]
    score = list(logits)
    lam = models.meta.get("post_line_weight", 0.0)
    if models.post_line is not None and lam:
        P = [models.post_line.proba(x) for x in post_line_features(lines, nonblank, c_fn, o_fn)]
        for r in range(1, len(nonblank) - 1):
            i = nonblank[r]
            if (lo <= i < 0.9 * n and P[r] >= 0.5 > min(P[r + 1: r + 3])
                    and any(p.search(lines[i]) for p in cues.POST_CLOSER_CUES)):
                return through_blanks(lines, _after_closer(lines, nonblank, i)), "post closer", 0.9
        if end_section and lo < nonblank[-1]:
            # a closing section ("License"): its paragraph ends the post, with any lines
            # after it that the line model reads as post and no comment cue marks
            r = nonblank.index(lo)
            while r + 2 < len(nonblank) and P[r + 1] >= 0.5 and c_fn(lines[nonblank[r + 1]]) <= 0:
                r += 1
            return through_blanks(lines, nonblank[r]), "closing section", 0.9
        ll = cut_log_likelihoods(P)
        top = max(ll)
        score = [z + lam * (v - top) for z, v in zip(logits, ll)]
    # a post quotes nothing before it: it ends before the first line that repeats an
    # earlier one word for word (forum replies open by pasting what they answer)
    hi = first_copy(lines, cues.POST_COPY_MIN_CHARS, copies)
    r = max(range(len(score)), key=lambda k: (nonblank[k] < hi, nonblank[k] >= lo, score[k]))
    z = logits[r]
    tail = [commentness(lines[k]) for k in nonblank[r + 1:]]
    # an article without comments: no cut is clearly better, or the tail reads like prose
    tc = sum(tail) / len(tail)
    if tc < models.meta.get("post_min_tail_commentness", 0.1) or (
            z < models.meta.get("post_min_logit", 2.0) and tc < models.meta.get("post_sure_tail_commentness", 0.5)):
        # not clearly comments: a second opinion from the hand-set comment-ness profile
        # decides whether there are comments at all (articles without comments: none)
        # (a pasted quote of an earlier line is a reply: there are comments)
        if hi >= n and find_post_end(lines)[1] == "no comment-like text":
            return n - 1, "no comment-like text", 1.0
    b = through_blanks(lines, nonblank[r])
    rest = sorted(score, reverse=True)[1] if len(score) > 1 else score[r] - 10
    conf = 1.0 / (1.0 + math.exp(-(score[r] - rest)))
    return b, "learned register change", conf


def split_text(text: str, *, source: Optional[str] = None, post_end=None,
               models: Optional[Models] = None) -> Thread:
    """Split a plain-text dump into a :class:`~discourse.model.Thread`. Pure, no I/O.

    ``post_end`` overrides where the post ends: a 1-based line number, or a regular
    expression matching the post's last line. ``models`` replaces the shipped learned
    parameters (the trainer's cross-validation passes its own).
    """
    lines = split_lines(text or "")
    n = len(lines)
    notes: list[str] = []
    if all(is_blank(l) for l in lines):
        post = Post(text="", start_line=1 if n else None, end_line=n if n else None)
        return Thread(post=post, comments=(), source=source, footer_lines=None, n_lines=n,
                      notes=("empty text", "no comments found"))
    models = models if models is not None else shipped_models()
    copies = Copies.of(lines)      # pasted lines: read by post end, segmentation, links
    kinds = [meta_kind(l) for l in lines]
    footer = None
    hard: Optional[set[int]] = None
    first_conf = 1.0
    forced = resolve_post_end(lines, post_end) if post_end is not None else None
    if forced is not None and forced >= n - 1:
        kinds = [None] * n
        post_end, first = n - 1, n
        notes.append("post end: given")
    elif has_metadata(kinds) and (forced is None or
                                  any(k in ("author", "timestamp") for k in kinds[forced + 1:])):
        starts = _metadata_starts(kinds)
        if forced is not None:
            starts = [s for s in starts if s > forced] or [forced + 1]
            if starts[0] != forced + 1:
                starts.insert(0, forced + 1)
        first = starts[0]
        hard = set(starts)
        notes.append("metadata lines used as comment boundaries")
        post_end = first - 1
        f = find_footer(lines[:first], start=1) if forced is None else None
        if f is not None and all(is_blank(lines[k]) or is_heading(lines[k]) or is_footer_line(lines[k])
                                 for k in range(f[1] + 1, first)):
            footer = (f[0], first - 1)
            post_end = f[0] - 1
        if first == 0:
            # no room for a post: the first block is the post's own header
            post_end = -1
    else:
        kinds = [None] * n
        f = find_footer(lines, start=1) if forced is None else None
        if forced is not None:
            post_end, first = forced, forced + 1
            notes.append("post end: given")
        elif f is not None:
            footer, post_end = f, f[0] - 1
            first = f[1] + 1
            notes.append("post end: footer cues")
        elif models is not None:
            post_end, why, first_conf = _learned_post_end(lines, models, copies)
            first = post_end + 1
            notes.append(f"post end: {why}")
        else:
            post_end, why = find_post_end(lines)
            first = post_end + 1
            notes.append(f"post end: {why}")

    meta_lines = {k for k in range(n) if kinds[k] is not None}
    quote_hits = [h for h in find_quotes(lines, first) if h.line not in meta_lines]
    quote_at = {h.line: h for h in quote_hits}
    page = footer is not None
    conf_at: dict[int, float] = {}
    if first >= n:
        spans = []
    elif hard is not None or models is None:
        spans = segment(lines, first, quote_at, post_end, hard,
                        base=cues.BASE_NEW_PAGE if page else cues.BASE_NEW,
                        w_cohesion=cues.W_COHESION_PAGE if page else cues.W_COHESION,
                        segment_cohesion=page)
    else:
        spans, conf_at = _learned_segment(lines, first, quote_at, post_end, models, copies)

    texts, authors, stamps, links = link_spans(lines, spans, kinds, quote_hits, post_end, models, copies)
    bconf = []
    for i, (s, e) in enumerate(spans):
        if hard is not None and s in hard:
            bconf.append(1.0)
        elif i == 0:
            bconf.append(round(first_conf, 3))
        else:
            bconf.append(conf_at.get(s))
    comments = tuple(
        Comment(index=i, text=texts[i], start_line=s + 1, end_line=e + 1, parent=p,
                author=authors[i], timestamp=stamps[i], quotes=q, reply_evidence=ev,
                reply_confidence=conf, boundary_confidence=bconf[i])
        for i, ((s, e), (p, ev, conf, q)) in enumerate(zip(spans, links)))
    if not comments:
        notes.append("no comments found")
    return Thread(post=_post(lines, post_end), comments=comments, source=source,
                  footer_lines=(footer[0] + 1, footer[1] + 1) if footer else None,
                  n_lines=n, notes=tuple(notes))


def link_spans(lines, spans, kinds, quote_hits, post_end: int, models: Optional[Models],
               copies: Optional[Copies] = None):
    """Texts, authors, timestamps and reply links of the comments at ``spans`` (0-based
    inclusive line ranges; ``kinds`` the metadata kind of each line, or None)."""
    meta_lines = {k for k in range(len(lines)) if kinds[k] is not None}
    texts, authors, stamps, first_lines = [], [], [], []
    for s, e in spans:
        texts.append(_text(lines, s, e, meta_lines))
        authors.append(next((author_of(lines[k]) for k in range(s, e + 1) if kinds[k] == "author"), None))
        stamps.append(next((lines[k].strip() for k in range(s, e + 1) if kinds[k] == "timestamp"), None))
        first_lines.append(next((lines[k] for k in range(s, e + 1)
                                 if k not in meta_lines and not is_blank(lines[k])), ""))
    # a passage the post itself says quotes the post (retweets of the post quote each
    # other too), not the earlier comment that happened to quote it first
    pg = _post_grams(lines, post_end) if post_end >= 0 and quote_hits else set()
    link_hits = [h for h in quote_hits if not _in_post(h, pg)] if pg else list(quote_hits)
    if spans:
        copies = copies if copies is not None else Copies.of(lines)
        link_hits += copy_hits(lines, copies, spans[0][0], post_end, {h.line for h in link_hits} | meta_lines)
    old = link(spans, texts, first_lines, authors, link_hits, post_end)
    if models is not None and spans:
        info = comment_info(spans, texts, first_lines, authors, link_hits, post_end)
        learned = link_learned(info, models.reply, _text(lines, 0, post_end) if post_end >= 0 else "")
        # explicit evidence (a quote, a name matching an author, a short reaction) wins
        links = [(po, evo, confo, q) if po is not None and evo in OVERRIDE_EVIDENCE else (p, ev, conf, q)
                 for (p, ev, conf), (po, evo, confo, q) in zip(learned, old)]
    else:
        links = old
    return texts, authors, stamps, links


def _post_grams(lines, post_end: int) -> set:
    grams = set()
    for k in range(0, post_end + 1):
        t = line_words(lines[k])
        grams.update(tuple(t[i:i + 3]) for i in range(len(t) - 2))
    return grams


def _in_post(hit, post_grams: set) -> bool:
    """Is the quoted passage of ``hit`` mostly words the post itself says (a share of
    POST_QUOTE_SHARE of its word trigrams)?"""
    t = line_words(hit.passage)
    g = [tuple(t[i:i + 3]) for i in range(len(t) - 2)]
    return bool(g) and sum(x in post_grams for x in g) >= POST_QUOTE_SHARE * len(g)


#: share of a quoted passage's word trigrams found in the post that makes it a quote of the post
POST_QUOTE_SHARE = 0.6


def _learned_segment(lines, first, quote_at, post_end, models, copies: Optional[Copies] = None):
    """Comment spans from the learned start model, and each start's confidence."""
    n = len(lines)
    idx, X = line_matrix(lines, first, quote_at, post_end, opener, continuation, copies)
    probs = [float(p) for p in models.start_proba(X)]
    thr = models.start_threshold
    # a whole line quoting an earlier comment's words starts a reply (unless announced
    # by a line ending in ':'): a decisive cue
    iq, ic = LINE_FEATURES.index("quote_line"), LINE_FEATURES.index("prev_colon")
    probs = [max(p, 0.95) if x[iq] and not x[ic] else p for p, x in zip(probs, X)]
    # where nearly every line opens with @names (a Twitter-style thread), a line naming no
    # one is the rest of a tweet wrapped over lines, not a new reply
    if len(X) and X[0][LINE_FEATURES.index("thread_at_share")] >= AT_THREAD_SHARE:
        probs = [min(p, 0.05) if not mentions(lines[j]) else p for p, j in zip(probs, idx)]
    starts = [first] + decode_starts(idx, probs, thr)
    conf_at = {j: round(p if p >= thr else 1 - p, 3) for j, p in zip(idx, probs)}
    spans = [(s, (starts[i + 1] - 1) if i + 1 < len(starts) else n - 1)
             for i, s in enumerate(starts)]
    return spans, conf_at


def split_to_dict(thread: Thread) -> dict:
    """The JSON record ``discourse split --format json`` writes (1-based inclusive lines)."""
    post = thread.post
    return {
        "source": thread.source,
        "post_lines": [post.start_line, post.end_line] if post.start_line is not None else None,
        "footer_lines": list(thread.footer_lines) if thread.footer_lines else None,
        "n_lines": thread.n_lines,
        "notes": list(thread.notes),
        "comments": [
            {"index": c.index, "start_line": c.start_line, "end_line": c.end_line,
             "parent": c.parent, "author": c.author, "timestamp": c.timestamp,
             "text": c.text, "quotes": list(c.quotes),
             "reply_evidence": c.reply_evidence, "reply_confidence": c.reply_confidence,
             "boundary_confidence": c.boundary_confidence}
            for c in thread.comments
        ],
    }


def thread_from_split_dict(d: dict, text: Optional[str] = None) -> Thread:
    """Rebuild a :class:`Thread` from :func:`split_to_dict` output.

    Texts come from ``text`` (the dump) when given, else from the dict's ``text`` keys.
    """
    lines = split_lines(text) if text is not None else None
    pl = d.get("post_lines") or None
    if pl and lines is not None:
        post = _post(lines, pl[1] - 1)
    else:
        post = Post(text="", start_line=pl[0] if pl else None, end_line=pl[1] if pl else None)
    comments = []
    for i, c in enumerate(d.get("comments", [])):
        body = c.get("text", "")
        if lines is not None and c.get("start_line"):
            body = _text(lines, c["start_line"] - 1, c["end_line"] - 1,
                         {k for k in range(c["start_line"] - 1, c["end_line"])
                          if meta_kind(lines[k]) is not None and (c.get("author") or c.get("timestamp"))})
        comments.append(Comment(index=c.get("index", i), text=body, start_line=c.get("start_line"),
                                end_line=c.get("end_line"), parent=c.get("parent", c.get("reply_to")),
                                author=c.get("author"), timestamp=c.get("timestamp"),
                                quotes=tuple(c.get("quotes", ())), reply_evidence=c.get("reply_evidence"),
                                reply_confidence=c.get("reply_confidence"),
                                boundary_confidence=c.get("boundary_confidence")))
    fl = d.get("footer_lines")
    return Thread(post=post, comments=tuple(comments), source=d.get("source"),
                  footer_lines=tuple(fl) if fl else None,
                  n_lines=d.get("n_lines", len(lines) if lines is not None else None),
                  notes=tuple(d.get("notes", ())))
