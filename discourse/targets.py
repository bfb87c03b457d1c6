"""Targets: what a thread argues about, how each comment feels about each, and which
targets divide the stances and which unite them.

Pure functions (no I/O, no mutable module state), deterministic, so they can be mapped
over Dask partitions.

**Detection** (:func:`targets`). Two kinds of candidates, both counted in the comments'
own words (:func:`discourse.text.own_text`: quoted passages left out):

* *names*: capitalised runs and acronyms found by :func:`discourse.stance.names_per_text`
  (a sentence-initial word only when the thread also writes it capitalised
  mid-sentence; stop words, contractions, titles, days, months and chat words never).
  Forms of one name are merged: a possessive ("Ada's") is the name; a single word that
  ends a longer name is its short form ("Lovelace" of "Ada Lovelace"); a plural
  ("Whigs"/"Whig"), an all-caps spelling ("ADA"/"Ada") and a demonym that extends a
  place's stem ("Ruritanian(s)" of "Ruritania") join the name they extend; an acronym
  joins the several-word name whose initials it is ("EU", "European Union"), and the
  forms :data:`SAME_AS` lists ("US", "USA") join each other.
* *recurring noun phrases*: lower-case content words that read as nouns — a noun
  suffix (-tion, -ism, -ity, ...) or heading a phrase after a determiner ("the tariff
  is") — and lower-case bigrams of content words that several comments share
  ("rent control"). Generic nouns ("people", "thing", "point") and, for bigrams,
  sentiment words (VADER's lexicon) are left out.

Targets are ranked by how many comments mention them, then by the post's mentions.

**Matching** (one rule everywhere, :func:`mentions`): whole words, a possessive or a
hyphenated prefix allowed ("Ada's", "anti-Ada"). An alias with a capital letter matches
case-sensitively, or in all capitals: "Trump" matches "Trump", "TRUMP" and "Trump's" but
not "trump card" (a lower-case "trump" is a verb or a card far more often than a
misspelt name). An all-lower-case alias ("rent control") matches in any case.
"""
from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .config import Config, target_spec_error
from .model import SentenceScore, Target, TargetSentiment, TargetSummary, Thread
from .sentiment import AGGREGATIONS, make_analyzer, score_sentence, split_sentences
from .text.names import NOT_NAMES, names_per_text
from .text.own import texts_of, unaddressed  # noqa: F401  (unaddressed: was defined here)
from .text.tokens import INDEX_WORD, PHRASE_WORD, strip_urls
from .text.vader import (NEGATION_SCALAR, NEGATIONS, demoji, lexicon as vader_lexicon,
                         score_valences, token_valences)

_DEFAULTS = Config()

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


# --------------------------------------------------------------------------- detection

#: nouns too generic to be what a thread argues about (any thread)
GENERIC_NOUNS = frozenset(
    """people person persons thing things time times way ways lot lots point points fact
    facts world year years day days week weeks month months man men woman women guy guys
    question questions answer answers reason reasons case cases idea ideas problem
    problems example examples part parts kind kinds sort sorts bit bits end place places
    number numbers word words life lives mind sense side sides matter view views issue
    issues post posts comment comments article articles thread reply replies link links
    video videos blog site page pages stuff situation course moment today tomorrow
    yesterday rest others anyone everyone someone thanks lot state states country shit
    crap bullshit
    countries thought thoughts opinion opinions information info story stories news
    level levels term terms area areas group groups line lines name names couple head
    hand hands home job work use need needs result results reality truth difference
    change changes attention interest interests position nothing anything everything
    something all""".split()
) | frozenset(  # common verbs, adjectives and adverbs that are nouns only now and then
    """sure mean means help helps like make makes know think want need needs say says
    said right wrong good bad better best great nice true false real kind able free
    look looks try tries go goes get gets got take takes come comes see sees let lets
    feel feels seem seems put puts read reads agree agrees disagree mind""".split()
)
#: words that mark the next word as a noun or its modifier ("the tariff", "our policy")
_DETERMINERS = frozenset("the a an these those his their our its my your any every".split())
#: function words: a word a determiner heads and one of these follows is a noun
#: ("the tariff is", "a tariff on"); a content word after it would make it a modifier
_FUNCTION = frozenset(
    """is are was were be been being am has have had do does did will would shall should
    can could may might must and or but nor so yet of in on at to for with from by as
    than that which who whom whose what when where why how if because while about into
    over under against between through during after before not isn aren wasn doesn
    don didn won wouldn i you he she it we they me him us them there here""".split()
)
_NOUN_SUFFIX = re.compile(r"(?:tion|sion|ism|ity|ment|ness|ance|ence|acy|ship|hood|ogy|ics)s?$")
#: words that open a noun phrase: determiners and prepositions
_OPENERS = _DETERMINERS | frozenset(
    "of in on at for with from by about against between among without".split())
