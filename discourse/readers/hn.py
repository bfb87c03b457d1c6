"""Hacker News item JSON as the Algolia API returns it (``items/<id>``): an item with
``id``, ``type``, ``author``, ``created_at``, ``title``, ``text`` (HTML) and nested
``children``. The root item is the post whatever its type, so a comment's subtree can be
analysed on its own. Deleted items (no author and no text) are left out and counted;
their replies stay, attached to the comment above.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Post, Thread
from ..text.html import html_to_text
from ._common import ReadOptions, Record, build_thread
from .discourse_json import _type_name, load_json, typed_field


def _kids(d: dict, where: str, name: str) -> list:
    kids = d.get("children", [])
    if kids is None:
        return []
    if not isinstance(kids, list):
        raise InputError(name, f"{where}: \"children\" is {_type_name(kids)}, expected a list")
    return kids


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    name = str(path)
    root, notes = load_json(path, options.max_line_bytes)
    if not isinstance(root, dict) or "children" not in root:
        raise InputError(name, "not a Hacker News item: expected an object with \"children\"")
    if typed_field(root, "id", int, "root item", name) is None:
        raise InputError(name, "root item: no \"id\"")
    text, _ = html_to_text(typed_field(root, "text", str, "root item", name))
    post = Post(text=text, title=typed_field(root, "title", str, "root item", name),
                author=typed_field(root, "author", str, "root item", name),
                timestamp=typed_field(root, "created_at", str, "root item", name))
    records = []
    stack = [(k, f"children[{i}]", None) for i, k in reversed(list(enumerate(_kids(root, "root item", name))))]
    while stack:
        item, where, parent = stack.pop()
        if not isinstance(item, dict):
            raise InputError(name, f"{where}: expected an object, got {_type_name(item)}")
        iid = typed_field(item, "id", int, where, name)
        if iid is None:
            raise InputError(name, f"{where}: item has no \"id\"")
        author = typed_field(item, "author", str, where, name)
        body = typed_field(item, "text", str, where, name)
        text, quotes = html_to_text(body)
        records.append(Record(id=iid, parent=parent, author=author, text=text, quotes=quotes,
                              timestamp=typed_field(item, "created_at", str, where, name),
                              label=f"item {iid} ({where})",
                              left_out="deleted" if author is None and body is None else None))
        stack.extend((k, f"{where}.children[{i}]", iid)
                     for i, k in reversed(list(enumerate(_kids(item, where, name)))))
    return [build_thread(name, records, post, notes, thread_id=str(root["id"]))]


def sniff(head: str) -> bool:
    h = head.lstrip()
    return h.startswith("{") and '"children"' in head and (
        '"story_id"' in head or '"created_at_i"' in head or '"points"' in head)
