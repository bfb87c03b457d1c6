"""VADER's ``polarity_scores``, re-implemented to run several times faster with identical
scores (pure Python, no compiled code).

vaderSentiment stays the reference and the source of every number: the lexicon, the
emoji descriptions, the booster, negation and idiom tables and the constants are handed
in by the adapter :mod:`discourse.text.vader` (this module does not import
vaderSentiment), and ``tests/test_fastvader.py`` checks all four scores against
``SentimentIntensityAnalyzer.polarity_scores`` on real and hand-written sentences.

What makes VADER slow is not its rules but how they are run: every rule re-lower-cases
the whole sentence (``_negation_check`` and ``_special_idioms_check`` build a lower-cased
copy of all its words for each lexicon word, three times over), emoji are looked up one
character at a time with string concatenation, and the same word is stripped, lower-cased
and looked up again every time it occurs. Here:

* each distinct whitespace token is stripped, lower-cased and looked up once (the token
  table :class:`_TokenTable`: lower-case form, ALL CAPS, valence, booster scalar,
  negation and two shortcut flags; every token no rule reads shares one of two tuples);
  real text has a small vocabulary, so a sentence costs one dict hit per token;
* only the lexicon words of a sentence run the rules (every other token is 0 in VADER),
  reading the precomputed lower-case forms; a sentence without one is answered at once;
  most lexicon words take a shortcut: with no booster, negation or rule word among the
  three tokens before them and no rule of their own, VADER's rules leave their valence
  as it is (ALL CAPS aside);
* the per-token list (zeros included) is built only where VADER's "but" rule reads it;
* idiom strings are built only when an idiom's first and second words are near (an
  exact test); emoji are looked for only in non-ASCII text, with one set test;
  ``round`` takes a shortcut where it is certain to give the same float;
* optionally, whole sentences are remembered (an LRU cache): comment sections repeat.

Every float operation that reaches a score is VADER's own, in VADER's order, on values of
VADER's types (``sum`` of the same nonzero values in the same order; the quirks kept: the
"but" rule's ``list.index`` look-up, a valence of 0 in ALL CAPS pushed negative, "no"
before a lexicon word), so the scores are bit-identical, not just close.
"""
from __future__ import annotations

import math
import string
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import Callable, Iterable, Mapping, Optional, Sequence

#: what VADER's ``polarity_scores`` returns for empty text (no tokens)
EMPTY = (0.0, 0.0, 0.0, 0.0)
#: what it returns for text whose tokens carry no sentiment
NEUTRAL = (0.0, 1.0, 0.0, 0.0)
#: the order of the tuples this module returns, and the keys of VADER's dict
KEYS = ("neg", "neu", "pos", "compound")

_PUNCT = string.punctuation  # what VADER's SentiText strips from a token's ends
_SO_THIS = ("so", "this")
_OR_NOR = ("or", "nor")
# A token's facts, as the token table holds them (a tuple, read by position):
#   0 lower-case form (VADER's), 1 ALL CAPS, 2 valence (None: not a lexicon word),
#   3 booster scalar (None: not a booster), 4 negates,
#   5 inert: the valence of a lexicon word up to three tokens after it is its own (no
#     booster, negation or rule word; VADER's rules add 0.0 at most),
#   6 simple: a lexicon word whose own rules are only ALL CAPS (not "no", "kind", a
#     booster or a word of an idiom), so with three inert tokens before it its valence
#     is the lexicon's, ALL CAPS added.
_VALENCE = itemgetter(2)
#: an absent token before the first: "in the lexicon" so no rule reads it, no word
_ABSENT = ("", False, 0.0, None, False, True, False)
#: the words VADER's rules look for around a lexicon word (with the words of its
#: multi-word idioms and boosters, added per engine)
_RULE_WORDS = frozenset(
    "no or nor never so this without doubt least at very kind of but".split())
#: the rule words that change the valence of a lexicon word after them ("or", "nor",
#: "at" only count after "no" or "least", "kind" and "of" as idiom words)
_NOT_INERT = frozenset("no never so this without doubt least".split())
#: what every other token shares (lower-case form, ALL CAPS): its word is read by no rule
#: (a stand-in no token holds, as tokens are split at whitespace), only its case is
_OTHER = "\n"
_PLAIN = (_OTHER, False, None, None, False, True, False)
_PLAIN_UPPER = (_OTHER, True, None, None, False, True, False)


