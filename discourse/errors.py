"""Errors the user can act on: each names the input (and, where known, the line) or the
output path."""
from __future__ import annotations

from typing import Optional


class InputError(Exception):
    """Bad input. ``str(err)`` is one line: ``FILE[:LINE]: what is wrong``.

    >>> str(InputError("dump.txt", "file is empty"))
    'dump.txt: file is empty'
    >>> str(InputError("dump.txt", "not text (NUL byte)", line=3))
    'dump.txt:3: not text (NUL byte)'
    """

    def __init__(self, path, message: str, line: Optional[int] = None):
        self.path, self.message, self.line = str(path), message, line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):   # pickled across worker processes with its parts
        return (type(self), (self.path, self.message, self.line))

class OutputError(Exception):
    """An output that cannot be written (a full disk, a folder that is not writable, a
    path that is a file, a name that would leave the output folder). ``str(err)`` is one
    line: ``PATH: what is wrong``.

    >>> str(OutputError("reports/dump", "no space left on device"))
    'reports/dump: no space left on device'
    """

    def __init__(self, path, message: str):
        self.path, self.message = str(path), message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self):   # pickled across worker processes with its parts
        return (type(self), (self.path, self.message))
