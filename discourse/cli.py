"""Command line: a thin layer over the Python API (no analysis logic lives here).

Exit codes: 0 ok; 1 bad input (one line naming the file and, where known, the line) or
an output that cannot be written (one line naming the path: a full disk, a folder that
is not writable, a path that is a file); 2 usage; 3 an internal error (one line;
``--debug`` shows the traceback); 130 interrupted (Ctrl-C or SIGTERM): what was being
written is removed and the previous report stays.
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional, Sequence

from ._version import version
from .config import FORMATS, Config, ConfigError, target_spec_error
from .errors import InputError, OutputError

EPILOG_REPORT = """examples:
  discourse report seeds/004_4500fd412262c0e1.txt
      -> reports/004_4500fd412262c0e1/{report.pdf, *.png, comments.csv, analysis.json}
  discourse report dump.txt --clusters 4 --seed 1 -o out/
  discourse report a.txt b.txt --format pdf,json -q
  discourse report dump.txt --config discourse.toml   (keys as in discourse.Config)
  discourse report export.xml        -> reports/<thread-slug>/ per post + reports/export/corpus/
  discourse report threads/          -> every file in the folder, plus reports/threads/corpus/
  discourse report rows.csv --post post.txt --columns text=msg,author=who
  discourse report page.dat --input-format html      (see 'discourse formats')
  discourse report dump.txt --target "Trump=Trump,Donald Trump,Mango" --target NATO
      (targets to follow besides those found in the thread: NAME=ALIAS,ALIAS,...)
"""
EPILOG_SPLIT = """examples:
  discourse split seeds/004_4500fd412262c0e1.txt             # readable listing
  discourse split dump.txt --format json -o dump.split.json  # for scripts and the scorer
  discourse split dump.txt --post-end 12                     # the post is lines 1-12
  discourse split dump.txt --post-end '^Thanks for reading'  # ... ends at that line
"""
EPILOG_SWEEP = """examples:
  discourse sweep seeds/004_4500fd412262c0e1.txt --k 2..8
      -> prints the table, writes reports/004_4500fd412262c0e1/sweep.png
  discourse report seeds/004_4500fd412262c0e1.txt --clusters 3   (then use the k you chose)
"""
EPILOG_FORMATS = """examples:
  discourse formats
  discourse report export.xml --input-format wxr     # force a format by its name
"""
EPILOG_MAIN = """examples:
  discourse report seeds/004_4500fd412262c0e1.txt
  discourse split seeds/004_4500fd412262c0e1.txt --format json
  discourse formats

Run 'discourse COMMAND --help' for a command's options."""


POST_END_HELP = ("where the post ends: its last line's number (1-based), or a regular "
                 "expression matching that line (default: found by the splitter)")


def _clusters(value: str):
    """Parse ``auto`` or a whole number; whether the value is allowed is Config's rule."""
    if value == "auto":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected 'auto' or a whole number, got {value!r}")


def _whole(value: str, flag: str, minimum: int, words: str = "a whole number") -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {words}, got {value!r}")
    if n < minimum:
        raise argparse.ArgumentTypeError(f"{flag} must be at least {minimum}")
    return n


def _jobs(value: str) -> int:
    return _whole(value, "--jobs", 1)


def _thread_pdfs(value: str):
    if value in ("all", "none", "largest"):
        return value
    return _whole(value, "--thread-pdfs", 0, "a number, 'all' or 'none'")


def _batch_default() -> int:
    return 10  # batch.THREAD_PDFS, without importing the batch module for --help


def _k_range(value: str):
    try:
        if ".." in value:
            lo, hi = (int(x) for x in value.split(".."))
            ks = list(range(lo, hi + 1))
        else:
            ks = [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected LO..HI or a list like 2,4,6, got {value!r}")
    if not ks or min(ks) < 2:
        raise argparse.ArgumentTypeError("k values must be whole numbers of at least 2")
    return ks


def _formats(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip().lower() for p in value.split(",") if p.strip())
    bad = [p for p in parts if p not in FORMATS]
    if bad or not parts:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(bad) or '(none)'}; choose from {','.join(FORMATS)}")
    return parts


