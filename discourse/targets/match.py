"""Matching a target's mentions: the user's target specs, one regular expression for
a target's aliases, and the sentences that name it.

One rule everywhere (:func:`mentions`): whole words, a possessive or a hyphenated prefix
allowed ("Ada's", "anti-Ada"). An alias with a capital letter matches case-sensitively,
or in all capitals: "Trump" matches "Trump", "TRUMP" and "Trump's" but not "trump card"
(a lower-case "trump" is a verb or a card far more often than a misspelt name). An
all-lower-case alias ("rent control") matches in any case.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ..config import target_spec_error
from ..model import Target
from ..sentiment import split_sentences

# --------------------------------------------------------------------------- user spec


def merge_target_specs(specs: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``{name: aliases}`` from several specs; specs naming the same target add up.

    >>> merge_target_specs(["Trump=Trump,Mango", "Trump=Donald Trump", "NATO"])
    {'Trump': ('Trump', 'Mango', 'Donald Trump'), 'NATO': ('NATO',)}
    """
    merged: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        name, aliases = parse_target_spec(spec)
        merged[name] = tuple(dict.fromkeys((*merged.get(name, ()), *aliases)))
    return merged


def parse_target_spec(spec: str) -> tuple[str, tuple[str, ...]]:
    """Parse ``NAME=ALIAS,ALIAS,...`` (or a bare ``NAME``) into ``(name, aliases)``.

    The name is always one of its aliases (first, if not given).

    >>> parse_target_spec("Trump=Trump,Donald Trump,Mango")
    ('Trump', ('Trump', 'Donald Trump', 'Mango'))
    >>> parse_target_spec(" NATO ")
    ('NATO', ('NATO',))
    >>> parse_target_spec("rent control=rent controls")
    ('rent control', ('rent control', 'rent controls'))
    """
    problem = target_spec_error(spec)
    if problem:
        raise ValueError(f"target {spec!r}: {problem}")
    name, _, rest = spec.partition("=")
    name = name.strip()
    aliases = [a.strip() for a in rest.split(",") if a.strip()]
    if name not in aliases:
        aliases.insert(0, name)
    return name, tuple(dict.fromkeys(aliases))


# --------------------------------------------------------------------------- matching


def _alias_pattern(alias: str) -> str:
    body = r"\s+".join(re.escape(w) for w in alias.split())
    if alias == alias.lower():
        return f"(?i:{body})"
    caps = r"\s+".join(re.escape(w) for w in alias.upper().split())
    return body if caps == body else f"(?:{body}|{caps})"


def _matcher(aliases: Iterable[str]) -> re.Pattern:
    """One regex for all ``aliases``: whole words, a possessive allowed after."""
    alts = sorted({a for a in aliases if a.strip()}, key=lambda a: (-len(a), a))
    if not alts:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w'’])(?:" + "|".join(_alias_pattern(a) for a in alts)
                      + r")(?!\w)(?:['’]s?\b)?")


def mentions(text: str, aliases: Sequence[str]) -> int:
    """How often ``text`` mentions any of ``aliases`` (see the module's matching rule).

    >>> mentions("TRUMP won. Trump's deal, anti-Trump votes, a trump card.", ["Trump"])
    3
    >>> mentions("Rent control works; RENT CONTROL fails.", ["rent control"])
    2
    """
    return len(_matcher(aliases).findall(text))


# --------------------------------------------------------------------------- sentences


def _naming(sentences: Sequence[str], pat: re.Pattern) -> list[str]:
    return [s for s in sentences if pat.search(s)]


def target_sentences(text: str, target: Target) -> list[str]:
    """The sentences of ``text`` that name ``target`` (what its target sentiment reads).

    >>> target_sentences("Nice day. Ada's plan works. Bye.", Target("Ada", ("Ada",)))
    ["Ada's plan works."]
    """
    return _naming(split_sentences(text), _matcher(target.aliases))
