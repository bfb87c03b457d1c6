"""Readers: turn an input file into a :class:`~discourse.model.Thread`.

Readers (and the report writer) are the only modules that touch files. A reader is
chosen by ``format`` or, when ``None``, by the file's extension; a plain-text dump goes
through the splitter.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Optional, Union

from ..errors import InputError
from ..model import Thread
from .text import decode_bytes, read_text_dump

READERS = {"text": read_text_dump}
__all__ = ["read_thread", "decode_bytes", "READERS", "InputError"]


def read_thread(path: Union[str, Path], *, format: Optional[str] = None,
                post_end: Optional[Union[int, str]] = None) -> Thread:
    """Read one input file into a Thread.

    ``post_end`` (plain-text dumps) says where the post ends: a 1-based line number or a
    regular expression matching the post's last line; by default the splitter finds it.

    Raises :class:`~discourse.errors.InputError` with the file (and line) for input that
    cannot be read: missing, a directory, empty, binary, a URL.
    """
    name = str(path)
    if "://" in name:
        raise InputError(name, "looks like a URL: discourse never downloads; save the page "
                               "or export to a file first and give that file")
    p = Path(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory: give a file")
    fmt = format or "text"
    if fmt not in READERS:
        raise InputError(name, f"unknown format {fmt!r} (known: {', '.join(sorted(READERS))})")
    thread = READERS[fmt](p, post_end=post_end) if post_end is not None else READERS[fmt](p)
    return dataclasses.replace(thread, source=name)
