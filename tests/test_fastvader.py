"""The fast VADER path (discourse/text/fastvader.py, through the adapter) gives exactly
vaderSentiment's scores: all four of neg/neu/pos/compound, on hand-written sentences that
exercise each of VADER's rules and on real sentences (VADER's rated texts and the dev
threads, when ../shared is there, as it is in CI). A few seconds."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse.sentiment import score_sentence, split_sentences
from discourse.text import vader
from discourse.text.fastvader import KEYS, _round

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TOLERANCE = 1e-9
REFERENCE = SentimentIntensityAnalyzer()

#: written for this test: each line exercises a rule or a corner of VADER's tokenisation
TRICKY = (
    # empty, blank, punctuation only, emoticons, short tokens kept whole
    "", " ", "\t\n ", "!!!", "?", "...", "?!?!", ":)", ":-( :D", "ok.", "no.", "(ok)",
    "Make sure you :) or :D today!",
    # emoji, alone, adjacent to words, repeated, mixed with ALL CAPS
    "Great job 👍👍 everyone", "great👍", "😂😂😂", "What a joke 😂 they can't even count",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁", "I LOVE it 😍!!!",
    # ALL CAPS: some words, all words, caps boosters, caps "NO" with valence 0
    "The mayor is a LIAR and a crook.", "GREAT JOB", "VADER is VERY SMART, handsome, and FUNNY!!!",
    "It is NO good at all", "this is EXTREMELY bad", "Today SUX!",
    # boosters and dampeners, "kind of", "sort of", "just enough"
    "I was extremely happy with the result!!!", "The book was only kind of good.",
    "It is kind of a disaster", "KIND OF nice", "sort of okay I guess",
    "The food was just enough good", "The report was barely adequate, though somewhat helpful.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    # negations, "n't", far negation, "never so", "never this", "without doubt"
    "The plan is not good at all.", "I don't think this is a great idea, honestly.",
    "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
    "It was never so good", "never so much as a nice word", "Without a doubt, excellent idea.",
    "Without a doubt, an excellent idea.", "without doubt good", "Not bad at all",
    "It isn't horrible", "It wasn't not good", "nothing good ever happens",
    # "no" before lexicon words, "no ... or/nor"
    "no good", "no no good", "no doubt or bad", "No problem, no worries", "there is no nice or good way",
    # "least"
    "At least it isn't a horrible book.", "the very least good", "least good", "the least good plan",
    "Roger Dodger is one of the least compelling variations on this theme.",
    # idioms and special cases
    "With VADER, sentiment analysis is the shit!", "this party is the bomb", "such a bad ass",
    "VADER is such a badass!", "the bus stop was fine", "yeah right, great plan",
    "it was the kiss of death", "a cake to die for", "my beating heart", "he can cut the mustard",
    "Most automated sentiment analysis tools are shit.", "On the other hand, VADER is quite bad ass",
    # "but" (and its quirk: an equal valence earlier is scaled instead), "BUT", "about"
    "The food was not great, but the view was wonderful",
    "good but good good bad", "Good BUT bad", "nice, but... but terrible", "(but) lovely",
    "It was good, but nothing about it was great", "about good things", "_but_ nice",
    "Today only kinda sux! But I'll get by, lol",
    # exclamation and question marks: counts capped at 4 and 3
    "good!", "good!!!!", "good!!!!!!!!", "good??", "good???", "good?????", "bad?!?!", "bad!? really??",
    # unicode punctuation and spaces, non-ASCII casing
    "It’s “great” — isn’t it…", "«Excellent» travail ! Très bien…", "good\u00a0bad\u2028nice",
    "İstanbul is LOVELY", "ΟΔΟΣ ΚΑΛΟΣ great", "naïve, but charming", "Ｇｏｏｄ ｊｏｂ",
    # numbers, URLs, handles
    "3.5 stars, would not recommend", "see https://example.com/good-bad ok", "@ann :) thanks!",
    # very long
    " ".join(["This is a very good and not bad, but kind of terrible sentence!"] * 60),
)


def _scores_differ(text: str) -> float:
    """The largest absolute difference of the four scores (inf if the keys differ)."""
    want = REFERENCE.polarity_scores(text)
    got = vader.polarity_scores(text)
    if set(got) != set(want):
        return math.inf
    return max(abs(got[k] - want[k]) for k in KEYS)


def _check(texts) -> None:
    bad = [(t, _scores_differ(t)) for t in texts]
    bad = [(t[:80], d) for t, d in bad if d > TOLERANCE]
    assert not bad, f"{len(bad)} of {len(texts)} differ, e.g. {bad[:5]}"


def _groundtruth() -> list[str]:
    texts = []
    for path in sorted((SHARED / "vader-groundtruth").glob("*_GroundTruth.txt")):
        raw = path.read_bytes()
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            data = raw.decode("cp1252", errors="replace")
        texts += [ln.split("\t", 2)[2] for ln in data.splitlines() if ln.count("\t") >= 2]
    return texts


def _dev_thread_sentences() -> list[str]:
    out = []
    for path in sorted((SHARED / "threads-dev").glob("*.txt")):
        out += split_sentences(path.read_text(encoding="utf-8", errors="replace"))
    return out


# --------------------------------------------------------------------------- scores


def test_tricky_sentences_score_as_vader():
    _check(TRICKY)


def test_tricky_sentences_score_as_vader_bit_for_bit():
    for text in TRICKY:
        assert vader.polarity_scores(text) == REFERENCE.polarity_scores(text), text


def test_rated_sentences_score_as_vader():
    texts = _groundtruth()
    if not texts:
        pytest.skip("../shared/data/vader-groundtruth is missing")
    assert len(texts) > 20_000
    _check(texts[::2])


def test_dev_thread_sentences_score_as_vader():
    texts = _dev_thread_sentences()
    if not texts:
        pytest.skip("../shared/data/threads-dev is missing")
    assert len(texts) > 10_000
    _check(texts)


def test_sentence_scores_are_vaders_with_and_without_the_cache():
    cold = vader.fast_vader(cache_size=0)
    warm = vader.fast_vader(cache_size=4)  # a tiny cache: entries are evicted too
    for text in TRICKY * 2:
        want = tuple(REFERENCE.polarity_scores(text)[k] for k in KEYS)
        assert cold.scores(text) == want == warm.scores(text), text
    s = score_sentence("The bridge is LOVELY!", vader.make_analyzer())
    want = REFERENCE.polarity_scores("The bridge is LOVELY!")
    assert (s.neg, s.neu, s.pos, s.compound) == tuple(want[k] for k in KEYS)


def test_a_full_token_table_is_emptied_and_scores_stay_vaders():
    engine = vader.fast_vader(cache_size=0)
    engine._token_table_size = 8
    for text in TRICKY:
        assert engine.scores(text) == tuple(REFERENCE.polarity_scores(text)[k] for k in KEYS)
    assert len(engine._tokens) <= 8 + max(len(t.split()) for t in TRICKY)


# --------------------------------------------------------------------------- per token


def test_token_valences_and_scores_from_them_are_vaders():
    texts = [vader.demoji(t) for t in TRICKY] + _groundtruth()[::25]
    for text in texts:
        want = vader.reference_token_valences(text)
        got = vader.token_valences(text)
        assert got == want and [type(v) for v in got] == [type(v) for v in want], text
        assert vader.score_valences(got, text) == REFERENCE.score_valence(list(want), text)
        assert vader.polarity_scores_by_token(text) == REFERENCE.polarity_scores(text), text


# --------------------------------------------------------------------------- analyzers


def test_another_analyzers_lexicon_is_used():
    custom = SentimentIntensityAnalyzer()
    custom.lexicon = dict(custom.lexicon, bridge=3.0)
    text = "The bridge is not bad"
    assert vader.polarity_scores(text, custom) == custom.polarity_scores(text)
    assert vader.polarity_scores(text, custom) != vader.polarity_scores(text)


def test_a_lexicon_with_but_never_so_and_zero_valences_scores_as_vader():
    custom = SentimentIntensityAnalyzer()
    custom.lexicon = dict(custom.lexicon, but=1.0, never=-1.0, so=0.5, meh=0.0, very=1.0)
    for text in TRICKY + ("meh but meh good", "it is so very meh", "never so meh"):
        assert vader.polarity_scores(text, custom) == custom.polarity_scores(text), text
        t = vader.demoji(text, custom)
        assert vader.token_valences(t, custom) == vader.reference_token_valences(t, custom)


def test_an_analyzer_that_is_not_plain_vader_is_asked_itself():
    class Fixed(SentimentIntensityAnalyzer):
        def polarity_scores(self, text):
            return {"neg": 0.0, "neu": 0.0, "pos": 1.0, "compound": 0.5}

    an = Fixed()
    assert vader.polarity_scores("awful", an)["compound"] == 0.5
    assert vader.sentence_scorer(an)("awful") == (0.0, 0.0, 1.0, 0.5)
    assert score_sentence("awful", an).compound == 0.5


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize("digits", [3, 4])
def test_fast_rounding_is_rounds(digits):
    scale = 10.0 ** digits
    xs = [k / scale + d for k in range(-int(scale), int(scale) + 1, 7)
          for d in (0.0, 0.5 / scale, -0.5 / scale, 0.49999 / scale, 1e-17)]
    xs += [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, -0.00004, 0.00005, -0.00005, 0.0015, 0.0025]
    for x in xs:
        want, got = round(x, digits), _round(x, scale, digits)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), x
