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
            raise ValueError(f"{path}: unknown option(s) {', '.join(unknown)}")
        for key in ("formats", "targets"):
            if key in data and isinstance(data[key], list):
                data[key] = tuple(data[key])
        defaults = cls()
        for key, v in data.items():
            want = getattr(defaults, key)
            ok = (isinstance(v, type(want)) and not isinstance(v, bool)) or (
                isinstance(want, float) and isinstance(v, int) and not isinstance(v, bool))
            if key == "clusters":
                ok = v == "auto" or (isinstance(v, int) and not isinstance(v, bool) and v >= 1)
            elif key == "formats":
                ok = isinstance(v, tuple) and all(f in FORMATS for f in v)
            elif key == "targets":
                ok = isinstance(v, tuple) and all(isinstance(t, str) for t in v)
                bad = next((t for t in v if target_spec_error(t)), None) if ok else None
                if bad is not None:
                    raise ValueError(f"{path}: option targets: {bad!r}: {target_spec_error(bad)}")
            if not ok:
                raise ValueError(f"{path}: option {key} = {v!r} is not valid "
                                 f"(expected {'auto or a whole number' if key == 'clusters' else type(want).__name__})")
        return (base or cls()).replace(**data)


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
