"""``discourse split --format json`` output read back into the same :class:`Thread`, so
a user can correct a split by hand (move a comment's lines, fix a ``parent``) and rerun.

Comment texts come from the JSON's ``text`` fields (what the user sees and edits); the
post's text, which the split JSON does not carry, comes from the source dump named in
``source`` when that file is found (as given, or beside the JSON file).
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ..errors import InputError
from ..model import Thread
from ..split import thread_from_split_dict   # the split module owns the format
from ._common import ReadOptions
from .text import decode_bytes, read_text

_COMMENT_TYPES = {"index": (int,), "start_line": (int, type(None)), "end_line": (int, type(None)),
                  "parent": (int, type(None)), "author": (str, type(None)),
                  "timestamp": (str, type(None)), "text": (str,), "quotes": (list,),
                  "reply_evidence": (str, type(None)),
                  "reply_confidence": (int, float, type(None)),
                  "boundary_confidence": (int, float, type(None))}


def load_json(path: Path):
    """Parse a JSON file (decoded by :func:`decode_bytes`); a syntax error names the line
    and column. Returns ``(value, notes)``."""
    text, notes = read_text(path)
    try:
        return json.loads(text), notes
    except json.JSONDecodeError as err:
        raise InputError(str(path), json_problem(err, text), line=err.lineno)


def json_problem(err: json.JSONDecodeError, text: str) -> str:
    """"truncated JSON: ..." when the text ends before the value does, else "not valid
    JSON: ..." — with the column (the line goes in the error's location)."""
    cut = err.pos >= len(text.rstrip()) or err.msg.startswith("Unterminated string")
    return f"{'truncated JSON' if cut else 'not valid JSON'}: {err.msg} (column {err.colno})"


def _type_name(v) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            type(None): "null", int: "a number", float: "a number"}.get(type(v), type(v).__name__)


def typed_field(d: dict, key: str, types, where: str, name: str, default=None):
    """``d[key]`` (or ``default``) if it is one of ``types`` or null; else an
    :class:`InputError` naming the file, the place and what the value is instead."""
    v = d.get(key, default)
    if v is not None and (not isinstance(v, types) or isinstance(v, bool)):
        raise InputError(name, f"{where}: \"{key}\" is {_type_name(v)}")
    return v


def validate(d, name: str) -> None:
    """Raise :class:`InputError` naming the comment and field that does not fit the format."""
    if not isinstance(d, dict) or not isinstance(d.get("comments"), list):
        raise InputError(name, "not a discourse split: expected an object with a "
                               "\"comments\" list")
    n = len(d["comments"])
    for i, c in enumerate(d["comments"]):
        where = f"comments[{i}]"
        if not isinstance(c, dict):
            raise InputError(name, f"{where}: expected an object, got {_type_name(c)}")
        for key, types in _COMMENT_TYPES.items():
            if key in c and (not isinstance(c[key], types) or isinstance(c[key], bool)):
                raise InputError(name, f"{where}: \"{key}\" is {_type_name(c[key])}, "
                                       f"expected {' or '.join(_type_name(t()) if t is not type(None) else 'null' for t in types)}")
        if "text" not in c:
            raise InputError(name, f"{where}: no \"text\"")
        if c.get("index", i) != i:
            raise InputError(name, f"{where}: \"index\" is {c['index']}, expected {i} "
                                   "(comments are numbered in order from 0)")
        p = c.get("parent")
        if p is not None and not 0 <= p < n:
            raise InputError(name, f"{where}: \"parent\" {p} points to no comment (0..{n - 1})")
        if p is not None and p >= i:
            raise InputError(name, f"{where}: \"parent\" {p} is not an earlier comment "
                                   "(a reply comes after what it answers; a later parent "
                                   "could form a cycle)")
    for key in ("post_lines", "footer_lines"):
        v = d.get(key)
        if v is not None and not (isinstance(v, list) and len(v) == 2
                                  and all(isinstance(x, int) for x in v)):
            raise InputError(name, f"\"{key}\" must be null or [first, last] line numbers")


def _source_text(d: dict, path: Path):
    src = d.get("source")
    if not isinstance(src, str) or "://" in src:
        return None
    for cand in (Path(src), path.parent / src, path.parent / Path(src).name):
        if cand.is_file():
            try:
                return decode_bytes(cand.read_bytes(), str(cand))[0]
            except (InputError, OSError):
                return None
    return None


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    d, notes = load_json(path)
    validate(d, name)
    thread = thread_from_split_dict(d)
    dump = _source_text(d, path)
    post = thread.post
    extra = []
    if dump is not None and d.get("post_lines"):
        post = thread_from_split_dict({"post_lines": d["post_lines"], "comments": []}, dump).post
    elif d.get("post_lines"):
        extra.append(f"the post's text is not in the split JSON and its source "
                     f"{d.get('source')!r} was not found: the post is left empty")
    return [dataclasses.replace(thread, post=post, notes=tuple(notes) + thread.notes + tuple(extra))]


def sniff(head: str) -> bool:
    return head.lstrip().startswith("{") and '"comments"' in head and (
        '"post_lines"' in head or '"boundary_confidence"' in head)
