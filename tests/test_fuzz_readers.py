"""Fuzzing every reader through the CLI: damaged inputs end in a one-line error (exit 1)
or a result (exit 0) that keeps the text it was given; never an internal error (exit 3).

Each reader gets its small fixture damaged by the seeded mutations of ``damage.py``
(truncation, flipped bytes, garbage, duplicated lines, deleted characters, swapped
quotes, NUL bytes, deep nesting, stray byte-order marks, bytes that are not UTF-8, half a
UTF-16 pair, impossible timestamps, long lines), plus a few Hypothesis-drawn byte strings
spliced in. The command run is ``discourse split --format json`` in this process (no
drawing: fast); bench/reliability.py runs the same variants, and heavier ones, as
separate processes with time and memory measured.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from damage import FIXTURES, SUFFIX, base_input, lost, snippets, texts_of, variants
from discourse.cli import main
from discourse.readers import read_threads


def run_split(path: Path, reader: str, capsys, extra=()):
    out = path.with_suffix(".out.json")
    rc = main(["split", str(path), "--format", "json", "-o", str(out), "--input-format", reader,
               "--max-line-bytes", "2000", *extra])
    err = capsys.readouterr().err
    return rc, err, out


def kept(path: Path, reader: str, rc: int, err: str, out: Path) -> tuple[str, tuple]:
    """All the text a successful read kept (post, titles, comments) and its notes; a
    file holding several threads (which 'split' refuses) is read through the API."""
    if rc == 1 and "threads; read it with read_threads()" in err:
        threads = read_threads(path, format=reader)
        return texts_of(threads), tuple(n for t in threads for n in t.notes)
    d = json.loads(out.read_text(encoding="utf-8"))
    return " ".join(" ".join(c["text"] for c in d["comments"]).split()), tuple(d["notes"])


@pytest.mark.parametrize("reader", list(FIXTURES))
def test_damaged_inputs_give_one_line_errors_or_keep_their_text(reader, tmp_path, capsys):
    base = base_input(reader, tmp_path)
    base_path = tmp_path / f"base{SUFFIX[reader]}"
    base_path.write_bytes(base)
    wanted = snippets(read_threads(base_path, format=reader))
    assert wanted
    refused = 0
    for k, (how, data) in enumerate(variants(reader, base)):
        path = tmp_path / f"v{k}{SUFFIX[reader]}"
        path.write_bytes(data)
        rc, err, out = run_split(path, reader, capsys)
        assert rc in (0, 1), f"{how}: exit {rc}: {err}"
        if rc == 1 and "threads; read it with read_threads()" not in err:
            assert err.count("\n") == 1 and err.startswith("discourse: error: "), (how, err)
            assert "Traceback" not in err and path.name in err, (how, err)
            refused += 1
            continue
        text, notes = kept(path, reader, rc, err, out)
        missing = lost(wanted, data, text, notes)
        assert not missing, f"{how}: text in the input but not in the result: {missing}"
    assert refused > 0   # the damage is real: some variants are refused


def test_rows_are_all_accounted_for(tmp_path, capsys):
    """JSONL: on success, every non-blank line is a comment or counted as left out."""
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
    base = base_input(reader, tmp_path)
    at = int(where * (len(base) - 1))
    path = tmp_path / f"h{SUFFIX[reader]}"
    path.write_bytes(base[:at] + junk + base[at:])
    rc, err, _ = run_split(path, reader, capsys)
    assert rc in (0, 1), err
    if rc == 1:
        assert err.count("\n") == 1, err
