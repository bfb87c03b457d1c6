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
from typing import Optional

from ..errors import InputError
from ..model import Thread
from ..split import thread_from_split_dict   # the split module owns the format
from ._common import ReadOptions
from ._common import decode_text
from .text import read_text

_COMMENT_TYPES = {"index": (int,), "start_line": (int, type(None)), "end_line": (int, type(None)),
                  "parent": (int, type(None)), "author": (str, type(None)),
                  "timestamp": (str, type(None)), "text": (str,), "quotes": (list,),
                  "reply_evidence": (str, type(None)),
                  "reply_confidence": (int, float, type(None)),
                  "boundary_confidence": (int, float, type(None))}


#: the deepest nesting of a JSON value discourse reads (a Reddit reply chain takes five
#: levels a reply: 10,000 replies deep); past it, an error instead of a stack overflow
MAX_JSON_DEPTH = 50_000
#: stack for the thread that parses deeply nested JSON (virtual memory, used as needed)
DEEP_STACK_BYTES = 512 << 20


def parse_json(text: str):
    """``json.loads``, for values nested deeper than Python's recursion limit too (up to
    :data:`MAX_JSON_DEPTH` levels: parsed on a thread with a large stack). Raises
    ``json.JSONDecodeError``, or ``ValueError`` for deeper nesting."""
    try:
        return json.loads(text)
    except RecursionError:
        pass
    import sys
    import threading

    result: dict = {}

    def run():
        try:
            result["value"] = json.loads(text)
        except BaseException as err:   # handed to the calling thread
            result["error"] = err

    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    try:
        sys.setrecursionlimit(max(old_limit, MAX_JSON_DEPTH))
        threading.stack_size(DEEP_STACK_BYTES)
        t = threading.Thread(target=run, name="deep-json")
        t.start()
        t.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    err = result.get("error")
    if isinstance(err, RecursionError):
        raise ValueError(f"nested more than {MAX_JSON_DEPTH:,} levels deep")
    if err is not None:
        raise err
    return result["value"]


def load_json(path: Path, max_line_bytes: Optional[int] = None):
    """Parse a JSON file (decoded by :func:`decode_bytes`); a syntax error names the line
    and column, a line longer than ``max_line_bytes`` is refused. Returns
    ``(value, notes)``."""
    text, notes = read_text(path, max_line_bytes=max_line_bytes)
    try:
        return parse_json(text), notes
    except json.JSONDecodeError as err:
        raise InputError(str(path), json_problem(err, text), line=err.lineno)
    except ValueError as err:
        raise InputError(str(path), f"not readable JSON: {err}")


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


def _source_text(d: dict, path: Path, max_line_bytes: Optional[int] = None):
    """The text of the dump named by ``source``, read only from beside the split JSON:
    the JSON's folder or below it, as given (relative, no ``..``) or by its file name. A
    ``source`` that points elsewhere (an absolute path outside that folder, ``..``, a
    link leading out of it) and is not found beside the JSON is refused: a split JSON
    from someone else must not pull an arbitrary file of this machine into a report.
    None when the source is not given or not found beside the JSON."""
    src = d.get("source")
    if not isinstance(src, str) or not src.strip() or "://" in src:
        return None
    folder = path.parent.resolve()
    given = Path(src)
    escapes = given.is_absolute() or ".." in given.parts
    cands = [given if given.is_absolute() else path.parent / given, path.parent / given.name]
    for cand in cands:
        try:
            real = cand.resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if not real.is_relative_to(folder):
            escapes = True
            continue
        if cand is cands[0] and ".." in given.parts:
            continue
        if real.is_file():
            try:
                data = real.read_bytes()
            except OSError:
                return None
            return decode_text(data, str(cand), None, max_line_bytes)[0]
    if escapes:
        raise InputError(str(path), f"\"source\" {src!r} is outside the folder of this "
                                    "split JSON: its post is read only from a dump beside it "
                                    "(copy the dump there and give its name, or set "
                                    "\"source\" to null)")
    return None


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    d, notes = load_json(path, options.max_line_bytes)
    validate(d, name)
    thread = thread_from_split_dict(d)
    dump = _source_text(d, path, options.max_line_bytes)
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
