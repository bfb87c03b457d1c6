"""Fuzzing every reader through the CLI: damaged inputs end in a one-line error (exit 1)
or a result (exit 0) that keeps the text it was given; never an internal error (exit 3).

Each reader gets its small fixture damaged by seeded mutations (truncation, flipped
bytes, garbage, duplicated lines, deleted characters, swapped quotes, NUL bytes, deep
nesting, stray byte-order marks, bytes that are not UTF-8, half a UTF-16 pair,
impossible timestamps), plus a few Hypothesis-drawn byte strings spliced in. The
command run is ``discourse split --format json`` in this process (no drawing: fast).
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse.cli import main
from discourse.readers import read_threads

FIX = Path(__file__).parent / "fixtures"
SEEDS_PER_READER = 22

#: reader name -> fixture (the discourse-json fixture is made from thread.txt)
FIXTURES = {
    "text": "thread.txt", "jsonl": "threads.jsonl", "csv": "comments.csv",
    "wxr": "wordpress.xml", "disqus": "disqus.xml", "reddit": "reddit.json",
    "hn": "hn.json", "html": "blog_page.html", "discourse-json": None,
}
SUFFIX = {"text": ".txt", "jsonl": ".jsonl", "csv": ".csv", "wxr": ".xml", "disqus": ".xml",
          "reddit": ".json", "hn": ".json", "html": ".html", "discourse-json": ".json"}


def _base(reader: str, tmp_path: Path) -> bytes:
    if reader == "discourse-json":
        out = tmp_path / "base.split.json"
        (tmp_path / "thread.txt").write_bytes((FIX / "thread.txt").read_bytes())
        assert main(["split", str(tmp_path / "thread.txt"), "--format", "json", "-o", str(out)]) == 0
        d = json.loads(out.read_text(encoding="utf-8"))
        d["source"] = "thread.txt"   # beside the JSON: the post is read from it
        return json.dumps(d, ensure_ascii=False, indent=1).encode("utf-8")
    return (FIX / FIXTURES[reader]).read_bytes()


# ------------------------------------------------------------------------- mutations

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


def variants(reader: str, base: bytes):
    """``SEEDS_PER_READER`` damaged copies of ``base``: every mutation once, then random
    mutations (one to three at a time), seeded by the reader's name."""
    r = random.Random(f"fuzz-{reader}")
    out = [(m.__name__, m(r, base)) for m in MUTATIONS]
    while len(out) < SEEDS_PER_READER:
        b, names = base, []
        for m in r.sample(MUTATIONS, r.randint(1, 3)):
            b = m(r, b) or b
            names.append(m.__name__)
        out.append(("+".join(names), b))
    return out


# ------------------------------------------------------------------------- checks

def run_split(path: Path, reader: str, capsys, extra=()):
    out = path.with_suffix(".out.json")
    rc = main(["split", str(path), "--format", "json", "-o", str(out), "--input-format", reader,
               "--max-line-bytes", "2000", *extra])
    err = capsys.readouterr().err
    return rc, err, out


def kept_text(path: Path, reader: str, rc: int, err: str, out: Path) -> tuple[str, tuple]:
    """All the text a successful read kept (post, titles, authors, comments) and its
    notes; a file holding several threads is read through the API."""
    if rc == 1 and "threads; read it with read_threads()" in err:
        threads = read_threads(path, format=reader)
    else:
        d = json.loads(out.read_text(encoding="utf-8"))
        return "\n".join(c["text"] for c in d["comments"]), tuple(d["notes"])
    parts, notes = [], []
    for t in threads:
        parts += [t.post.text, t.post.title or "", *(c.text for c in t.comments)]
        notes += t.notes
    return "\n".join(parts), tuple(notes)


def snippets(reader: str, base_path: Path) -> list[str]:
    """Pieces of the undamaged input's comment texts to look for after damage."""
    threads = read_threads(base_path, format=reader)
    out = []
    for t in threads:
        for c in t.comments:
            for para in c.text.split("\n"):
                words = para.split()
                if len(words) >= 3:
                    out.append(" ".join(words[:3]))
    return out


@pytest.mark.parametrize("reader", list(FIXTURES))
def test_damaged_inputs_give_one_line_errors_or_keep_their_text(reader, tmp_path, capsys):
    base = _base(reader, tmp_path)
    base_path = tmp_path / f"base{SUFFIX[reader]}"
    base_path.write_bytes(base)
    wanted = snippets(reader, base_path)
    assert wanted
    outcomes = {0: 0, 1: 0}
    for k, (how, data) in enumerate(variants(reader, base)):
        path = tmp_path / f"v{k}{SUFFIX[reader]}"
        path.write_bytes(data)
        rc, err, out = run_split(path, reader, capsys)
        assert rc in (0, 1), f"{how}: exit {rc}: {err}"
        if rc == 1 and "threads; read it with read_threads()" not in err:
            assert err.count("\n") == 1 and err.startswith("discourse: error: "), (how, err)
            assert "Traceback" not in err and path.name in err, (how, err)
            outcomes[1] += 1
            continue
        outcomes[0] += 1
        text, notes = kept_text(path, reader, rc, err, out)
        if any("left out" in n or "not in the file" in n for n in notes):
            continue   # what was left out is counted in the notes
        raw = data.decode("utf-8", "replace")
        flat = " ".join(text.split())
        lost = [s for s in wanted if s in raw and s not in flat]
        assert not lost, f"{how}: text in the input but not in the result: {lost}"
    # the damage is real: some variants are refused, some read
    assert outcomes[1] > 0


def test_rows_are_all_accounted_for(tmp_path, capsys):
    """JSONL: on success, every non-blank line is a comment, the post row, or counted
    as left out."""
    r = random.Random(7)
    lines = [json.dumps({"id": str(i), "parent": str(r.randrange(i)) if i and r.random() < 0.5 else None,
                         "text": r.choice(["", "Real words here.", "More words", "   "])})
             for i in range(60)]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    rc, err, out = run_split(path, "jsonl", capsys)
    assert rc == 0, err
    d = json.loads(out.read_text(encoding="utf-8"))
    left = sum(int(m.group(1)) for n in d["notes"] for m in [re.search(r"left out (\d+)", n)] if m)
    assert len(d["comments"]) + left == 60
    assert left == sum(1 for x in lines if not json.loads(x)["text"].strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(FIXTURES)), st.binary(min_size=1, max_size=64),
       st.floats(min_value=0, max_value=1))
def test_spliced_bytes_never_crash(tmp_path, capsys, reader, junk, where):
    base = _base(reader, tmp_path)
    at = int(where * (len(base) - 1))
    path = tmp_path / f"h{SUFFIX[reader]}"
    path.write_bytes(base[:at] + junk + base[at:])
    rc, err, _ = run_split(path, reader, capsys)
    assert rc in (0, 1), err
    if rc == 1:
        assert err.count("\n") == 1, err
