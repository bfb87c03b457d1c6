"""Agreement stage: hand-made replies for each cue, the label → stance chain, purity."""
import json
from pathlib import Path

import pytest

from discourse.agreement import (ALL_FEATURES, CUES, FEATURES, agreement, chain_stance, find_cues,
                                 reply_text, shipped_model)
from discourse.model import Comment, Post, Thread

SHARED = Path(__file__).parents[1] / ".." / "shared"
POST = Post("The city will close the old bridge to cars next month.")


def one(text, *, parent=None, quotes=(), earlier=("The bridge is fine.",)):
    """The agreement of a reply ``text`` (to the post, or to an earlier comment)."""
    comments = [Comment(i, t) for i, t in enumerate(earlier)]
    comments.append(Comment(len(comments), text, parent=parent, quotes=quotes))
    return agreement(Thread(POST, tuple(comments)), model={})[-1]


AGREE = [
    ("Agreed, it should have closed years ago.", "opener:agreed"),
    ("Absolutely. Long overdue.", "opener:absolutely"),
    ("Exactly what I was going to say.", "opener:exactly"),
    ("This.", "opener:this"),
    ("Thanks for posting the timetable.", "opener:thanks"),
    ("Well said.", "opener:well said"),
    ("+1 from me", "opener:+1"),
    ("You're right about the traffic.", "opener:you're right"),
    ("Honestly I agree with all of it.", "agree-phrase:i agree"),
]
DISAGREE = [
    ("I disagree, the repairs are cheap.", "disagree-phrase:i disagree"),
    ("Get real. Nobody walks there.", "opener:get real"),
    ("Nonsense, the engineers said it is safe.", "opener:nonsense"),
    ("Wrong, it closes in spring.", "opener:wrong"),
    ("Not true at all.", "opener:not true"),
    ("The photo is fake.", "deny-phrase:fake"),
    ("That story is a hoax.", "deny-phrase:hoax"),
    ("This was debunked last week.", "deny-phrase:debunked"),
    ("No, it will stay open.", "opener:no"),
    ("Go on then, enlighten us.", "challenge:enlighten us"),
]


@pytest.mark.parametrize("text,cue,label", [(t, c, "agree") for t, c in AGREE]
                         + [(t, c, "disagree") for t, c in DISAGREE])
def test_agree_and_disagree_cues(text, cue, label):
    a = one(text, parent=0)
    assert a.label == label, a
    assert cue in a.cues, a.cues


@pytest.mark.parametrize("text,cue", [
    ("Source?", "source-request:source?"),
    ("Is this true?", "source-request:is this true"),
    ("Not sure about that, did they vote on it?", "hedge:not sure"),
    ("When does it close?", "source-request:when does it close?"),
    ("Do the buses still run then?", "question"),
    ("Any proof of that", "source-request:any proof"),
    ("You sure?", "source-request:you sure"),
    ("Says the council. Evidence?", "source-request:evidence?"),
])
def test_question_cues(text, cue):
    a = one(text)
    assert a.label == "question", a
    assert cue in a.cues
    assert a.stance_to_post == "query"


def test_plain_comment_and_long_argument_with_a_question_inside():
    assert one("I cycle over it every morning.").label == "comment"
    # doubt without a question mark does not ask anything
    assert one("Not sure about that.").label == "comment"
    assert one("It allegedly closes for repairs.").stance_to_post == "comment"
    long = ("Who knows what they plan? The council has changed its mind twice already and "
            "the money was spent on the new road instead of the repairs.")
    assert one(long).label == "comment"


def test_quoting_in_order_to_rebut():
    quote = "“The bridge is fine.”"
    a = one(quote + " It is crumbling, look at the pillars.", parent=0, quotes=(quote,))
    assert a.label == "comment"  # no cue in its own words, and not negative enough
    b = one(quote + " Rubbish, it is crumbling.", parent=0, quotes=(quote,))
    assert b.label == "disagree"
    assert "quote-rebut" in b.cues


def test_own_words_only():
    """Cue words inside a quoted passage are not the replier's."""
    quote = "“Not true, it is fine.”"
    a = one(quote + " I walked over it today.", parent=0, quotes=(quote,))
    assert a.label == "comment"


def test_retweet_of_post_agrees_and_leading_names_are_skipped():
    assert reply_text(Comment(0, "@ann @bob Exactly")) == ("Exactly", False)
    a = one("RT @city: The city will close the old bridge to cars next month.")
    assert a.label == "agree" and "repost" in a.cues
    assert one("@ann @bob Exactly.", parent=0).label == "agree"


def test_chain_stance():
    assert chain_stance("disagree", "deny") == "support"
    assert chain_stance("disagree", "support") == "deny"
    assert chain_stance("agree", "deny") == "deny"
    assert chain_stance("question", "deny") == "query"
    assert chain_stance("comment", None) == "comment"


def test_chain_follows_parents():
    t = Thread(POST, (Comment(0, "Not true, it stays open."),
                      Comment(1, "Wrong, the notice is on the council site.", parent=0)))
    plain = agreement(t, model={}, chain=False)
    chained = agreement(t, model={}, chain=True)
    assert [a.stance_to_post for a in plain] == ["deny", "deny"]
    assert [a.stance_to_post for a in chained] == ["deny", "support"]


def test_aligned_deterministic_and_bounded():
    t = Thread(POST, (Comment(0, "Agreed."), Comment(1, "Source?", parent=0),
                      Comment(2, "Nonsense.", parent=7)))  # a bad parent is read as the post
    a, b = agreement(t), agreement(t)
    assert a == b and len(a) == 3
    for x in a:
        assert x.label in ("agree", "disagree", "question", "comment")
        assert x.stance_to_post in ("support", "deny", "query", "comment")
        assert 0.0 <= x.confidence <= 1.0 and 0.0 <= x.stance_confidence <= 1.0
    assert agreement(Thread(POST, ())) == ()


