"""Where the parts are worked on: this process, local worker processes, or a Dask cluster.

An engine has three methods, and the large-input run uses nothing else:

- ``map(fn, items, *args, progress=None)`` → handles: ``fn(item, *args)`` for each item,
  in order (``progress(n, total)`` after each one finishes);
- ``then(fn, handles, *args, each=None)`` → handles: ``fn(value, *args)`` (or
  ``fn(value, each[i], *args)``) where each value lives (the Dask engine keeps part
  results on the workers; only what is gathered moves);
- ``gather(handles)`` → values, in order.

The local engine's handles are the values themselves. Results never depend on the engine:
every step is a pure function of its part, and reductions run in part order.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (e.g. Dask is not installed)."""


class LocalEngine:
    """``jobs`` worker processes for :meth:`map` (forkserver: workers do not inherit the
    parent's state); :meth:`then` runs in this process (cheap steps on results held
    here)."""

    name = "local"

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, int(jobs))

    def map(self, fn, items: Sequence, *args, progress: Optional[Callable] = None) -> list:
        items = list(items)
        tick = progress or (lambda n, total: None)
        if self.jobs == 1 or len(items) < 2:
            out = []
            for it in items:
                out.append(fn(it, *args))
                tick(len(out), len(items))
            return out
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("forkserver")
        out = []
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(items)), mp_context=ctx) as pool:
            for value in pool.map(fn, items, *[[a] * len(items) for a in args]):
                out.append(value)
                tick(len(out), len(items))
        return out

    def then(self, fn, handles: Sequence, *args, each: Optional[Sequence] = None) -> list:
        if each is None:
            return [fn(h, *args) for h in handles]
        return [fn(h, e, *args) for h, e in zip(handles, each)]

    def gather(self, handles: Sequence) -> list:
        return list(handles)

    def close(self) -> None:
        pass


class DaskEngine:
    """A Dask cluster: ``scheduler`` ``tcp://HOST:PORT``, or ``None`` to start a
    ``LocalCluster`` of ``jobs`` worker processes on this machine (loopback only).
    Needs the ``dask`` extra (``pip install 'discourse-threads[dask]'``)."""

    name = "dask"

    def __init__(self, scheduler: Optional[str] = None, jobs: int = 2):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise EngineUnavailable("--engine dask needs Dask: pip install "
                               "'discourse-threads[dask]'") from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(1, int(jobs)), threads_per_worker=1,
                                        processes=True, host="127.0.0.1",
                                        dashboard_address=None)
            self.client = Client(self.cluster)

    def map(self, fn, items: Sequence, *args, progress: Optional[Callable] = None) -> list:
        items = list(items)
        args = [self._shared(a) for a in args]
        futures = self.client.map(fn, items, *[[a] * len(items) for a in args], pure=False)
        if progress is not None:
            from distributed import as_completed

            for n, _ in enumerate(as_completed(futures), 1):
                progress(n, len(items))
        return futures

    def then(self, fn, handles: Sequence, *args, each: Optional[Sequence] = None) -> list:
        if not handles:
            return []
        per = [list(each)] if each is not None else []
        args = [self._shared(a) for a in args]
        return self.client.map(fn, list(handles), *per, *[[a] * len(handles) for a in args],
                               pure=False)

    def _shared(self, value):
        """Send a large argument (a model) to the workers once, not with every task."""
        if isinstance(value, (int, float, str, bool, type(None))):
            return value
        return self.client.scatter(value, broadcast=True)

    def gather(self, handles: Sequence) -> list:
        return self.client.gather(list(handles))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str = "local", *, jobs: int = 1, scheduler: Optional[str] = None):
    """The engine called ``name`` (``local`` or ``dask``)."""
    if name == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine(jobs)
    if name == "dask":
        return DaskEngine(scheduler, jobs)
    raise ValueError(f"unknown engine {name!r} (local, dask)")
