"""Plain-text dumps: decode the bytes, then split into post / footer / comments."""
from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path

from ..errors import InputError
from ..model import Thread
from ..split import split_text


def decode_bytes(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode ``data`` as UTF-8 (BOM optional), UTF-16 with BOM, or cp1252 as a reported
    fallback. Returns ``(text, notes)``.

    >>> decode_bytes("café".encode("utf-8-sig"), "x.txt")
    ('café', ())
    >>> decode_bytes("café".encode("cp1252"), "x.txt")[1]
    ('x.txt: not valid UTF-8; read as cp1252 (Windows Latin-1)',)
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as err:
            raise InputError(name, f"starts with a UTF-16 mark but is not UTF-16 ({err.reason})")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(name, "binary file (NUL byte), not a text dump", line=line)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as err:
        bad_line = data[: err.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(name, "not UTF-8 and not cp1252 text", line=bad_line)
        return text, (f"{name}: not valid UTF-8; read as cp1252 (Windows Latin-1)",)


def read_text(path: Path) -> tuple[str, tuple[str, ...]]:
    """The whole file decoded by :func:`decode_bytes`; an empty file is an error."""
    text, notes = decode_bytes(Path(path).read_bytes(), str(path))
    if not text.strip():
        raise InputError(str(path), "file is empty" if not text else "file has only white space")
    return text, notes


def read_text_dump(path: Path, post_end=None) -> Thread:
    """Read a plain-text dump and split it (``post_end``: see :func:`split_text`)."""
    text, notes = read_text(path)
    try:
        thread = split_text(text, source=str(path), post_end=post_end)
    except ValueError as err:
        raise InputError(str(path), f"--post-end: {err}")
    return dataclasses.replace(thread, notes=notes + thread.notes)
