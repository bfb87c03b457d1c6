"""Safe, streamed XML for the export readers.

Parsed by ``defusedxml``: a document that declares entities (the "billion laughs" bomb
and its quadratic cousin) or refers to external ones is refused before anything is
expanded, and nothing is ever fetched.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..errors import InputError
from ._common import stream_encoding


def local(tag: str) -> str:
    """``{namespace}name`` → ``name``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child_text(el: Element, name: str, default=None):
    """Text of the first direct child whose local name is ``name``."""
    for c in el:
        if local(c.tag) == name:
            return c.text if c.text is not None else ""
    return default


def child(el: Element, name: str):
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def attr(el: Element, name: str):
    for k, v in el.attrib.items():
        if local(k) == name:
            return v
    return None


def iter_elements(path: Path, depth: int, notes: list) -> Iterator[Element]:
    """Each element ``depth`` levels below the root (root = 0), complete, then freed:
    memory holds one element at a time. Raises :class:`InputError` with line and column
    for malformed XML, and for any entity declaration (refused, never expanded)."""
    name = str(path)
    enc, enc_notes = stream_encoding(path)
    notes.extend(enc_notes)
    if enc == "cp1252":   # expat would stop at the first non-UTF-8 byte: decode ourselves
        raw = Path(path).read_bytes().decode("cp1252")
        if raw.startswith("<?xml"):
            raw = raw[raw.index("?>") + 2:]
        source = io.BytesIO(raw.encode("utf-8"))
    else:
        source = open(path, "rb")
    level = 0
    try:
        with source:
            for event, el in iterparse(source, events=("start", "end")):
                if event == "start":
                    level += 1
                    continue
                level -= 1
                if level == depth:
                    yield el
                    el.clear()
    except ParseError as err:
        line, col = getattr(err, "position", (None, None))
        msg = str(err).split(":")[0]
        if "no element found" in str(err):
            msg = "truncated XML (no closing tags)"
        raise InputError(name, f"malformed XML: {msg} (column {col})", line=line)
    except DefusedXmlException as err:
        raise InputError(name, "XML declares entities or a DTD that discourse refuses to "
                               f"expand (possible 'billion laughs' bomb): {type(err).__name__}")
