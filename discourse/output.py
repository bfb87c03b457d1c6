"""Outputs that are whole or absent.

A report folder is written into a temporary sibling, ``.NAME.tmp-PID-RAND``, given a
``MANIFEST.json`` (every file's size and sha256, and the run id), and only then put in
place of the previous folder in one step: Linux's ``renameat2(RENAME_EXCHANGE)`` swaps
the two folders atomically and the old one (now under the temporary name) is removed.
Where that call is missing, the old folder is renamed to ``.NAME.old-PID-RAND`` and the
new one renamed into place, with SIGINT and SIGTERM held back between the two renames;
only a SIGKILL or a crash of the machine in that gap leaves no ``NAME``, and the next
run renames ``.NAME.old-…`` back (:func:`clean_stale`). An interruption at any other
point leaves the complete previous folder and a temporary one the next run into the same
parent removes. Files are not fsync'ed: this guards against interrupted runs, not
against power loss.

Files a user put into a report folder (``sweep.png``, a ``corpus/`` folder, notes) are
not the report's: they are not in its manifest, and they are carried into the new folder
as hard links (a copy where links are impossible), so a rerun never deletes them.

A single file (``split -o FILE``, ``sweep.png``) is written to ``.NAME.tmp-PID-RAND``
beside it and moved over it with :func:`os.replace`.

Failures while writing become :class:`~discourse.errors.OutputError` (one line naming
the path): any ``OSError``, and any other exception raised while the disk is all but
full (matplotlib and zlib report a full disk as e.g. "Error -2 while flushing:
inconsistent stream state").
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from ._signals import HELD_SIGNALS, signals_held  # noqa: F401  (re-exported)
from .errors import InputError, OutputError

#: the manifest's file name, in every report folder
MANIFEST = "MANIFEST.json"
#: a temporary folder whose process is still alive is left alone unless it is older
#: than this (its pid may have been reused by another process)
STALE_SECONDS = 6 * 3600
#: with less free space than this, an unexpected exception while writing is a full disk
LOW_SPACE_BYTES = 1 << 20
#: hex digits of a run id
RUN_ID_CHARS = 16
#: a folder or file name derived from an input is cut to this many bytes (UTF-8), leaving
#: room under the usual 255-byte limit for the temporary prefix and suffix
MAX_NAME_BYTES = 200
#: what OS errors mean to someone choosing where to write (otherwise: their strerror)
ERRNO_WORDS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "name too long",
}
#: the temporary names this module makes (and the only ones :func:`clean_stale` removes)
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)-(?P<token>[0-9a-f]{8})$")
RENAME_EXCHANGE = 2
AT_FDCWD = -100


# ------------------------------------------------------------------------ names, paths

def temp_name(name: str, kind: str = "tmp") -> str:
    """A temporary sibling's name for ``name``: ``.NAME.tmp-PID-RAND`` (or ``.old-``)."""
    return f".{name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def safe_name(name: str, fallback: str = "report") -> str:
    """A folder name made from an input's name that stays one level below its parent:
    no path separators or control characters, no leading dots (so never ``.`` or ``..``,
    nor a hidden name), at most :data:`MAX_NAME_BYTES` bytes.

    >>> safe_name("dump"), safe_name(".."), safe_name("../../etc"), safe_name("a/b\\x00c")
    ('dump', 'report', 'etc', 'abc')
    """
    s = "".join(ch for ch in str(name) if ch >= " " and ch not in "/\\\x7f")
    s = s.strip().lstrip(".").strip()
    s = s.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
    return s or fallback


def inside(root, *parts: str) -> Path:
    """``root/parts…``, refused with an :class:`OutputError` if it would land outside
    ``root`` (``..`` in a part, an absolute part, a symbolic link pointing elsewhere)."""
    root = Path(root)
    path = root.joinpath(*parts)
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real == real_root or os.path.commonpath([real_root, real]) != real_root:
        raise OutputError(path, f"would be written outside the output folder {root}")
    return path


