"""Progress on stderr for long batches: a one-line bar on a terminal, plain lines
otherwise (logs, CI), nothing when quiet. No dependency."""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class Progress:
    """``Progress(total, enabled=...)``; ``step(label)`` before each item; ``done()``.

    >>> import io
    >>> out = io.StringIO()
    >>> p = Progress(2, stream=out); p.step("a"); p.step("b"); p.done()
    >>> out.getvalue().splitlines()
    ['[1/2] a', '[2/2] b']
    """

    def __init__(self, total: int, *, enabled: bool = True, stream: Optional[TextIO] = None,
                 width: int = 24):
        self.total, self.enabled, self.width = total, enabled, width
        self.stream = stream if stream is not None else sys.stderr
        self.n = 0
        self.started = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, label: str = "") -> None:
        self.n += 1
        if not self.enabled:
            return
        if not self.tty:
            print(f"[{self.n}/{self.total}] {label}", file=self.stream, flush=True)
            return
        filled = int(self.width * (self.n - 1) / max(self.total, 1))
        elapsed = time.perf_counter() - self.started
        eta = "" if self.n < 2 else f" eta {elapsed / (self.n - 1) * (self.total - self.n + 1):.0f}s"
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"\r[{bar}] {self.n}/{self.total}{eta} {label}"[:120]
        self.stream.write(line.ljust(120))
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\r" + " " * 120 + "\r")
            self.stream.flush()
