"""Large-input mode (discourse.large): parts cover the input exactly, every comment is
scored as a thread's analysis scores it, results are deterministic, and the Dask engine
gives the local engine's result."""
from __future__ import annotations

import csv
import json
import random

import numpy as np
import pytest

from discourse.config import Config
from discourse.large import analyse_large
from discourse.large.parts import plan_parts
from discourse.sentiment import score_text

TOPICS = {
    "transit": "bus train fare route station commuters subway schedule tram ticket".split(),
    "housing": "rent landlord tenants housing apartment zoning mortgage eviction lease".split(),
    "schools": "teachers students classroom school curriculum exams principal homework".split(),
}
TONE = ["great", "terrible", "awful", "wonderful", "fine", "bad", "good", "sad", "happy"]


def corpus(n_threads=6, per=40, seed=1):
    rng = random.Random(seed)
    rows = []
    for t in range(n_threads):
        rows.append({"thread": f"th{t}", "type": "post", "id": f"p{t}", "title": f"Thread {t}",
                     "text": "What do you think?"})
        for c in range(per):
            topic = list(TOPICS)[(t + c) % 3]
            words = rng.choices(TOPICS[topic], k=12) + rng.choices(TONE, k=2)
            text = " ".join(words).capitalize() + ". " + rng.choice(
                ["I agree.", "This is wrong!", "Why?", "So true."])
            if c % 13 == 5:
                text = "Agreed."   # a brief reaction
            rows.append({"thread": f"th{t}", "id": f"c{t}-{c}", "text": text})
    return rows


@pytest.fixture()
def export(tmp_path):
    rows = corpus()
    p = tmp_path / "big.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p, rows


def test_parts_cover_every_line_once(export):
    path, rows = export
    parts = plan_parts([path], ["jsonl"], part_bytes=700)
    assert len(parts) > 3
    data = path.read_bytes()
    assert parts[0].start == 0 and parts[-1].end == len(data)
    for a, b in zip(parts, parts[1:]):
        assert a.end == b.start and data[b.start - 1:b.start] == b"\n"
        assert b.first_line == data[:b.start].count(b"\n") + 1


def _run(path, engine=None, part_bytes=700, **cfg):
    got = []
    a = analyse_large([path], ["jsonl"], Config(**cfg), engine=engine, part_bytes=part_bytes,
                      sink=lambda cols: got.append(cols))
    return a, got


def test_every_comment_scored_as_a_thread_would_be(export):
    path, rows = export
    a, got = _run(path)
    comments = [r for r in rows if r.get("type") != "post"]
    ids = [i for cols in got for i in cols["id"]]
    assert ids == [r["id"] for r in comments]            # reading order, none lost
    assert a.n_comments == len(comments)
    compounds = np.concatenate([cols["compound"] for cols in got])
    want = [score_text(r["text"]).compound for r in comments]
    assert np.allclose(compounds, want, atol=1e-9, rtol=0)
    lines = [ln for cols in got for ln in cols["line"]]
    assert lines[0] == 2 and lines == sorted(lines)     # line 1 is the first post row


def test_stances_find_the_topics_and_are_deterministic(export):
    path, rows = export
    a, got = _run(path)
    b, got2 = _run(path)
    assert a == b
    labels = np.concatenate([cols["stance"] for cols in got])
    assert np.array_equal(labels, np.concatenate([cols["stance"] for cols in got2]))
    assert [s.size for s in a.stances] == sorted((s.size for s in a.stances), reverse=True)
    assert sum(s.size for s in a.stances) + a.n_brief == a.n_comments
    assert (labels == -1).sum() == a.n_brief > 0
    # each topic's comments mostly land in one stance named by that topic's words
    comments = [r for r in rows if r.get("type") != "post"]
    for topic, words in TOPICS.items():
        idx = [i for i, r in enumerate(comments) if r["text"].split()[0].lower() in words
               and labels[i] >= 0]
        top = np.bincount(labels[idx]).max() / len(idx)
        assert top > 0.8, (topic, top)
    assert a.threads[0].key == "th0" and a.threads[0].title == "Thread 0"


