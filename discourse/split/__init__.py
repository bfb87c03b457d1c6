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

from typing import Optional

from ..model import Comment, Post, Thread
from . import cues
from .boundary import find_footer, find_post_end, is_footer_line
from .lines import is_blank, is_heading, split_lines
from .meta import author_of, has_metadata, meta_kind
from .quotes import find_quotes
from .replies import link
from .segment import segment

__all__ = ["split_text", "split_to_dict", "thread_from_split_dict", "split_lines", "cues"]


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


def split_text(text: str, *, source: Optional[str] = None) -> Thread:
    """Split a plain-text dump into a :class:`~discourse.model.Thread`. Pure, no I/O."""
    lines = split_lines(text or "")
    n = len(lines)
    notes: list[str] = []
    if all(is_blank(l) for l in lines):
        post = Post(text="", start_line=1 if n else None, end_line=n if n else None)
        return Thread(post=post, comments=(), source=source, footer_lines=None, n_lines=n,
                      notes=("empty text", "no comments found"))

    kinds = [meta_kind(l) for l in lines]
    footer = None
    hard: Optional[set[int]] = None
    if has_metadata(kinds):
        starts = _metadata_starts(kinds)
        first = starts[0]
        hard = set(starts)
        notes.append("metadata lines used as comment boundaries")
        post_end = first - 1
        f = find_footer(lines[:first], start=1)
        if f is not None and all(is_blank(lines[k]) or is_heading(lines[k]) or is_footer_line(lines[k])
                                 for k in range(f[1] + 1, first)):
            footer = (f[0], first - 1)
            post_end = f[0] - 1
        if first == 0:
            # no room for a post: the first block is the post's own header
            post_end = -1
    else:
        kinds = [None] * n
        f = find_footer(lines, start=1)
        if f is not None:
            footer, post_end = f, f[0] - 1
            first = f[1] + 1
            notes.append("post end: footer cues")
        else:
            post_end, why = find_post_end(lines)
            first = post_end + 1
            notes.append(f"post end: {why}")

    meta_lines = {k for k in range(n) if kinds[k] is not None}
    quote_hits = [h for h in find_quotes(lines, first) if h.line not in meta_lines]
    quote_at = {h.line: h for h in quote_hits}
    page = footer is not None
    spans = (segment(lines, first, quote_at, post_end, hard,
                     base=cues.BASE_NEW_PAGE if page else cues.BASE_NEW,
                     w_cohesion=cues.W_COHESION_PAGE if page else cues.W_COHESION,
                     segment_cohesion=page)
             if first < n else [])

    texts, authors, stamps, first_lines = [], [], [], []
    for s, e in spans:
        texts.append(_text(lines, s, e, meta_lines))
        authors.append(next((author_of(lines[k]) for k in range(s, e + 1) if kinds[k] == "author"), None))
        stamps.append(next((lines[k].strip() for k in range(s, e + 1) if kinds[k] == "timestamp"), None))
        first_lines.append(next((lines[k] for k in range(s, e + 1)
                                 if k not in meta_lines and not is_blank(lines[k])), ""))
    links = link(spans, texts, first_lines, authors, quote_hits, post_end)
    comments = tuple(
        Comment(index=i, text=texts[i], start_line=s + 1, end_line=e + 1, parent=p,
                author=authors[i], timestamp=stamps[i], quotes=q, reply_evidence=ev,
                reply_confidence=conf)
        for i, ((s, e), (p, ev, conf, q)) in enumerate(zip(spans, links)))
    if not comments:
        notes.append("no comments found")
    return Thread(post=_post(lines, post_end), comments=comments, source=source,
                  footer_lines=(footer[0] + 1, footer[1] + 1) if footer else None,
                  n_lines=n, notes=tuple(notes))


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
             "reply_evidence": c.reply_evidence, "reply_confidence": c.reply_confidence}
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
                                reply_confidence=c.get("reply_confidence")))
    fl = d.get("footer_lines")
    return Thread(post=post, comments=tuple(comments), source=d.get("source"),
                  footer_lines=tuple(fl) if fl else None,
                  n_lines=d.get("n_lines", len(lines) if lines is not None else None),
                  notes=tuple(d.get("notes", ())))