def test_cues_are_data_and_generic():
    assert set(CUES) >= {"agree-opener", "disagree-opener", "deny-phrase", "challenge",
                         "source-request", "hedge"}
    assert find_cues("I cycle to work.") == {}


def test_shipped_model_is_readable_json():
    model = shipped_model()
    assert model is not None
    assert set(model["features"]) <= set(ALL_FEATURES)
    assert set(model["thresholds"]) == {"support", "deny", "query"}
    assert model["held_out"]["method"].startswith(("5-fold", "10-fold"))
    assert set(model["classes"]) == {"support", "deny", "query", "comment"}
    assert json.loads(json.dumps(model)) == model


@pytest.mark.skipif(not (SHARED / "data" / "threads-dev").is_dir(), reason="../shared not available")
def test_dev_threads_beat_majority():
    """On the labelled dev threads the shipped stages beat the majority guess (in-sample
    for the model: a sanity check, the held-out figures are in bench/stance_quality.py)."""
    import sys
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    import stance_quality as Q
    import train_agreement as T

    gold, pred = [], []
    for _, _, thread, g in T.load_dev(SHARED / "data" / "threads-dev"):
        gold += g
        pred += [a.stance_guess for a in agreement(thread)]
    macro, _ = Q.f1s(gold, pred)
    majority, _ = Q.f1s(gold, ["comment"] * len(gold))
    assert macro > majority + 0.1


def test_surface_features():
    from discourse.agreement import comment_features
    from discourse.model import Sentiment

    post = Post("The old bridge will close to cars next month.")
    t = Thread(post, (Comment(0, "I never said that. Why would they LIE?! http://x.org #bridge"),
                      Comment(1, "The old bridge will close next month?", parent=0),
                      Comment(2, "ok")))
    s = Sentiment(0.0, 0.1, 0.7, 0.2, 1, 0.0, 0.0)
    f, _ = comment_features(t.comments[0], t, s)
    assert (f["negations"], f["false_words"], f["question_words"]) == (1.0, 1.0, 1.0)
    assert (f["url"], f["hashtag"], f["exclamations"], f["question_marks"]) == (1.0, 1.0, 1.0, 1.0)
    assert 0.0 < f["capitals"] < 0.5 and (f["vader_pos"], f["vader_neg"]) == (0.1, 0.2)
    g, _ = comment_features(t.comments[1], t, s)
    assert g["cosine_post"] > 0.8 and g["cosine_parent"] < 0.3  # repeats the post, not its parent
    h, _ = comment_features(t.comments[2], t, s)
    assert h["cosine_post"] == h["cosine_parent"] == 0.0 and h["swears"] == 0.0
    assert set(f) >= set(FEATURES)


@pytest.mark.parametrize("text, label", [
    ("There is no doubt you are right.", "agree"),      # "there is no" + doubt is not denial
    ("Thanks for nothing, liar.", "disagree"),          # the opener is sarcastic thanks
    ("You are right about the timing.", "agree"),
    ("There is no evidence for that.", "disagree"),
])
def test_cue_misfires_found_in_review(text, label):
    t = Thread(Post("The bridge will close in May."), (Comment(0, text),))
    assert agreement(t)[0].label == label


def _fixture_threads():
    post = Post("The city will close the old bridge to cars next month.")
    texts = [("Agreed, about time.", None), ("Not true, it was postponed.", 0),
             ("Source?", None), ("Is this confirmed? I heard otherwise.", 2),
             ("I cycle over it every day.", None), ("Fake news.", None),
             ("Exactly, well said.", 1), ("When does it close?", None)]
    comments = tuple(Comment(i, t, parent=p) for i, (t, p) in enumerate(texts))
    return [("reddit-x", "reddit", Thread(post, comments), ["comment"] * len(comments))]


def test_trainer_and_runtime_agree():
    """bench/train_agreement.py's vectorised outputs are the stage's, comment by comment."""
    import sys
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    import train_agreement as T

    dev = _fixture_threads()
    res = T.apply(shipped_model(), T.Rows.of(dev))
    got = agreement(dev[0][2])
    assert [a.stance_guess for a in got] == list(res["guess"])
    assert [a.stance_to_post for a in got] == list(res["asserted"])
    assert [a.stance_unsure for a in got] == list(res["unsure"])
    for a, p in zip(got, res["proba"]):
        assert a.stance_probabilities == pytest.approx(tuple(p), abs=1e-3)


def test_no_stance_asserted_below_its_threshold():
    """A stance is asserted only where its calibrated probability clears the class's
    threshold; a class without one (held-out precision never reached 0.6) is never
    asserted, the guess is kept and marked unsure."""
    model = shipped_model()
    for a in agreement(_fixture_threads()[0][2]):
        assert abs(sum(a.stance_probabilities) - 1) < 1e-3
        if a.stance_to_post != "comment":
            t = model["thresholds"][a.stance_to_post]
            assert t is not None and a.stance_confidence >= t - 1e-3
            assert not a.stance_unsure
        elif a.stance_guess != "comment":
            assert a.stance_unsure


def test_unsure_guess_is_comment(monkeypatch):
    model = dict(shipped_model(), thresholds={"support": None, "deny": None, "query": None})
    got = agreement(_fixture_threads()[0][2], model=model)
    assert all(a.stance_to_post == "comment" for a in got)
    assert [a.stance_unsure for a in got] == [a.stance_guess != "comment" for a in got]
    assert any(a.stance_unsure for a in got)
