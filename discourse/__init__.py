"""discourse: what a comment section thinks.

Split a comment dump into post, footer and comments (with reply links), score sentiment
with VADER, find the camps with TF-IDF clustering, and write a PDF/PNG/CSV/JSON report.

>>> import discourse
>>> thread = discourse.split_text("A post.\\nLeave a reply\\nGreat post, I agree with every word of it.")
>>> len(thread.comments)
1
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

#: public name -> the submodule that defines it. Imported on first use (PEP 562), so that
#: ``import discourse`` and ``discourse --help`` do not load scikit-learn and matplotlib.
_LAZY = {
    "agreement": "agreement",
    "StanceClusterer": "cluster", "cluster_texts": "cluster", "sweep": "cluster",
    "Config": "config",
    "InputError": "errors",
    **dict.fromkeys(("Agreement", "Analysis", "Comment", "CorpusAnalysis", "Post", "Sentiment",
                     "Stance", "Target", "TargetSentiment", "TargetSummary", "Thread"), "model"),
    "analyse": "pipeline", "analyse_corpus": "pipeline",
    "read_thread": "readers", "read_threads": "readers",
    "split_text": "split", "split_to_dict": "split",
    "summarise_targets": "targets", "target_sentiment": "targets", "targets": "targets",
}

if TYPE_CHECKING:   # what type checkers see (py.typed); at run time __getattr__ below
    from .agreement import agreement
    from .cluster import StanceClusterer, cluster_texts, sweep
    from .config import Config
    from .errors import InputError
    from .model import (Agreement, Analysis, Comment, CorpusAnalysis, Post, Sentiment, Stance,
                        Target, TargetSentiment, TargetSummary, Thread)
    from .pipeline import analyse, analyse_corpus
    from .readers import read_thread, read_threads
    from .split import split_text, split_to_dict
    from .targets import summarise_targets, target_sentiment, targets

    __version__: str


def write_report(analysis, out_dir, formats=None, *, quiet=True):
    """Write the report files of ``analysis`` into ``out_dir``; returns their paths.

    See :func:`discourse.report.write_report`. Imported lazily: matplotlib loads only
    when a report is written.
    """
    from .report import write_report as _write

    return _write(analysis, out_dir, formats, quiet=quiet)


__all__ = sorted([*_LAZY, "write_report"]) + ["__version__"]


def __getattr__(name: str):
    if name == "__version__":
        from ._version import version

        return version()
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


class _Package(types.ModuleType):
    """``discourse.agreement`` and ``discourse.targets`` are functions named like the
    submodules that define them. Importing such a submodule sets the package's attribute
    to the module; keep the function there instead, as an eager ``from .targets import
    targets`` in this file would."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}" \
                and _LAZY.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
