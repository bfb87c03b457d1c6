"""The text layer (discourse/text/): the VADER adapter reproduces VADER, and the
tokenisers, a comment's own words and the name lists keep the behaviour the stages were
trained and measured with (a change to any of them fails here first)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse.model import Comment, Post, Thread
from discourse.text import names, own, tokens, vader
from discourse.text.html import html_to_text, markdown_to_text, markup_to_text

ROOT = Path(__file__).resolve().parents[1]
GROUNDTRUTH = ROOT.parent / "shared" / "data" / "vader-groundtruth"
PER_CORPUS = 50   # x 4 corpora: 200 rated texts

#: written for these tests: each exercises a VADER rule the adapter re-runs token by token
OWN_SENTENCES = (
    "The new bridge is lovely!",
    "The plan is not good at all.",
    "This is kind of a disaster, but the staff were wonderful.",
    "I was extremely happy with the result!!!",
    "The mayor is a LIAR and a crook.",
    "Never have I seen such a useless, pointless meeting.",
    "Well, it isn't terrible :)",
    "I don't think this is a great idea, honestly.",
    "What a joke 😂 they can't even count",
    "Great job 👍👍 everyone",
    "The report was barely adequate, though somewhat helpful.",
    "No.",
    "",
    "Meh... whatever :( sad day",
)


def _groundtruth_texts() -> list[str]:
    texts = []
    for path in sorted(GROUNDTRUTH.glob("*_GroundTruth.txt")):
        raw = path.read_bytes()
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            data = raw.decode("cp1252", errors="replace")
        rows = [ln.split("\t", 2)[2] for ln in data.splitlines() if ln.count("\t") >= 2]
        step = max(1, len(rows) // PER_CORPUS)
        texts += rows[::step][:PER_CORPUS]
    return texts


def _assert_adapter_is_vader(texts):
    plain = SentimentIntensityAnalyzer()
    for text in texts:
        want = plain.polarity_scores(text)
        assert vader.polarity_scores(text) == want, text
        assert vader.polarity_scores_by_token(text) == want, text


# --------------------------------------------------------------------------- VADER adapter


def test_adapter_scores_equal_vader_on_hand_written_sentences():
    _assert_adapter_is_vader(OWN_SENTENCES)


def test_adapter_scores_equal_vader_on_rated_sentences():
    if not GROUNDTRUTH.is_dir():
        pytest.skip(f"{GROUNDTRUTH} is missing (VADER's human-rated sentences)")
    texts = _groundtruth_texts()
    assert len(texts) >= 150
    _assert_adapter_is_vader(texts)


def test_token_valences_are_one_per_whitespace_token_and_sum_to_the_score():
    text = "The food was not great, but the view was wonderful"
    vals = vader.token_valences(text)
    assert len(vals) == len(text.split())
    assert vader.score_valences(vals, text) == SentimentIntensityAnalyzer().polarity_scores(text)
    # dropping tokens changes the score: what target sentiment relies on
    kept = [v if i < 5 else 0.0 for i, v in enumerate(vals)]
    assert vader.score_valences(kept, text)["compound"] < 0 < vader.polarity_scores(text)["compound"]


def test_adapter_describes_emoji_as_vader_does():
    assert vader.demoji("no emoji here ") == "no emoji here "
    assert vader.demoji("ok👍") == "ok thumbs up"


def test_only_the_adapter_imports_vader():
    pkg = ROOT / "discourse"
    users = sorted(str(p.relative_to(pkg)) for p in pkg.rglob("*.py")
                   if re.search(r"^\s*(?:from|import) vaderSentiment", p.read_text(encoding="utf-8"), re.M))
    assert users == ["text/vader.py"]
    hits = sorted(str(p.relative_to(pkg)) for p in pkg.rglob("*.py")
                  if "._but_check" in p.read_text(encoding="utf-8")
                  or ".sentiment_valence(" in p.read_text(encoding="utf-8"))
    assert hits == ["text/vader.py"]


# --------------------------------------------------------------------------- tokenisers

SENTENCE = "I said Ada’s anti-war covid-19 2nd café don't e_mail B-52s"


@pytest.mark.parametrize("pattern, lower, expected", [
    (tokens.WORD, False, ["I", "said", "Ada’s", "anti-war", "covid-19", "nd", "café", "don't",
                          "e_mail", "B-52s"]),
    (tokens.LINE_WORD, False, ["I", "said", "Ada’s", "anti-war", "covid-19", "2nd", "café",
                               "don't", "e_mail", "B-52s"]),
    (tokens.PHRASE_WORD, False, ["I", "said", "Ada’s", "anti-war", "covid", "nd", "café",
                                 "don't", "e_mail", "B-52s"]),
    (tokens.INDEX_WORD, False, ["I", "said", "Ada", "s", "anti", "war", "covid", "19", "2nd",
                                "café", "don", "t", "e_mail", "B", "52s"]),
    (tokens.ASCII_WORD, False, ["I", "said", "Ada’s", "anti", "war", "covid", "nd", "caf",
                                "don't", "e", "mail", "B", "s"]),
    (tokens.BAG_WORD, True, ["said", "ada", "anti", "war", "covid", "nd", "caf", "don't",
                             "mail"]),
    (tokens.OPENING_WORD, False, ["I", "said", "Ada’s", "anti", "war", "covid", "19", "2nd",
                                  "café", "don't", "e_mail", "B", "52s"]),
    (tokens.TOKEN_PATTERN, False, ["said", "Ada", "anti-war", "covid-19", "café", "don",
                                   "e_mail", "B-52s"]),
], ids=["WORD", "LINE_WORD", "PHRASE_WORD", "INDEX_WORD", "ASCII_WORD", "BAG_WORD",
        "OPENING_WORD", "TOKEN_PATTERN"])
def test_each_tokeniser_keeps_its_tokens(pattern, lower, expected):
    text = SENTENCE.lower() if lower else SENTENCE
    assert re.findall(pattern, text) == expected


def test_token_helpers_leave_urls_out_and_normalise_as_their_readers_expect():
    text = "See HTTP://X.ORG/a and https://y.org/b — Ada’s 2nd café"
    # an upper-case URL is words to WORD, a URL to the splitter's LINE_WORD
    assert tokens.words(text) == ["See", "HTTP", "X", "ORG", "a", "and", "Ada’s", "nd", "café"]
    assert tokens.line_words(text) == ["see", "and", "ada's", "2nd", "café"]
    assert tokens.ascii_words(text) == ["see", "http", "x", "org", "a", "and", "ada’s", "nd", "caf"]
    assert tokens.opening_words("I have no problem") == ["i", "have"]
    assert tokens.strip_handles("@ann hi me@x.org").split() == ["hi", "me@x.org"]
    assert tokens.has_url("www.x.org") and not tokens.has_url("x.org")


def test_vectorizers_and_term_counts_use_the_token_pattern():
    from discourse import terms

    assert terms.TOKEN_PATTERN is tokens.TOKEN_PATTERN


# --------------------------------------------------------------------------- own words


def _comment(text, quotes=()):
    return Comment(0, text, quotes=tuple(quotes))


def test_own_text_leaves_quotes_out_and_keeps_the_rest_as_written():
    c = _comment("“You are wrong”.\nNo,   you are.", ["“You are wrong”."])
    assert own.own_text(c) == "No, you are."
    assert own.own_text(_comment("Hi Ann,\n\n@bob  RT @cnn: x")) == "Hi Ann,\n\n@bob  RT @cnn: x"


def test_own_text_options_leave_out_retweets_handles_and_greeted_names():
    text = "@ann @bob “@cnn: Bridge to close.” sad truth"
    assert own.own_text(text, retweets=False) == "@ann @bob   sad truth"
    # a quoted handle opening the text counts as addressing it
    assert own.own_text(text, leading_handles=False) == "Bridge to close.” sad truth"
    assert own.own_text(text, retweets=False, leading_handles=False) == "sad truth"
    greet = "Hi Michael, Putin lies. Thanks for the post Laura!"
    assert own.own_text(greet, addressed_names=False) == "Hi        , Putin lies. Thanks for the post      !"


def test_reply_text_is_own_text_for_cues_and_flags_a_retweet():
    assert own.reply_text(_comment("@ann @bob “@cnn: Bridge to close.” sad truth")) == ("sad truth", True)
    assert own.reply_text(_comment("@ann   Exactly  right")) == ("Exactly right", False)
    assert own.reply_text(_comment("“Quoted”. RT @x: no", ["“Quoted”."])) == ("", True)


def test_texts_of_reads_threads_comments_and_strings():
    t = Thread(Post("p"), (_comment("“Hi”. No.", ["“Hi”."]), _comment("Thanks Ann! Yes.")))
    assert own.texts_of(t) == ["No.", "Thanks Ann! Yes."]
    assert own.texts_of(t, addressed_names=False) == ["No.", "Thanks    ! Yes."]
    assert own.texts_of(["plain", 3]) == ["plain", "3"]


def test_every_stage_reads_the_text_layers_own_words():
    import importlib
    import sys

    for name in ("discourse.agreement", "discourse.targets.detect", "discourse.targets.sentiment"):
        importlib.import_module(name)  # loaded whatever ran before (lazy package)

    assert sys.modules["discourse.agreement"].reply_text is own.reply_text
    assert sys.modules["discourse.targets.detect"].texts_of is own.texts_of
    assert sys.modules["discourse.targets.sentiment"].texts_of is own.texts_of
    from discourse.text import own_text, texts_of

    assert own_text is own.own_text and texts_of is own.texts_of


# --------------------------------------------------------------------------- names


def test_names_in_running_text_are_cut_at_titles_days_and_chat_words():
    assert names.names_in("Yesterday Mr Babbage met Ada Lovelace on Monday. OMG the NHS!") == [
        "Babbage", "Ada Lovelace", "NHS"]
    # a filler that greets ("Great!") is still part of a name in running text
    assert names.names_in("I think Great Britain voted.") == ["Great Britain"]


def test_vocatives_find_whom_a_comment_addresses():
    assert names.vocatives("Hi Michael, so true. Well, I agree, Laura! Thanks Guys!") == [
        "michael", "laura"]
    # a month greeted is a name here (it is never one in running text)
    assert names.vocatives("Thanks, June!") == ["june"]
    assert names.vocatives("So, what now? Great, Sure.") == []


def test_the_two_name_lists_share_their_core_and_differ_where_measured():
    assert names.NEVER_NAMES <= names.NOT_NAMES and names.NEVER_NAMES <= names.NOT_ADDRESSEES
    assert "june" in names.NOT_NAMES and "june" not in names.NOT_ADDRESSEES
    assert "great" in names.NOT_ADDRESSEES and "great" not in names.NOT_NAMES


def test_vocative_patterns_are_named_and_in_report_order():
    assert names.VOCATIVES == (names.GREETING_VOCATIVE, names.COMMA_VOCATIVE,
                               names.OPENING_VOCATIVE, names.THANKS_VOCATIVE)
    assert names.GREETINGS == (names.GREETING_VOCATIVE, names.THANKS_VOCATIVE)


# --------------------------------------------------------------------------- markup


def test_one_html_path_for_every_reader():
    import discourse.readers as readers
    import discourse.readers.html as page

    assert readers.html_to_text is html_to_text and page.html_to_text is html_to_text
    assert html_to_text("<p>a<blockquote>q</blockquote><p>b <b>c</p></div>") == ("a\n\nq\n\nb c", ("q",))
    assert markdown_to_text("> q\n\nno *way*") == ("q\n\nno way", ("q",))
    assert markup_to_text("<p>x</p>") == ("x", ()) and markup_to_text("*x*") == ("x", ())
