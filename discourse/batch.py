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


def run(inputs, config: Config = Config(), out: str | Path = "reports", *,
        input_format: Optional[str] = None, options=None, quiet: bool = False,
        say: Optional[Callable[[str], None]] = None,
        config_source: Optional[str] = None, context: Sequence[str] = (),
        baseline=None) -> BatchResult:
    """Read, analyse and write every thread of ``inputs``, then the corpus report.

    ``context`` documents and a ``baseline`` are passed to :func:`~discourse.analyse`
    for every thread.

    ``say`` receives progress messages (default: stderr unless ``quiet``). With more
    than :data:`HANDFUL` threads, a progress bar replaces the per-stage messages.
    """
    from .pipeline import analyse, analyse_corpus
    from .report import write_report
    from .report.corpus import write_corpus_report

    if say is None:
        say = (lambda m: None) if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    if config_source:
        say(f"config: {config_source}")
    planned, corpus_name = plan(inputs, input_format=input_format, options=options)
    many = len(planned) > HANDFUL
    bar = Progress(len(planned), enabled=many and not quiet)
    result = BatchResult()
    for n, item in enumerate(planned, 1):
        started = time.perf_counter()
        t = item.thread
        prefix = f"[{n}/{len(planned)}] " if len(planned) > 1 else ""
        tell = (lambda m: None) if many else say
        bar.step(item.slug)
        tell(f"{prefix}{t.source}: {item.slug}")
        for note in t.notes:
            tell(f"{prefix}note: {note}")
        analysis = analyse(t, config, context=context, baseline=baseline,
                           progress=lambda m: tell(f"{prefix}{item.slug}: {m}"))
        out_dir = Path(out) / item.slug
        files = write_report(analysis, out_dir, config.formats)
        files.append(write_config(config, out_dir, config_source))
        result.threads.append((item.slug, out_dir, analysis, files,
                               time.perf_counter() - started))
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
