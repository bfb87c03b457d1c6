"""Many threads at once: read every input, write a report per thread, and a corpus
report comparing them when there is more than one.

``discourse report export.xml`` (or a folder, or several files, or a JSONL with a thread
column) writes ``OUT/<thread-slug>/`` for each thread and ``OUT/<name>/corpus/`` for the
corpus, where ``<name>`` is the input's stem (a file or a folder), or ``combined`` when
several inputs are given.

Folder names are predictable: a file holding one thread keeps its stem
(``dump.txt`` → ``dump``); a thread of a multi-thread file gets a slug of its title and
its id in the source (``bike-lanes-on-main-street-11``), ASCII, lower case, at most 60
characters; a clash gets ``-2``, ``-3``, … in reading order. A name taken from a file
or folder never leaves the output folder (:func:`discourse.output.safe_name`: no path
separators, no leading dots; ``..`` as an input is named after the folder it means).

Each folder is written whole or not at all (:func:`discourse.output.publish`): into a
temporary sibling, with a ``MANIFEST.json`` listing every file's size and sha256 and the
run id, then swapped with the previous report in one step. An interrupted run leaves the
previous report of every folder it had not finished.
"""
from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .config import Config
from .model import Thread
from .output import check_output_root, inside, publish, run_id, safe_name
from .progress import Progress

#: more threads than this get a progress bar instead of per-stage messages
HANDFUL = 5


def slugify(text: str, limit: int = 60) -> str:
    """ASCII, lower case, words joined by '-'.

    >>> slugify("Café opens on the square!")
    'cafe-opens-on-the-square'
    """
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s[:limit].rstrip("-")


def thread_slug(thread: Thread, stem: str, several: bool) -> str:
    """The folder name of a thread before de-duplication (see the module docstring)."""
    if not several:
        return safe_name(stem, "thread")
    title = slugify(thread.post.title or "", 48)
    tid = slugify(thread.thread_id or "", 24)
    if title and tid and tid not in title:
        return f"{title}-{tid}"
    return title or (f"{slugify(stem, 30)}-{tid}" if tid else slugify(stem, 40)) or "thread"


def unique(name: str, used: set) -> str:
    out, k = name, 1
    while out in used:
        k += 1
        out = f"{name}-{k}"
    used.add(out)
    return out


@dataclass
class Planned:
    thread: Thread
    slug: str


@dataclass
class BatchResult:
    """What a batch wrote: one entry per thread, and the corpus folder (or None)."""

    threads: list = field(default_factory=list)     # (slug, out_dir, Analysis, files)
    corpus_dir: Optional[Path] = None
    corpus_files: list = field(default_factory=list)


def plan(inputs, *, input_format: Optional[str] = None, options=None) -> tuple[list, str]:
    """Read every input; return the threads with their folder names, and the corpus name."""
    from .readers import input_files, read_threads

    files = input_files(inputs)
    per_file = [(f, read_threads(f, format=input_format, options=options)) for f in files]
    corpus_name = input_name(inputs[0], "corpus") if len(inputs) == 1 else "combined"
    used: set = {corpus_name} if sum(len(t) for _, t in per_file) > 1 else set()
    out = []
    for f, threads in per_file:
        for t in threads:
            out.append(Planned(t, unique(thread_slug(t, Path(str(f)).stem, len(threads) > 1), used)))
    return out, corpus_name


def input_name(path, fallback: str) -> str:
    """The folder name an input gives: its stem (``dump.txt`` → ``dump``), made safe;
    ``.`` and ``..`` are named after the folder they mean.

    >>> input_name("dump.txt", "x"), input_name("...txt", "x"), input_name("a/..", "x") == "x"
    ('dump', 'x', False)
    """
    p = Path(str(path))
    stem = p.stem if p.name not in ("", ".", "..") else Path(os.path.abspath(p)).name
    return safe_name(stem, fallback)


