"""Metadata lines of WordPress-style dumps: "NAME says:", dates, "Reply"."""
from __future__ import annotations

from typing import Optional

from . import cues


def meta_kind(line: str) -> Optional[str]:
    """'author', 'timestamp', 'reply' or None."""
    s = line.strip()
    if not s or len(s) > 120:
        return None
    if cues.META_AUTHOR.match(s):
        return "author"
    if any(p.match(s) for p in cues.META_TIMESTAMP):
        return "timestamp"
    if cues.META_REPLY.match(s):
        return "reply"
    return None


def author_of(line: str) -> Optional[str]:
    m = cues.META_AUTHOR.match(line.strip())
    return m.group("name").strip() if m else None


def has_metadata(kinds: list[Optional[str]]) -> bool:
    """Enough metadata lines that they, not text cues, should delimit comments."""
    return kinds.count("author") >= 2 or kinds.count("timestamp") >= 2
