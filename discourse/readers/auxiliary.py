"""Files that accompany an input: a baseline analysis, context documents."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Union

from ..baseline import Baseline
from ..errors import InputError
from . import _check_path
from .text import read_text


def read_baseline(path: Union[str, Path], *, refit: bool = False) -> Baseline:
    """An earlier ``analysis.json`` whose stance ids a rerun keeps, with the stance model
    the rerun starts from when it has one (``refit``: fit from scratch and match)."""
    text, _ = read_text(_check_path(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not JSON: {err.msg} (column {err.colno})", line=err.lineno)
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        raise InputError(str(path), "not a discourse analysis.json (no 'comments' list)")
    for n, c in enumerate(data["comments"], 1):
        if not isinstance(c, dict) or "stance" not in c or not isinstance(c.get("text", ""), str):
            raise InputError(str(path), f"comment record {n} has no 'stance' or no text")
    try:
        return Baseline.from_dict(data, refit=refit)
    except ValueError as err:
        raise InputError(str(path), f"its 'stance_model' cannot be read: {err} (rerun "
                                    "with --refit to ignore it)")


def read_context(path: Union[str, Path]) -> str:
    """A context document (e.g. a news article on the same story) as plain text."""
    return read_text(_check_path(path))[0]