class _TokenTable(dict):
    """Raw whitespace token -> its facts (see above), filled on first sight
    (``__missing__``), so ``map(table.__getitem__, tokens)`` runs in C for known tokens.
    A token whose word is not in ``known`` (the lexicon, boosters, negations, rule
    words) and holds no "n't" gets a shared tuple; ``facts(word, low)`` makes the rest."""

    __slots__ = ("_known", "_facts")

    def __init__(self, known: frozenset, facts: Callable[[str, str], tuple]):
        super().__init__()
        self._known = known
        self._facts = facts

    def __missing__(self, token: str) -> tuple:
        # SentiText._strip_punc_if_word: strip punctuation unless that leaves <= 2 chars
        stripped = token.strip(_PUNCT)
        word = token if len(stripped) <= 2 else stripped
        # (vaderSentiment lower-cases words again where it looks for negations: the
        # same string, str.lower() being idempotent)
        low = word.lower()
        if low in self._known or "n't" in low:
            info = self._facts(word, low)
        else:  # most tokens: one of two shared tuples (fewer objects to touch)
            info = _PLAIN_UPPER if word.isupper() else _PLAIN
        self[token] = info
        return info


class FastVader:
    """Scores text exactly as VADER's ``SentimentIntensityAnalyzer.polarity_scores``.

    Built from an analyzer's tables (the adapter :func:`discourse.text.vader.fast_vader`
    builds it; the tables are read, never copied or changed, and must not change
    afterwards). :meth:`scores` remembers ``cache_size`` whole sentences (0: none;
    :meth:`scores_uncached` never does). ``token_table_size`` bounds the token table
    (about 250 bytes a token): it is emptied when it grows past that.
    """

    def __init__(self, lexicon: Mapping[str, float], emojis: Mapping[str, str], *,
                 boosters: Mapping[str, float], negations: Iterable[str],
                 special_cases: Mapping[str, float], n_scalar: float, c_incr: float,
                 cache_size: int = 1 << 15, token_table_size: int = 1 << 17):
        self.lexicon = lexicon
        self.emojis = emojis
        self.boosters = boosters
        self.negations = frozenset(negations)
        self.special_cases = special_cases
        self.n_scalar = n_scalar
        self.c_incr = c_incr
        self._emoji_keys = frozenset(emojis)
        self._ascii_emoji = any(k.isascii() for k in self._emoji_keys)
        # the first and second words of multi-word idioms and boosters ("the shit",
        # "kind of"): VADER looks for them in two- and three-word sequences around a
        # lexicon word, and a sequence can be one only if it starts with a first word
        # followed by a second word (the idiom test is run only then)
        phrases = [k.split(" ") for table in (special_cases, boosters) for k in table
                   if " " in k]
        self._idiom_first = frozenset(p[0] for p in phrases)
        self._idiom_second = frozenset(p[1] for p in phrases)
        self._rule_words = _RULE_WORDS | {w for p in phrases for w in p}
        self._not_inert = _NOT_INERT | self._idiom_second
        self._not_simple = frozenset(("no", "kind")) | self._idiom_first | self._idiom_second
        # lexicon positions are found with compress(): every valence must be truthy
        self._truthy = all(lexicon.values())
        self._tokens = _TokenTable(
            frozenset(lexicon) | frozenset(boosters) | self.negations | self._rule_words,
            self._token_facts)
        self._token_table_size = token_table_size
        self.cache_size = cache_size
        self.scores: Callable[[str], tuple] = (
            lru_cache(maxsize=cache_size)(self.scores_uncached) if cache_size
            else self.scores_uncached)

    # ------------------------------------------------------------------ tokens

    def _token_facts(self, word: str, low: str) -> tuple:
        """The facts of a token whose word some table or rule knows."""
        negates = low in self.negations or "n't" in low
        valence = self.lexicon[low] if low in self.lexicon else None
        boost = self.boosters[low] if low in self.boosters else None
        inert = boost is None and not negates and low not in self._not_inert
        simple = (valence is not None and valence != 0 and boost is None
                  and low not in self._not_simple)
        return (low, word.isupper(), valence, boost, negates, inert, simple)

    def _table(self) -> _TokenTable:
        table = self._tokens
        if len(table) > self._token_table_size:
            table.clear()
        return table

    def has_emoji(self, text: str) -> bool:
        """Whether ``text`` holds a character VADER describes as an emoji."""
        return ((self._ascii_emoji or not text.isascii())
                and not self._emoji_keys.isdisjoint(text))

    def demoji(self, text: str) -> str:
        """VADER's emoji step: each emoji character replaced by its description, spaced
        from the text before it, the result stripped."""
        if self.has_emoji(text):
            emojis = self.emojis
            out, prev_space = [], True
            for ch in text:
                if ch in emojis:
                    if not prev_space:
                        out.append(" ")
                    out.append(emojis[ch])
                    prev_space = False
                else:
                    out.append(ch)
                    prev_space = ch == " "
            text = "".join(out)
        return text.strip()

    # ------------------------------------------------------------------ valences

    def _valences(self, infos: list, lexpos: Sequence[int], bi: int,
                  float_modifiers: bool = False, full: bool = False) -> list:
        """VADER's valences of the lexicon words (``infos`` from the token table,
        ``lexpos`` the positions of lexicon words, ``bi`` the first "but" or -1), after
        its "but" rule; with ``full``, of every token (the others are 0). Boosters and
        "kind of" are 0 as ``polarity_scores`` has them, or 0.0 with ``float_modifiers``
        as the adapter's ``token_valences`` has them; every other non-lexicon token is
        0."""
        n = len(infos)
        N = self.n_scalar
        C = self.c_incr
        modifier_zero = 0.0 if float_modifiers else 0
        vals = []  # one per lexicon word
        first, second = self._idiom_first, self._idiom_second
        cap_diff = None  # some but not all tokens in ALL CAPS: found when first needed
        last = n - 1
        for i in lexpos:
            low, up, v, boost, _, _, simple = infos[i]
            p1 = infos[i - 1] if i > 0 else _ABSENT
            p2 = infos[i - 2] if i > 1 else _ABSENT
            p3 = infos[i - 3] if i > 2 else _ABSENT
            if simple and p1[5] and p2[5] and p3[5]:
                # no rule applies but ALL CAPS (most lexicon words)
                if up:
                    if cap_diff is None:
                        cap_diff = _cap_differential(infos)
                    if cap_diff:
                        v = v + C if v > 0 else v - C
                vals.append(v)
                continue
            if boost is not None:
                vals.append(modifier_zero)  # a booster is 0, whatever the lexicon says
                continue
            nxt = infos[i + 1] if i < last else None
            if low == "kind" and nxt is not None and nxt[0] == "of":
                vals.append(modifier_zero)
                continue
            valence = v
            if cap_diff is None:
                cap_diff = _cap_differential(infos)
            # "no" before a lexicon word negates it instead of counting itself
            if low == "no" and nxt is not None and nxt[2] is not None:
                valence = 0.0
            if (p1[0] == "no" or p2[0] == "no"
                    or (p3[0] == "no" and p1[0] in _OR_NOR)):
                valence = v * N
            if up and cap_diff:
                if valence > 0:
                    valence += C
                else:
                    valence -= C
            # the three words before: boosters scaled by distance, negations, idioms
            l1, l2, l3 = p1[0], p2[0], p3[0]
            for start_i, prev, damping in ((0, p1, None), (1, p2, 0.95), (2, p3, 0.9)):
                _, pu, pv, pb, pn, _, _ = prev
                if pv is not None:
                    continue  # absent, or a lexicon word: VADER skips it
                valence = valence + (
                    0.0 if pb is None else _scalar(pb, pu and cap_diff, valence, C, damping))
                valence = _negation_check(valence, start_i, l1, l2, l3, pn, N)
                if start_i == 2 and ((l1 in first and low in second)
                                     or (l2 in first and l1 in second)
                                     or (l3 in first and l2 in second) or low in first):
                    valence = self._idioms(valence, [x[0] for x in infos], i)
            # "least" before a word negates it, except "at least" and "very least"
            if p1[0] == "least" and p1[2] is None:
                if i > 1:
                    if p2[0] != "at" and p2[0] != "very":
                        valence = valence * N
                else:
                    valence = valence * N
            vals.append(valence)
        if bi < 0 and not full:
            return vals
        if float_modifiers:
            sent = [0 if x[3] is None else 0.0 for x in infos]
        else:
            sent = [0] * n
        for i, v in zip(lexpos, vals):
            sent[i] = v
        if bi >= 0:
            # (zeros matter here: list.index finds a 0 valence at the first 0)
            _but_check(bi, sent)
        return sent if full else [sent[i] for i in lexpos]

    def _idioms(self, valence, lows: Sequence[str], i: int):
        """VADER's ``_special_idioms_check`` (only called for i > 2)."""
        special = self.special_cases
        onezero = f"{lows[i - 1]} {lows[i]}"
        twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
        twoone = f"{lows[i - 2]} {lows[i - 1]}"
        threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
        threetwo = f"{lows[i - 3]} {lows[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(lows) - 1 > i:
            zeroone = f"{lows[i]} {lows[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(lows) - 1 > i + 1:
            zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        boosters = self.boosters
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in boosters:
                valence = valence + boosters[n_gram]
        return valence

    # ------------------------------------------------------------------ scores

    def scores_uncached(self, text: str) -> tuple:
        """``(neg, neu, pos, compound)`` of ``text``, as VADER's ``polarity_scores``."""
        if (self._ascii_emoji or not text.isascii()) and not self._emoji_keys.isdisjoint(text):
            text = self.demoji(text)
        # (VADER strips the text too: no matter to its tokens or its "!" and "?" counts)
        toks = text.split()
        if not toks:
            return EMPTY
        n = len(toks)
        table = self._tokens
        if len(table) > self._token_table_size:
            table.clear()
        infos = list(map(table.__getitem__, toks))
        valences = list(map(_VALENCE, infos))
        n_other = valences.count(None)
        if n_other == n:
            return NEUTRAL
        lexpos = (list(compress(range(n), valences)) if self._truthy
                  else [i for i, v in enumerate(valences) if v is not None])
        # a token VADER reads as "but" puts "but" in the lower-cased text
        bi = _first_but(infos) if "but" in text.lower() else -1
        return _score(self._valences(infos, lexpos, bi), text, n_other)

    def polarity_scores(self, text: str) -> dict:
        """VADER's dict ``{"neg", "neu", "pos", "compound"}`` of ``text``."""
        return dict(zip(KEYS, self.scores(text)))

    def token_valences(self, text: str) -> list:
        """As the adapter's ``token_valences``: one valence per whitespace token of
        ``text`` (emoji not described), after the "but" rule, of VADER's types."""
        table = self._table()
        infos = [table[t] for t in text.split()]
        lexpos = [i for i, x in enumerate(infos) if x[2] is not None]
        bi = _first_but(infos)
        if lexpos:
            return self._valences(infos, lexpos, bi, True, True)
        sent = [0 if x[3] is None else 0.0 for x in infos]  # what "but" scales is 0.0
        if bi >= 0:
            _but_check(bi, sent)
        return sent

    def score_valences(self, valences: Sequence[float], text: str) -> dict:
        """VADER's ``score_valence``: the dict from token valences and the text's
        ``!``/``?`` emphasis."""
        valences = list(valences)
        if not valences:
            return dict(zip(KEYS, EMPTY))
        return dict(zip(KEYS, _score(valences, text, 0)))

    def cache_clear(self) -> None:
        """Forget remembered sentences and tokens."""
        if self.cache_size:
            self.scores.cache_clear()
        self._tokens.clear()


