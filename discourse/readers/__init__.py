"""Readers: turn an input file into :class:`~discourse.model.Thread` objects.

Readers (and the report writer) are the only modules that touch input files. Each format
is one module, registered in :data:`READERS` with a one-line description, the file
extensions it claims and a content sniffer. A reader is chosen by ``format`` or, when
``None``, by the extension and then by sniffing the first 64 KiB (so a ``.json`` file is
told apart as a discourse split, a Reddit thread or a Hacker News item).

>>> [r.name for r in READERS.values()][:3]
['text', 'discourse-json', 'jsonl']

Two entry points:

- :func:`read_threads` → ``list[Thread]``: every thread in the file (a WordPress or
  Disqus export, a JSONL/CSV with a thread column hold several);
- :func:`read_thread` → one ``Thread``: raises :class:`InputError` when the file holds
  several (use :func:`read_threads`).
"""
from __future__ import annotations

import codecs
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

from ..errors import InputError
from ..model import Thread
from . import discourse_json, disqus, hn, reddit, rows, wxr
from . import html as html_reader
from ..text.html import html_to_text, markdown_to_text
from ._common import ReadOptions, too_many, valid_unicode
from .text import decode_bytes, read_text_dump

__all__ = ["read_thread", "read_threads", "detect_format", "input_files", "decode_bytes",
           "READERS", "Reader", "ReadOptions", "InputError", "html_to_text",
           "markdown_to_text", "describe_formats"]


@dataclass(frozen=True)
class Reader:
    """One input format: ``read(path, options) -> list[Thread]``."""

    name: str
    read: Callable[[Path, ReadOptions], list]
    description: str
    extensions: tuple[str, ...]
    sniff: Optional[Callable[[str], bool]] = None


def _read_text(path: Path, options: ReadOptions) -> list[Thread]:
    return [read_text_dump(path, post_end=options.post_end, max_line_bytes=options.max_line_bytes)]


READERS: dict[str, Reader] = {r.name: r for r in (
    Reader("text", _read_text, "plain-text dump copied from a page; split into post, "
           "footer and comments by the splitter", (".txt", ".text", ".md")),
    Reader("discourse-json", discourse_json.read, "the output of 'discourse split --format "
           "json', possibly corrected by hand", (".json",), discourse_json.sniff),
    Reader("jsonl", rows.read_jsonl, "one JSON object per line, one comment per row "
           "(columns text/author/id/parent/timestamp/thread)", (".jsonl", ".ndjson"),
           rows.sniff_jsonl),
    Reader("csv", rows.read_csv, "CSV/TSV with a header, one comment per row (same "
           "columns as jsonl)", (".csv", ".tsv"), rows.sniff_csv),
    Reader("wxr", wxr.read, "WordPress export (Tools > Export XML): approved reader "
           "comments of each post", (".xml", ".wxr"), wxr.sniff),
    Reader("disqus", disqus.read, "Disqus export XML: threads and posts, deleted/spam "
           "left out", (".xml",), disqus.sniff),
    Reader("reddit", reddit.read, "Reddit thread JSON (the thread's .json listing)",
           (".json",), reddit.sniff),
    Reader("hn", hn.read, "Hacker News item JSON from the Algolia API (items/<id>)",
           (".json",), hn.sniff),
    Reader("html", html_reader.read, "saved web page of a blog post with a WordPress-style "
           "comment list", (".html", ".htm", ".xhtml"), html_reader.sniff),
)}


def describe_formats() -> str:
    """One line per format: name, extensions, description (what ``discourse formats``
    prints)."""
    width = max(len(n) for n in READERS)
    return "\n".join(f"{r.name:<{width}}  {','.join(r.extensions):<18} {r.description}"
                     for r in READERS.values()) + "\n"


def _head(path: Path, size: int = 1 << 16) -> str:
    with open(path, "rb") as fh:
        data = fh.read(size)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_format(path: Union[str, Path]) -> str:
    """The reader for ``path``: by extension, sniffing the content where several formats
    share one (``.json``, ``.xml``) or the extension is unknown; plain text otherwise.

    """
    p = Path(path)
    ext = p.suffix.lower()
    head = _head(p)
    claim = [r for r in READERS.values() if ext in r.extensions]
    for r in claim:
        if r.sniff is not None and r.sniff(head):
            return r.name
    if len(claim) == 1:
        return claim[0].name
    for r in READERS.values():
        if r.sniff is not None and r.sniff(head):
            return r.name
    if ext == ".json":
        discourse_json.load_json(p)   # a syntax error is the better message
    if ext in (".json", ".xml"):
        raise InputError(str(path), f"{ext[1:].upper()} file of no known kind (use --input-format; "
                                    f"known: {', '.join(READERS)})")
    return "text"


def _check_path(path) -> Path:
    name = str(path)
    if "://" in name:
        raise InputError(name, "looks like a URL: discourse never downloads; save the page "
                               "or export to a file first and give that file")
    p = Path(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory: give a file")
    return p


def read_threads(path: Union[str, Path], *, format: Optional[str] = None,
                 options: Optional[ReadOptions] = None, post_end=None) -> list[Thread]:
    """Every thread in ``path`` (a list of one for most formats).

    ``format`` names a reader in :data:`READERS` (default: :func:`detect_format`);
    ``options`` carries reader options (:class:`ReadOptions`); ``post_end`` is a shortcut
    for ``ReadOptions(post_end=...)`` (plain-text dumps).

    Raises :class:`~discourse.errors.InputError` naming the file (and the line or record)
    for input that cannot be read: missing, a directory, empty, binary, a URL, malformed.
    """
    p = _check_path(path)
    options = options or ReadOptions()
    if post_end is not None:
        options = dataclasses.replace(options, post_end=post_end)
    fmt = format or detect_format(p)
    if fmt not in READERS:
        raise InputError(str(path), f"unknown format {fmt!r} (known: {', '.join(READERS)})")
    threads = READERS[fmt].read(p, options)
    out = []
    for t in threads:
        if options.max_comments is not None and len(t.comments) > options.max_comments:
            raise too_many(str(path), t.thread_id or t.post.title, options.max_comments)
        out.append(dataclasses.replace(valid_unicode(t), source=str(path)))
    return out


def read_thread(path: Union[str, Path], *, format: Optional[str] = None,
                post_end: Optional[Union[int, str]] = None,
                options: Optional[ReadOptions] = None) -> Thread:
    """Read one input file holding one thread.

    ``post_end`` (plain-text dumps) says where the post ends: a 1-based line number or a
    regular expression matching the post's last line; by default the splitter finds it.
    A file holding several threads is an :class:`InputError` (use :func:`read_threads`).
    """
    threads = read_threads(path, format=format, options=options, post_end=post_end)
    if len(threads) != 1:
        raise InputError(str(path), f"holds {len(threads)} threads; read it with "
                                    "read_threads() (the 'report' command handles this)")
    return threads[0]


def input_files(paths) -> list[Path]:
    """Files to read for ``paths``: files as given, folders expanded to the files in them
    (sorted by name; hidden files and unknown extensions skipped)."""
    known = {e for r in READERS.values() for e in r.extensions}
    out = []
    for path in paths:
        p = Path(path) if "://" not in str(path) else path
        if isinstance(p, Path) and p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                           and f.suffix.lower() in known)
            if not found:
                raise InputError(str(path), "folder holds no input files (known extensions: "
                                            + " ".join(sorted(known)) + ")")
            out.extend(found)
        else:
            out.append(p)
    return out
