"""The version of discourse, read from the installed distribution's metadata.

A module of its own so that reading the version (``discourse --version``, the
``version`` field of analysis.json) imports nothing else of the package.
"""
from __future__ import annotations

from functools import lru_cache

#: the distribution's name (``pip install discourse-threads``); the import name is ``discourse``
DISTRIBUTION = "discourse-threads"
#: the version of a source tree that is not installed; equal to pyproject.toml's (a test checks)
FALLBACK_VERSION = "0.1.0"


@lru_cache(maxsize=None)
def version() -> str:
    """The installed distribution's version, or :data:`FALLBACK_VERSION` without one.

    >>> version() == FALLBACK_VERSION or version()[:1].isdigit()
    True
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version(DISTRIBUTION)
    except PackageNotFoundError:
        return FALLBACK_VERSION