def _first_but(infos: Sequence[tuple]) -> int:
    """Where the first "but" is, or -1."""
    for i, x in enumerate(infos):
        if x[0] == "but":
            return i
    return -1


def _cap_differential(infos: Sequence[tuple]) -> bool:
    """VADER's ``allcap_differential``: some but not all tokens are ALL CAPS."""
    n_upper = sum([x[1] for x in infos])
    return 0 < len(infos) - n_upper < len(infos)


def _scalar(boost: float, emphasised: bool, valence: float, c_incr: float,
            damping: Optional[float] = None) -> float:
    """VADER's ``scalar_inc_dec`` for a booster before a word of ``valence``
    (``emphasised``: the booster is in ALL CAPS and not every token is), times
    ``damping`` (two and three words before) unless 0."""
    scalar = boost
    if valence < 0:
        scalar *= -1
    if emphasised:
        if valence > 0:
            scalar += c_incr
        else:
            scalar -= c_incr
    if damping is not None and scalar != 0:
        scalar = scalar * damping
    return scalar


def _negation_check(valence: float, start_i: int, l1: str, l2: str, l3: str,
                    negates: bool, n_scalar: float) -> float:
    """VADER's ``_negation_check`` for the word ``start_i + 1`` before a lexicon word
    (``l1``..``l3``: the lower-case words 1..3 before it; ``negates``: that word's)."""
    if start_i == 0:
        if negates:
            valence = valence * n_scalar
    elif start_i == 1:
        if l2 == "never" and l1 in _SO_THIS:
            valence = valence * 1.25
        elif l2 == "without" and l1 == "doubt":
            pass
        elif negates:
            valence = valence * n_scalar
    else:
        if (l3 == "never" and l2 in _SO_THIS) or l1 in _SO_THIS:
            valence = valence * 1.25
        elif l3 == "without" and (l2 == "doubt" or l1 == "doubt"):
            pass
        elif negates:
            valence = valence * n_scalar
    return valence


