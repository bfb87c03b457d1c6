"""The CLI end to end, in-process (as sqlite-utils tests its CLI)."""
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from discourse.cli import build_parser, main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "004_4500fd412262c0e1.txt"


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    assert main(["report", str(SEED), "-o", str(out)]) == 0  # not -q: a failure says why
    return out / SEED.stem


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


def test_report_writes_every_promised_file(seed_report):
    names = {p.name for p in seed_report.iterdir()}
    assert {"report.pdf", "comments.csv", "analysis.json"} <= names
    assert len([n for n in names if n.endswith(".png")]) >= 6


def test_pdf_has_title_charts_stances_and_split_pages(seed_report):
    data = json.loads((seed_report / "analysis.json").read_text(encoding="utf-8"))
    # title page + six charts + one page per stance + at least one split page
    assert _pdf_pages(seed_report / "report.pdf") >= 1 + 6 + len(data["stances"]) + 1


def test_analysis_json_has_the_contract_keys(seed_report):
    data = json.loads((seed_report / "analysis.json").read_text(encoding="utf-8"))
    assert {"comments", "stances", "config"} <= set(data)
    for c in data["comments"]:
        assert {"index", "start_line", "end_line", "parent", "sentiment", "stance"} <= set(c)
        assert {"compound", "pos", "neu", "neg"} <= set(c["sentiment"])
    for s in data["stances"]:
        assert {"id", "size", "terms", "sentiment"} <= set(s)
    ids = {s["id"] for s in data["stances"]}
    assert all(c["stance"] is None or c["stance"] in ids for c in data["comments"])
    assert len(data["comments"]) >= 18    # the comment count itself: tests/test_split.py


def test_csv_has_one_row_per_comment(seed_report):
    data = json.loads((seed_report / "analysis.json").read_text(encoding="utf-8"))
    with open(seed_report / "comments.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(data["comments"])
    assert all(not r["text"].startswith(("=", "+", "-", "@")) for r in rows)


def test_two_runs_give_identical_analysis_json(seed_report, tmp_path):
    assert main(["report", str(SEED), "-o", str(tmp_path), "-q"]) == 0
    again = (tmp_path / SEED.stem / "analysis.json").read_bytes()
    assert again == (seed_report / "analysis.json").read_bytes()


def test_reports_are_byte_identical_across_processes_and_hash_seeds(tmp_path):
    """Nothing written depends on the run: not the order of a set or dict of strings
    (PYTHONHASHSEED), not the time (the PDF's creation date is left out)."""
    thread = Path(__file__).resolve().parent / "fixtures" / "thread.txt"   # 12 comments
    outs = {seed: tmp_path / f"hashseed{seed}" for seed in ("0", "12345")}
    runs = [subprocess.Popen([sys.executable, "-m", "discourse", "report", str(thread), "-o", str(out),
                              "-q", "--format", "pdf,csv,json"], cwd=SEEDS.parent,
                             env={**os.environ, "PYTHONHASHSEED": seed}, stderr=subprocess.PIPE)
            for seed, out in outs.items()]   # side by side: the test takes one run's time
    for run in runs:
        assert run.wait() == 0, run.stderr.read()
        run.stderr.close()
    files = [sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) for out in outs.values()]
    assert files[0] == files[1]
    assert {"analysis.json", "comments.csv", "targets.csv", "report.pdf"} <= {p.name for p in files[0]}
    for rel in files[0]:
        assert (outs["0"] / rel).read_bytes() == (outs["12345"] / rel).read_bytes(), rel


def test_clusters_flag_sets_number_of_stances(tmp_path):
    assert main(["report", str(SEED), "-o", str(tmp_path), "-q", "--format", "json",
                 "--clusters", "3"]) == 0
    data = json.loads((tmp_path / SEED.stem / "analysis.json").read_text(encoding="utf-8"))
    assert len(data["stances"]) == 3
    assert data["config"]["clusters"] == 3


def test_news_article_without_comments_reports_none(tmp_path):
    seed = next(SEEDS.glob("003_*.txt"))
    assert main(["report", str(seed), "-o", str(tmp_path), "-q"]) == 0
    data = json.loads((tmp_path / seed.stem / "analysis.json").read_text(encoding="utf-8"))
    assert data["comments"] == [] and data["stances"] == []
    assert (tmp_path / seed.stem / "report.pdf").exists()