def check_output_root(out) -> None:
    """Fail early, before any analysis, when ``out`` cannot become a writable folder:
    it (or a folder above it) is a file, or the nearest existing folder is read-only."""
    out = Path(out)
    probe = out
    while not os.path.lexists(probe):
        if probe.parent == probe:
            break
        probe = probe.parent
    if os.path.lexists(probe) and not probe.is_dir():
        raise OutputError(out, "exists and is not a folder" if probe == out
                          else f"cannot be created: {probe} is a file")
    if probe.is_dir() and not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(out, "permission denied" if probe == out
                          else f"cannot be created: {probe} is not writable")


# ---------------------------------------------------------------------------- run id

def run_id(*parts) -> str:
    """A run's id: a hash of what decides its output (the inputs' bytes, the options,
    the version), so the same run gives the same id and the same files. A part may be
    a :class:`~pathlib.Path` (its file's bytes are hashed), ``bytes`` or anything whose
    ``repr`` is stable.

    >>> run_id("a", b"b") == run_id("a", b"b") != run_id("a", b"c")
    True
    """
    from ._version import version

    h = hashlib.sha256()

    def feed(tag: bytes, data: bytes) -> None:
        h.update(tag + len(data).to_bytes(8, "big") + data)

    feed(b"v", version().encode())
    for part in parts:
        if isinstance(part, Path):
            feed(b"p", str(part).encode("utf-8", "surrogateescape"))
            if part.is_file():
                feed(b"f", file_digest(part).encode())
        elif isinstance(part, bytes):
            feed(b"b", part)
        else:
            feed(b"r", repr(part).encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:RUN_ID_CHARS]


def file_digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -------------------------------------------------------------------------- manifest

def manifest_of(folder, run: Optional[str]) -> dict:
    """Every file under ``folder`` but the manifest: relative path, size, sha256."""
    folder = Path(folder)
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST):
        files.append({"path": path.relative_to(folder).as_posix(),
                      "size": path.stat().st_size, "sha256": file_digest(path)})
    return {"run_id": run, "files": files}


def write_manifest(folder, run: Optional[str], skip: Iterable[str] = ()) -> Path:
    """``MANIFEST.json`` in ``folder`` (files under ``skip`` — carried-over entries that
    are not the report's — left out); returns its path."""
    from ._version import version

    data = manifest_of(folder, run)
    skip = tuple(skip)
    data["files"] = [f for f in data["files"]
                     if not any(f["path"] == s or f["path"].startswith(s + "/") for s in skip)]
    data["discourse"] = version()
    path = Path(folder) / MANIFEST
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_manifest(folder) -> Optional[dict]:
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def check_manifest(folder) -> list[str]:
    """What in ``folder`` disagrees with its manifest (empty: the folder is whole)."""
    data = read_manifest(folder)
    if data is None:
        return [f"{folder}: no readable {MANIFEST}"]
    problems = []
    for f in data["files"]:
        p = Path(folder) / f["path"]
        if not p.is_file():
            problems.append(f"{f['path']}: missing")
        elif p.stat().st_size != f["size"] or file_digest(p) != f["sha256"]:
            problems.append(f"{f['path']}: differs from the manifest")
    return problems


# ---------------------------------------------------------------------------- signals

def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def interrupted(err: BaseException) -> bool:
    """Was ``err`` raised while an interrupt was being handled? (matplotlib's PdfPages,
    closed while a KeyboardInterrupt unwinds a half-written page, raises "No offset for
    object …": that is the interrupt, not a bug.)"""
    seen = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, KeyboardInterrupt):
            return True
        seen.add(id(err))
        err = err.__context__
    return False


def ignore_interrupts() -> None:
    """SIGINT and SIGTERM ignored from now on (a program whose work is done, exiting)."""
    for sig in HELD_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