#: by default, per-thread PDF/PNG reports are drawn for this many of the largest threads
#: of a multi-thread input (every thread still gets its JSON and CSV tables)
THREAD_PDFS = 10
#: the drawn formats (per-thread PDFs are for the threads a user asks for)
DRAWN = ("pdf", "png")
#: the names a thread or corpus report writes: what a rerun replaces in a folder written
#: before manifests (anything else in it is the user's and is kept)
CORPUS_NAMES = ("report.pdf", "threads_overview.png", "sentiment_by_thread.png",
                "stance_shares.png", "corpus.json", "threads.csv", "config.toml")


def drawn_threads(planned: Sequence[Planned], which="largest") -> set:
    """The slugs whose PDF/PNG report is drawn: every thread of a one-thread input;
    otherwise ``which``: ``"all"``, ``"none"``, a whole number N (the N largest threads by
    comments, ties in reading order), ``"largest"`` (:data:`THREAD_PDFS` of them) or a
    collection of slugs.

    >>> from discourse.model import Comment, Post, Thread
    >>> ps = [Planned(Thread(Post("p"), tuple(Comment(i, "c") for i in range(n))), f"t{n}")
    ...       for n in (1, 5, 3)]
    >>> sorted(drawn_threads(ps, 2)), sorted(drawn_threads(ps, "none")), sorted(drawn_threads(ps[:1]))
    (['t3', 't5'], [], ['t1'])
    """
    if len(planned) <= 1 or which == "all":
        return {p.slug for p in planned}
    if which == "none":
        return set()
    if which == "largest":
        which = THREAD_PDFS
    if isinstance(which, int):
        order = sorted(range(len(planned)), key=lambda k: (-len(planned[k].thread.comments), k))
        return {planned[k].slug for k in order[:which]}
    return set(which)


def _analyse_and_write(job):
    """One thread: analyse it and write its report (a worker's whole task)."""
    from .pipeline import analyse
    from .report import REPORT_NAMES, write_report

    item, config, out, formats, context, baseline, config_source, tell, workers, run, quiet = job
    with warnings.catch_warnings():
        if quiet:   # -q: nothing but errors (a worker process does not inherit filters)
            warnings.simplefilter("ignore")
        started = time.perf_counter()
        analysis = analyse(item.thread, config, context=context, baseline=baseline,
                           progress=tell)
        out_dir = inside(out, item.slug)

        def write(tmp):
            files = write_report(analysis, tmp, formats, workers=workers, run_id=run)
            return files + [write_config(config, tmp, config_source)]

        files = publish(out_dir, write, run, owned=REPORT_NAMES)
    return item.slug, out_dir, analysis, files, time.perf_counter() - started


