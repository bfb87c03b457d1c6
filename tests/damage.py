"""Seeded damage for input files: what the reader fuzz test (tests/test_fuzz_readers.py)
and bench/reliability.py feed every reader. Each mutation takes a ``random.Random`` and
the file's bytes and returns damaged bytes; :func:`variants` makes a reader's set."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

FIX = Path(__file__).resolve().parent / "fixtures"

#: reader name -> fixture (the discourse-json input is made from thread.txt)
FIXTURES = {
    "text": "thread.txt", "jsonl": "threads.jsonl", "csv": "comments.csv",
    "wxr": "wordpress.xml", "disqus": "disqus.xml", "reddit": "reddit.json",
    "hn": "hn.json", "html": "blog_page.html", "discourse-json": None,
}
#: damaged copies per reader
SEEDS_PER_READER = 22
SUFFIX = {"text": ".txt", "jsonl": ".jsonl", "csv": ".csv", "wxr": ".xml", "disqus": ".xml",
          "reddit": ".json", "hn": ".json", "html": ".html", "discourse-json": ".json"}


def base_input(reader: str, folder: Path) -> bytes:
    """The undamaged input of ``reader``; the discourse-json one is the split of
    thread.txt, written beside it in ``folder`` (its ``source``)."""
    if reader != "discourse-json":
        return (FIX / FIXTURES[reader]).read_bytes()
    from discourse.split import split_text, split_to_dict

    (folder / "thread.txt").write_bytes((FIX / "thread.txt").read_bytes())
    d = split_to_dict(split_text((FIX / "thread.txt").read_text(encoding="utf-8"),
                                 source="thread.txt"))
    return json.dumps(d, ensure_ascii=False, indent=1).encode("utf-8")


def _truncate(r, b):
    return b[: r.randrange(1, len(b))]


def _flip(r, b):
    b = bytearray(b)
    for _ in range(r.randint(1, 8)):
        b[r.randrange(len(b))] ^= 1 << r.randrange(8)
    return bytes(b)


def _garbage(r, b):
    at = r.randrange(len(b))
    return b[:at] + bytes(r.randrange(256) for _ in range(r.randint(1, 40))) + b[at:]


def _dup_lines(r, b):
    lines = b.split(b"\n")
    k = r.randrange(len(lines))
    return b"\n".join(lines[: k + 1] + lines[k: k + r.randint(1, 4)] + lines[k + 1:])


def _delete(r, b):
    at = r.randrange(len(b))
    return b[:at] + b[at + r.randint(1, 30):]


def _swap_quotes(r, b):
    table = bytes.maketrans(b"\"'", b"'\"")
    at = r.randrange(len(b))
    end = at + r.randint(10, 400)
    return b[:at] + b[at:end].translate(table) + b[end:]


def _nul(r, b):
    at = r.randrange(len(b))
    return b[:at] + b"\x00" + b[at:]


def _deep(r, b):
    n = r.choice((50, 300, 1500))
    at = r.randrange(len(b))
    opener, closer = r.choice(((b"[", b"]"), (b"{\"a\":", b"}"), (b"<div>", b"</div>"),
                               (b"<ol class=\"children\"><li class=\"comment\">", b"</li></ol>")))
    return b[:at] + opener * n + b"deep" + closer * n + b[at:]


def _bom(r, b):
    at = r.choice((0, r.randrange(len(b)), b.find(b"\n") + 1))
    return b[:at] + "\ufeff".encode("utf-8") + b[at:]


def _not_utf8(r, b):
    at = r.randrange(len(b))
    return b[:at] + bytes(r.sample([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF, 0xC3], r.randint(1, 5))) + b[at:]


def _surrogate(r, b):
    return re.sub(rb"(\"(?:text|body|message)\": ?\")", lambda m: m.group(1) + b"\\ud800 ", b, count=1) \
        if b"\"" in b else b + b"\n\xed\xa0\x80\n"


def _timestamp(r, b):
    bad = r.choice((b"99999999999999", b"-99999999999999", b"NaN", b"1e400", b"Infinity"))
    return re.sub(rb"(\"(?:created_utc|created_at_i|timestamp)\": ?)(\d+)", lambda m: m.group(1) + bad, b, count=2)


def _long_line(r, b):
    at = r.randrange(len(b))
    return b[:at] + b"x" * 3000 + b[at:]


MUTATIONS = (_truncate, _flip, _garbage, _dup_lines, _delete, _swap_quotes, _nul, _deep,
             _bom, _not_utf8, _surrogate, _timestamp, _long_line)


def variants(reader: str, base: bytes, count: int = SEEDS_PER_READER):
    """``SEEDS_PER_READER`` damaged copies of ``base``: every mutation once, then random
    mutations (one to three at a time), seeded by the reader's name."""
    r = random.Random(f"fuzz-{reader}")
    out = [(m.__name__, m(r, base)) for m in MUTATIONS]
    while len(out) < count:
        b, names = base, []
        for m in r.sample(MUTATIONS, r.randint(1, 3)):
            b = m(r, b) or b
            names.append(m.__name__)
        out.append(("+".join(names), b))
    return out



def texts_of(threads) -> str:
    """Everything a read kept, as one string of single-spaced words."""
    parts = []
    for t in threads:
        parts += [t.post.text, t.post.title or "", *(c.text for c in t.comments)]
    return " ".join(" ".join(parts).split())


def snippets(threads) -> list[str]:
    """The first three words of every paragraph of the comments: what to look for in
    the result of a damaged copy."""
    out = []
    for t in threads:
        for c in t.comments:
            for para in c.text.split("\n"):
                words = para.split()
                if len(words) >= 3:
                    out.append(" ".join(words[:3]))
    return out


def lost(wanted, raw: bytes, kept: str, notes) -> list[str]:
    """Snippets still in the damaged bytes but not in what was read, unless the notes
    count comments left out."""
    if any("left out" in n or "not in the file" in n for n in notes):
        return []
    text = raw.decode("utf-8", "replace")
    return [s for s in wanted if s in text and s not in kept]
