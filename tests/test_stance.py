from discourse.model import Sentiment
from discourse.stance import describe_stances, distinctive_terms, mention_counts, names_in


def _s(c):
    return Sentiment(c, 0, 1, 0, 1, float(c > 0.05), float(c < -0.05))


TEXTS = ["Lovelace lies about tax cuts for the rich", "the rich get tax cuts from Lovelace",
         "tax policy favours the rich", "the muddy dog park floods", "Ask Babbage about the dog park",
         "dog park drainage is awful", "Agreed"]
LABELS = [0, 0, 0, 1, 1, 1, -1]


def test_distinctive_terms_separate_clusters():
    terms = distinctive_terms(TEXTS, LABELS, n_terms=3, ngram_range=(1, 1))
    assert {"tax", "rich"} <= {t for t, _ in terms[0]}
    assert {"dog", "park"} <= {t for t, _ in terms[1]}
    assert all(w > 0 for _, w in terms[0])


def test_describe_stances_sizes_sentiment_and_representatives():
    sents = [_s(-0.5), _s(-0.3), _s(0.2), _s(0.4), _s(0.6), _s(-0.8), _s(0.5)]
    stances = describe_stances(TEXTS, LABELS, sents, n_terms=3, ngram_range=(1, 1))
    assert [s.size for s in stances] == [3, 3]
    assert round(stances[0].sentiment, 4) == round((-0.5 - 0.3 + 0.2) / 3, 4)
    assert stances[0].share_negative == round(2 / 3, 4)
    assert set(stances[1].representatives) <= {3, 4, 5}
    assert ("Lovelace", 2) in stances[0].mentions
    assert all(6 not in s.members for s in stances)


def test_names_skip_sentence_initial_words_but_keep_acronyms():
    assert names_in("Nobody asked. We saw Lovelace do it. The NHS waits.") == ["Lovelace", "NHS"]


def test_sentence_initial_name_counts_when_thread_confirms_it():
    counts = mention_counts(["Babbage knows.", "We asked Babbage twice.", "Nobody cares."])
    assert counts["Babbage"] == 2 and "Nobody" not in counts