def default_jobs() -> int:
    """All cores this process may use."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(inputs, config: Config = Config(), out: str | Path = "reports", *,
        input_format: Optional[str] = None, options=None, quiet: bool = False,
        say: Optional[Callable[[str], None]] = None,
        config_source: Optional[str] = None, context: Sequence[str] = (),
        baseline=None, jobs: int = 1, thread_pdfs="largest",
        run: Optional[str] = None) -> BatchResult:
    """Read, analyse and write every thread of ``inputs``, then the corpus report.

    ``context`` documents and a ``baseline`` are passed to :func:`~discourse.analyse`
    for every thread. Every thread gets its tables (JSON, CSV); the PDF/PNG report is
    drawn for the threads :func:`drawn_threads` picks from ``thread_pdfs``. ``jobs`` > 1
    analyses threads in that many worker processes when there are more than
    :data:`HANDFUL` (results are the same, in the same order: each thread's analysis is
    deterministic on its own).

    ``say`` receives progress messages (default: stderr unless ``quiet``). With more
    than :data:`HANDFUL` threads, a progress bar replaces the per-stage messages;
    ``quiet`` also silences warnings.

    ``run`` is the run id written into each folder's ``MANIFEST.json`` and PDF
    (default: :func:`run_key` of the inputs and options).
    """
    from .pipeline import analyse_corpus
    from .report.corpus import write_corpus_report

    if say is None:
        say = (lambda m: None) if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    check_output_root(out)
    if config_source:
        say(f"config: {config_source}")
    planned, corpus_name = plan(inputs, input_format=input_format, options=options)
    if run is None:
        run = run_key(inputs, config, input_format=input_format, options=options,
                      context=context, thread_pdfs=thread_pdfs)
    drawn = drawn_threads(planned, thread_pdfs)
    many = len(planned) > HANDFUL
    if jobs > 1 and not many and drawn and all(f in config.formats for f in DRAWN):
        from .report import start_drawing_process

        start_drawing_process()   # its start overlaps the analysis
    bar = Progress(len(planned), enabled=many and not quiet)
    result = BatchResult()
    skipped = [p.slug for p in planned if p.slug not in drawn]
    if skipped and any(f in config.formats for f in DRAWN):
        say(f"PDF/PNG reports for {len(drawn)} of {len(planned)} threads (the largest; "
            "--thread-pdfs all draws every one); tables for all")

    def job(n, item):
        prefix = f"[{n}/{len(planned)}] " if len(planned) > 1 else ""
        formats = tuple(f for f in config.formats if f not in DRAWN or item.slug in drawn)
        tell = None
        if not many and jobs <= 1:
            say(f"{prefix}{item.thread.source}: {item.slug}")
            for note in item.thread.notes:
                say(f"{prefix}note: {note}")
            tell = (lambda m, slug=item.slug: say(f"{prefix}{slug}: {m}"))
        # one thread at a time in this process: its PNGs can take the second core
        workers = 1 if (jobs > 1 and len(planned) > HANDFUL) else jobs
        return (item, config, out, formats, context, baseline, config_source, tell, workers, run,
                quiet)

    if jobs > 1 and len(planned) > HANDFUL:  # a handful: starting workers costs more
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver: workers do not inherit a drawing process's font state
        ctx = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(planned)), mp_context=ctx)
        try:
            for done in pool.map(_analyse_and_write,
                                 (job(n, it) for n, it in enumerate(planned, 1))):
                bar.step(done[0])
                result.threads.append(done)
        except BaseException:   # interrupted: threads not started keep their old report
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    else:
        for n, item in enumerate(planned, 1):
            bar.step(item.slug)
            result.threads.append(_analyse_and_write(job(n, item)))
    bar.done()
    if len(planned) > 1:
        say(f"corpus: {len(planned)} threads")
        with warnings.catch_warnings():
            if quiet:
                warnings.simplefilter("ignore")
            corpus = analyse_corpus([a for _, _, a, _, _ in result.threads], config,
                                    name=corpus_name)
            result.corpus_dir = inside(out, corpus_name, "corpus")

            def write(tmp):
                files = write_corpus_report(corpus, tmp, config.formats, run_id=run,
                                            slugs=[s for s, *_ in result.threads])
                return files + [write_config(config, tmp, config_source)]

            result.corpus_files = publish(result.corpus_dir, write, run, owned=CORPUS_NAMES)
    return result


def run_key(inputs, config: Config, *extra, **options) -> str:
    """The run id of a batch (:func:`discourse.output.run_id`): the bytes of every input
    file, the effective config and the other options that decide the output — never the
    time or the output folder, so the same run writes the same files."""
    from .readers import input_files

    files = [f if isinstance(f, Path) else Path(str(f)) for f in input_files(inputs)]
    return run_id(*files, config.to_toml(), *extra, *sorted(options.items()))


def write_config(config: Config, out_dir: Path, source: Optional[str] = None) -> Path:
    """``config.toml`` beside a report: the effective options, ready for ``--config``."""
    path = Path(out_dir) / "config.toml"
    head = f"# effective options of this report (from {source or 'defaults'} and flags)\n"
    path.write_text(head + config.to_toml(), encoding="utf-8")
    return path
