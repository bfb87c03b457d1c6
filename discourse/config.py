"""One frozen :class:`Config`: defaults live only here.

Options travel in one object built once: defaults → config file (TOML) → CLI flags.
Every stage reads its parameters from it, so there is one source of parameters.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Union

FORMATS = ("pdf", "png", "csv", "json")
#: the names of :data:`discourse.sentiment.AGGREGATIONS` (a test keeps them in step)
SENTIMENT_AGGREGATIONS = ("weighted", "whole", "mean", "abs_weighted", "emotive_weighted",
                          "sqrt_sum", "sqrt_emotive")


class ConfigError(ValueError):
    """A setting that is not valid: the message names the option and what is wrong, in
    one line (the CLI prints it, prefixed with the file it came from)."""


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def target_spec_error(spec: str) -> "str | None":
    """What is wrong with a target spec ``NAME`` or ``NAME=ALIAS,ALIAS``, or ``None``.

    >>> target_spec_error("Trump=Trump,Mango") is None, target_spec_error("=Trump")
    (True, 'no name before "=" (write NAME or NAME=ALIAS,ALIAS)')
    """
    name, eq, rest = str(spec).partition("=")
    if not name.strip():
        return 'no name before "=" (write NAME or NAME=ALIAS,ALIAS)'
    if eq and not any(a.strip() for a in rest.split(",")):
        return 'no alias after "=" (write NAME or NAME=ALIAS,ALIAS)'
    return None


@dataclass(frozen=True)
class Config:
    """Parameters of an analysis.

    Examples
    --------
    >>> Config().seed
    0
    >>> Config(clusters=3).clusters
    3
    """

    #: number of stances: "auto" picks k in [k_min, k_max] by silhouette
    clusters: Union[str, int] = "auto"
    k_min: int = 2
    k_max: int = 8
    #: random seed for k-means and the 2-D map; fixed so a rerun gives the same report
    seed: int = 0
    #: comments with fewer content tokens than this are "brief reactions", not clustered
    min_tokens: int = 5
    ngram_min: int = 1
    ngram_max: int = 2
    max_features: int = 5000
    #: |compound| below this is neutral (VADER's customary band)
    neutral_band: float = 0.05
    #: how sentence scores become one comment score (see bench/sentiment_quality.py)
    sentiment_aggregation: str = "weighted"
    n_terms: int = 8
    n_representatives: int = 2
    formats: tuple[str, ...] = FORMATS
    #: targets given by the user, each ``"Name=alias,alias"`` (or just ``"Name"``); they
    #: join the targets detected in the thread and are always reported
    targets: tuple[str, ...] = ()
    #: how many targets to report (user targets always count)
    max_targets: int = 10
    #: a target needs this many mentioning comments in a stance for that stance's cell
    #: of the heatmap (and its divisiveness) to count
    min_target_mentions: int = 3
    #: the longest line an input file may hold, in bytes (a JSONL/CSV row, a line of a
    #: dump, a page or an export): longer lines are refused before they are parsed
    #: (``--max-line-bytes``). Real exports stay far below it; minified JSON of the
    #: largest Hacker News and Reddit threads is a few MB on one line.
    max_line_bytes: int = 10 * 2**20
    #: the most comments one thread may hold (``--max-comments``); the largest real
    #: threads hold tens of thousands
    max_comments: int = 100_000

    def __post_init__(self) -> None:
        """Every rule on a value, and between values, in one place; a bad value raises
        :class:`ConfigError` naming the option (from the CLI, a file and the API alike).

        >>> Config(ngram_min=3, ngram_max=2)
        Traceback (most recent call last):
        ...
        discourse.config.ConfigError: option ngram_min = 3 is larger than ngram_max = 2
        """
        def bad(key, why):
            raise ConfigError(f"option {key} = {getattr(self, key)!r} {why}")

        c = self.clusters
        if not (c == "auto" or (_is_int(c) and c >= 1)):
            bad("clusters", 'is not valid (expected "auto" or a whole number >= 1)')
        for key, low in (("k_min", 1), ("k_max", 1), ("seed", 0), ("min_tokens", 0),
                         ("ngram_min", 1), ("ngram_max", 1), ("max_features", 1),
                         ("n_terms", 1), ("n_representatives", 0), ("max_targets", 0),
                         ("min_target_mentions", 1), ("max_line_bytes", 1),
                         ("max_comments", 1)):
            v = getattr(self, key)
            if not _is_int(v):
                bad(key, "is not valid (expected a whole number)")
            if v < low:
                bad(key, f"is too small (at least {low})")
        if self.k_min > self.k_max:
            bad("k_min", f"is larger than k_max = {self.k_max}")
        if self.ngram_min > self.ngram_max:
            bad("ngram_min", f"is larger than ngram_max = {self.ngram_max}")
        nb = self.neutral_band
        if isinstance(nb, bool) or not isinstance(nb, (int, float)) or not 0 <= nb < 1:
            bad("neutral_band", "is not valid (expected a number from 0 up to 1)")
        if self.sentiment_aggregation not in SENTIMENT_AGGREGATIONS:
            bad("sentiment_aggregation", f"is not one of {', '.join(SENTIMENT_AGGREGATIONS)}")
        if not isinstance(self.formats, tuple) or not all(f in FORMATS for f in self.formats):
            bad("formats", f"is not valid (expected formats among {', '.join(FORMATS)})")
        if not isinstance(self.targets, tuple) or not all(isinstance(t, str) for t in self.targets):
            bad("targets", "is not valid (expected a list of strings)")
        for t in self.targets:
            if target_spec_error(t):
                raise ConfigError(f"option targets: {t!r}: {target_spec_error(t)}")

    def replace(self, **changes) -> "Config":
        """A copy with ``changes`` applied (unknown names raise ``TypeError``)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_toml(self) -> str:
        """The config as a ``[discourse]`` TOML table (what ``--config`` reads back).

        >>> Config(clusters=3).to_toml().splitlines()[:2]
        ['[discourse]', 'clusters = 3']
        """
        def value(v):
            if isinstance(v, bool):
                return "true" if v else "false"
            if isinstance(v, (int, float)):
                return repr(v)
            if isinstance(v, (tuple, list)):
                return "[" + ", ".join(value(x) for x in v) + "]"
            return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

        return "[discourse]\n" + "".join(f"{k} = {value(v)}\n" for k, v in self.to_dict().items())

    @classmethod
    def from_toml(cls, path: Union[str, Path], base: "Config | None" = None) -> "Config":
        """Read ``[discourse]`` (or top-level) keys from a TOML file over ``base``."""
        try:
            import tomllib
        except ModuleNotFoundError:   # Python < 3.11
            import tomli as tomllib

        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        data = dict(data.get("discourse", data))
        if "format" in data and "formats" not in data:   # the CLI flag's name
            fmt = data.pop("format")
            data["formats"] = ([f.strip() for f in fmt.split(",") if f.strip()]
                               if isinstance(fmt, str) else fmt)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ConfigError(f"{path}: unknown option(s) {', '.join(unknown)}")
        for key in ("formats", "targets"):
            if key in data and isinstance(data[key], list):
                data[key] = tuple(data[key])
        if isinstance(data.get("neutral_band"), int) and not isinstance(data["neutral_band"], bool):
            data["neutral_band"] = float(data["neutral_band"])
        try:
            return (base or cls()).replace(**data)
        except ConfigError as err:
            raise ConfigError(f"{path}: {err}") from None


def load_config(path: Union[str, Path, None] = None, cwd: Union[str, Path, None] = None
                ) -> tuple[Config, Union[str, None]]:
    """The config for a run and the file it came from: ``path`` when given, else
    ``discourse.toml`` in ``cwd`` (the working directory) when present, else defaults.
    Unknown keys and values of the wrong type raise ``ValueError`` naming the key.
    """
    if path is not None:
        return Config.from_toml(path), str(path)
    local = Path(cwd or ".") / "discourse.toml"
    if local.is_file():
        return Config.from_toml(local), str(local)
    return Config(), None