#: a term reads as a noun when at least this share of its uses end a noun phrase
_HEADED_SHARE = 0.15
_HANDLE = re.compile(r"@\w+")
#: what breaks a noun phrase: punctuation, quotes, brackets, line ends
_PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”‘…\n–—]+|\s['’]|['’]\s")
#: a demonym extending a place's stem: Ruritania -> Ruritanian(s), Freedonia ->
#: Freedonian; the place's final vowels / y are dropped first
_DEMONYM = re.compile(r"(?:n|an|ian|ean|ese|ish|i)s?$")
#: first words that make a longer name another thing, not a fuller form of its last
#: word: "North Ruritania" is not "Ruritania"
_MODIFIERS = frozenset(
    """north south east west northern southern eastern western central latin new old
    upper lower greater united""".split()
)
#: forms that name one thing although no spelling rule links them: threads write "US"
#: and "USA" side by side, rarely the full name that would link both by initials
SAME_AS = (
    frozenset({"US", "USA", "United States", "United States of America"}),
    frozenset({"UK", "United Kingdom"}),
)
#: words left out of a name's initials: "United States of America" -> "USA"
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "de", "du"})


def initials(name: str) -> str:
    """The acronym of a several-word name ("European Union" -> "EU"), else ""."""
    words = [w for w in name.split() if w.lower() not in _INITIALS_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _texts_of(thread_or_texts) -> tuple[list[str], str]:
    """(comments' own texts with the names they only greet or thank blanked, post text)
    of a Thread, comments or plain texts: a greeted name is whom a comment talks to, not
    what it argues about."""
    post = thread_or_texts.post.text if isinstance(thread_or_texts, Thread) else ""
    return texts_of(thread_or_texts, addressed_names=False), post


def _content(word: str) -> bool:
    low = word.lower()
    return (len(low) >= 3 and low not in ENGLISH_STOP_WORDS and low not in NOT_NAMES
            and low not in GENERIC_NOUNS and low.rstrip("s") not in GENERIC_NOUNS
            and not re.search(r"['’]", low))


def _phrases(text: str) -> list[list[str]]:
    """Token runs between punctuation (the spans a noun phrase can live in)."""
    return [PHRASE_WORD.findall(chunk) for chunk in _PHRASE_BREAK.split(text)]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _np_end(toks: Sequence[str], k: int, width: int) -> bool:
    """Does the span of ``width`` tokens ending at ``k`` end a noun phrase that a
    determiner or preposition opens ("the tariff is", "of our tariffs.", "for cheap
    loans and")? Up to one lower-case content word may stand between."""
    nxt = toks[k + 1].lower() if k + 1 < len(toks) else ""
    if nxt and nxt not in _FUNCTION:
        return False
    start = k - width + 1
    before = [t for t in toks[max(0, start - 2):start]]
    if before and before[-1].lower() in _OPENERS:
        return True
    return (len(before) == 2 and before[0].lower() in _OPENERS
            and before[1] == before[1].lower() and _content(before[1]))


def _noun_terms(texts: Sequence[str], min_comments: int, lexicon) -> dict[str, set[str]]:
    """Recurring lower-case noun phrases: ``{term: surface forms}``.

    A word is a term when enough comments use it and it reads as a noun: a noun suffix,
    or at least :data:`_HEADED_SHARE` of its uses end a noun phrase (:func:`_np_end`).
    A bigram of content words is a term when enough comments share it, neither word is
    a sentiment word, and its head (last word) is not a term itself.
    """
    df: dict[int, Counter] = {1: Counter(), 2: Counter()}
    uses: Counter = Counter()
    ends: Counter = Counter()
    for text in texts:
        seen: set[str] = set()
        for toks in _phrases(_HANDLE.sub(" ", strip_urls(text))):
            for k, tok in enumerate(toks):
                if tok != tok.lower() or not _content(tok):
                    continue
                seen.add(tok)
                uses[tok] += 1
                ends[tok] += _np_end(toks, k, 1)
                nxt = toks[k + 1] if k + 1 < len(toks) else ""
                if (nxt == nxt.lower() and len(nxt) >= 3 and nxt not in ENGLISH_STOP_WORDS
                        and (_content(nxt) or nxt in GENERIC_NOUNS)
                        and tok not in lexicon and nxt not in lexicon):
                    bigram = f"{tok} {nxt}"
                    seen.add(bigram)
                    uses[bigram] += 1
                    ends[bigram] += _np_end(toks, k + 1, 2)
        df[1].update(w for w in seen if " " not in w)
        df[2].update(w for w in seen if " " in w)
    # singular and plural are one term ("tariff", "tariffs")
    forms: dict[str, set[str]] = defaultdict(set)
    for n in (1, 2):
        for w in df[n]:
            base = w[:-1] if w.endswith("s") and w[:-1] in df[n] else w
            forms[base].add(w)
    out: dict[str, set[str]] = {}
    for base in sorted(forms, key=lambda w: (" " in w, w)):  # words first
        fs = forms[base]
        n_comments = sum(df[1 + (" " in f)][f] for f in fs)  # at most; recounted later
        n_ends = sum(ends[f] for f in fs)
        nounish = bool(_NOUN_SUFFIX.search(base)) or (
            n_ends >= 2 and n_ends >= _HEADED_SHARE * sum(uses[f] for f in fs))
        if " " in base:
            head = base.split()[-1]
            nounish = nounish and head not in out and _singular(head) not in out
        if n_comments >= min_comments and nounish:
            out[base] = fs
    return out


def _shouted(name: str, lexicon) -> bool:
    """An all-caps sentiment word ("LIE", "Total DISASTER") is shouting, not a name."""
    return any(w.isupper() and len(w) > 1 and w.lower() in lexicon for w in name.split())


def _stem(place: str) -> str:
    return re.sub(r"[aeiouy]+$", "", place)


def _name_groups(counts: Counter) -> list[set[str]]:
    """Merge the forms of one name (short form, plural, all caps, demonym) into groups."""
    names = sorted(counts, key=lambda n: (-counts[n], n))
    parent = {n: n for n in names}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    singles = [n for n in names if " " not in n]
    single_set = set(singles)
    # dictionaries instead of comparing every pair: a thread can name thousands of things
    full_names: dict[str, str] = {}  # last word -> most mentioned full name ending in it
    for m in names:
        words = m.split()
        if len(words) > 1 and words[0].lower() not in _MODIFIERS:
            full_names.setdefault(words[-1], m)
    for m in names:  # an acronym joins the name it abbreviates ("EU", "European Union")
        acro = initials(m)
        if acro in single_set and acro != m:
            union(acro, m)
    for same in SAME_AS:
        present = sorted(same & parent.keys())
        for other in present[1:]:
            union(present[0], other)
    by_prefix: dict[str, list[str]] = defaultdict(list)  # first 4 letters -> names
    for n in singles:
        by_prefix[n[:4]].append(n)
    for s in singles:
        if s in full_names:  # the most mentioned full name whose last word is s
            union(s, full_names[s])
        for other in (s + "s", s + "es"):  # plural
            if other in single_set:
                union(s, other)
        if s != s.upper() and s.upper() in single_set:  # shouted
            union(s, s.upper())
        stem = _stem(s)
        if len(stem) >= 4 and s[0].isupper() and not s.isupper():  # demonyms
            for other in by_prefix.get(stem[:4], ()):
                if other != s and other.startswith(stem) \
                        and _DEMONYM.fullmatch(other[len(stem):]):
                    union(s, other)
    groups: dict[str, set[str]] = defaultdict(set)
    for n in names:
        groups[find(n)].add(n)
    return list(groups.values())


def targets(thread_or_texts, *, aliases: Optional[Mapping[str, Sequence[str]]] = None,
            max_targets: int = 12, min_comments: int = 2) -> tuple[Target, ...]:
    """What a thread argues about, most-mentioned first (see the module docstring).

    ``thread_or_texts`` is a :class:`Thread` (its post breaks ties), its comments, or
    plain texts. ``aliases`` (``{name: [alias, ...]}``, e.g. from
    :func:`parse_target_spec`) adds user targets (``source="user"``), always kept; their
    aliases are taken away from detected targets (a detected target left with none
    disappears). At most ``max_targets`` detected targets with at least
    ``min_comments`` comments are kept.

    >>> ts = targets(["So Donald Trump lied.", "I doubt Trump's deal.", "Nobody asked.",
    ...               "TRUMP again. The tariff is a tax.", "Her tariff hurts. A tariff is bad."])
    >>> [(t.name, t.aliases, t.n_comments) for t in ts]
    [('Trump', ('Trump', 'Donald Trump', 'TRUMP'), 3), ('tariff', ('tariff',), 2)]
    >>> [(t.name, t.source) for t in targets(["Mango lied."], aliases={"Trump": ["Mango"]})]
    [('Trump', 'user')]
    """
    texts, post = _texts_of(thread_or_texts)
    found = names_per_text(([post] if post else []) + texts)
    lexicon = vader_lexicon()
    terms = _noun_terms(texts, min_comments, lexicon)
    name_counts = Counter(n for names in found[1 if post else 0:] for n in names
                          if not _shouted(n, lexicon))
    groups: list[set[str]] = []
    for forms in _name_groups(name_counts):
        # a capitalised common noun ("Tariff", "TARIFFS") joins the lower-case term
        twin = next((k for w in sorted(forms) if " " not in w
                     for k in (w.lower(), _singular(w.lower())) if k in terms), None)
        if twin:
            terms[twin] |= forms
        else:
            groups.append(forms)
    groups += [fs | {term} for term, fs in terms.items()]

    user = {str(k): tuple(dict.fromkeys([str(k), *v])) for k, v in (aliases or {}).items()}
    # a detected form the user's aliases already match ("TRUMP", "Trump's" for a user's
    # "Trump") is the user's target, not a second one
    user_pat = _matcher(a for al in user.values() for a in al)
    claimed = lambda form: bool(user_pat.fullmatch(form))  # noqa: E731

    # an inverted index (first word of a form -> texts holding it) so each form is
    # searched only where it can occur: linear in the mentions, not in forms x texts
    index: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        for w in set(INDEX_WORD.findall(t.lower())):
            index.setdefault(w, []).append(i)

    def where(forms) -> list[int]:
        ids = set()
        for f in forms:
            first = INDEX_WORD.findall(f.lower())
            ids.update(index.get(first[0], ()) if first else ())
        return sorted(ids)

    def counted(name, als, source):
        pat = _matcher(als)
        hits = [len(pat.findall(texts[i])) for i in where(als)]
        return Target(name, als, sum(h > 0 for h in hits), sum(hits), source)

    def post_hits(t: Target) -> int:
        return len(_matcher(t.aliases).findall(post)) if post else 0

    detected = []
    for forms in groups:
        forms = {f for f in forms if not claimed(f)}
        if not forms:
            continue
        # named after its most used spelling, counting the words that extend it: "Ada"
        # (in "Ada Lovelace" too) before "Ada Lovelace", "Ruritania" before "Ruritanians"
        near = where(forms)
        used = {f: sum(len(re.findall(rf"(?<!\w){re.escape(f)}(?!\w)", texts[i]))
                       for i in near) for f in forms}
        per_form = {f: sum(used[g] for g in forms if re.search(rf"(?<!\w){re.escape(f)}", g))
                    for f in forms}
        als = tuple(sorted(forms, key=lambda f: (-per_form[f], f.isupper(), len(f), f)))
        t = counted(als[0], als, "detected")
        if t.n_comments >= min_comments:
            detected.append(t)
    key = lambda t: (-t.n_comments, -post_hits(t), -t.n_mentions, t.name)  # noqa: E731
    detected = sorted(detected, key=key)[:max_targets]
    chosen = detected + [counted(n, als, "user") for n, als in user.items()]
    return tuple(sorted(chosen, key=key))


# --------------------------------------------------------------------------- sentiment


#: what a target's mention is replaced by before its sentence is scored
MASK = "it"


#: how many tokens either side of a target's mention its sentiment reads (measured on
#: hand-labelled mentions, bench/target_quality.py; VADER's negation and "but" rules
#: still see the whole sentence)
TARGET_WINDOW = 5
#: how far a mention's direction can be trusted: measured by ``bench/target_quality.py
#: --write`` against a reader's labels (see :func:`reliability`)
RELIABILITY_PATH = Path(__file__).parent / "data" / "target_reliability.json"
#: words that open a new clause: the sentiment after them is aimed at what that clause
#: is about, not at a target named before them (and vice versa)
CLAUSE_OPENERS = frozenset(
    "but whereas although though while because since unless however yet".split())
#: a sentence-opening word that, followed by a comma, comments on the whole sentence
#: ("Certainly, ...", "Sadly, ...") rather than on anything in it: dropped
SENTENCE_ASIDES = frozenset(
    """certainly maybe perhaps well yes no sure honestly frankly clearly obviously surely
    indeed really actually basically sadly unfortunately fortunately hopefully ok okay
    so anyway anyways still also plus however""".split())
#: what ends a clause at a token's end (before closing quotes), and the dashes that
#: stand alone between clauses ("Trump – Putin")
_CLAUSE_END = ";:()[]\u2026"
_CLOSING_QUOTES = "'\"\u2019\u201d"
_DASHES = "-\u2013\u2014"
_WORD_PUNCT = "\"'()[],.;:!?\u201c\u201d"
_APOSTROPHE = re.compile(r"[\u2019\u2018]")


def _clauses(tokens: Sequence[str]) -> list[int]:
    """A clause number per whitespace token (-1: a sentence aside, left out)."""
    out, k = [], 0
    for j, tok in enumerate(tokens):
        if j:
            prev = tokens[j - 1].rstrip(_CLOSING_QUOTES)
            if ((prev and prev[-1] in _CLAUSE_END) or not prev.strip(_DASHES)
                    or tok[0] in "([" or not tok.strip(_DASHES)
                    or tok.strip(_WORD_PUNCT).lower() in CLAUSE_OPENERS):
                k += 1
        out.append(k)
    if tokens and tokens[0].endswith(",") and tokens[0][:-1].lower() in SENTENCE_ASIDES:
        out[0] = -1
    return out


def mention_score(sentence: str, pat: re.Pattern, analyzer, *, scope: str = "sentence",
                  window: Optional[int] = TARGET_WINDOW, half_life: Optional[float] = None,
                  fallback: float = 0.0, far_negation: bool = True) -> SentenceScore:
    """VADER's scores of ``sentence`` toward the target ``pat`` matches (the target's
    own words masked with :data:`MASK`), counting only the sentiment aimed near it.

    VADER's per-token valences are computed over the whole sentence (its negation,
    booster and "but" rules see the full context), then weighted (the defaults are what
    :func:`target_sentiment` uses; the rest are measured alternatives): ``scope="clause"``
    keeps the tokens of the clauses holding a mention (:func:`_clauses`), ``"sentence"``
    all; ``window`` keeps those within that many tokens of a mention; ``half_life``
    halves a token's weight every that many tokens away. When the kept tokens carry no
    sentiment, the whole sentence's, times ``fallback``, is used. ``far_negation``
    flips a positive word that a negation earlier in its clause governs beyond VADER's
    three-token look-back ("can't be many diplomats who trust"); negative words are left
    alone ("didn't stop Brown as robbery suspect" is not praise). Curly apostrophes are
    straightened first so that VADER sees "can’t" as a negation; a sentence-opening
    aside ("Certainly," :data:`SENTENCE_ASIDES`) is left out.

    >>> import re
    >>> an = make_analyzer()
    >>> s = "What a lovely, sunny, wonderful day it was when I read that Ada lied."
    >>> mention_score(s, re.compile("Ada"), an).compound < 0.5 < score_sentence(s, an).compound
    True
    """
    text = demoji(_APOSTROPHE.sub("'", sentence), analyzer)
    spans, parts, last, pos = [], [], 0, 0
    for m in pat.finditer(text):
        parts.append(text[last:m.start()])
        pos += len(parts[-1])
        spans.append((pos, pos + len(MASK)))
        parts.append(MASK)
        pos += len(MASK)
        last = m.end()
    masked = "".join(parts) + text[last:]
    raw = list(re.finditer(r"\S+", masked))
    toks = [m.group() for m in raw]
    vals = token_valences(masked, analyzer)
    if not toks or len(vals) != len(toks):
        return score_sentence(masked, analyzer)
    at = [j for j, m in enumerate(raw) if any(a < m.end() and m.start() < b for a, b in spans)]
    if not any(vals):
        return SentenceScore(masked, 0.0, 0.0, 1.0, 0.0)  # as VADER: all neutral
    neg = [w in NEGATIONS or "n't" in w for w in (t.strip(_WORD_PUNCT).lower() for t in toks)]
    needs_clauses = scope == "clause" or (far_negation and any(neg)
                                          and any(v > 0 for v in vals))
    clause = _clauses(toks) if needs_clauses else [
        -1 if i == 0 and t.endswith(",") and t[:-1].lower() in SENTENCE_ASIDES else 0
        for i, t in enumerate(toks)]
    if far_negation and needs_clauses:
        last = -1  # the latest negation in the current clause
        for i, v in enumerate(vals):
            if i and clause[i] != clause[i - 1]:
                last = -1
            if v > 0 and 0 <= last < i - 3 and not any(neg[i - 3:i]):
                vals[i] = v * NEGATION_SCALAR
            if neg[i]:
                last = i
    held = {clause[j] for j in at}
    kept = []
    for i, v in enumerate(vals):
        if not v or clause[i] < 0 or (scope == "clause" and at and clause[i] not in held):
            kept.append(0.0)
            continue
        d = min((abs(i - j) for j in at), default=0)
        w = 0.0 if window is not None and d > window else 1.0
        if half_life:
            w *= 0.5 ** (d / half_life)
        kept.append(w * v)
    if not any(kept) and fallback:
        kept = [fallback * v for v in vals]
    s = score_valences(kept, masked, analyzer)
    return SentenceScore(masked, s["compound"], s["pos"], s["neu"], s["neg"])


#: sarcasm and dismissal, as data: a sentence that is only a dismissal ("Get real.",
#: "No.", "Yeah, right.") after a mention, or one of these markers in the mentioning
#: sentence, means the writer mocks what the sentence says: the mention counts against
#: the target (at least :data:`SARCASM_SCORE`), never for it. Generic markers only.
DISMISSALS = (
    r"get real", r"no", r"nope", r"hardly", r"yeah,? right", r"sure(?:,? sure)?", r"as if",
    r"give me a break", r"oh please", r"spare me", r"what a joke", r"not likely",
    r"i don'?t think so",
)
_DISMISSAL = re.compile(r"^\W{0,3}(?:" + "|".join(DISMISSALS) + r")\W*$", re.I)
SARCASM_MARKERS = (
    r"\byeah,? right\b", r"\bget real\b", r"\bas if\b", r"\boh please\b",
    r"\bgive me a break\b", r"(?:^|\s)/s\b", r"\briiight\b", r"\bwhat a joke\b",
    r"\bspare me\b",
)
_SARCASM = re.compile("|".join(SARCASM_MARKERS), re.I)
#: the score of a mocked mention (not fitted: a plain "critical" reading)
SARCASM_SCORE = -0.4


def mocked(sentences: Sequence[str], j: int) -> bool:
    """Whether sentence ``j`` is mocked: it carries a sarcasm marker, or the next
    sentence is only a dismissal.

    >>> mocked(["Trump the business man?", "Get real."], 0), mocked(["Ada is kind.", "No doubt."], 0)
    (True, False)
    """
    if _SARCASM.search(sentences[j]):
        return True
    return j + 1 < len(sentences) and bool(_DISMISSAL.match(sentences[j + 1].strip()))


@lru_cache(maxsize=1)
def _reliability_text() -> Optional[str]:
    return RELIABILITY_PATH.read_text(encoding="utf-8") if RELIABILITY_PATH.exists() else None


def reliability() -> dict:
    """The measured precision of each direction of a mention's target sentiment
    (``data/target_reliability.json``; ``{}`` when missing): what the report may state."""
    text = _reliability_text()
    return {} if text is None else json.loads(text)


def target_score(sentences: Sequence[str], j: int, pat: re.Pattern, analyzer) -> SentenceScore:
    """:func:`mention_score` of sentence ``j``, counted against the target when the
    sentence is :func:`mocked`."""
    sc = mention_score(sentences[j], pat, analyzer)
    if mocked(sentences, j) and sc.compound > SARCASM_SCORE:
        return SentenceScore(sc.text, SARCASM_SCORE, 0.0, 1.0 - abs(SARCASM_SCORE),
                             abs(SARCASM_SCORE))
    return sc


def _naming(sentences: Sequence[str], pat: re.Pattern) -> list[str]:
    return [s for s in sentences if pat.search(s)]


def target_sentences(text: str, target: Target) -> list[str]:
    """The sentences of ``text`` that name ``target`` (what its target sentiment reads).

    >>> target_sentences("Nice day. Ada's plan works. Bye.", Target("Ada", ("Ada",)))
    ["Ada's plan works."]
    """
    return _naming(split_sentences(text), _matcher(target.aliases))


def target_sentiment(comments_or_texts, targets: Sequence[Target], *, analyzer=None,
                     aggregation: str = _DEFAULTS.sentiment_aggregation
                     ) -> tuple[tuple[TargetSentiment, ...], ...]:
    """Per comment (aligned with ``comments_or_texts``, a Thread, its comments or plain
    texts): for each target it mentions in its own words, VADER over the sentences that
    mention it -- the target's own words masked, only the words within
    :data:`TARGET_WINDOW` tokens of a mention counted (:func:`mention_score`) --
    aggregated as :func:`discourse.sentiment.score_text` does. A comment that mentions
    no target gets ``()``.

    >>> t = Target("Ada", ("Ada",))
    >>> out = target_sentiment(["Nice day. Ada is a wonderful leader.", "Hi there."], [t])
    >>> [[(s.target, s.compound > 0.5, s.n_sentences) for s in c] for c in out]
    [[('Ada', True, 1)], []]
    """
    texts, _ = _texts_of(comments_or_texts)
    analyzer = analyzer if analyzer is not None else make_analyzer()
    agg = AGGREGATIONS[aggregation]
    pats = [(t.name, _matcher(t.aliases)) for t in targets]
    out = []
    for text in texts:
        sentences = split_sentences(text)
        row = []
        for name, pat in pats:
            at = [j for j, s in enumerate(sentences) if pat.search(s)]
            if at:
                # the target's own words carry no attitude toward it: "war" and
                # "criminals" are negative in VADER's lexicon, "Hope" positive
                # and only the words near the mention: "Certainly, there can't be many
                # diplomats who trust a word Trump says" is not praise of Trump
                scores = tuple(target_score(sentences, j, pat, analyzer) for j in at)
                hit = [sc.text for sc in scores]
                c = max(-1.0, min(1.0, float(agg(scores, " ".join(hit), analyzer))))
                row.append(TargetSentiment(name, round(c, 4), len(hit)))
        out.append(tuple(row))
    return tuple(out)


# --------------------------------------------------------------------------- roll-ups


def summarise_targets(target_sentiments: Sequence[Sequence[TargetSentiment]],
                      labels: Sequence[Optional[int]], targets: Sequence[Target], *,
                      neutral_band: float = _DEFAULTS.neutral_band,
                      min_mentions: int = 3) -> tuple[TargetSummary, ...]:
    """Roll each target up over the thread and per stance (``labels[i]``: the stance id
    of comment *i*, ``None`` or negative for none), in the order of ``targets``.

    A stance *qualifies* for a target when at least ``min_mentions`` of its comments
    mention it. With ``n_s`` and ``m_s`` the count and mean of qualifying stance *s*:

    * ``divisiveness`` = sqrt(sum n_s (m_s - m)^2 / sum n_s), m the n-weighted mean of
      the m_s: the weighted spread of the stance means (0 with fewer than two).
    * ``consensus``: the thread's majority direction d (for or against: whichever more
      comments take outside the neutral band; 0 when tied), then the geometric mean over
      qualifying stances of the Laplace-smoothed share leaning d, (k_s + 1) / (n_s + 2)
      -- Pol.is' group-informed consensus (a product of per-group smoothed agree shares),
      taken as a geometric mean so targets discussed by different numbers of stances
      compare. With no qualifying stance the thread is one group (if it has
      ``min_mentions`` comments on the target; else 0).

    >>> ts = [Target("A", ("A",)), Target("B", ("B",))]
    >>> ss = [(TargetSentiment("A", .8, 1), TargetSentiment("B", -.5, 1))] * 3 \\
    ...    + [(TargetSentiment("A", -.8, 1), TargetSentiment("B", -.5, 1))] * 3
    >>> a, b = summarise_targets(ss, [0, 0, 0, 1, 1, 1], ts)
    >>> a.divisiveness, b.divisiveness, a.consensus < b.consensus
    (0.8, 0.0, True)
    """
    per_target: dict[str, list[tuple[Optional[int], float]]] = defaultdict(list)
    for i, row in enumerate(target_sentiments):
        lab = labels[i] if i < len(labels) else None
        for ts in row:
            per_target[ts.target].append((lab if lab is not None and lab >= 0 else None,
                                          ts.compound))
    out = []
    for t in targets:
        rows = per_target.get(t.name, [])
        xs = [x for _, x in rows]
        if not xs:
            out.append(TargetSummary(t.name, 0, 0.0, 0.0, 0.0, 0.0))
            continue
        n_for = sum(x > neutral_band for x in xs)
        n_against = sum(x < -neutral_band for x in xs)
        by: dict[int, list[float]] = defaultdict(list)
        for lab, x in rows:
            if lab is not None:
                by[lab].append(x)
        by_stance = tuple((int(s), len(v), round(statistics.fmean(v), 4))
                          for s, v in sorted(by.items()))
        qual = [by[s] for s in sorted(by) if len(by[s]) >= min_mentions]
        divisiveness = 0.0
        if len(qual) >= 2:
            n = sum(len(v) for v in qual)
            m = sum(sum(v) for v in qual) / n
            divisiveness = (sum(len(v) * (statistics.fmean(v) - m) ** 2 for v in qual) / n) ** .5
        consensus = 0.0
        if n_for != n_against:
            groups = qual or ([xs] if len(xs) >= min_mentions else [])
            sign = 1 if n_for > n_against else -1
            if groups:
                shares = [((sum(x * sign > neutral_band for x in v) + 1) / (len(v) + 2))
                          for v in groups]
                consensus = statistics.geometric_mean(shares)
        out.append(TargetSummary(
            target=t.name, n_comments=len(xs), mean=round(statistics.fmean(xs), 4),
            spread=round(statistics.pstdev(xs), 4), share_for=round(n_for / len(xs), 4),
            share_against=round(n_against / len(xs), 4), by_stance=by_stance,
            divisiveness=round(divisiveness, 4), consensus=round(consensus, 4)))
    return tuple(out)


def divisive_targets(summaries: Sequence[TargetSummary], n: int = 3
                     ) -> tuple[TargetSummary, ...]:
    """The ``n`` most divisive targets (only those at least two stances discuss enough)."""
    ranked = sorted((s for s in summaries if s.divisiveness > 0),
                    key=lambda s: (-s.divisiveness, -s.n_comments, s.target))
    return tuple(ranked[:n])


def consensus_targets(summaries: Sequence[TargetSummary], n: int = 3
                      ) -> tuple[TargetSummary, ...]:
    """The ``n`` targets the thread agrees on most (consensus > 0: enough mentions)."""
    ranked = sorted((s for s in summaries if s.consensus > 0),
                    key=lambda s: (-s.consensus, s.divisiveness, -s.n_comments, s.target))
    return tuple(ranked[:n])


__all__ = [
    "CLAUSE_OPENERS", "GENERIC_NOUNS", "SENTENCE_ASIDES", "TARGET_WINDOW",
    "consensus_targets", "divisive_targets", "mention_score", "mentions",
    "merge_target_specs", "parse_target_spec", "summarise_targets", "target_sentences",
    "target_sentiment", "targets",
]
