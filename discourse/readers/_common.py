"""What the structured readers share: decoding and streaming text, and turning records (id, parent id, author, time, text) into a :class:`Thread`.

Every reader builds a list of :class:`Record` in source order and hands it to
:func:`build_thread`, which orders the comments depth-first (parent before child, siblings
in source order), turns parent ids into 0-based indices, and writes what it left out into
``Thread.notes`` — so the rules (no-text records, left-out parents, dangling parent ids,
cycles) are the same for every format.
"""
from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ..errors import InputError
from ..model import Comment, Post, Thread


@dataclass(frozen=True)
class ReadOptions:
    """Options a reader may use (each reader ignores the ones that do not apply).

    ``post_end``: plain-text dumps, where the post ends. ``post``: a text file holding the
    post, for row formats (JSONL/CSV) whose rows are all comments. ``columns``: row
    formats, ``{field: column name}`` overriding the default column names (fields:
    ``text``, ``author``, ``id``, ``parent``, ``timestamp``, ``thread``, ``type``).
    """

    post_end: Optional[object] = None
    post: Optional[str] = None
    columns: tuple[tuple[str, str], ...] = ()


# ---------------------------------------------------------------------------- decoding

def stream_encoding(path: Path) -> tuple[str, tuple[str, ...]]:
    """The encoding to stream ``path`` with, and notes: UTF-16 when it starts with a BOM,
    UTF-8 (BOM optional) when every byte decodes, else cp1252 (reported). Checked in 1 MB
    chunks with an incremental decoder, so memory stays bounded."""
    name = str(path)
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", ()
        fh.seek(0)
        dec = codecs.getincrementaldecoder("utf-8")()
        line = 1
        while True:
            chunk = fh.read(1 << 20)
            try:
                dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                return "cp1252", (f"{name}: not valid UTF-8; read as cp1252 (Windows Latin-1)",)
            if b"\x00" in chunk:
                raise InputError(name, "binary file (NUL byte), not text",
                                 line=line + chunk[: chunk.index(b"\x00")].count(b"\n"))
            line += chunk.count(b"\n")
            if not chunk:
                return "utf-8-sig", ()


def open_text(path: Path):
    """``(text stream, notes)`` for a line-oriented file, decoded as :func:`stream_encoding`
    says (newline='' so the csv module sees quoted line breaks)."""
    enc, notes = stream_encoding(path)
    return open(path, "r", encoding=enc, newline=""), notes


def iso_utc(seconds) -> Optional[str]:
    """Unix seconds (int, float or digits) → ``2024-01-02T10:00:00Z``; None stays None."""
    if seconds is None or seconds == "":
        return None
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return str(seconds)
    return datetime.fromtimestamp(value, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -------------------------------------------------------------------- records → Thread

@dataclass(slots=True)
class Record:
    """One comment as a reader found it. ``where`` locates it for error messages
    (``line``: a line number; else ``label``, e.g. "record 7"). ``left_out`` is a reason
    (e.g. "spam") when the reader excludes it; the builder reattaches its replies."""

    id: object
    parent: object = None
    author: Optional[str] = None
    timestamp: Optional[str] = None
    text: str = ""
    quotes: tuple = ()
    line: Optional[int] = None
    label: str = ""
    left_out: Optional[str] = None

    def where(self) -> str:
        return self.label or (f"line {self.line}" if self.line else "")


def _fail(source: str, rec: Record, message: str):
    label = "" if rec.line else (f"{rec.label}: " if rec.label else "")
    raise InputError(source, label + message, line=rec.line)


def _plural(n: int, word: str, many: Optional[str] = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def build_thread(source: str, records: list, post: Post, notes=(),
                 extra_left_out: Optional[Counter] = None, thread_id: Optional[str] = None) -> Thread:
    """Comments in depth-first order (parent before child, siblings in source order),
    ``parent`` a 0-based index or ``None`` (a reply to the post).

    - a record with no text is left out and counted; so is one the reader marked
      ``left_out`` (e.g. spam); replies to a left-out record attach to its nearest kept
      ancestor (or the post), and the notes say how many;
    - a parent id not in the file: the comment is kept as a reply to the post, noted;
    - a duplicate id or a cycle of parent links is an :class:`InputError` naming the record.
    """
    by_id: dict = {}
    for r in records:
        if r.id in by_id:
            _fail(source, r, f"duplicate comment id {r.id!r}")
        by_id[r.id] = r
    left_out = Counter(extra_left_out or {})
    for r in records:
        if r.left_out is None and not (r.text or "").strip():
            r.left_out = "no text"
        if r.left_out is not None:
            left_out[r.left_out] += 1

    memo: dict = {}          # id -> nearest kept record id among itself and its ancestors
    dangling: list = []

    def kept_ancestor(rid):
        path, on_path, cur = [], set(), rid
        while True:
            if cur in memo:
                base = memo[cur]
                break
            rec = by_id[cur]
            path.append(cur)
            on_path.add(cur)
            p = rec.parent
            if p is None:
                base = None
                break
            if p not in by_id:
                base = None
                break
            if p in on_path:
                _fail(source, by_id[p], f"parent links form a cycle (comment {p!r} is its own "
                                        "ancestor)")
            cur = p
        for node in reversed(path):
            if by_id[node].left_out is None:
                base = node
            memo[node] = base
        return memo[rid]

    children: dict = {}
    reattached = 0
    for r in records:
        if r.left_out is not None:
            kept_ancestor(r.id)   # still checks cycles
            continue
        if r.parent is None:
            parent = None
        elif r.parent not in by_id:
            dangling.append(r.parent)
            parent = None
        else:
            parent = kept_ancestor(r.parent)
            if by_id[r.parent].left_out is not None:
                reattached += 1
        children.setdefault(parent, []).append(r)

    order: list = []
    stack = list(reversed(children.get(None, [])))
    index_of: dict = {}
    parent_of: dict = {}
    while stack:
        r = stack.pop()
        index_of[r.id] = len(order)
        order.append(r)
        kids = children.get(r.id, [])
        for k in kids:
            parent_of[k.id] = index_of[r.id]
        stack.extend(reversed(kids))
    comments = tuple(
        Comment(index=i, text=r.text, parent=parent_of.get(r.id), author=r.author or None,
                timestamp=r.timestamp or None, quotes=tuple(q for q in r.quotes if q in r.text))
        for i, r in enumerate(order))

    notes = list(notes)
    if left_out:
        parts = ", ".join(f"{n} {why}" for why, n in sorted(left_out.items(), key=lambda x: (-x[1], x[0])))
        notes.append(f"left out {_plural(sum(left_out.values()), 'comment')}: {parts}")
    if reattached:
        notes.append(f"{_plural(reattached, 'reply', 'replies')} to left-out comments attached "
                     "to the nearest comment kept above them (or the post)")
    if dangling:
        shown = ", ".join(repr(x) for x in dangling[:3]) + (", …" if len(dangling) > 3 else "")
        notes.append(f"{_plural(len(dangling), 'comment')} reply to ids not in the file "
                     f"({shown}); kept as replies to the post")
    if not comments:
        notes.append("no comments found")
    return Thread(post=post, comments=comments, source=source, notes=tuple(notes),
                  thread_id=thread_id)
