"""Reports that are whole or absent: temporary folders swapped in, MANIFEST.json and the
run id, interruptions, write-side failures as one-line errors, paths that stay inside
the output folder, -q, and PDF layout of very long text."""
import errno
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from discourse import output
from discourse.cli import main
from discourse.output import MANIFEST, TEMP_NAME, check_manifest, read_manifest

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures"
THREAD = FIX / "thread.txt"            # 12 comments
FAST = ["--format", "json,csv", "-q"]  # no drawing: a run is mostly imports


def report(out, *extra, src=THREAD) -> int:
    return main(["report", str(src), "-o", str(out), *extra])


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in Path(parent).rglob("*") if TEMP_NAME.match(p.name))


def files_of(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def old(tmp_path):
    """An output folder holding a previous report of THREAD (another seed, so the
    previous and the next report differ)."""
    out = tmp_path / "reports"
    assert report(out, *FAST, "--seed", "1") == 0
    folder = out / THREAD.stem
    return out, folder, files_of(folder)


# -- manifest and run id ---------------------------------------------------------------

def test_manifest_lists_every_file_with_size_and_hash(old):
    out, folder, _ = old
    data = read_manifest(folder)
    listed = {f["path"] for f in data["files"]}
    assert listed | {MANIFEST} == {p.name for p in folder.iterdir()}
    assert {"analysis.json", "comments.csv", "targets.csv", "config.toml"} <= listed
    assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in data["files"])
    assert len(data["run_id"]) == output.RUN_ID_CHARS and check_manifest(folder) == []
    (folder / "comments.csv").write_text("changed\n", encoding="utf-8")
    assert check_manifest(folder) == ["comments.csv: differs from the manifest"]