def _but_check(bi: int, sentiments: list) -> None:
    """VADER's ``_but_check`` on a list (in place), quirk included: each value is found
    again by ``list.index``, so a value equal to an earlier one scales that one instead
    (pop-and-insert at one index is an assignment)."""
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments[si] = sentiment * 0.5
        elif si > bi:
            sentiments[si] = sentiment * 1.5


def _amplifier(ep_count: int, qm_count: int) -> float:
    """VADER's ``_punctuation_emphasis`` of a text with these many "!" and "?"."""
    if ep_count > 4:
        ep_count = 4
    ep_amplifier = ep_count * 0.292
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_amplifier + qm_amplifier


#: _amplifier for up to 4 "!" and 4 "?" (it is the same for more)
_AMPLIFIERS = tuple(tuple(_amplifier(e, q) for q in range(5)) for e in range(5))


def _score(valences: list, text: str, n_zero: int) -> tuple:
    """VADER's ``score_valence`` as ``(neg, neu, pos, compound)``: ``valences`` are the
    valences of a text's tokens in order, ``n_zero`` how many tokens of 0 were left out
    of them (not empty together). Leaving zeros out changes no sum: ``sum`` adds a 0
    (int or float) to a float without changing it (CPython 3.8 to 3.13, the compensated
    sum of 3.12 included), and the sum is never -0.0, so the same float comes out."""
    sum_s = float(sum(valences))
    ep_count = text.count("!")
    qm_count = text.count("?")
    amplifier = _AMPLIFIERS[ep_count if ep_count < 4 else 4][qm_count if qm_count < 4 else 4]
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = n_zero
    for s in valences:
        if s > 0:
            pos_sum += (float(s) + 1)
        elif s < 0:
            neg_sum += (float(s) - 1)
        else:
            neu_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (_round(math.fabs(neg_sum / total), 1000.0, 3) if neg_sum else 0.0,
            _round(neu_count / total, 1000.0, 3),
            _round(pos_sum / total, 1000.0, 3) if pos_sum else 0.0,
            _round(compound, 10000.0, 4))


def _round(x: float, scale: float, digits: int) -> float:
    """``round(x, digits)`` for ``|x| <= 1`` and ``scale == 10.0 ** digits``, bit for bit,
    about three times faster. ``round`` gives the float nearest to ``k / scale``, ``k``
    the integer nearest to ``x * scale``; the float product is within 1e-12 of the exact
    one, so unless its fraction is within 1e-4 of one half (then ``round`` decides) it
    has the same nearest integer, and ``k / scale`` (exact operands) is correctly
    rounded as ``round``'s result is. Negative values as ``round``: ``-round(-x)``."""
    if x < 0:
        return -_round(-x, scale, digits)
    y = x * scale
    k = y // 1.0
    f = y - k
    if f < 0.4999:
        return k / scale
    if f > 0.5001:
        return (k + 1.0) / scale
    return round(x, digits)


__all__ = ["EMPTY", "FastVader", "KEYS", "NEUTRAL"]