def terminate_as_interrupt() -> None:
    """From now on SIGTERM raises :class:`KeyboardInterrupt` (a program's first step)."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


#: an interrupt that landed in a finaliser, waiting for :func:`checkpoint`
_swallowed: list = []


def checkpoint() -> None:
    """Raise the :class:`KeyboardInterrupt` a finaliser swallowed, if one did."""
    if _swallowed:
        _swallowed.clear()
        raise KeyboardInterrupt


@contextmanager
def interrupts_raised() -> Iterator[None]:
    """Within the block an interruption reaches the code being run, so its clean-up
    runs: SIGTERM raises :class:`KeyboardInterrupt` as Ctrl-C does, and an interrupt
    that lands in a finaliser (``__del__``, a weakref callback), where Python would
    print "Exception ignored" and carry on, is noted and raised at the next
    :func:`checkpoint` (before a folder is written, before it is swapped in, at the end
    of the block). Handlers can be set only in the main thread; elsewhere the block
    does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_hook = sys.unraisablehook

    def unraisable(info) -> None:
        if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
            _swallowed.append(True)
            return
        previous_hook(info)

    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    sys.unraisablehook = unraisable
    _swallowed.clear()
    try:
        yield
        checkpoint()
    finally:
        sys.unraisablehook = previous_hook
        signal.signal(signal.SIGTERM, previous)
        _swallowed.clear()


# ---------------------------------------------------------------------- stale leftovers

def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass


def clean_stale(parent, now: Optional[float] = None) -> list[Path]:
    """Remove what killed runs left in ``parent``: entries named like :func:`temp_name`
    whose process is gone (or older than :data:`STALE_SECONDS`). A ``.NAME.old-…``
    folder whose ``NAME`` is missing is renamed back to ``NAME`` instead (a run killed
    between its two renames). Returns what was removed or restored."""
    parent = Path(parent)
    now = time.time() if now is None else now
    done = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return done
    for entry in entries:
        m = TEMP_NAME.match(entry.name)
        if not m:
            continue
        pid = int(m["pid"])
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if pid == os.getpid() or (_alive(pid) and age < STALE_SECONDS):
            continue
        path = Path(entry.path)
        original = parent / m["name"]
        if m["kind"] == "old" and not os.path.lexists(original):
            try:
                os.rename(path, original)
                done.append(original)
                continue
            except OSError:
                pass
        _remove(path)
        done.append(path)
    return done


# --------------------------------------------------------------------- write failures

def _free_bytes(path) -> Optional[int]:
    p = Path(path)
    while not p.exists() and p.parent != p:
        p = p.parent
    try:
        return shutil.disk_usage(p).free
    except OSError:
        return None


def describe_os_error(err: OSError, folder=None) -> str:
    """An OS error in words, with the file it concerns when that is not ``folder``."""
    words = ERRNO_WORDS.get(err.errno) or (err.strerror or str(err)).lower()
    name = err.filename
    if name is not None:
        p = Path(os.fsdecode(name))
        if folder is not None:
            try:
                p = p.relative_to(folder)
            except ValueError:
                pass
        name = None if str(p) == "." or any(TEMP_NAME.match(x) for x in p.parts) else str(p)
    return f"cannot write {name}: {words}" if name else words


@contextmanager
def write_errors(path, folder=None) -> Iterator[None]:
    """Turn what can go wrong while writing ``path`` into an :class:`OutputError`
    naming it: an ``OSError``, or any exception when the disk is (all but) full."""
    try:
        yield
    except Exception as err:
        if interrupted(err):
            raise KeyboardInterrupt from err
        if isinstance(err, (OutputError, InputError)):
            raise
        if isinstance(err, OSError):
            raise OutputError(path, describe_os_error(err, folder)) from err
        free = _free_bytes(folder or path)
        if free is not None and free < LOW_SPACE_BYTES:
            kind = type(err).__qualname__
            if type(err).__module__ not in ("builtins", "__main__"):
                kind = f"{type(err).__module__}.{kind}"
            raise OutputError(path, f"no space left on device ({free} bytes free; the "
                                    f"writer failed with {kind}: {err})") from err
        raise


def _make_parent(parent: Path, shown) -> None:
    if os.path.lexists(parent) and not parent.is_dir():
        raise OutputError(parent, "exists and is not a folder")
    with write_errors(shown):
        parent.mkdir(parents=True, exist_ok=True)


# ------------------------------------------------------------------------- publishing