def test_run_id_follows_the_inputs_not_the_run(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert report(a, *FAST) == report(b, *FAST) == report(c, *FAST, "--seed", "3") == 0
    ma, mb, mc = (read_manifest(x / THREAD.stem) for x in (a, b, c))
    assert ma == mb                      # same input and options: same files, same id
    assert mc["run_id"] != ma["run_id"]


def test_pdf_carries_the_run_id(tmp_path):
    assert report(tmp_path, "--format", "pdf", "-q") == 0
    folder = tmp_path / THREAD.stem
    run = read_manifest(folder)["run_id"]
    assert f"discourse run {run}".encode() in (folder / "report.pdf").read_bytes()


# -- interruptions and failures while writing -------------------------------------------

def test_interrupt_while_writing_keeps_the_previous_report(old, monkeypatch, capsys):
    out, folder, before = old
    import discourse.report as report_pkg

    def interrupted(analysis, path):
        Path(path).write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(report_pkg, "write_targets_csv", interrupted)
    assert report(out, *FAST) == 130
    assert capsys.readouterr().err == "discourse: interrupted, previous report kept\n"
    assert files_of(folder) == before and check_manifest(folder) == []
    assert leftovers(out) == []


def test_error_raised_while_an_interrupt_unwinds_is_the_interrupt(old, monkeypatch):
    """matplotlib's PdfPages, closed while a KeyboardInterrupt unwinds a half-written
    page, raises AssertionError("No offset for object …"): exit 130, not 3 (a bug)."""
    out, folder, before = old
    import discourse.report as report_pkg

    def closing(analysis, path):
        try:
            raise KeyboardInterrupt
        finally:
            raise AssertionError("No offset for object 32 (page contents)")

    monkeypatch.setattr(report_pkg, "write_json", closing)
    assert report(out, *FAST) == 130
    assert files_of(folder) == before and leftovers(out) == []


def test_interrupt_while_a_png_process_draws_stops_it(old, monkeypatch):
    """With two workers the PNGs are drawn in a second process beside the PDF: an
    interrupt stops it too, and nothing is written after the clean-up."""
    out, folder, before = old
    import discourse.report.pdf as pdf

    def interrupted(analysis, st):
        raise KeyboardInterrupt

    started = []
    real = pdf._png_child

    def png_child(*args):
        started.append(real(*args))
        return started[-1]

    monkeypatch.setattr(pdf, "stance_page", interrupted)
    monkeypatch.setattr(pdf, "_png_child", png_child)
    assert report(out, "--format", "pdf,png,json,csv", "--jobs", "2", "-q") == 130
    time.sleep(0.5)
    assert files_of(folder) == before and leftovers(out) == []
    assert len(started) == 1
    assert started[0].exitcode is not None   # the drawing process was stopped and reaped


def test_interrupt_during_the_swap_is_held_until_it_is_done(old, monkeypatch):
    """A SIGINT that arrives between writing and swapping waits for the swap: the new
    report is complete, and the interruption is still reported."""
    out, folder, before = old
    real = output._exchange

    def exchange(a, b):
        os.kill(os.getpid(), signal.SIGINT)   # held back by signals_held()
        return real(a, b)

    monkeypatch.setattr(output, "_exchange", exchange)
    # a shell starting this run in the background may have set Ctrl-C to be ignored,
    # which the held block rightly honours: give it the usual Ctrl-C for this test
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert report(out, *FAST) == 130
    finally:
        signal.signal(signal.SIGINT, previous)
    assert files_of(folder) != before and check_manifest(folder) == []
    assert leftovers(out) == []


def test_swap_without_renameat2_and_a_run_killed_between_renames(old, monkeypatch):
    out, folder, before = old
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    assert report(out, *FAST) == 0
    assert files_of(folder) != before and check_manifest(folder) == [] and leftovers(out) == []
    # killed between "report → .report.old-…" and "tmp → report": the next run restores it
    dead = _dead_pid()
    folder.rename(out / f".{THREAD.stem}.old-{dead}-0badc0de")
    assert output.clean_stale(out) == [folder]
    assert check_manifest(folder) == []


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_disk_full_is_one_line_and_keeps_the_previous_report(old, monkeypatch, capsys):
    out, folder, before = old
    import discourse.report as report_pkg

    def full(analysis, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(report_pkg, "write_json", full)
    assert report(out, *FAST) == 1
    err = capsys.readouterr().err
    assert err == f"discourse: error: {folder}: cannot write analysis.json: no space left on device\n"
    assert files_of(folder) == before and leftovers(out) == []


def test_odd_writer_error_on_a_full_disk_is_an_output_error(old, monkeypatch, capsys):
    """zlib and matplotlib report a full disk with their own exceptions: read as a full
    disk when there is no space left, as a bug (exit 3) when there is."""
    out, folder, before = old
    import discourse.report as report_pkg

    def flush(analysis, path):
        raise zlib.error("Error -2 while flushing: inconsistent stream state")

    monkeypatch.setattr(report_pkg, "write_json", flush)
    monkeypatch.setattr(output, "_free_bytes", lambda path: 4096)
    assert report(out, *FAST) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"discourse: error: {folder}: no space left on device") and err.count("\n") == 1
    monkeypatch.setattr(output, "_free_bytes", lambda path: 10 ** 12)
    assert report(out, *FAST) == 3
    assert "internal error" in capsys.readouterr().err
    assert files_of(folder) == before and leftovers(out) == []


def test_files_a_user_put_in_the_folder_are_kept(old):
    out, folder, _ = old
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "corpus").mkdir()
    (folder / "corpus" / "x.json").write_text("{}", encoding="utf-8")
    assert report(out, *FAST) == 0
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (folder / "corpus" / "x.json").exists()
    assert {f["path"] for f in read_manifest(folder)["files"]}.isdisjoint({"notes.txt", "corpus/x.json"})
    assert check_manifest(folder) == []


def test_stale_temporary_folders_are_cleaned_by_the_next_run(old):
    out, folder, _ = old
    dead = _dead_pid()
    stale = out / f".{THREAD.stem}.tmp-{dead}-0123abcd"
    stale.mkdir()
    (stale / "report.pdf").write_bytes(b"%PDF half")
    stale_file = out / f".x.split.json.tmp-{dead}-89abcdef"
    stale_file.write_text("half", encoding="utf-8")
    live = out / f".other.tmp-{os.getppid()}-0123abcd"   # a live process's: kept
    live.mkdir()
    mine = out / ".notes.tmp-keep"                        # not our pattern: kept
    mine.mkdir()
    assert report(out, *FAST) == 0
    assert not stale.exists() and not stale_file.exists()
    assert live.exists() and mine.exists()
    old_age = time.time() - output.STALE_SECONDS - 60   # a live pid, but too old: reused
    os.utime(live, (old_age, old_age))
    assert output.clean_stale(out) == [live]


# -- where output may go ------------------------------------------------------------------

