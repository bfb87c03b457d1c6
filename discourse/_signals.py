"""Holding SIGINT and SIGTERM back for a short step that must not be cut in two (a folder
swap, handing a drawing process its work). No dependency on the rest of discourse, so
every layer may use it."""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Iterator

#: the signals held back
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends, then act as they would have.

    Python's handlers run in the main thread whichever thread the kernel picks (BLAS
    and OpenMP threads do not block signals, so ``pthread_sigmask`` is not enough):
    within the block they only note the signal. Outside the main thread, where handlers
    cannot be set, the block does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list = []
    previous = {}
    for sig in HELD_SIGNALS:
        handler = signal.getsignal(sig)
        if handler is not None:   # None: set outside Python, cannot be put back
            previous[sig] = signal.signal(sig, lambda signum, frame: noted.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if noted:
            handler = previous.get(noted[0])
            if callable(handler):
                handler(noted[0], None)      # e.g. KeyboardInterrupt
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), noted[0])


