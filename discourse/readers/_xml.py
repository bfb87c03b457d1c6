"""Safe, streamed XML for the export readers.

Parsed by ``defusedxml``: a document that declares entities (the "billion laughs" bomb
and its quadratic cousin) or refers to external ones is refused before anything is
expanded, and nothing is ever fetched.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterator, Optional
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..errors import InputError
from ._common import CP1252_ERRORS, codec_of, declared_encoding, stream_encoding


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


class Utf8Stream(io.RawIOBase):
    """A text stream read back as UTF-8 bytes, its XML declaration left out (it names the
    encoding the text was decoded from): what expat is given for an encoding it does not
    know, a chunk at a time."""

    def __init__(self, text_stream, chunk: int = 1 << 16):
        self.fh, self.chunk, self.buf, self.first = text_stream, chunk, b"", True

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buf) < size:
            text = self.fh.read(self.chunk)
            if not text:
                break
            if self.first:
                self.first = False
                text = _DECL.sub("", text.lstrip("\ufeff"), count=1)
            self.buf += text.encode("utf-8")
        if size < 0:
            size = len(self.buf)
        out, self.buf = self.buf[:size], self.buf[size:]
        return out

    def close(self) -> None:
        self.fh.close()
        super().close()


_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def iter_elements(path: Path, depth: int, notes: list,
                  max_line_bytes: Optional[int] = None) -> Iterator[Element]:
    """Each element ``depth`` levels below the root (root = 0), complete, then freed:
    memory holds one element at a time. Raises :class:`InputError` with line and column
    for malformed XML, and for any entity declaration (refused, never expanded)."""
    name = str(path)
    with open(path, "rb") as fh:
        declared = declared_encoding(fh.read(1024))
    enc, enc_notes = stream_encoding(path, declared, max_line_bytes)
    notes.extend(enc_notes)
    if enc in ("utf-8-sig", "utf-16") and codec_of(declared) is None:
        source = open(path, "rb")   # expat reads these itself
    else:   # a declared encoding expat lacks (GBK, Shift-JIS), or the cp1252 fallback
        source = Utf8Stream(open(path, "r", encoding=enc, errors=CP1252_ERRORS))
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