def test_output_that_is_a_file_is_one_line_exit_1(tmp_path, capsys):
    f = tmp_path / "reports"
    f.write_text("not a folder", encoding="utf-8")
    assert report(f, *FAST) == 1
    assert capsys.readouterr().err == f"discourse: error: {f}: exists and is not a folder\n"
    assert report(f / "sub", *FAST) == 1
    assert capsys.readouterr().err == (f"discourse: error: {f / 'sub'}: cannot be created: "
                                       f"{f} is a file\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / THREAD.stem).write_text("a file where the report goes", encoding="utf-8")
    assert report(tmp_path / "out", *FAST) == 1
    assert "exists and is not a folder" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == "not a folder"


def test_unwritable_output_folder_is_one_line_exit_1(tmp_path, monkeypatch, capsys):
    real = Path.mkdir

    def denied(self, *a, **kw):
        if "denied" in self.parts:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", denied)
    out = tmp_path / "denied"
    assert report(out, *FAST) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"discourse: error: {out / THREAD.stem}: ") and "permission denied" in err
    assert err.count("\n") == 1 and not out.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder_is_refused_before_analysis(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert report(ro, *FAST) == 1
        assert capsys.readouterr().err == f"discourse: error: {ro}: permission denied\n"
    finally:
        ro.chmod(0o755)


def test_inside_refuses_paths_that_leave_the_folder(tmp_path):
    root = tmp_path / "out"
    assert output.inside(root, "a", "corpus") == root / "a" / "corpus"
    for bad in ("..", "../x", "/etc", "a/../../x"):
        with pytest.raises(output.OutputError, match="outside the output folder"):
            output.inside(root, bad)
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(output.OutputError):
        output.inside(root, "link", "x")


def test_input_names_with_dots_stay_inside_the_output_folder(tmp_path):
    src = tmp_path / "in" / "...txt"           # its stem is ".."
    src.parent.mkdir()
    src.write_bytes(THREAD.read_bytes())
    out = tmp_path / "in" / "out"
    assert report(out, *FAST, src=src) == 0
    assert sorted(p.name for p in out.iterdir()) == ["thread"]
    assert sorted(p.name for p in src.parent.iterdir()) == ["...txt", "out"]


def test_report_dotdot_from_a_subfolder_writes_into_the_output_folder(tmp_path, monkeypatch):
    top = tmp_path / "threads"
    (top / "work").mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        (top / name).write_bytes(THREAD.read_bytes())
    monkeypatch.chdir(top / "work")
    assert main(["report", "..", "-o", "out", *FAST]) == 0
    written = sorted(str(p.relative_to(top)) for p in top.rglob("*") if p.is_file())
    assert all(w.startswith("work/out/") or w in ("a.txt", "b.txt") for w in written), written
    assert (top / "work" / "out" / "threads" / "corpus" / MANIFEST).exists()


def test_sweep_writes_only_inside_its_folder(tmp_path):
    src = tmp_path / "...txt"
    src.write_bytes(THREAD.read_bytes())
    out = tmp_path / "sw"
    assert main(["sweep", str(src), "--k", "2..3", "-o", str(out)]) == 0
    assert [str(p.relative_to(out)) for p in out.rglob("*")] == ["sweep", "sweep/sweep.png"]


# -- split -o -----------------------------------------------------------------------------

def test_split_out_is_replaced_whole(tmp_path, monkeypatch, capsys):
    dest = tmp_path / "t.split.json"
    dest.write_text("previous", encoding="utf-8")
    real = Path.write_text

    def interrupted(self, *a, **kw):
        real(self, "half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", interrupted)
    assert main(["split", str(THREAD), "--format", "json", "-o", str(dest)]) == 130
    monkeypatch.undo()
    assert dest.read_text(encoding="utf-8") == "previous" and leftovers(tmp_path) == []
    assert main(["split", str(THREAD), "--format", "json", "-o", str(dest)]) == 0
    assert json.loads(dest.read_text(encoding="utf-8"))["comments"]
    capsys.readouterr()
    assert main(["split", str(THREAD), "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"discourse: error: {tmp_path}: is a folder\n"


# -- SIGTERM and real signals ------------------------------------------------------------

def test_sigterm_raises_keyboard_interrupt_inside_the_cli_only():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with output.interrupts_raised():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
    assert signal.getsignal(signal.SIGTERM) == before


def test_interrupt_inside_a_finaliser_is_not_lost(capsys):
    """A Ctrl-C that lands in a __del__ would be printed as "Exception ignored" and the
    run would go on: it is raised again where the run can clean up."""
    class Finalised:
        def __del__(self):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        with output.interrupts_raised():
            Finalised()
    assert "Exception ignored" not in capsys.readouterr().err


def test_interrupt_swallowed_by_a_finaliser_keeps_the_previous_report(old, monkeypatch):
    out, folder, before = old
    import discourse.report as report_pkg
    real = report_pkg.write_json

    class Finalised:
        def __del__(self):
            raise KeyboardInterrupt

    def write_json(analysis, path):
        Finalised()                      # Ctrl-C while a finaliser runs, mid-write
        return real(analysis, path)

    monkeypatch.setattr(report_pkg, "write_json", write_json)
    assert report(out, *FAST) == 130
    assert files_of(folder) == before and leftovers(out) == []


@pytest.mark.parametrize("sig, delay", [(signal.SIGINT, 0.9), (signal.SIGTERM, 1.2)])
def test_signal_leaves_the_old_or_the_new_report(old, sig, delay):
    """A real signal part-way through a run: exit 0 or 130 with no traceback, the folder
    is the old report or the new one, and nothing temporary is left after the next run."""
    out, folder, before = old
    old_run = read_manifest(folder)["run_id"]
    proc = subprocess.Popen([sys.executable, "-m", "discourse", "report", str(THREAD), "-o",
                             str(out), "--format", "json,csv"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(delay)
    proc.send_signal(sig)
    err = proc.communicate(timeout=120)[1].decode()
    assert proc.returncode in (0, 130) and "Traceback" not in err, err
    if proc.returncode == 130:
        assert err.strip().splitlines()[-1] == "discourse: interrupted, previous report kept"
    assert check_manifest(folder) == []
    assert files_of(folder) == before or read_manifest(folder)["run_id"] != old_run
    assert report(out, *FAST) == 0 and leftovers(out) == []


# -- -q -------------------------------------------------------------------------------------

def test_quiet_prints_nothing_even_when_matplotlib_warns(tmp_path):
    """Glyphs the font lacks (CJK) made matplotlib warn on the corpus pages; scikit-learn
    warned about duplicate points. A subprocess: pytest would swallow the warnings."""
    rows = []
    for t in range(2):
        rows.append({"thread": f"t{t}", "type": "post", "title": f"标题 {t}", "text": "漢字 post"})
        rows += [{"thread": f"t{t}", "id": f"{t}-{c}", "text": "评论 漢字 the same words"}
                 for c in range(4)]
    src = tmp_path / "cjk.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "discourse", "report", str(src), "-o",
                          str(tmp_path / "out"), "-q", "--thread-pdfs", "none"],
                         cwd=ROOT, capture_output=True, timeout=300)
    assert run.returncode == 0 and run.stdout == b"" and run.stderr == b"", run.stderr.decode()
    assert (tmp_path / "out" / "cjk" / "corpus" / "report.pdf").exists()


# -- very long text in the PDF ---------------------------------------------------------------

def test_wrap_breaks_a_long_token_into_bounded_lines():
    from discourse.report.layout import MAX_TEXT_CHARS, clip, text_width, wrap

    lines = wrap("x" * 100_000, 3.0, 10)
    assert all(0 < text_width(ln, 10) <= 3.0 for ln in lines)
    assert "".join(lines) == "x" * MAX_TEXT_CHARS + " …"   # cut, and said so
    assert len(wrap("word " * 200_000, 3.0, 10, max_lines=3)) <= 6   # stops early
    assert text_width(clip("y" * 1_000_000, 2.0, 9), 9) <= 2.0


def test_report_of_a_thread_with_a_megabyte_comment_completes(tmp_path):
    from discourse import analyse
    from discourse.config import Config
    from discourse.model import Comment, Post, Thread
    from discourse.report import write_report

    words = ("council", "lanes", "parking", "shops", "safety", "buses")
    comments = [Comment(i, f"comment {i} about " + " ".join(words[(i + j) % 6] for j in range(20)))
                for i in range(6)]
    comments.append(Comment(6, " ".join(words[j % 6] for j in range(150_000))))   # ~1 MB
    comments.append(Comment(7, "z" * 100_000))                                   # one token
    thread = Thread(Post("A post about lanes and parking.", title="Long comments"), tuple(comments))
    a = analyse(thread, Config(clusters=2))
    paths = write_report(a, tmp_path, formats=("pdf",))
    assert paths[0].stat().st_size > 0
