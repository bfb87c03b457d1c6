"""What the structured readers share: decoding and streaming text, and turning records (id, parent id, author, time, text) into a :class:`Thread`.

Every reader builds a list of :class:`Record` in source order and hands it to
:func:`build_thread`, which orders the comments depth-first (parent before child, siblings
in source order), turns parent ids into 0-based indices, and writes what it left out into
``Thread.notes`` — so the rules (no-text records, left-out parents, dangling parent ids,
cycles) are the same for every format.
"""
from __future__ import annotations

import codecs
import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ..config import Config
from ..errors import InputError
from ..model import Comment, Post, Thread


@dataclass(frozen=True)
class ReadOptions:
    """Options a reader may use (each reader ignores the ones that do not apply).

    ``post_end``: plain-text dumps, where the post ends. ``post``: a text file holding the
    post, for row formats (JSONL/CSV) whose rows are all comments. ``columns``: row
    formats, ``{field: column name}`` overriding the default column names (fields:
    ``text``, ``author``, ``id``, ``parent``, ``timestamp``, ``thread``, ``type``).
    ``max_line_bytes``, ``max_comments``: the limits of :class:`~discourse.Config` of the
    same names (None: no limit).
    """

    post_end: Optional[object] = None
    post: Optional[str] = None
    columns: tuple[tuple[str, str], ...] = ()
    max_line_bytes: Optional[int] = Config.max_line_bytes
    max_comments: Optional[int] = Config.max_comments


# ---------------------------------------------------------------------------- decoding

#: bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) decode to the code point of
#: the same number, as browsers' "windows-1252" does: a cp1252 fallback never fails
CP1252_ERRORS = "discourse-cp1252"
#: how far into an HTML page a ``<meta charset>`` is looked for (browsers: 1024 bytes)
META_CHARSET_BYTES = 2048
#: declared encodings read as cp1252 (browsers do the same: the labels are its subsets)
CP1252_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252"}
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)


class LongLines:
    """Finds the first line longer than ``limit`` bytes in data fed chunk by chunk. Each
    step looks for the last newline within ``limit`` bytes, so a file is crossed in
    about size / limit steps, whatever its number of lines.

    >>> ll = LongLines(4); ll.feed(b"abc\\nabcd\\nab"), ll.feed(b"c\\nabcde")
    (None, 4)
    """

    def __init__(self, limit: Optional[int]):
        self.limit, self.run, self.lines = limit, 0, 0

    def feed(self, chunk: bytes) -> Optional[int]:
        """The 1-based number of the first line over the limit, or None so far."""
        if self.limit is None:
            return None
        pos, n, room = 0, len(chunk), self.limit - self.run
        while n - pos > room:
            nl = chunk.rfind(b"\n", pos, pos + room + 1)
            if nl < 0:
                return self.lines + chunk.count(b"\n", 0, pos) + 1
            pos, room = nl + 1, self.limit
        last = chunk.rfind(b"\n", pos)
        self.run = n - last - 1 if last >= 0 else (self.run if pos == 0 else 0) + n - pos
        self.lines += chunk.count(b"\n")
        return None


def too_long(name: str, line: int, limit: int) -> InputError:
    """The error for a line over ``--max-line-bytes``."""
    return InputError(name, f"line longer than {limit:,} bytes (the --max-line-bytes limit; "
                            "raise it to read this file)", line=line)


def too_many(name: str, thread: Optional[str], limit: int, line: Optional[int] = None) -> InputError:
    """The error for a thread over ``--max-comments``."""
    which = f"thread {thread!r}" if thread else "the thread"
    return InputError(name, f"{which} holds more than {limit:,} comments (the --max-comments "
                            "limit; raise it, or use --large to read it in parts)", line=line)


def _cp1252_undefined(err: UnicodeDecodeError):
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error(CP1252_ERRORS, _cp1252_undefined)