def test_split_json_is_what_the_scorer_reads(capsys):
    assert main(["split", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"source", "post_lines", "footer_lines", "comments"} <= set(data)
    spans = [(c["start_line"], c["end_line"]) for c in data["comments"]]
    assert spans[0][0] == (data["footer_lines"] or data["post_lines"])[1] + 1
    assert all(b[0] == a[1] + 1 for a, b in zip(spans, spans[1:]))


def test_split_text_listing(capsys):
    assert main(["split", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("post") and "footer" in out


@pytest.mark.parametrize("content, expected", [
    (None, "no such file"),
    (b"", "file is empty"),
    (b"abc\n\x00\x01binary", "binary"),
])
def test_bad_input_is_one_line_naming_the_file(tmp_path, capsys, content, expected):
    path = tmp_path / "dump.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["report", str(path), "-o", str(tmp_path), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and expected in err
    assert "Traceback" not in err


def test_binary_input_names_the_line(tmp_path, capsys):
    path = tmp_path / "dump.txt"
    path.write_bytes(b"one\ntwo\nth\x00ree\n")
    assert main(["split", str(path)]) == 1
    assert f"{path}:3:" in capsys.readouterr().err


def test_url_input_asks_to_download_first(capsys):
    assert main(["split", "https://example.com/post"]) == 1
    assert "download" in capsys.readouterr().err


def test_cp1252_input_is_read_and_reported(tmp_path, capsys):
    path = tmp_path / "legacy.txt"
    path.write_bytes("A post about caf\xe9s.\nLeave a reply\nI love caf\xe9s, they are great.\n".encode("latin-1"))
    assert main(["split", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "cafés" in data["comments"][0]["text"]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "x.txt", "--clusters", "zero"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["report", "x.txt", "--format", "docx"])
    assert exc.value.code == 2
    for bad in ("=Trump", "Trump=", "Trump= , "):
        with pytest.raises(SystemExit) as exc:
            main(["report", "x.txt", "--target", bad])
        assert exc.value.code == 2, bad


def test_every_command_has_help_with_examples():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, cmd in sub.choices.items():
        assert cmd.description and "examples:" in (cmd.epilog or ""), name


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "discourse", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "discourse report" in out.stdout


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_heavy_library(flag):
    """They answer at once: scikit-learn, matplotlib and the rest load only for a command
    that needs them (bench/cli_start.py prints the times)."""
    code = ("import sys\nfrom discourse.cli import main\n"
            f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
            "print([m for m in ('numpy', 'scipy', 'sklearn', 'matplotlib', 'vaderSentiment')"
            " if m in sys.modules], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], cwd=SEEDS.parent, capture_output=True,
                         text=True, check=True)
    assert out.stderr.strip() == "[]"
    if flag == "--version":
        assert out.stdout.startswith("discourse ") and out.stdout.split()[1][0].isdigit()


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, cmd in sub.choices.items():
        assert f"discourse {name}" in readme, name
        for action in cmd._actions:
            long = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            assert not long or any(o in readme for o in long), (name, long)


def test_sweep_prints_table_and_writes_chart(tmp_path, capsys):
    assert main(["sweep", str(SEED), "--k", "2..4", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n| ") >= 3 and "stability" in out
    assert (tmp_path / SEED.stem / "sweep.png").stat().st_size > 1000


def test_context_and_baseline_reach_the_analysis(seed_report, tmp_path):
    context = sorted(str(p) for p in SEEDS.glob("00[0-3]_*.txt"))
    assert main(["report", str(SEED), "-o", str(tmp_path), "-q", "--format", "json",
                 "--context", *context, "--baseline", str(seed_report / "analysis.json")]) == 0
    data = json.loads((tmp_path / SEED.stem / "analysis.json").read_text(encoding="utf-8"))
    assert data["readers_add"]["terms"] and "4 context" in data["readers_add"]["against"]
    assert data["baseline"]["new_comments"] == []


def test_missing_context_file_is_an_input_error(tmp_path, capsys):
    assert main(["report", str(SEED), "-o", str(tmp_path), "-q", "--context", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt: no such file" in capsys.readouterr().err


def test_user_targets_from_flags_and_config_reach_the_report(tmp_path):
    (tmp_path / "discourse.toml").write_text(
        '[discourse]\ntargets = ["Kremlin=Kremlin,Moscow"]\n', encoding="utf-8")
    args = ["report", str(SEED), "-o", str(tmp_path / "out"), "-q", "--format", "json,csv",
            "--config", str(tmp_path / "discourse.toml"),
            "--target", "Donald=Donald Trump,Trump", "--target", "Zeppelin"]
    assert main(args) == 0
    out = tmp_path / "out" / SEED.stem
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    user = {t["target"]: t for t in data["targets"] if t["source"] == "user"}
    assert set(user) == {"Kremlin", "Donald", "Zeppelin"}
    assert user["Donald"]["aliases"] == ["Donald", "Donald Trump", "Trump"]  # name counts too
    assert user["Donald"]["n_comments"] >= 10 and user["Zeppelin"]["n_comments"] == 0
    # the user's "Trump" aliases are taken from the detected target of the same words
    assert not any(t["target"] == "Trump" for t in data["targets"])
    rows = list(csv.DictReader((out / "targets.csv").open(encoding="utf-8", newline="")))
    assert {r["target"] for r in rows} >= {"Kremlin", "Donald", "Zeppelin"}
    assert data["config"]["targets"] == ["Kremlin=Kremlin,Moscow", "Donald=Donald Trump,Trump",
                                         "Zeppelin"]
    mentioned = [c for c in data["comments"] if "Donald" in c["targets"]]
    assert mentioned and all(c["agreement"]["label"] in ("agree", "disagree", "question",
                                                         "comment") for c in mentioned)


def test_bad_target_in_config_is_an_input_error(tmp_path, capsys):
    cfg = tmp_path / "d.toml"
    cfg.write_text('targets = ["=Trump"]\n', encoding="utf-8")
    assert main(["report", str(SEED), "-o", str(tmp_path), "--config", str(cfg)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "d.toml" in err and "targets" in err
