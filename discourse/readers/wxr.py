"""WordPress export (WXR, Tools → Export): one thread per ``item`` that has comments.

Each ``wp:comment`` gives ``wp:comment_id``, ``wp:comment_parent`` (0 = the post),
``wp:comment_author``, ``wp:comment_date_gmt``, ``wp:comment_content`` (stored text:
blank line = paragraph, HTML allowed), ``wp:comment_approved`` (``1``, ``0`` pending,
``spam``, ``trash``) and ``wp:comment_type`` (empty or ``comment`` for reader comments,
``pingback``, ``trackback``). Only approved reader comments are analysed; the others are
left out and counted in the thread's notes, and replies to them attach to the nearest
comment kept above.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Post, Thread
from ..text.html import html_to_text
from ._common import ReadOptions, Record, build_thread
from ._xml import child_text, iter_elements, local

STATUS = {"0": "pending", "hold": "pending", "spam": "spam", "trash": "trash",
          "post-trashed": "trash"}


def _gmt(gmt, local_time):
    """``2024-01-02 10:00:00`` GMT → ``2024-01-02T10:00:00Z``; else the local time as given."""
    if gmt and not gmt.startswith("0000"):
        return gmt.strip().replace(" ", "T") + "Z"
    if local_time and not local_time.startswith("0000"):
        return local_time.strip()
    return None


def _comment(c, n_item: int, n: int, name: str) -> Record:
    label = f"item {n_item}, comment {n}"
    cid = (child_text(c, "comment_id") or "").strip()
    if not cid:
        raise InputError(name, f"{label}: no wp:comment_id")
    parent = (child_text(c, "comment_parent") or "").strip()
    if parent and not parent.isdigit():
        raise InputError(name, f"{label}: wp:comment_parent {parent!r} is not a number")
    ctype = (child_text(c, "comment_type") or "").strip().lower()
    approved = (child_text(c, "comment_approved") or "1").strip().lower()
    text, quotes = html_to_text(child_text(c, "comment_content") or "", autop=True)
    left_out = None
    if ctype in ("pingback", "trackback"):
        left_out = ctype
    elif ctype not in ("", "comment"):
        left_out = f"type {ctype}"
    elif approved != "1":
        left_out = STATUS.get(approved, f"status {approved}")
    return Record(id=cid, parent=None if parent in ("", "0") else parent,
                  author=(child_text(c, "comment_author") or "").strip() or None,
                  timestamp=_gmt(child_text(c, "comment_date_gmt"), child_text(c, "comment_date")),
                  text=text, quotes=quotes, label=label, left_out=left_out)


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    notes: list = []
    threads = []
    n_item = 0
    for el in iter_elements(path, 2, notes, options.max_line_bytes):
        if local(el.tag) != "item":
            continue
        n_item += 1
        comments = [c for c in el if local(c.tag) == "comment"]
        if not comments:
            continue
        records = [_comment(c, n_item, k, name) for k, c in enumerate(comments, 1)]
        body, _ = html_to_text(child_text(el, "encoded") or "", autop=True)
        post_date = child_text(el, "post_date_gmt")
        post = Post(text=body, title=(child_text(el, "title") or "").strip() or None,
                    author=(child_text(el, "creator") or "").strip() or None,
                    timestamp=_gmt(post_date, child_text(el, "post_date")))
        pid = (child_text(el, "post_id") or "").strip() or str(n_item)
        threads.append(build_thread(name, records, post, notes, thread_id=pid))
    if not n_item:
        raise InputError(name, "no <item> elements: not a WordPress export (WXR)?")
    if not threads:
        raise InputError(name, f"none of the {n_item} items has comments")
    return threads


def sniff(head: str) -> bool:
    return "wordpress.org/export/" in head
