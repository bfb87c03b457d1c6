"""JSONL and CSV: one comment per row, streamed row by row.

Columns are found by name (case-insensitive), first match wins:

=========  ==============================================================
field      default column names
=========  ==============================================================
text       text, body, message, comment, content
author     author, user, name, username
id         id, comment_id
parent     parent, parent_id, reply_to, in_reply_to
timestamp  timestamp, date, created_utc, created_at, time
thread     thread, thread_id, post_id, link_id
type       type, kind, is_post
title      title
=========  ==============================================================

``ReadOptions.columns`` overrides any of them (``--columns text=msg,author=who``).
A row whose ``type`` is ``post`` (or ``article``, ``story``, ``submission``; or whose
``is_post`` is true) and that has no parent is the thread's post; otherwise
``ReadOptions.post`` names a text file holding the post. A parent equal to the post's id
or the thread id is a reply to the post. Rows with a ``thread`` column make one thread
per distinct value, in order of first appearance.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterator, Optional

from ..errors import InputError
from ..model import Post, Thread
from .discourse_json import json_problem, parse_json
from ..text.html import markup_to_text
from ._common import ReadOptions, Record, build_thread, iso_utc, open_text, too_many
from .text import read_text

DEFAULT_COLUMNS = {
    "text": ("text", "body", "message", "comment", "content"),
    "author": ("author", "user", "name", "username"),
    "id": ("id", "comment_id"),
    "parent": ("parent", "parent_id", "reply_to", "in_reply_to"),
    "timestamp": ("timestamp", "date", "created_utc", "created_at", "time"),
    "thread": ("thread", "thread_id", "post_id", "link_id"),
    "type": ("type", "kind", "is_post"),
    "title": ("title",),
}
POST_TYPES = {"post", "article", "story", "submission", "t3"}
_TRUE = {"true", "1", "yes", "y", "t"}


def column_map(names, overrides=()) -> dict:
    """``{field: [column names present, in preference order]}`` for ``names``; a row's
    value for a field is the first of its columns that is not empty."""
    lower = {str(n).strip().lower(): n for n in names}
    over = dict(overrides)
    for fld in over:
        if fld not in DEFAULT_COLUMNS:
            raise ValueError(f"unknown field {fld!r} in --columns (fields: {', '.join(DEFAULT_COLUMNS)})")
    out = {}
    for fld, cands in DEFAULT_COLUMNS.items():
        cands = (over[fld],) if fld in over else cands
        found = [lower[c.lower()] for c in cands if c.lower() in lower]
        if found:
            out[fld] = found
    return out


def _id(v, fld: str):
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise TypeError(f"\"{fld}\" must be a string or a whole number, got {type(v).__name__}")
    return str(v).strip()


def _str(v, fld: str) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, (dict, list, bool)):
        raise TypeError(f"\"{fld}\" must be a string, got {type(v).__name__}")
    return str(v)


def _timestamp(v) -> Optional[str]:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return iso_utc(v)
    s = str(v).strip()
    if s.replace(".", "", 1).isdigit() and len(s.split(".")[0]) >= 9:
        return iso_utc(s)
    return s


def _is_post(v) -> bool:
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    return s in POST_TYPES or s in _TRUE


class _Collector:
    """Rows → records grouped by thread, plus each thread's post row."""

    def __init__(self, name: str, options: ReadOptions):
        self.name, self.options = name, options
        self.cols: Optional[dict] = None
        self.threads: dict = {}          # key -> list[Record]
        self.posts: dict = {}            # key -> (Post, post id)
        self.has_ids: Optional[bool] = None

    def set_columns(self, names) -> None:
        try:
            self.cols = column_map(names, self.options.columns)
        except ValueError as err:
            raise InputError(self.name, str(err))
        if "text" not in self.cols:
            raise InputError(self.name, "no text column (looked for "
                             + ", ".join(DEFAULT_COLUMNS["text"]) + "; use --columns text=NAME)")

    def add(self, row: dict, line: int, n: int) -> None:
        cols = self.cols
        def get(fld):
            for c in cols.get(fld, ()):
                v = row.get(c)
                if v is not None and v != "":
                    return v
            return None

        label = f"record {n}"
        try:
            key = _id(get("thread"), "thread") or ""
            rid = _id(get("id"), "id")
            parent = _id(get("parent"), "parent")
            text = _str(get("text"), "text")
            author = _str(get("author"), "author")
            title = _str(get("title"), "title")
            ts = _timestamp(get("timestamp"))
            is_post = _is_post(get("type")) and parent is None
        except TypeError as err:
            raise InputError(self.name, f"{label}: {err}", line=line)
        if is_post:
            if key in self.posts:
                raise InputError(self.name, f"{label}: a second post row for thread {key or '(none)'}",
                                 line=line)
            body, _ = markup_to_text(text or "")
            self.posts[key] = (Post(text=body, title=title, author=author, timestamp=ts), rid)
            return
        if rid is None:
            if self.has_ids:
                raise InputError(self.name, f"{label}: no id (earlier rows have one)", line=line)
            if parent is not None:
                raise InputError(self.name, f"{label}: has a parent but no id column to link "
                                            "replies by", line=line)
            self.has_ids = False
            rid = ("#", n)
        elif self.has_ids is False:
            raise InputError(self.name, f"{label}: has an id but earlier rows have none", line=line)
        else:
            self.has_ids = True
        body, quotes = markup_to_text(text or "")
        recs = self.threads.setdefault(key, [])
        limit = self.options.max_comments
        if limit is not None and len(recs) >= limit:
            raise too_many(self.name, key or None, limit, line=line)
        recs.append(
            Record(id=rid, parent=parent, author=author, timestamp=ts, text=body, quotes=quotes,
                   line=line))

    def threads_out(self, notes) -> list[Thread]:
        post_file = None
        if self.options.post:
            text, pnotes = read_text(Path(self.options.post))
            notes = list(notes) + list(pnotes)
            post_file = Post(text=markup_to_text(text)[0])
        keys = list(self.threads) or list(self.posts)
        if not keys:
            raise InputError(self.name, "no rows")
        out = []
        for key in keys:
            recs = self.threads.get(key, [])
            post, pid = self.posts.get(key, (None, None))
            tnotes = list(notes)
            if post is None:
                post = post_file or Post(text="")
                if post_file is None:
                    tnotes.append("no post row (type=post) and no --post file: the post is empty")
            roots = {k for k in (pid, key) if k}
            for r in recs:
                if r.parent in roots:
                    r.parent = None
                elif r.parent == "0":
                    r.parent = None
            out.append(build_thread(self.name, recs, post, tnotes, thread_id=key or None))
        return out


