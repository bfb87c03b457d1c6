"""Disqus export XML: ``<thread dsq:id>`` elements (title, link, message, createdAt,
author) and ``<post dsq:id>`` elements (message as HTML, createdAt, author/name,
isDeleted, isSpam, ``<thread dsq:id>`` and optional ``<parent dsq:id>``).

One thread per ``<thread>`` that has posts (Disqus exports list every page ever seen,
most with none). Deleted and spam posts are left out and counted; a reply to a deleted
post stays, attached to the nearest post kept above it (or the thread's post).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Post, Thread
from ..text.html import html_to_text
from ._common import ReadOptions, Record, build_thread
from ._xml import attr, child, child_text, iter_elements, local


def _true(v) -> bool:
    return (v or "").strip().lower() == "true"


def _author(el):
    a = child(el, "author")
    if a is None:
        return None
    return (child_text(a, "name") or child_text(a, "username") or "").strip() or None


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    notes: list = []
    info: dict = {}          # thread dsq:id -> Post
    posts: dict = {}         # thread dsq:id -> [Record]
    n_post = 0
    saw_root = False
    for el in iter_elements(path, 1, notes, options.max_line_bytes):
        saw_root = True
        tag = local(el.tag)
        if tag == "thread":
            tid = attr(el, "id")
            if not tid:
                raise InputError(name, f"thread {len(info) + 1}: no dsq:id")
            text, _ = html_to_text(child_text(el, "message") or "")
            info[tid] = Post(text=text, title=(child_text(el, "title") or "").strip() or None,
                             author=_author(el),
                             timestamp=(child_text(el, "createdAt") or "").strip() or None)
        elif tag == "post":
            n_post += 1
            label = f"post {n_post}"
            pid = attr(el, "id")
            if not pid:
                raise InputError(name, f"{label}: no dsq:id")
            t = child(el, "thread")
            tid = attr(t, "id") if t is not None else None
            if not tid:
                raise InputError(name, f"{label} (dsq:id {pid}): no <thread dsq:id=...>")
            p = child(el, "parent")
            parent = attr(p, "id") if p is not None else None
            text, quotes = html_to_text(child_text(el, "message") or "")
            left_out = ("deleted" if _true(child_text(el, "isDeleted"))
                        else "spam" if _true(child_text(el, "isSpam")) else None)
            posts.setdefault(tid, []).append(Record(
                id=pid, parent=parent or None, author=_author(el),
                timestamp=(child_text(el, "createdAt") or "").strip() or None,
                text=text, quotes=quotes, label=label, left_out=left_out))
    if not saw_root or (not info and not posts):
        raise InputError(name, "no <thread> or <post> elements: not a Disqus export?")
    if not posts:
        raise InputError(name, f"none of the {len(info)} threads has posts")
    out = []
    for tid, recs in posts.items():
        tnotes = list(notes)
        post = info.get(tid)
        if post is None:
            post = Post(text="")
            tnotes.append(f"posts refer to thread {tid}, which is not in the file: no post")
        out.append(build_thread(name, recs, post, tnotes, thread_id=tid))
    return out


def sniff(head: str) -> bool:
    return "<disqus" in head and "disqus.com" in head