def _columns(value: str) -> tuple[tuple[str, str], ...]:
    from .readers.rows import DEFAULT_COLUMNS

    pairs = []
    for part in value.split(","):
        if not part.strip():
            continue
        field, sep, col = part.partition("=")
        field = field.strip().lower()
        if not sep or not col.strip():
            raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN, got {part!r}")
        if field not in DEFAULT_COLUMNS:
            raise argparse.ArgumentTypeError(
                f"unknown field {field!r}; fields: {', '.join(DEFAULT_COLUMNS)}")
        pairs.append((field, col.strip()))
    return tuple(pairs)


def _target(value: str) -> str:
    problem = target_spec_error(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r}: {problem}")
    return value.strip()


def _input_format(value: str) -> str:
    from .readers import READERS

    if value not in READERS:
        raise argparse.ArgumentTypeError(f"unknown input format {value!r}; "
                                         f"choose from {', '.join(READERS)}")
    return value


def _bytes(value: str) -> int:
    """A size: a whole number of bytes, or with K, M or G (powers of 1024): ``50M``."""
    v = value.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(v[-1:], 1)
    n = _whole(v[:-1] if scale > 1 else v, "--max-line-bytes", 1, "a size such as 50M")
    return n * scale


def _add_input_options(p) -> None:
    p.add_argument("--input-format", "--from", dest="input_format", type=_input_format,
                   metavar="NAME", default=None,
                   help="read inputs as this format (default: by extension and content; "
                        "see 'discourse formats')")
    p.add_argument("--post-end", metavar="LINE|REGEX", default=None, help=POST_END_HELP)
    p.add_argument("--post", metavar="FILE", default=None,
                   help="CSV/JSONL: a text file holding the post the rows comment on")
    p.add_argument("--columns", type=_columns, default=(), metavar="FIELD=COL,...",
                   help="CSV/JSONL: column names for text, author, id, parent, timestamp, "
                        "thread, type, title (default: common names, see README)")
    p.add_argument("--max-line-bytes", type=_bytes, default=None, metavar="N",
                   help="refuse an input with a line longer than this (e.g. 50M; default: "
                        f"{Config.max_line_bytes >> 20}M)")
    p.add_argument("--max-comments", type=lambda v: _whole(v, "--max-comments", 1), default=None,
                   metavar="N", help="refuse a thread of more comments than this "
                                     f"(default: {Config.max_comments:,})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discourse", description="What a comment section thinks: split a comment dump "
        "into post and comments, score sentiment, find the camps, and report.",
        epilog=EPILOG_MAIN, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"discourse {version()}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    rep = sub.add_parser("report", help="analyse dumps and write PDF/PNG/CSV/JSON reports",
                         description="Analyse each INPUT and write its report into OUT/<input name>/.",
                         epilog=EPILOG_REPORT, formatter_class=argparse.RawDescriptionHelpFormatter)
    rep.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="input files or folders: text dumps, exports, saved pages "
                          "(see 'discourse formats')")
    rep.add_argument("-o", "--out", default="reports", metavar="DIR",
                     help="parent folder of the reports (default: reports)")
    rep.add_argument("--clusters", type=_clusters, default=None, metavar="auto|N",
                     help="number of stances, or 'auto' to choose by silhouette (default: auto)")
    rep.add_argument("--seed", type=int, default=None, metavar="N",
                     help="random seed; the same seed gives the same report (default: 0)")
    rep.add_argument("--format", type=_formats, default=None, metavar="LIST",
                     help=f"comma-separated outputs (default: {','.join(FORMATS)})")
    rep.add_argument("--config", metavar="FILE",
                     help="TOML file of options (see discourse.Config; default: "
                          "discourse.toml in the working directory when present)")
    rep.add_argument("--context", nargs="+", default=(), metavar="FILE",
                     help="documents on the same story (e.g. news articles): they join the "
                          "term statistics and the 'what readers add' contrast")
    rep.add_argument("--baseline", metavar="ANALYSIS_JSON",
                     help="an earlier analysis.json of this thread: start from its stance "
                          "model, keep its stance ids and report what is new since and which "
                          "comments moved")
    rep.add_argument("--refit", action="store_true",
                     help="with --baseline: cluster from scratch and match the new stances "
                          "to the baseline's by shared comments, instead of starting from "
                          "its saved model")
    rep.add_argument("--target", action="append", type=_target, default=None,
                     metavar="NAME[=ALIAS,...]", dest="targets",
                     help="a target to report sentiment toward, with the words that name it "
                          "(repeatable; joins the targets found in the thread)")
    rep.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                     help="threads analysed in N worker processes (default: all cores; "
                          "1: in this process)")
    rep.add_argument("--thread-pdfs", type=_thread_pdfs, default="largest", metavar="N|all|none",
                     help="of a multi-thread input, draw the PDF/PNG report of the N largest "
                          f"threads, all or none (default: {_batch_default()}); every thread "
                          "gets its JSON/CSV tables and the corpus report covers all")
    rep.add_argument("--large", action=argparse.BooleanOptionalAction, default=None,
                     help="large-input mode: all inputs as one corpus, read in parts on all "
                          "cores, stances chosen on a sample, one report from aggregates; no "
                          "per-thread reports (default: on above 64 MB of input)")
    rep.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="large-input mode: run the parts in local worker processes or on "
                          "a Dask cluster (needs the dask extra; implies --large)")
    rep.add_argument("--scheduler", metavar="tcp://HOST:PORT", default=None,
                     help="with --engine dask: the cluster's scheduler (default: start a "
                          "local cluster of --jobs workers)")
    rep.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    _add_input_options(rep)

    swp = sub.add_parser("sweep", help="compare numbers of stances: separation and stability per k",
                         description="Fit the stance clusterer at each k and print silhouette, "
                         "Calinski-Harabasz, stability and sizes; write sweep.png.",
                         epilog=EPILOG_SWEEP, formatter_class=argparse.RawDescriptionHelpFormatter)
    swp.add_argument("input", metavar="INPUT", help="a comment dump")
    swp.add_argument("--k", type=_k_range, default=range(2, 11), metavar="LO..HI",
                     help="the k to try, e.g. 2..10 (default) or 3,5,8")
    swp.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default: 0)")
    swp.add_argument("-o", "--out", default="reports", metavar="DIR",
                     help="parent folder of sweep.png (default: reports)")

    spl = sub.add_parser("split", help="show how a dump splits into post, footer and comments",
                         description="Split INPUT into post, footer and comments, with reply links.",
                         epilog=EPILOG_SPLIT, formatter_class=argparse.RawDescriptionHelpFormatter)
    spl.add_argument("input", metavar="INPUT", help="a comment dump or export holding one thread")
    spl.add_argument("--format", choices=("text", "json"), default="text",
                     help="text: a readable listing; json: line spans and links (default: text)")
    spl.add_argument("-o", "--out", metavar="FILE", help="write here instead of standard output")
    _add_input_options(spl)

    sub.add_parser("formats", help="list the input formats, one line each",
                   description="List the input formats discourse reads: name, extensions, "
                               "what it is.", epilog=EPILOG_FORMATS,
                   formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def _config(args) -> tuple[Config, Optional[str]]:
    from .config import load_config

    try:
        config, source = load_config(args.config)
    except OSError as err:
        raise InputError(args.config, err.strerror or str(err))
    except ValueError as err:   # TOML syntax, unknown keys, wrong types
        msg = str(err)
        where = args.config or "discourse.toml"
        raise InputError(where, msg[len(where) + 2:] if msg.startswith(f"{where}: ") else msg)
    changes = {k: v for k, v in (("clusters", args.clusters), ("seed", args.seed),
                                 ("formats", args.format), ("max_line_bytes", args.max_line_bytes),
                                 ("max_comments", args.max_comments)) if v is not None}
    if getattr(args, "targets", None):
        changes["targets"] = tuple(dict.fromkeys((*config.targets, *args.targets)))
    return config.replace(**changes), source


def _read_options(args, config: Optional[Config] = None):
    from .readers import ReadOptions

    config = config or Config()
    return ReadOptions(post_end=args.post_end, post=args.post, columns=args.columns,
                       max_line_bytes=args.max_line_bytes or config.max_line_bytes,
                       max_comments=args.max_comments or config.max_comments)


def cmd_report(args) -> int:
    from . import batch

    from .readers.auxiliary import read_baseline, read_context

    config, source = _config(args)
    context = [read_context(p) for p in args.context]
    if args.refit and not args.baseline:
        raise InputError("--refit", "needs --baseline ANALYSIS_JSON")
    baseline = read_baseline(args.baseline, refit=args.refit) if args.baseline else None
    flags = [f"--{k}" for k in ("clusters", "seed", "format") if getattr(args, k) is not None]
    if args.targets:
        flags.append("--target")
    if flags:
        source = f"{source or 'defaults'} + {' '.join(flags)}"
    options = _read_options(args, config)
    if _large(args):
        with quiet_warnings(args.quiet):
            return _report_large(args, config, source)
    run = batch.run_key(args.inputs, config, *(Path(p) for p in args.context),
                        *((Path(args.baseline), args.refit) if args.baseline else ()),
                        input_format=args.input_format, options=options,
                        thread_pdfs=args.thread_pdfs)
    with quiet_warnings(args.quiet):
        result = batch.run(args.inputs, config, args.out, input_format=args.input_format,
                           options=options, quiet=args.quiet,
                           config_source=source, context=context, baseline=baseline,
                           jobs=args.jobs or batch.default_jobs(),
                           thread_pdfs=args.thread_pdfs, run=run)
    if not args.quiet:
        for slug, out_dir, analysis, files, seconds in result.threads:
            names = ", ".join(f.name for f in files)
            print(f"{out_dir}/  ({len(analysis.thread.comments)} comments, "
                  f"{len(analysis.stances)} stances, {seconds:.1f}s): {names}")
        if result.corpus_dir is not None:
            print(f"{result.corpus_dir}/  (corpus of {len(result.threads)} threads): "
                  + ", ".join(f.name for f in result.corpus_files))
    return 0


@contextmanager
def quiet_warnings(quiet: bool):
    """With ``-q``: no warnings (matplotlib's missing glyphs, scikit-learn's convergence
    notes) and matplotlib logs only errors; errors themselves still reach stderr."""
    import logging
    import warnings

    if not quiet:
        yield
        return
    log = logging.getLogger("matplotlib")
    level = log.level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        log.setLevel(logging.ERROR)
        try:
            yield
        finally:
            log.setLevel(level)


def _large(args) -> bool:
    """Whether ``report`` takes the large-input mode (see ``--large``)."""
    from .large import LARGE_BYTES, input_size

    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler", "needs --engine dask")
    if args.large is not None:
        if args.large is False and args.engine == "dask":
            raise InputError("--engine dask", "runs the large-input mode; drop --no-large")
        return args.large
    if args.engine == "dask":
        return True
    big = input_size(args.inputs) > LARGE_BYTES
    if big and not args.quiet:
        print(f"discourse: input above {LARGE_BYTES >> 20} MB: large-input mode "
              "(--no-large for a report per thread)", file=sys.stderr)
    return big


def _report_large(args, config, source) -> int:
    from . import batch
    from .large import report
    from .large.engines import EngineUnavailable

    if args.baseline or args.context:
        raise InputError("--large", "does not take --baseline or --context (they are "
                                    "per-thread options)")
    try:
        out_dir, files, analysis = report(
            args.inputs, config, args.out, input_format=args.input_format,
            options=_read_options(args, config), engine=args.engine, scheduler=args.scheduler,
            jobs=args.jobs or batch.default_jobs(), quiet=args.quiet, config_source=source)
    except EngineUnavailable as err:   # the dask extra is missing
        raise InputError("--engine dask", str(err)) from None
    if not args.quiet:
        print(f"{out_dir}/  ({analysis.n_comments:,} comments in {len(analysis.threads):,} "
              f"threads, {len(analysis.stances)} stances, large-input mode): "
              + ", ".join(f.name for f in files))
    return 0


def cmd_formats(args) -> int:
    from .readers import describe_formats

    sys.stdout.write(describe_formats())
    return 0


def cmd_sweep(args) -> int:
    from .cluster import sweep
    from .readers import read_thread
    from .report.sweep import write_sweep_png

    from .batch import input_name
    from .output import check_output_root, inside, replace_file

    check_output_root(args.out)
    folder = inside(args.out, input_name(args.input, "sweep"))
    thread = read_thread(args.input)
    table = sweep(thread, k=args.k, random_state=args.seed)
    print(table.to_markdown())
    path = replace_file(folder / "sweep.png", lambda tmp: write_sweep_png(table, tmp))
    print(f"\nwrote {path}")
    return 0


def split_listing(thread) -> str:
    """A readable listing of a split (what ``discourse split`` prints): one block per
    comment with its number, lines, the comment it replies to and why, and a '?' on
    boundaries the splitter is unsure of."""
    from .split import LOW_BOUNDARY_CONFIDENCE as LOW_CONFIDENCE

    out = []
    post = thread.post
    out.append(f"post      lines {post.start_line}-{post.end_line}"
               + (f"  title: {post.title}" if post.title else ""))
    if thread.footer_lines:
        out.append(f"footer    lines {thread.footer_lines[0]}-{thread.footer_lines[1]}")
    out.append(f"comments  {len(thread.comments)}")
    for note in thread.notes:
        out.append(f"note      {note}")
    low = 0
    for c in thread.comments:
        conf = c.boundary_confidence
        mark = "?" if conf is not None and conf < LOW_CONFIDENCE else " "
        low += mark == "?"
        lines = f"line {c.start_line}" if c.start_line == c.end_line else f"lines {c.start_line}-{c.end_line}"
        who = "".join(f"  {x}" for x in (c.author, c.timestamp) if x)
        out.append("")
        out.append(f"{mark}#{c.index:<4} {lines}{who}"
                   + (f"  (boundary confidence {conf:.2f})" if mark == "?" else ""))
        if c.parent is not None:
            why = f" ({c.reply_evidence}" + (f", {c.reply_confidence:.2f}" if c.reply_confidence is not None else "") + ")"
            out.append(f"       \u21b3 replies to #{c.parent}{why if c.reply_evidence else ''}")
        text = " ".join(c.text.split())
        out.append("       " + (text[:150] + ("…" if len(text) > 150 else "")))
    if low:
        out.append("")
        out.append(f"? marks {low} boundar{'y' if low == 1 else 'ies'} with confidence below {LOW_CONFIDENCE}")
    return "\n".join(out) + "\n"


def cmd_split(args) -> int:
    from .readers import read_thread
    from .split import split_to_dict

    thread = read_thread(args.input, format=args.input_format, options=_read_options(args))
    if args.format == "json":
        text = json.dumps(split_to_dict(thread), ensure_ascii=False, indent=1) + "\n"
    else:
        text = split_listing(thread)
    if args.out:
        from .output import replace_file

        replace_file(args.out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The ``discourse`` command; returns the exit code (see the module docstring)."""
    from .output import interrupts_raised

    with interrupts_raised():   # SIGTERM: the same clean-up as Ctrl-C
        try:
            return _main(argv)
        except KeyboardInterrupt:   # also while parsing or importing
            print(f"discourse: interrupted, {INTERRUPTED}", file=sys.stderr)
            _forget_unhandled_interrupt()
            return 130


def entry() -> None:
    """The ``discourse`` program (console script, ``python -m discourse``): SIGTERM acts
    as Ctrl-C from the start, and once :func:`main` is done both are ignored, so a
    signal while the interpreter shuts down changes neither the work nor the exit code."""
    from .output import ignore_interrupts, terminate_as_interrupt

    code = None
    try:
        terminate_as_interrupt()
        code = main()
    except KeyboardInterrupt:   # before main() could catch it, or after it returned
        pass
    finally:
        ignore_interrupts()
    if code is None:
        print(f"discourse: interrupted, {INTERRUPTED}", file=sys.stderr)
        _forget_unhandled_interrupt()
        code = 130
    sys.exit(code)


def _forget_unhandled_interrupt() -> None:
    """Keep the exit code 130. CPython kills itself with SIGINT at exit when a
    KeyboardInterrupt once left code it ran through ``PyRun_String`` (Cython modules run
    import-time code that way), even when Python code caught it later; running an empty
    string the same way clears that note."""
    try:
        import ctypes

        ctypes.pythonapi.PyRun_SimpleString(b"")
    except Exception:   # not CPython: nothing to clear
        pass


#: what an interrupted run leaves (see discourse.output)
INTERRUPTED = "previous report kept"


def _main(argv: Optional[Sequence[str]]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return {"report": cmd_report, "split": cmd_split, "sweep": cmd_sweep,
                "formats": cmd_formats}[args.command](args)
    except InputError as err:
        print(f"discourse: error: {err}", file=sys.stderr)
        return 1
    except OutputError as err:
        print(f"discourse: error: {err}", file=sys.stderr)
        return 1
    except ConfigError as err:  # a setting from the command line (files: InputError)
        print(f"discourse: error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # e.g. an output folder that cannot be written
        print(f"discourse: error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 1
    except Exception as err:  # a bug: say so in one line unless asked for the traceback
        from .output import interrupted

        if interrupted(err):   # raised while an interrupt unwound: the interrupt
            raise KeyboardInterrupt from err
        if args.debug:
            raise
        print(f"discourse: internal error: {type(err).__name__}: {err} "
              "(rerun with --debug for the traceback)", file=sys.stderr)
        return 3