def jsonl_row(name: str, line: str, line_no: int, n: int) -> Optional[dict]:
    """Line ``line_no`` of a JSONL file as its object (``None``: a blank line); ``n`` is
    its record number for messages. Malformed: an :class:`InputError` naming the line."""
    if "\ufeff" in line:   # files pasted together keep their byte-order marks
        line = line.replace("\ufeff", "")
    if not line.strip():
        return None
    try:
        row = parse_json(line)
    except json.JSONDecodeError as err:
        raise InputError(name, f"record {n}: " + json_problem(err, line).replace(
            "truncated JSON", "truncated record"), line=line_no)
    except ValueError as err:
        raise InputError(name, f"record {n}: not readable JSON: {err}", line=line_no)
    if not isinstance(row, dict):
        raise InputError(name, f"record {n}: expected a JSON object per line, got "
                               f"{type(row).__name__}", line=line_no)
    return row


def read_jsonl(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    col = _Collector(name, options)
    fh, notes = open_text(path, options.max_line_bytes)
    n = 0
    seen: set = set()
    with fh:
        for line_no, line in enumerate(fh, 1):
            row = jsonl_row(name, line, line_no, n + 1)
            if row is None:
                continue
            n += 1
            if not seen.issuperset(row):   # a column first seen in this row
                seen.update(row)
                col.set_columns(seen)
            col.add(row, line_no, n)
    if n == 0:
        raise InputError(name, "file is empty")
    return col.threads_out(notes)


def _csv_rows(fh, name: str, limit: Optional[int] = None) -> Iterator[tuple[int, int, list]]:
    head = fh.readline().lstrip("\ufeff")
    if not head.strip():
        raise InputError(name, "file is empty")
    delim = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(_chain(head, fh), delimiter=delim, strict=True)
    n = 0
    try:
        for row in reader:
            if n and not any(x.strip() for x in row):
                continue
            yield reader.line_num, n, row
            n += 1
    except csv.Error as err:
        if "field larger than field limit" in str(err) and limit is not None:
            raise InputError(name, f"record {n}: a field longer than {limit:,} characters "
                                   "(the --max-line-bytes limit; raise it to read this file)",
                             line=reader.line_num)
        raise InputError(name, f"record {n}: malformed CSV ({err})", line=reader.line_num)


def _chain(first, rest):  # the header line already read, then the rest of the stream
    yield first
    for line in rest:     # files pasted together keep their byte-order marks
        yield line.replace("\ufeff", "") if "\ufeff" in line else line


def read_csv(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    col = _Collector(name, options)
    old = csv.field_size_limit()
    limit = options.max_line_bytes
    csv.field_size_limit(min(limit, 2**31 - 1) if limit is not None else 2**31 - 1)
    fh, notes = open_text(path, limit)
    try:
        with fh:
            header = None
            for line_no, n, row in _csv_rows(fh, name, limit):
                if header is None:
                    header = [h.strip() for h in row]
                    col.set_columns(header)
                    continue
                if len(row) != len(header):
                    raise InputError(name, f"record {n}: {len(row)} fields, the header has "
                                           f"{len(header)}", line=line_no)
                col.add(dict(zip(header, row)), line_no, n)
    finally:
        csv.field_size_limit(old)
    return col.threads_out(notes)


def sniff_jsonl(head: str) -> bool:
    lines = [x for x in head.splitlines() if x.strip()][:2]
    if len(lines) < 2 or not all(x.lstrip().startswith("{") for x in lines):
        return False
    try:
        json.loads(lines[0])
        return True
    except json.JSONDecodeError:
        return False


def sniff_csv(head: str) -> bool:
    first = head.splitlines()[0] if head.strip() else ""
    names = {x.strip().strip('"').lower() for x in first.replace("\t", ",").split(",")}
    return len(names) > 1 and bool(names & set(DEFAULT_COLUMNS["text"]))
