import pytest

from discourse.model import Comment, Post, Target, TargetSentiment, Thread
from discourse.sentiment import make_analyzer
from discourse.targets import (
    consensus_targets, divisive_targets, mentions, parse_target_spec, summarise_targets,
    target_sentiment, targets,
)

AN = make_analyzer()

COMMENTS = (
    "I think Donald Trump is a liar.",
    "Nobody believes Trump's promises any more.",
    "Frankly Trump should resign. The tariff is a disaster.",
    "Thanks Ada, great post. A tariff is fair.",
    "Agreed.",
)
THREAD = Thread(Post("A post about Trump and trade."),
                tuple(Comment(i, t) for i, t in enumerate(COMMENTS)))


def _by_name(ts):
    return {t.name: t for t in ts}


def test_aliases_merged_short_form_full_name_and_possessive():
    ts = _by_name(targets(THREAD))
    assert "Donald Trump" not in ts
    trump = ts["Trump"]
    assert set(trump.aliases) == {"Trump", "Donald Trump"}
    assert trump.n_comments == 3 and trump.source == "detected"


def test_acronyms_merge_with_the_name_they_abbreviate_and_listed_equivalents():
    ts = _by_name(targets(["The European Union acted.", "The EU waited. The US too.",
                           "The USA wants more.", "Nobody asked the EU."]))
    assert set(ts["EU"].aliases) == {"EU", "European Union"} and ts["EU"].n_comments == 3
    assert set(ts["US"].aliases) == {"US", "USA"} and ts["US"].n_comments == 2
    assert "USA" not in ts and "European Union" not in ts


def test_junk_words_are_not_targets():
    names = set(_by_name(targets(THREAD, min_comments=1)))
    assert not names & {"I", "Thanks", "Agreed", "Nobody", "Frankly", "The", "Her"}
    assert "tariff" in names


def test_user_aliases_override_and_are_always_kept():
    ts = _by_name(targets(THREAD, aliases={"Trump": ["Trump", "Mango"], "NATO": ["NATO"]}))
    assert ts["Trump"].source == "user" and ts["Trump"].aliases == ("Trump", "Mango")
    assert ts["NATO"].source == "user" and ts["NATO"].n_comments == 0
    # the user's alias is taken from the detected target: one Trump, not two
    assert sum(t.name == "Trump" for t in targets(THREAD, aliases={"Trump": ["Trump"]})) == 1


@pytest.mark.parametrize("spec, expected", [
    ("Trump=Trump,Donald Trump,Mango", ("Trump", ("Trump", "Donald Trump", "Mango"))),
    ("NATO", ("NATO", ("NATO",))),
    ("Trump = Donald Trump , Mango ,", ("Trump", ("Trump", "Donald Trump", "Mango"))),
])
def test_parse_target_spec(spec, expected):
    assert parse_target_spec(spec) == expected


def test_parse_target_spec_rejects_empty_name():
    with pytest.raises(ValueError):
        parse_target_spec("=Trump")


def test_matching_is_whole_word_case_sensitive_for_names_and_possessive_tolerant():
    assert mentions("Trump's deal. TRUMP! a trump card, Trumpet.", ["Trump"]) == 2
    assert mentions("Rent control fails; rent controls.", ["rent control"]) == 1


def test_quoted_text_excluded_from_target_sentiment():
    quote = "Ada is a wonderful, brilliant leader."
    c = Comment(0, f"{quote}\nAda is a terrible, dishonest fraud.", quotes=(quote,))
    [[ts]] = target_sentiment([c], [Target("Ada", ("Ada",))], analyzer=AN)
    assert ts.n_sentences == 1 and ts.compound < -0.3


def test_only_sentences_that_mention_the_target_count():
    [[ts]] = target_sentiment(["What a lovely sunny day! Ada lied again."],
                              [Target("Ada", ("Ada",))], analyzer=AN)
    assert ts.n_sentences == 1 and ts.compound < 0


