"""Names in comments: the capitalised names a text mentions, and the names it addresses.

Two questions, two word lists (both built on the same core, :data:`NEVER_NAMES`):

* *what does a text mention?* (:func:`names_in`, :func:`names_per_text`,
  :func:`mention_counts`; stances' and targets' names): capitalised runs and acronyms,
  cut at stop words, contractions and :data:`NOT_NAMES` (the core plus titles, days,
  months and chat words: "Mr", "Monday", "March", "OMG").
* *whom does a comment address?* (:func:`vocatives`; the splitter's reply links, and
  targets leave the names a comment only greets out): the name in a greeting ("Hi
  Michael"), a thanks ("Thanks for the post Laura!"), after a comma (", Michael!") or
  opening the comment ("Laura, ..."), unless it is in :data:`NOT_ADDRESSEES` (the core
  plus fillers such patterns catch: "So, ...", "Great!", "..., guys!").

The two lists are not one set on purpose: "Great" and "Sure" open sentences far more
often than they name someone greeted, yet "Great Britain" is a name; "June" and "Mr" are
never what a thread argues about, yet "Thanks, June!" greets someone.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# --------------------------------------------------------------------------- word lists

#: capitalised words that are never a name, whatever the question: greetings, thanks,
#: assent, chat words, forms of address
NEVER_NAMES = frozenset(
    """agreed dear edit exactly hello hey hi lol madam no nope oh ok okay please sir sorry
    thank thanks update well wow yeah yep yes""".split()
)
#: capitalised words that are not names in any thread (beyond the stop words): the core,
#: titles, days and months, more chat words
NOT_NAMES = NEVER_NAMES | frozenset(
    """mr mrs ms mx dr prof ah lmao omg wtf ps
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
#: capitalised words that look like a vocative but are not names: the core and fillers
NOT_ADDRESSEES = NEVER_NAMES | frozenset(
    """also so but and or true indeed haha sure great nice good cool man dude guys everyone
    all folks friend friends mate again too though however then now here there actually
    anyway btw cheers congrats i""".split()
)

# --------------------------------------------------------------------------- mentioned names

# A run of capitalised words (or acronyms such as EU, MI6), e.g. "Ada Lovelace", "NASA";
# not an @handle (whom a reply addresses, not a name it discusses)
#: any upper-case letter, not only A-Z ("Émile", "Łukasz", "Ørsted")
_UPPER = "[" + "".join(sorted({re.escape(chr(c)) for c in range(0x250) if chr(c).isupper()}
                             | {re.escape(chr(c)) for c in range(0x370, 0x530)
                                if chr(c).isupper()})) + "]"
