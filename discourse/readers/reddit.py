"""Reddit thread JSON (what a thread's ``.json`` address returns): a list of two
Listings, the submission (``t3``: title, selftext, author, created_utc) then the comment
tree (``t1``: id, author, body in Markdown, created_utc, ``replies`` = a Listing or "").

``more`` stubs ("load more comments") are counted and reported as missing;
``[deleted]``/``[removed]`` comments are kept as such (their replies are real), and
counted in the notes.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Post, Thread
from ..text.html import markdown_to_text
from ._common import ReadOptions, Record, _plural, build_thread, iso_utc
from .discourse_json import _type_name, load_json, typed_field

GONE = ("[deleted]", "[removed]")


def _children(listing, where: str, name: str) -> list:
    if listing in ("", None):
        return []
    if not isinstance(listing, dict) or listing.get("kind") != "Listing":
        raise InputError(name, f"{where}: expected a Listing, got {_type_name(listing)}")
    data = listing.get("data")
    kids = data.get("children") if isinstance(data, dict) else None
    if not isinstance(kids, list):
        raise InputError(name, f"{where}.data.children: expected a list")
    return kids


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    doc, notes = load_json(path, options.max_line_bytes)
    if not isinstance(doc, list) or len(doc) != 2:
        raise InputError(name, "not a Reddit thread: expected a list of two Listings "
                               "(the submission, then the comments)")
    subs = _children(doc[0], "[0]", name)
    if not subs or not isinstance(subs[0], dict) or subs[0].get("kind") != "t3":
        raise InputError(name, "[0]: no submission (kind t3)")
    s = subs[0].get("data") or {}
    where = "[0].data.children[0].data"
    if not isinstance(s, dict):
        raise InputError(name, f"{where}: expected an object")
    sid = typed_field(s, "name", str, where, name) or ("t3_" + str(s.get("id", "")))
    selftext = typed_field(s, "selftext", str, where, name) or ""
    text, _ = markdown_to_text(selftext)
    post = Post(text=text, title=typed_field(s, "title", str, where, name),
                author=typed_field(s, "author", str, where, name),
                timestamp=iso_utc(typed_field(s, "created_utc", (int, float), where, name)))

    records, missing, gone = [], 0, 0
    stack = [(k, f"[1].data.children[{i}]", None)
             for i, k in reversed(list(enumerate(_children(doc[1], "[1]", name))))]
    while stack:
        item, where, parent = stack.pop()
        if not isinstance(item, dict):
            raise InputError(name, f"{where}: expected an object, got {_type_name(item)}")
        kind, d = item.get("kind"), item.get("data")
        if not isinstance(d, dict):
            raise InputError(name, f"{where}.data: expected an object")
        if kind == "more":
            c = d.get("count")
            missing += c if isinstance(c, int) and not isinstance(c, bool) else len(d.get("children") or [])
            continue
        if kind != "t1":
            raise InputError(name, f"{where}: kind {kind!r}, expected t1 (comment) or more")
        cid = typed_field(d, "name", str, where, name) or (
            "t1_" + d["id"] if isinstance(d.get("id"), str) and d["id"] else None)
        if not cid:
            raise InputError(name, f"{where}: comment has no id")
        body = typed_field(d, "body", str, where, name)
        author = typed_field(d, "author", str, where, name)
        if body in GONE or author == "[deleted]":
            gone += 1
        text, quotes = (body, ()) if body in GONE else markdown_to_text(body)
        records.append(Record(id=cid, parent=parent, author=author, text=text, quotes=quotes,
                              timestamp=iso_utc(typed_field(d, "created_utc", (int, float), where, name)),
                              label=f"comment {cid} ({where})"))
        kids = _children(d.get("replies"), f"{where}.data.replies", name)
        stack.extend((k, f"{where}.data.replies.data.children[{i}]", cid)
                     for i, k in reversed(list(enumerate(kids))))
    if gone:
        notes = notes + (f"{_plural(gone, 'comment')} [deleted] or [removed], kept as such",)
    if missing:
        notes = notes + (f"{_plural(missing, 'comment')} not in the file "
                         "(Reddit 'load more' stubs): missing from the analysis",)
    if not selftext:
        notes = notes + ("link post: the post has a title but no text",)
    return [build_thread(name, records, post, notes, thread_id=sid)]


def sniff(head: str) -> bool:
    h = "".join(head[:200].split())
    return h.startswith('[{"kind":"Listing"')