def test_comment_mentioning_no_target_contributes_nothing():
    t = Target("Ada", ("Ada",))
    rows = target_sentiment(["Ada is great.", "I hate everything, awful."], [t], analyzer=AN)
    assert rows[1] == ()
    alone = summarise_targets(rows[:1], [0], [t])[0]
    both = summarise_targets(rows, [0, 0], [t])[0]
    assert both == alone and both.n_comments == 1


def _ts(name, c):
    return TargetSentiment(name, c, 1)


def test_divisive_target_scores_above_consensus_target():
    ts = [Target("Ada", ("Ada",)), Target("Bob", ("Bob",))]
    # stance 0 loves Ada, stance 1 hates her; both dislike Bob
    rows = [(_ts("Ada", 0.7), _ts("Bob", -0.6))] * 4 + [(_ts("Ada", -0.7), _ts("Bob", -0.5))] * 4
    ada, bob = summarise_targets(rows, [0] * 4 + [1] * 4, ts)
    assert ada.divisiveness > bob.divisiveness and bob.consensus > ada.consensus
    assert ada.by_stance == ((0, 4, 0.7), (1, 4, -0.7))
    assert bob.share_against == 1.0 and bob.share_for == 0.0
    assert divisive_targets([ada, bob], n=1) == (ada,)
    assert consensus_targets([ada, bob], n=1) == (bob,)


def test_stances_with_too_few_mentions_do_not_make_a_target_divisive():
    t = [Target("Ada", ("Ada",))]
    rows = [(_ts("Ada", 0.7),)] * 4 + [(_ts("Ada", -0.7),)] * 2
    [s] = summarise_targets(rows, [0] * 4 + [1] * 2, t, min_mentions=3)
    assert s.divisiveness == 0.0 and divisive_targets([s]) == ()
    [s2] = summarise_targets(rows, [0] * 4 + [1] * 2, t, min_mentions=2)
    assert s2.divisiveness > 0.5


def test_determinism():
    a = targets(THREAD), target_sentiment(THREAD, targets(THREAD), analyzer=AN)
    b = targets(THREAD), target_sentiment(THREAD, targets(THREAD), analyzer=AN)
    assert a == b
    rows = a[1]
    assert summarise_targets(rows, [0, 0, 1, 1, None], a[0]) == \
        summarise_targets(rows, [0, 0, 1, 1, None], a[0])


def test_target_words_own_valence_is_masked():
    # "war" is -2.9 in VADER's lexicon: a neutral sentence about it is neutral toward it,
    # and a sentence hoping for it to end is not "against" it because of the word itself
    [[neutral]] = target_sentiment(["The war began in March."], [Target("war", ("war",))],
                                   analyzer=AN)
    assert neutral.compound == 0.0
    [[hope]] = target_sentiment(["Hope met the committee today."],
                                [Target("Hope", ("Hope",))], analyzer=AN)
    assert hope.compound == 0.0


ADA = Target("Ada", ("Ada",))


def _ada(text):
    [[ts]] = target_sentiment([text], [ADA], analyzer=AN)
    return ts.compound


def test_sentiment_far_from_the_mention_is_not_the_targets():
    # whole-sentence VADER scores this strongly positive; nothing in it is about Ada
    assert abs(_ada("What a lovely, sunny, wonderful, glorious day it was when I heard "
                    "that Ada spoke.")) <= 0.05
    # the words next to the mention still count
    assert _ada("What a lovely, sunny day it was when I heard that Ada lied again.") < 0


def test_negation_beyond_vaders_three_words_flips_praise():
    assert _ada("There can't be many diplomats who trust a word Ada says.") < 0
    # a negated negative word is not praise: "didn't stop ... robbery" stays negative
    assert _ada("Police didn't stop Ada as a robbery suspect.") < 0


def test_curly_apostrophe_negation_and_sentence_aside():
    assert _ada("I don’t trust Ada.") < 0
    assert _ada("Certainly, Ada spoke.") == 0.0


def test_forms_a_user_target_already_matches_are_not_a_second_target():
    texts = ["So Donald Trump lied.", "TRUMP again.", "Trump is bad.", "TRUMP lies."]
    found = targets(texts, aliases={"Trump": ["Trump", "Donald Trump"]})
    assert [(t.name, t.source, t.n_comments) for t in found] == [("Trump", "user", 4)]


