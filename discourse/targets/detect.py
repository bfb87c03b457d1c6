"""Finding what a thread argues about (:func:`targets`).

Two kinds of candidates, both counted in the comments' own words
(:func:`discourse.text.own_text`: quoted passages left out, and the names a comment only
greets or thanks):

* *names*: capitalised runs and acronyms found by
  :func:`discourse.text.names.names_per_text` (a sentence-initial word only when the
  thread also writes it capitalised mid-sentence; stop words, contractions, titles, days,
  months and chat words never). Forms of one name are merged: a possessive ("Ada's") is
  the name; a single word that ends a longer name is its short form ("Lovelace" of "Ada
  Lovelace"); a plural ("Whigs"/"Whig"), an all-caps spelling ("ADA"/"Ada") and a demonym
  that extends a place's stem ("Ruritanian(s)" of "Ruritania") join the name they
  extend; an acronym joins the several-word name whose initials it is ("EU", "European
  Union"), and the forms :data:`SAME_AS` lists ("US", "USA") join each other.
* *recurring noun phrases*: lower-case content words that read as nouns — a noun
  suffix (-tion, -ism, -ity, ...) or heading a phrase after a determiner ("the tariff
  is") — and lower-case bigrams of content words that several comments share
  ("rent control"). Generic nouns ("people", "thing", "point") and, for bigrams,
  sentiment words (VADER's lexicon) are left out.

Targets are ranked by how many comments mention them, then by the post's mentions.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Mapping, Optional, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..config import Config
from ..model import Target, Thread
from ..text.names import NOT_NAMES, names_per_text
from ..text.own import texts_of
from ..text.tokens import INDEX_WORD, PHRASE_WORD, strip_urls
from ..text.vader import lexicon as vader_lexicon
from .match import _matcher

_DEFAULTS = Config()

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
            max_targets: int = _DEFAULTS.max_targets, min_comments: int = 2) -> tuple[Target, ...]:
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