def test_fixed_k_is_honoured(export):
    a, _ = _run(export[0], clusters=2)
    assert len(a.stances) == 2 and a.k_chosen_by.startswith("given")


DASK_RUN = """
import pickle, sys
from discourse.config import Config
from discourse.large import analyse_large, make_engine
got = []
engine = make_engine("dask", jobs=2)
try:
    a = analyse_large([sys.argv[1]], ["jsonl"], Config(), engine=engine, part_bytes=700,
                      sink=lambda cols: got.append(cols))
finally:
    engine.close()
with open(sys.argv[2], "wb") as fh:
    pickle.dump((a, got), fh)
"""


def test_dask_engine_reproduces_the_local_result(export, tmp_path):
    """A LocalCluster of two workers, in its own process (Dask leaves threads behind)."""
    import pickle
    import subprocess
    import sys

    pytest.importorskip("distributed")
    path, _ = export
    local, got_l = _run(path)
    out = tmp_path / "dask.pickle"
    r = subprocess.run([sys.executable, "-c", DASK_RUN, str(path), str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    with open(out, "rb") as fh:
        remote, got_d = pickle.load(fh)
    assert remote.engine == "dask" and len(got_d) == len(got_l) > 3
    for cl, cd in zip(got_l, got_d):
        assert np.array_equal(cl["stance"], cd["stance"])
        for f in ("compound", "pos", "neu", "neg"):
            assert np.allclose(cl[f], cd[f], atol=1e-9, rtol=0)
    assert [s.terms for s in local.stances] == [s.terms for s in remote.stances]


def test_cli_large_mode_writes_the_report(export, tmp_path):
    from discourse.cli import main

    path, rows = export
    out = tmp_path / "out"
    assert main(["report", str(path), "--large", "-q", "-o", str(out), "--jobs", "1",
                 "--format", "csv,json"]) == 0
    folder = out / "big"
    with open(folder / "comments.csv", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert len(table) == sum(1 for r in rows if r.get("type") != "post")
    data = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
    assert data["mode"] == "large" and data["n_comments"] == len(table)
    assert (folder / "threads.csv").exists() and (folder / "config.toml").exists()


def test_cli_refuses_scheduler_without_dask_engine(export, capsys):
    from discourse.cli import main

    assert main(["report", str(export[0]), "--scheduler", "tcp://127.0.0.1:1", "-q"]) == 1
    assert "--engine dask" in capsys.readouterr().err


def test_a_malformed_row_names_its_line_from_a_worker(export, capsys):
    import pickle

    from discourse.cli import main
    from discourse.errors import InputError

    err = InputError("x.jsonl", "not valid JSON", line=7)
    assert str(pickle.loads(pickle.dumps(err))) == str(err)   # crosses worker processes
    path, rows = export
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[150] = '{"thread": "th3", "text": broken}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", str(path), "--large", "-q", "-o", str(path.parent / "o")]) == 1
    msg = capsys.readouterr().err.strip()
    assert msg.startswith(f"discourse: error: {path}:151: ") and "\n" not in msg


def test_parquet_table_matches_the_csv(export, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from discourse.cli import main

    path, rows = export
    out = tmp_path / "out"
    assert main(["report", str(path), "--large", "-q", "-o", str(out), "--format", "csv"]) == 0
    with open(out / "big" / "comments.csv", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    pt = pq.read_table(out / "big" / "comments.parquet").to_pylist()
    assert [r["id"] for r in pt] == [r["id"] for r in table]
    assert [("" if r["stance"] is None else str(r["stance"])) for r in pt] == \
        [r["stance"] for r in table]
    assert all(abs(p["compound"] - float(c["compound"])) < 1e-4 for p, c in zip(pt, table))


def test_a_corpus_of_brief_reactions_has_no_stances(tmp_path):
    p = tmp_path / "brief.jsonl"
    p.write_text("".join(json.dumps({"thread": "t", "id": str(i), "text": t}) + "\n"
                         for i, t in enumerate(["Agreed.", "Thanks!", "So true", "+1"])),
                 encoding="utf-8")
    a, got = _run(p)
    assert a.stances == () and a.n_brief == a.n_comments == 4
    assert list(np.concatenate([c["stance"] for c in got])) == [-1] * 4
