"""Many threads at once: per-thread folders, the corpus report, progress, rerun config."""
import csv
import json
import shutil
from pathlib import Path

import pytest

from discourse.batch import plan, slugify
from discourse.cli import main
from discourse.config import Config, load_config
from discourse.pipeline import analyse_corpus
from discourse.readers import read_threads

FIX = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def export_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    assert main(["report", str(FIX / "wordpress.xml"), "-o", str(out), "-q"]) == 0
    return out


def test_export_gives_a_report_per_thread_and_a_corpus_report(export_report):
    names = sorted(p.name for p in export_report.iterdir())
    assert names == ["bike-lanes-on-main-street-11", "cafe-opens-on-the-square-12", "wordpress"]
    thread_dir = export_report / "bike-lanes-on-main-street-11"
    assert {"report.pdf", "analysis.json", "comments.csv", "config.toml"} <= {p.name for p in thread_dir.iterdir()}
    corpus = export_report / "wordpress" / "corpus"
    assert {"report.pdf", "corpus.json", "threads.csv", "threads_overview.png",
            "sentiment_by_thread.png", "stance_shares.png", "config.toml"} <= {p.name for p in corpus.iterdir()}
    data = json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))
    assert [t["comments"] for t in data["threads"]] == [3, 2]
    assert [t["slug"] for t in data["threads"]] == ["bike-lanes-on-main-street-11", "cafe-opens-on-the-square-12"]
    assert data["threads"][0]["reply_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert "left out 4 comments: 1 pending, 1 pingback, 1 spam, 1 trash" in data["threads"][0]["notes"]
    assert data["config"]["seed"] == 0
    with open(corpus / "threads.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["title"] for r in rows] == ["Bike lanes on Main Street", "Café opens on the square"]


def test_per_thread_analysis_records_notes_and_structure(export_report):
    data = json.loads((export_report / "bike-lanes-on-main-street-11" / "analysis.json").read_text(encoding="utf-8"))
    assert [c["author"] for c in data["comments"]] == ["Zoë Brontë", "Mark", "Ann"]
    assert [c["parent"] for c in data["comments"]] == [None, 0, None]
    assert all(c["start_line"] is None for c in data["comments"])


def test_slugs_are_safe_unique_and_predictable(tmp_path):
    assert slugify("Ça va? ../../etc/passwd") == "ca-va-etc-passwd"
    a = tmp_path / "a.jsonl"
    a.write_text('{"thread": "x", "id": 1, "text": "one"}\n{"thread": "y", "id": 2, "text": "two"}\n'
                 '{"thread": "x", "type": "post", "title": "Same Title", "text": "p"}\n'
                 '{"thread": "y", "type": "post", "title": "Same Title", "text": "p"}\n', encoding="utf-8")
    planned, name = plan([a])
    assert [p.slug for p in planned] == ["same-title-x", "same-title-y"] and name == "a"
    b = tmp_path / "b.jsonl"
    b.write_text('{"thread": "t", "id": 1, "text": "one"}\n{"thread": "u", "id": 2, "text": "two"}\n',
                 encoding="utf-8")
    planned, _ = plan([b])
    assert [p.slug for p in planned] == ["b-t", "b-u"]
    assert [p.slug for p in plan([b])[0]] == ["b-t", "b-u"]   # same input, same names


def test_folder_of_inputs_and_progress_lines(tmp_path, capsys):
    folder = tmp_path / "threads"
    folder.mkdir()
    for k in range(6):
        (folder / f"t{k}.jsonl").write_text(
            "".join(json.dumps({"id": i, "author": f"u{i}", "text": f"comment {i} about topic {k} and more words here"}) + "\n"
                    for i in range(3)), encoding="utf-8")
    (folder / ".hidden.jsonl").write_text("junk", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(folder), "-o", str(out), "--format", "json,csv"]) == 0
    err = capsys.readouterr().err
    assert "[1/6] t0" in err and "[6/6] t5" in err          # plain lines: stderr is not a terminal
    assert sorted(p.name for p in out.iterdir()) == [f"t{k}" for k in range(6)] + ["threads"]
    assert (out / "threads" / "corpus" / "corpus.json").exists()
    assert not (out / "threads" / "corpus" / "report.pdf").exists()
    assert main(["report", str(folder), "-o", str(out), "--format", "json", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_analyse_corpus_shares_and_labels_line_up():
    threads = read_threads(FIX / "wordpress.xml") + read_threads(FIX / "disqus.xml")
    c = analyse_corpus(threads, Config(clusters=1, min_tokens=1))
    assert len(c.analyses) == 4 and [len(x) for x in c.labels] == [3, 2, 3, 2]
    assert c.offsets == (0, 3, 5, 8)
    for t, labels in enumerate(c.labels):
        for j, s in enumerate(c.stances):
            assert c.shares[t][j] == pytest.approx(sum(lab == s.id for lab in labels) / len(labels))
    assert sum(s.size for s in c.stances) == sum(lab is not None for x in c.labels for lab in x)


def test_discourse_toml_in_working_directory_then_config_then_flags(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config() == (Config(), None)
    (tmp_path / "discourse.toml").write_text("[discourse]\nclusters = 3\nseed = 7\n", encoding="utf-8")
    config, source = load_config()
    assert (config.clusters, config.seed, source) == (3, 7, "discourse.toml")
    other = tmp_path / "other.toml"
    other.write_text("seed = 9\n", encoding="utf-8")
    assert load_config(other)[0].seed == 9 and load_config(other)[0].clusters == "auto"
    shutil.copy(FIX / "hn.json", tmp_path / "hn.json")
    assert main(["report", "hn.json", "--seed", "5", "--format", "json", "-q"]) == 0
    cfg = json.loads((tmp_path / "reports" / "hn" / "analysis.json").read_text(encoding="utf-8"))["config"]
    assert (cfg["clusters"], cfg["seed"]) == (3, 5)
    rerun = (tmp_path / "reports" / "hn" / "config.toml").read_text(encoding="utf-8")
    assert "clusters = 3" in rerun and "seed = 5" in rerun and "discourse.toml + --seed" in rerun


@pytest.mark.parametrize("body, words", [
    ("cluster = 3\n", "unknown option(s) cluster"),
    ("clusters = 'many'\n", "clusters = 'many' is not valid"),
    ("seed = \n", "Invalid"),
])
def test_bad_config_exits_1_naming_the_key(tmp_path, monkeypatch, capsys, body, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "discourse.toml").write_text(body, encoding="utf-8")
    assert main(["report", str(FIX / "hn.json"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("discourse: error: discourse.toml") and words in err, err


def test_progress_bar_on_a_terminal_and_lines_otherwise():
    import io

    from discourse.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    p = Progress(3, stream=tty)
    for name in "abc":
        p.step(name)
    p.done()
    assert "\r[" in tty.getvalue() and "3/3" in tty.getvalue() and "\n" not in tty.getvalue()
    quiet = io.StringIO()
    p = Progress(3, stream=quiet, enabled=False)
    p.step("a")
    p.done()
    assert quiet.getvalue() == ""


def test_config_accepts_the_flag_name_format(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('format = "pdf,json"\n', encoding="utf-8")
    assert Config.from_toml(p).formats == ("pdf", "json")
    p.write_text('formats = ["docx"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="formats"):
        Config.from_toml(p)


def test_cli_help_default_matches_batch():
    from discourse import batch, cli
    assert cli._batch_default() == batch.THREAD_PDFS


def _many_threads(path, n_threads=7):
    import json
    rows = []
    for t in range(n_threads):
        rows.append({"thread": f"t{t}", "type": "post", "id": f"p{t}",
                     "title": f"Topic {t}", "text": f"A post about topic {t} and the town."})
        for c in range(3 + t):
            rows.append({"thread": f"t{t}", "id": f"{t}-{c}",
                         "text": f"Comment {c} on topic {t}: the town council should listen "
                                 f"to residents about parking and buses number {c}."})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_workers_give_the_same_files_and_pdfs_only_for_the_largest(tmp_path):
    from discourse.batch import run
    src = _many_threads(tmp_path / "many.jsonl")
    one = run([src], out=tmp_path / "one", quiet=True, jobs=1, thread_pdfs=2)
    two = run([src], out=tmp_path / "two", quiet=True, jobs=2, thread_pdfs="none")
    assert [s for s, *_ in one.threads] == [s for s, *_ in two.threads]
    for slug, d1, *_ in one.threads:
        d2 = tmp_path / "two" / slug
        for name in ("analysis.json", "comments.csv", "targets.csv"):
            assert (d1 / name).read_bytes() == (d2 / name).read_bytes(), (slug, name)
    drawn = sorted(s for s, d, *_ in one.threads if (d / "report.pdf").exists())
    assert drawn == ["topic-5-t5", "topic-6-t6"]  # the two with the most comments
    assert all((d / "comments.csv").exists() for _, d, *_ in one.threads)