_NAME = re.compile(rf"(?<![@\w])(?:{_UPPER}[\w’'-]*[\w])(?:[ \t]+(?:{_UPPER}[\w’'-]*[\w]))*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SENT_START = re.compile(r"(?:^|[.!?…:;\"“”]\s+|\n)$")
#: what ends a sentence before the white space that precedes a sentence-initial word
_SENT_END = frozenset('.!?…:;"“”')


def _sentence_start(text: str, i: int) -> bool:
    """Does position ``i`` of ``text`` start a sentence: ``_SENT_START`` matching the
    text before ``i``, read back from ``i`` over the white space alone (searching the
    whole text before every name made long comments quadratic)."""
    if i == 0 or text[i - 1] == "\n":
        return True
    k = i
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k < i and k > 0 and text[k - 1] in _SENT_END
#: a contraction ("I’m", "Don't", "We'll"): never a name
_CONTRACTION = re.compile(r"\w['’](?:t|m|re|ve|ll|d)$", re.I)
#: all-caps names whose lower case is a stop word
_CAPS_NAMES = frozenset({"US"})


def _not_a_name(word: str) -> bool:
    """A stop word, contraction, title, day, month or chat word (any case).

    >>> [_not_a_name(w) for w in ("Thanks", "I’m", "Ada", "US", "Us")]
    [True, True, False, False, True]
    """
    low = word.lower()
    return (low in ENGLISH_STOP_WORDS and word not in _CAPS_NAMES or low in NOT_NAMES
            or bool(_CONTRACTION.search(word)))


def _candidates(text: str) -> list[tuple[str, bool]]:
    """Capitalised runs in ``text`` as ``(name, sure)``: a run that starts a sentence is
    not sure (its first word is capitalised anyway) unless it starts with an acronym.

    A run is cut at words that are not names ("Thanks Ada" -> "Ada") and after a
    possessive ("Ada’s Analytical Engine" -> "Ada", "Analytical Engine").
    """
    found = []
    for m in _NAME.finditer(text):
        at_start = _sentence_start(text, m.start())
        segments: list[tuple[list[str], bool]] = [([], at_start)]
        for k, word in enumerate(m.group(0).split()):
            bare = _POSSESSIVE.sub("", word)
            if _not_a_name(bare):
                segments.append(([], False))
                continue
            segments[-1][0].append(bare)
            if bare != word:  # a possessive ends the name
                segments.append(([], False))
        for parts, initial in segments:
            if not parts:
                continue
            if initial and not parts[0].isupper():
                # "Ask Babbage" / "Ada Lovelace": the run is a name only if the thread
                # says so elsewhere; what follows the first word is mid-sentence, so sure
                found.append((" ".join(parts), False))
                if len(parts) > 1:
                    found.append((" ".join(parts[1:]), True))
            else:
                found.append((" ".join(parts), True))
    return found


def names_in(text: str) -> list[str]:
    """Names a text surely mentions (capitalised mid-sentence, or acronyms), in order.

    >>> names_in("I doubt Ada Lovelace's notes. Babbage knows. The NASA team waits.")
    ['Ada Lovelace', 'NASA']
    """
    return [n for n, sure in _candidates(text) if sure]


def names_per_text(texts: Sequence[str]) -> list[set[str]]:
    """The names each text mentions. A sentence-initial word counts as a name only when
    the texts also write it capitalised mid-sentence.

    >>> [sorted(n) for n in names_per_text(["Babbage knows.", "Thanks Ada, ask Babbage."])]
    [['Babbage'], ['Ada', 'Babbage']]
    """
    per_text = [_candidates(t) for t in texts]
    sure = {n for cands in per_text for n, ok in cands if ok}
    return [{n for n, ok in cands if ok or n in sure} for cands in per_text]


def mention_counts(texts: Sequence[str]) -> Counter:
    """How many texts mention each name (see :func:`names_per_text`).

    >>> sorted(mention_counts(["Babbage knows.", "Ask Babbage.", "Nobody knows."]).items())
    [('Babbage', 2)]
    """
    counts: Counter = Counter()
    for names in names_per_text(texts):
        counts.update(names)
    return counts


# --------------------------------------------------------------------------- addressed names
# The capitalised word is the name (group "name"); the greeting part is case-insensitive.

#: a greeting, thanks or praise opening the comment, then the name: "Hi Michael",
#: "Thanks Laura", "Well done, John"
GREETING_VOCATIVE = re.compile(
    r"^\W*(?i:hi|hello|hey|dear|thanks|thank you|thx|cheers|welcome|you'?re welcome|"
    r"you’re welcome|sorry|congrats|congratulations|good job|well done|great job)"
    r"\s*,?\s+(?P<name>[A-Z][a-z][\w'’-]*)\b")
#: a name after a comma, before a closing mark: "I agree, Michael!"
COMMA_VOCATIVE = re.compile(r",\s*(?P<name>[A-Z][a-z][\w'’-]*)\s*[!.?:)]")
#: a name opening the comment, then a comma: "Laura, you are right"
OPENING_VOCATIVE = re.compile(r"^\W*(?P<name>[A-Z][a-z][\w'’-]*)\s*,\s")
#: a thanks, then the name closing the sentence: "Thanks for the post Laura!"
THANKS_VOCATIVE = re.compile(
    r"(?i:\b(?:thanks|thank you)\b)[^.!?\n]{0,60}?\s(?P<name>[A-Z][a-z][\w'’-]*)\s*[!.]")
#: every vocative pattern, in the order :func:`vocatives` reports names
VOCATIVES = (GREETING_VOCATIVE, COMMA_VOCATIVE, OPENING_VOCATIVE, THANKS_VOCATIVE)
#: the greetings and thanks: the name they carry is surely whom the comment talks to (a
#: name after a comma or opening a sentence may be what it talks about)
GREETINGS = (GREETING_VOCATIVE, THANKS_VOCATIVE)


def vocatives(text: str) -> list[str]:
    """Names a comment addresses ("Hi Michael", "..., Laura!"), lower-cased, in order.

    >>> vocatives("Hi Michael, so true. Well, I agree, Laura! Thanks Guys!")
    ['michael', 'laura']
    """
    out = []
    for pat in VOCATIVES:
        for m in pat.finditer(text):
            n = m.group("name").lower().strip("'’-")
            if n not in NOT_ADDRESSEES and n not in out:
                out.append(n)
    return out


__all__ = [
    "COMMA_VOCATIVE", "GREETINGS", "GREETING_VOCATIVE", "NEVER_NAMES", "NOT_ADDRESSEES",
    "NOT_NAMES", "OPENING_VOCATIVE", "THANKS_VOCATIVE", "VOCATIVES", "mention_counts",
    "names_in", "names_per_text", "vocatives",
]