def codec_of(label) -> Optional[str]:
    """The Python codec for an encoding label (``"GBK"``, ``"iso-8859-1"``), or None when
    it is unknown or a UTF-8 label (nothing to do). Latin-1 and ASCII labels give cp1252."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None
    if name in ("utf_8", "utf_8_sig"):
        return None
    return "cp1252" if name in CP1252_LABELS else name


def declared_encoding(head: bytes, html: bool = False) -> Optional[str]:
    """The encoding a file declares at its start: an XML declaration, and for HTML a
    ``<meta charset>`` (or ``http-equiv`` content type) in the first
    :data:`META_CHARSET_BYTES` bytes. A raw label, for :func:`codec_of`."""
    m = _XML_DECL.match(head)
    if m:
        return m.group(1).decode("ascii")
    if html:
        m = _META_CHARSET.search(head[:META_CHARSET_BYTES])
        if m:
            return m.group(1).decode("ascii")
    return None


def decode_text(data: bytes, name: str, declared: Optional[str] = None,
                max_line_bytes: Optional[int] = None) -> tuple[str, tuple[str, ...]]:
    """Decode a whole file: UTF-16 or UTF-8 by their byte-order mark; else UTF-8 when the
    bytes are valid UTF-8; else the ``declared`` encoding (an XML declaration, an HTML
    ``<meta charset>``) when it decodes them; else cp1252 (undefined bytes as Latin-1:
    never fails), noted. A stray U+FEFF (files pasted together) is dropped.
    Returns ``(text, notes)``; a NUL byte is an :class:`InputError` (binary file), and
    so is a line longer than ``max_line_bytes``."""
    bad = LongLines(max_line_bytes).feed(data)
    if bad is not None:
        raise too_long(name, bad, max_line_bytes)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").replace("\ufeff", ""), ()
        except UnicodeDecodeError as err:
            raise InputError(name, f"starts with a UTF-16 mark but is not UTF-16 ({err.reason})")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(name, "binary file (NUL byte), not text", line=line)
    codec = codec_of(declared) if not data.startswith(codecs.BOM_UTF8) else None
    notes: tuple[str, ...] = ()
    try:
        text = data.decode("utf-8-sig")
        if codec is not None and not data.isascii():
            notes = (f"{name}: declares {declared} but is valid UTF-8; read as UTF-8",)
        return text.replace("\ufeff", ""), notes
    except UnicodeDecodeError:
        pass
    if codec is not None and codec != "cp1252":
        try:
            return data.decode(codec).replace("\ufeff", ""), ()
        except UnicodeDecodeError:
            notes = (f"{name}: declares {declared} but is not; read as cp1252 (Windows Latin-1)",)
    text = data.decode("cp1252", CP1252_ERRORS)
    if codec != "cp1252" and not notes:
        notes = (f"{name}: not valid UTF-8; read as cp1252 (Windows Latin-1)",)
    return text, notes


def _decodes(fh, codec: str) -> bool:
    """Does the rest of ``fh`` decode as ``codec`` (1 MB chunks, bounded memory)?"""
    dec = codecs.getincrementaldecoder(codec)()
    while True:
        chunk = fh.read(1 << 20)
        try:
            dec.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            return False
        if not chunk:
            return True


def stream_encoding(path: Path, declared: Optional[str] = None,
                    max_line_bytes: Optional[int] = None) -> tuple[str, tuple[str, ...]]:
    """The encoding to stream ``path`` with, and notes, by the rules of
    :func:`decode_text`: checked in 1 MB chunks with an incremental decoder, so memory
    stays bounded. Open with ``errors=CP1252_ERRORS`` (see :func:`open_text`). A line
    longer than ``max_line_bytes`` is an :class:`InputError`, found before any parsing."""
    name = str(path)
    long_lines = LongLines(max_line_bytes)
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            fh.seek(0)
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                bad = long_lines.feed(chunk)
                if bad is not None:
                    raise too_long(name, bad, max_line_bytes)
            return "utf-16", ()
        codec = codec_of(declared) if not head.startswith(codecs.BOM_UTF8) else None
        fh.seek(0)
        dec = codecs.getincrementaldecoder("utf-8")()
        line, valid, ascii_only = 1, True, True
        while True:
            chunk = fh.read(1 << 20)
            if b"\x00" in chunk:
                raise InputError(name, "binary file (NUL byte), not text",
                                 line=line + chunk[: chunk.index(b"\x00")].count(b"\n"))
            bad = long_lines.feed(chunk)
            if bad is not None:
                raise too_long(name, bad, max_line_bytes)
            if valid:
                try:
                    dec.decode(chunk, final=not chunk)
                except UnicodeDecodeError:
                    valid = False
            ascii_only = ascii_only and chunk.isascii()
            line += chunk.count(b"\n")
            if not chunk:
                break
        if valid:
            if codec is not None and not ascii_only:
                return "utf-8-sig", (f"{name}: declares {declared} but is valid UTF-8; read as UTF-8",)
            return "utf-8-sig", ()
        if codec is not None and codec != "cp1252":
            fh.seek(0)
            if _decodes(fh, codec):
                return codec, ()
            return "cp1252", (f"{name}: declares {declared} but is not; read as cp1252 (Windows Latin-1)",)
    if codec == "cp1252":
        return "cp1252", ()
    return "cp1252", (f"{name}: not valid UTF-8; read as cp1252 (Windows Latin-1)",)


def open_text(path: Path, max_line_bytes: Optional[int] = None):
    """``(text stream, notes)`` for a line-oriented file, decoded as :func:`stream_encoding`
    says (newline='' so the csv module sees quoted line breaks)."""
    enc, notes = stream_encoding(path, max_line_bytes=max_line_bytes)
    return open(path, "r", encoding=enc, errors=CP1252_ERRORS, newline=""), notes


#: the widest date a timestamp can name (datetime's range)
_MAX_SECONDS = (datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
                - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()
_MIN_SECONDS = (datetime(1, 1, 1, tzinfo=timezone.utc)
                - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()


def iso_utc(seconds) -> Optional[str]:
    """Unix seconds (int, float or digits) → ``2024-01-02T10:00:00Z``; None stays None.
    A value that names no date (NaN, infinite, beyond year 9999) is kept as written.

    >>> iso_utc(0), iso_utc(1e300), iso_utc(float("nan"))
    ('1970-01-01T00:00:00Z', '1e+300', 'nan')
    """
    if seconds is None or seconds == "":
        return None
    try:
        value = float(seconds)
    except (TypeError, ValueError, OverflowError):
        return str(seconds)
    if not (math.isfinite(value) and _MIN_SECONDS <= value <= _MAX_SECONDS):
        return str(seconds)
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return str(seconds)


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(thread: Thread) -> Thread:
    """``thread`` with every lone surrogate (a JSON escape such as ``"\\ud800"`` that
    names half a character: no file can hold it) replaced by U+FFFD, and a note saying
    how many; the thread itself when there is none (the common case: one regex scan)."""
    count = 0

    def fix(s):
        nonlocal count
        if isinstance(s, str) and _SURROGATE.search(s):
            count += len(_SURROGATE.findall(s))
            return _SURROGATE.sub("\ufffd", s)
        return s

    post = thread.post
    new_post = dataclasses.replace(post, **{f: fix(getattr(post, f)) for f in ("text", "title", "author", "timestamp")})
    comments = tuple(dataclasses.replace(c, text=fix(c.text), author=fix(c.author),
                                         timestamp=fix(c.timestamp),
                                         quotes=tuple(fix(q) for q in c.quotes))
                     if any(isinstance(x, str) and _SURROGATE.search(x)
                            for x in (c.text, c.author, c.timestamp, *c.quotes)) else c
                     for c in thread.comments)
    if not count:
        return thread
    return dataclasses.replace(thread, post=new_post, comments=comments, notes=(
        *thread.notes, f"{_plural(count, 'invalid character')} (half of a UTF-16 pair, "
                       "e.g. a JSON \\ud800 escape) replaced by \ufffd"))


# -------------------------------------------------------------------- records → Thread

@dataclass(slots=True)
class Record:
    """One comment as a reader found it. ``where`` locates it for error messages
    (``line``: a line number; else ``label``, e.g. "record 7"). ``left_out`` is a reason
    (e.g. "spam") when the reader excludes it; the builder reattaches its replies."""

    id: object
    parent: object = None
    author: Optional[str] = None
    timestamp: Optional[str] = None
    text: str = ""
    quotes: tuple = ()
    line: Optional[int] = None
    label: str = ""
    left_out: Optional[str] = None

    def where(self) -> str:
        return self.label or (f"line {self.line}" if self.line else "")


def _fail(source: str, rec: Record, message: str):
    label = "" if rec.line else (f"{rec.label}: " if rec.label else "")
    raise InputError(source, label + message, line=rec.line)


def _plural(n: int, word: str, many: Optional[str] = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def build_thread(source: str, records: list, post: Post, notes=(),
                 extra_left_out: Optional[Counter] = None, thread_id: Optional[str] = None) -> Thread:
    """Comments in depth-first order (parent before child, siblings in source order),
    ``parent`` a 0-based index or ``None`` (a reply to the post).

    - a record with no text is left out and counted; so is one the reader marked
      ``left_out`` (e.g. spam); replies to a left-out record attach to its nearest kept
      ancestor (or the post), and the notes say how many;
    - a parent id not in the file: the comment is kept as a reply to the post, noted;
    - a duplicate id or a cycle of parent links is an :class:`InputError` naming the record.
    """
    by_id: dict = {}
    for r in records:
        if r.id in by_id:
            _fail(source, r, f"duplicate comment id {r.id!r}")
        by_id[r.id] = r
    left_out = Counter(extra_left_out or {})
    for r in records:
        if r.left_out is None and not (r.text or "").strip():
            r.left_out = "no text"
        if r.left_out is not None:
            left_out[r.left_out] += 1

    memo: dict = {}          # id -> nearest kept record id among itself and its ancestors
    dangling: list = []

    def kept_ancestor(rid):
        path, on_path, cur = [], set(), rid
        while True:
            if cur in memo:
                base = memo[cur]
                break
            rec = by_id[cur]
            path.append(cur)
            on_path.add(cur)
            p = rec.parent
            if p is None:
                base = None
                break
            if p not in by_id:
                base = None
                break
            if p in on_path:
                _fail(source, by_id[p], f"parent links form a cycle (comment {p!r} is its own "
                                        "ancestor)")
            cur = p
        for node in reversed(path):
            if by_id[node].left_out is None:
                base = node
            memo[node] = base
        return memo[rid]

    children: dict = {}
    reattached = 0
    for r in records:
        if r.left_out is not None:
            kept_ancestor(r.id)   # still checks cycles
            continue
        if r.parent is None:
            parent = None
        elif r.parent not in by_id:
            dangling.append(r.parent)
            parent = None
        else:
            parent = kept_ancestor(r.parent)
            if by_id[r.parent].left_out is not None:
                reattached += 1
        children.setdefault(parent, []).append(r)

    order: list = []
    stack = list(reversed(children.get(None, [])))
    index_of: dict = {}
    parent_of: dict = {}
    while stack:
        r = stack.pop()
        index_of[r.id] = len(order)
        order.append(r)
        kids = children.get(r.id, [])
        for k in kids:
            parent_of[k.id] = index_of[r.id]
        stack.extend(reversed(kids))
    comments = tuple(
        Comment(index=i, text=r.text, parent=parent_of.get(r.id), author=r.author or None,
                timestamp=r.timestamp or None, quotes=tuple(q for q in r.quotes if q in r.text))
        for i, r in enumerate(order))

    notes = list(notes)
    if left_out:
        parts = ", ".join(f"{n} {why}" for why, n in sorted(left_out.items(), key=lambda x: (-x[1], x[0])))
        notes.append(f"left out {_plural(sum(left_out.values()), 'comment')}: {parts}")
    if reattached:
        notes.append(f"{_plural(reattached, 'reply', 'replies')} to left-out comments attached "
                     "to the nearest comment kept above them (or the post)")
    if dangling:
        shown = ", ".join(repr(x) for x in dangling[:3]) + (", …" if len(dangling) > 3 else "")
        notes.append(f"{_plural(len(dangling), 'comment')} reply to ids not in the file "
                     f"({shown}); kept as replies to the post")
    if not comments:
        notes.append("no comments found")
    return Thread(post=post, comments=comments, source=source, notes=tuple(notes),
                  thread_id=thread_id)
