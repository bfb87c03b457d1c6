"""Plain-text dumps: decode the bytes, then split into post / footer / comments."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Optional

from ..errors import InputError
from ..model import Thread
from ..split import split_text
from ._common import decode_text


def decode_bytes(data: bytes, name: str, declared: Optional[str] = None) -> tuple[str, tuple[str, ...]]:
    """Decode ``data`` as UTF-8 (BOM optional), UTF-16 with BOM, the ``declared``
    encoding, or cp1252 as a reported fallback (:func:`~._common.decode_text`).
    Returns ``(text, notes)``.

    >>> decode_bytes("café".encode("utf-8-sig"), "x.txt")
    ('café', ())
    >>> decode_bytes("café".encode("cp1252"), "x.txt")[1]
    ('x.txt: not valid UTF-8; read as cp1252 (Windows Latin-1)',)
    >>> decode_bytes(b"caf\\x81", "x.txt")[0]
    'caf\\x81'
    """
    return decode_text(data, name, declared)


def read_text(path: Path, declared: Optional[str] = None,
              max_line_bytes: Optional[int] = None) -> tuple[str, tuple[str, ...]]:
    """The whole file decoded by :func:`decode_bytes`; an empty file is an error, and so
    is a line longer than ``max_line_bytes``."""
    text, notes = decode_text(Path(path).read_bytes(), str(path), declared, max_line_bytes)
    if not text.strip():
        raise InputError(str(path), "file is empty" if not text else "file has only white space")
    return text, notes


def read_text_dump(path: Path, post_end=None, max_line_bytes: Optional[int] = None) -> Thread:
    """Read a plain-text dump and split it (``post_end``: see :func:`split_text`)."""
    text, notes = read_text(path, max_line_bytes=max_line_bytes)
    try:
        thread = split_text(text, source=str(path), post_end=post_end)
    except ValueError as err:
        raise InputError(str(path), f"--post-end: {err}")
    return dataclasses.replace(thread, notes=notes + thread.notes)