def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _link_copy(src: str, dst: Path) -> None:
    def link(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    if os.path.islink(src):
        os.symlink(os.readlink(src), dst)
    elif os.path.isdir(src):
        shutil.copytree(src, dst, symlinks=True, copy_function=link)
    else:
        link(src, dst)


def _carry_over(final: Path, tmp: Path, owned: frozenset) -> list[str]:
    """Link into ``tmp`` what ``final`` holds that is not the report's: not in its
    manifest (or, with none, not one of the ``owned`` names), not written anew."""
    if not final.is_dir():
        return []
    old = read_manifest(final)
    if old is not None:
        ours = {f["path"].split("/")[0] for f in old["files"] if isinstance(f, dict)
                and isinstance(f.get("path"), str)}
    else:
        ours = set(owned)
    carried = []
    for entry in os.scandir(final):
        name = entry.name
        if name == MANIFEST or name in ours or os.path.lexists(tmp / name) or TEMP_NAME.match(name):
            continue
        _link_copy(entry.path, tmp / name)
        carried.append(name)
    return carried


def _swap(tmp: Path, final: Path) -> None:
    """Put ``tmp`` in place of ``final`` and remove what was there, as one step."""
    with signals_held():
        leftover = None
        for _ in range(8):   # another run may be swapping the same folder
            if os.path.lexists(final):
                if _exchange(tmp, final):
                    leftover = tmp     # the previous report, under the temporary name
                    break
                old = final.with_name(temp_name(final.name, "old"))
                try:
                    os.rename(final, old)
                except FileNotFoundError:
                    continue
                try:
                    os.rename(tmp, final)
                except OSError:
                    os.rename(old, final)
                    raise
                leftover = old
                break
            try:
                os.rename(tmp, final)
                break
            except OSError as err:
                if err.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
        else:
            raise OutputError(final, "another run kept replacing this folder; try again")
        if leftover is not None:
            shutil.rmtree(leftover, ignore_errors=True)


def publish(final, write: Callable[[Path], list], run: Optional[str], *,
            owned: Iterable[str] = ()) -> list[Path]:
    """Write a folder whole or not at all: ``write(tmp)`` fills a temporary sibling of
    ``final`` and returns the paths it wrote; then ``MANIFEST.json`` is added, what the
    old folder holds that is not the report's is carried over, and the folder replaces
    ``final`` in one step. On any failure or interruption the temporary folder is removed
    and ``final`` is left as it was. Returns the written paths as they are in ``final``,
    then the manifest's. ``owned``: the names a report writes, for an old folder that
    has no manifest (written before manifests)."""
    final = Path(final)
    parent = final.parent
    _make_parent(parent, final)
    if final.is_symlink() or (os.path.lexists(final) and not final.is_dir()):
        raise OutputError(final, "exists and is not a folder")
    clean_stale(parent)
    tmp = parent / temp_name(final.name, "tmp")
    checkpoint()
    try:
        with write_errors(final, tmp):
            tmp.mkdir()
            written = [Path(p) for p in write(tmp)]
            missing = [p.name for p in written if not p.is_file()]
            if missing:
                raise OutputError(final, f"{missing[0]} was not written")
            carried = _carry_over(final, tmp, frozenset(owned))
            manifest = write_manifest(tmp, run, skip=carried)
            checkpoint()
            _swap(tmp, final)
    except BaseException:
        with signals_held():
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [final / p.relative_to(tmp) for p in written] + [final / manifest.name]


def replace_file(path, write: Callable[[Path], object]) -> Path:
    """Write one file whole or not at all: ``write(tmp)`` writes a temporary sibling,
    which then replaces ``path`` (:func:`os.replace`)."""
    path = Path(path)
    parent = path.parent
    if path.is_dir():
        raise OutputError(path, "is a folder")
    _make_parent(parent, path)
    clean_stale(parent)
    tmp = parent / temp_name(path.name, "tmp")
    try:
        with write_errors(path, parent):
            write(tmp)
            os.replace(tmp, path)
    except BaseException:
        with signals_held():
            _remove(tmp)
        raise
    return path
