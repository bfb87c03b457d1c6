import pickle

import pytest

from discourse.config import Config
from discourse.model import Comment
from discourse.sentiment import (
    AGGREGATIONS, make_analyzer, score_comments, score_text, split_sentences, summarise,
)

AN = make_analyzer()


# ------------------------------------------------------------------ splitting


def test_split_basic_and_newlines():
    assert split_sentences("I like it. You don't! Why? 3 people agree\nnew line") == [
        "I like it.", "You don't!", "Why?", "3 people agree", "new line"]


def test_split_keeps_abbreviations_and_urls_intact():
    text = ("The U.S. Senate did it, e.g. Mr. Smith voted no. See https://example.com/a.b?x=1.5 "
            "and www.example.org/Page. Prices rose 3.5 percent on Dec. 19 last year.")
    assert split_sentences(text) == [
        "The U.S. Senate did it, e.g. Mr. Smith voted no.",
        "See https://example.com/a.b?x=1.5 and www.example.org/Page.",
        "Prices rose 3.5 percent on Dec. 19 last year.",
    ]


def test_split_ellipsis_quotes_and_emoticons():
    assert split_sentences('Well.... Maybe not :) He said "no." "Fine," I said… Ok :-(') == [
        "Well....", "Maybe not :)", 'He said "no."', '"Fine," I said…', "Ok :-("]


def test_split_needs_a_capital_after_the_stop():
    assert split_sentences("it is version 2. something else") == [
        "it is version 2. something else"]


def test_split_empty():
    assert split_sentences("") == [] and split_sentences(" \n\n ") == []


@pytest.mark.parametrize("line", [
    "Well.... Maybe not :) He said \"no.\" \"Fine,\" I said… Ok :-( Bye",
    "a:) B x :) C ;-) D =] E <3 F ^_^ G ^^ H :P I",
    "U.S. Army. e.g. Dec. 19 ok. (Mr. X) end. J. Smith. www.x.com. Then 3.5. Fine",
    "Why?! Really?? Yes!!! No… Ok...  \"Quote.\" (Paren.) [Br.] 'S'.",
    "", ".", ". A", "::: ;;; === <<< ^^^ ...",
])
def test_split_finds_the_boundaries_the_pattern_does(line):
    from discourse.sentiment import _BOUNDARY, _boundaries
    want = [(m.start(), m.end(), m.groupdict()) for m in _BOUNDARY.finditer(line)]
    assert [(m.start(), m.end(), m.groupdict()) for m in _boundaries(line)] == want


def test_split_lines_at_any_line_break_run():
    text = "One.\r\n  \n Two \x0b three.\r\rFour\u2028five \n\t\n"
    assert split_sentences(text) == ["One.", "Two \x0b three.", "Four\u2028five"]


# ------------------------------------------------------------------ scoring


@pytest.mark.parametrize("agg", sorted(AGGREGATIONS))
def test_polarity(agg):
    pos = score_text("I love this, it is wonderful and a great idea. Thanks so much!",
                     aggregation=agg, analyzer=AN)
    neg = score_text("This is terrible and stupid. I hate it, what an awful disaster.",
                     aggregation=agg, analyzer=AN)
    assert pos.compound > 0.3 and neg.compound < -0.3
    assert pos.n_sentences == 2 and pos.share_positive == 1.0 and neg.share_negative == 1.0


def test_empty_text_is_neutral():
    for text in ("", "   \n "):
        s = score_text(text, analyzer=AN)
        assert (s.compound, s.n_sentences, s.neu, s.pos, s.neg, s.sentences) == (
            0.0, 0, 1.0, 0.0, 0.0, ())


def test_unknown_aggregation_raises():
    with pytest.raises(ValueError, match="weighted"):
        score_text("Nice.", aggregation="nope", analyzer=AN)


def test_config_default_aggregation_exists():
    assert Config().sentiment_aggregation in AGGREGATIONS


def test_quoted_text_excluded():
    quote = "You are a disgusting, hateful idiot and your ideas are terrible."
    c = Comment(1, f"{quote}\nI love this, it is a great point.", quotes=(quote,))
    [s] = score_comments([c], aggregation="weighted", neutral_band=0.05, analyzer=AN)
    assert s.compound > 0.3
    assert s.n_sentences == 1 and "idiot" not in s.sentences[0].text
    # the same text without the quote marked would be negative overall
    unmarked = score_text(c.text, analyzer=AN)
    assert unmarked.compound < s.compound


def test_weighted_does_not_saturate_on_long_comments():
    mild = "The food was nice."
    filler = "We went there on Tuesday with my brother."
    text = " ".join([mild, filler] * 10)
    one = score_text(mild, analyzer=AN).compound
    whole = score_text(text, aggregation="whole", analyzer=AN).compound
    weighted = score_text(text, aggregation="weighted", analyzer=AN).compound
    assert whole > 0.95  # whole-text VADER drifts to the extreme
    assert one < weighted < 0.8 < whole  # agreement strengthens, but without saturating
    # neutral filler does not dilute the default aggregation
    assert score_text(f"{mild} {filler} {filler} {filler}", analyzer=AN).compound == one


def test_mixed_comment_is_between():
    s = score_text("I love the park. I hate the traffic.", analyzer=AN)
    assert -0.3 < s.compound < 0.3
    assert s.share_positive == 0.5 and s.share_negative == 0.5


def test_deterministic_and_picklable():
    text = "Great post! But the second point is wrong. e.g. the U.S. numbers are off."
    a = score_text(text, analyzer=AN)
    b = score_text(text)  # default analyzer
    assert a == b
    assert pickle.loads(pickle.dumps(a)) == a
    comments = [Comment(0, text), Comment(1, "Meh.")]
    assert score_comments(comments) == score_comments(comments, analyzer=AN)


# ------------------------------------------------------------------ summarise


def test_summarise():
    ss = [score_text(t, analyzer=AN) for t in
          ["I love it.", "I hate it.", "It is a chair.", "Wonderful, great!", ""]]
    d = summarise(ss)
    assert d["n"] == 4 and d["n_empty"] == 1
    assert d["share_positive"] == 0.5 and d["share_negative"] == 0.25
    assert d["share_neutral"] == 0.25
    xs = sorted(s.compound for s in ss[:4])
    assert d["median"] == pytest.approx((xs[1] + xs[2]) / 2)
    assert d["mean"] == pytest.approx(sum(xs) / 4) and d["std"] > 0


def test_summarise_empty():
    assert summarise([])["n"] == 0 and summarise([])["mean"] == 0.0
