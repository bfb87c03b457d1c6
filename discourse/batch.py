"""Many threads at once: read every input, write a report per thread, and a corpus
report comparing them when there is more than one.

``discourse report export.xml`` (or a folder, or several files, or a JSONL with a thread
column) writes ``OUT/<thread-slug>/`` for each thread and ``OUT/<name>/corpus/`` for the
corpus, where ``<name>`` is the input's stem (a file or a folder), or ``combined`` when
several inputs are given.

Folder names are predictable: a file holding one thread keeps its stem
(``dump.txt`` → ``dump``); a thread of a multi-thread file gets a slug of its title and
its id in the source (``bike-lanes-on-main-street-11``), ASCII, lower case, at most 60
characters; a clash gets ``-2``, ``-3``, … in reading order.
"""
from __future__ import annotations

import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .config import Config
from .model import Thread
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
        return stem
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
    corpus_name = (Path(str(inputs[0])).stem or "corpus") if len(inputs) == 1 else "combined"
    used: set = {corpus_name} if sum(len(t) for _, t in per_file) > 1 else set()
    out = []
    for f, threads in per_file:
        for t in threads:
            out.append(Planned(t, unique(thread_slug(t, Path(str(f)).stem, len(threads) > 1), used)))
    return out, corpus_name


#: by default, per-thread PDF/PNG reports are drawn for this many of the largest threads
#: of a multi-thread input (every thread still gets its JSON and CSV tables)
THREAD_PDFS = 10
#: the drawn formats (per-thread PDFs are for the threads a user asks for)
DRAWN = ("pdf", "png")


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
    from .report import write_report

    item, config, out, formats, context, baseline, config_source, tell, workers = job
    started = time.perf_counter()
    analysis = analyse(item.thread, config, context=context, baseline=baseline,
                       progress=tell)
    out_dir = Path(out) / item.slug
    files = write_report(analysis, out_dir, formats, workers=workers)
    files.append(write_config(config, out_dir, config_source))
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
        baseline=None, jobs: int = 1, thread_pdfs="largest") -> BatchResult:
    """Read, analyse and write every thread of ``inputs``, then the corpus report.

    ``context`` documents and a ``baseline`` are passed to :func:`~discourse.analyse`
    for every thread. Every thread gets its tables (JSON, CSV); the PDF/PNG report is
    drawn for the threads :func:`drawn_threads` picks from ``thread_pdfs``. ``jobs`` > 1
    analyses threads in that many worker processes when there are more than
    :data:`HANDFUL` (results are the same, in the same order: each thread's analysis is
    deterministic on its own).

    ``say`` receives progress messages (default: stderr unless ``quiet``). With more
    than :data:`HANDFUL` threads, a progress bar replaces the per-stage messages.
    """
    from .pipeline import analyse_corpus
    from .report.corpus import write_corpus_report

    if say is None:
        say = (lambda m: None) if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    if config_source:
        say(f"config: {config_source}")
    planned, corpus_name = plan(inputs, input_format=input_format, options=options)
    drawn = drawn_threads(planned, thread_pdfs)
    many = len(planned) > HANDFUL
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
        return (item, config, out, formats, context, baseline, config_source, tell, workers)

    if jobs > 1 and len(planned) > HANDFUL:  # a handful: starting workers costs more
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver: workers do not inherit a drawing process's font state
        ctx = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=min(jobs, len(planned)), mp_context=ctx) as pool:
            for done in pool.map(_analyse_and_write,
                                 (job(n, it) for n, it in enumerate(planned, 1))):
                bar.step(done[0])
                result.threads.append(done)
    else:
        for n, item in enumerate(planned, 1):
            bar.step(item.slug)
            result.threads.append(_analyse_and_write(job(n, item)))
    bar.done()
    if len(planned) > 1:
        say(f"corpus: {len(planned)} threads")
        corpus = analyse_corpus([a for _, _, a, _, _ in result.threads], config,
                                name=corpus_name)
        result.corpus_dir = Path(out) / corpus_name / "corpus"
        result.corpus_files = write_corpus_report(
            corpus, result.corpus_dir, config.formats, slugs=[s for s, *_ in result.threads])
        result.corpus_files.append(write_config(config, result.corpus_dir, config_source))
    return result


def write_config(config: Config, out_dir: Path, source: Optional[str] = None) -> Path:
    """``config.toml`` beside a report: the effective options, ready for ``--config``."""
    path = Path(out_dir) / "config.toml"
    head = f"# effective options of this report (from {source or 'defaults'} and flags)\n"
    path.write_text(head + config.to_toml(), encoding="utf-8")
    return path