def test_non_ascii_names_are_found():
    found = targets(["Émile is wrong.", "I agree with Émile here.", "Ask Łukasz or Émile."])
    assert found[0].name == "Émile" and found[0].n_comments == 3


def test_names_only_addressed_are_not_targets():
    texts = ["Hi Michael, I doubt Ada Lovelace did it.", "Thanks Michael, Lovelace did.",
             "Thank you for this Michael!", "Michael says Lovelace was first."]
    found = {t.name: t.n_comments for t in targets(texts)}
    assert "Michael" not in found and found["Lovelace"] == 3
    # ... while a name discussed, not only addressed, still counts
    assert targets(texts[3:] + ["I think Michael is wrong."])[0].name == "Michael"
    [row] = target_sentiment(["Thanks Michael, great post."], [Target("Michael", ("Michael",))])
    assert row == ()


# -- sarcasm, and stating only the leanings the method can back ---------------------------

def test_mocked_mention_counts_against_the_target():
    from discourse.targets import SARCASM_SCORE
    t = Target("Ada", ("Ada",))
    plain, mocked, marker, kind = target_sentiment(
        ["Ada the great business woman.", "Ada the great business woman? Get real.",
         "Yeah right, Ada is a wonderful leader.",
         "Ada is a wonderful leader. No doubt about it."], [t])
    assert plain[0].compound > 0.3
    assert mocked[0].compound <= SARCASM_SCORE
    assert marker[0].compound <= SARCASM_SCORE
    assert kind[0].compound > 0.3  # "No doubt about it." is no dismissal


def test_leaning_only_in_reliable_directions_and_beyond_a_margin():
    from discourse import describe as D
    assert D.leaning(-0.6, share_for=0.0, share_against=0.9) == "hostile to"
    assert D.leaning(-0.6, share_for=0.0, share_against=0.9, reliable={"for"}) is None
    assert D.leaning(0.6, share_for=0.9, share_against=0.0, reliable={"against"}) is None
    # split needs both directions to be trusted
    assert D.leaning(0.0, share_for=0.4, share_against=0.4, reliable={"against"}) is None
    # the sides too close: no leaning, whatever the mean
    assert D.leaning(0.5, share_for=0.45, share_against=0.25) is None
    rel = {"min_precision": 0.6, "precision": {"for": 0.17, "against": 0.35},
           "labelled": "404 mentions, x"}
    assert D.reliable_directions(rel) == frozenset()
    assert D.reliable_directions({}) == D.BOTH
    summaries = summarise_targets(
        [(TargetSentiment("Ada", -0.8, 1),)] * 4, [0, 0, 1, 1], [Target("Ada", ("Ada",))])
    said = D.thread_sentences(summaries, (), [None] * 4, reliability=rel)
    assert said[0].startswith("No leaning toward a target is stated") and "35%" in said[0]
    assert not any("hostile" in s or "divide" in s for s in said)
    assert D.thread_sentences(summaries, (), [None] * 4)[0].startswith("Commenters are hostile to Ada")


def test_shipped_reliability_is_measured():
    from discourse.targets import reliability
    rel = reliability()
    assert rel["min_precision"] == 0.6
    assert set(rel["precision"]) == {"for", "against"}
    assert all(0.0 <= v <= 1.0 for v in rel["precision"].values())


def test_seed_report_states_no_leaning_a_reader_disputes():
    """Seed 004's commenters attack Trump and Putin; the lexicon reads several of those
    mentions as favourable. The report must not say they are split on or favour them."""
    from pathlib import Path

    from discourse import analyse, read_thread
    from discourse.report.export import for_against, stance_sentence_of

    seed = Path(__file__).parents[1] / "seeds" / "004_4500fd412262c0e1.txt"
    analysis = analyse(read_thread(seed))
    said = for_against(analysis) + [stance_sentence_of(analysis, s) for s in analysis.stances]
    for s in said:
        for name in ("Trump", "Putin"):
            for words in ("split on", "favourable to", "warm toward"):
                assert f"{words} {name}" not in s, s
