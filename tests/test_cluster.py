import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score

from discourse.cluster import BRIEF, StanceClusterer, content_tokens
from corpora import TAX, PARK



def test_two_topics_found_up_to_permutation():
    model = StanceClusterer(n_clusters=2, min_tokens=2).fit(TAX + PARK)
    truth = [0] * 4 + [1] * 4
    assert adjusted_rand_score(truth, model.labels_) == 1.0


def test_auto_k_picks_two_for_two_topics_and_records_scores():
    model = StanceClusterer(n_clusters="auto", k_range=(2, 5), min_tokens=2).fit(TAX + PARK)
    assert model.n_clusters_ == 2
    assert 2 in model.scores_ and "silhouette" in model.chosen_by_


def test_auto_k_is_capped_by_thread_size():
    texts = [f"{t} {w}" for t in TAX + PARK for w in ("today", "again", "now", "still")]  # 32 texts
    model = StanceClusterer(n_clusters="auto", k_range=(2, 8), min_tokens=2).fit(texts)
    assert max(model.scores_) == 4  # sqrt(32 / 2)


@pytest.mark.parametrize("brief", ["Agreed", "Thanks!", "https://example.com/some/long/path", "I will watch it"])
def test_brief_reactions_are_not_clustered(brief):
    model = StanceClusterer(n_clusters=2, min_tokens=3).fit(TAX + PARK + [brief])
    assert model.labels_[-1] == BRIEF
    assert np.isnan(model.embedding_[-1]).all()


def test_ids_ordered_by_size():
    model = StanceClusterer(n_clusters=2, min_tokens=2).fit(TAX[:2] + PARK)
    assert (model.labels_ == 0).sum() >= (model.labels_ == 1).sum()
    assert list(model.labels_[2:]) == [0, 0, 0, 0]


def test_same_seed_same_labels_and_map():
    a = StanceClusterer(min_tokens=2, random_state=3).fit(TAX + PARK)
    b = StanceClusterer(min_tokens=2, random_state=3).fit(TAX + PARK)
    assert a.labels_.tolist() == b.labels_.tolist()
    assert np.allclose(a.embedding_, b.embedding_)


def test_estimator_contract_params_roundtrip():
    model = StanceClusterer(n_clusters=3, min_tokens=2)
    assert model.get_params()["n_clusters"] == 3
    other = clone(model).set_params(n_clusters=4)
    assert other.n_clusters == 4 and model.n_clusters == 3


def test_too_few_comments_gives_one_group():
    model = StanceClusterer(min_tokens=2).fit(TAX[:2])
    assert model.n_clusters_ == 1
    assert model.labels_.tolist() == [0, 0]


def test_nothing_to_cluster():
    model = StanceClusterer().fit(["ok", "yes"])
    assert model.n_clusters_ == 0 and model.labels_.tolist() == [BRIEF, BRIEF]


def test_bad_n_clusters_rejected():
    with pytest.raises(ValueError, match="n_clusters"):
        StanceClusterer(n_clusters=0).fit(TAX)


def test_content_tokens_drop_stop_words_and_urls():
    assert content_tokens("I think that https://x.org/a is the best source") == ["think", "best", "source"]


def test_predict_reproduces_labels_for_kmeans():
    model = StanceClusterer(n_clusters=3, min_tokens=2).fit(TAX + PARK + ["ok"])
    assert model.predict(TAX + PARK + ["ok"]).tolist() == model.labels_.tolist()


def test_predict_assigns_new_comments_to_learned_stances():
    model = StanceClusterer(n_clusters=2, min_tokens=2).fit(TAX + PARK)
    tax, park = model.labels_[0], model.labels_[4]
    new = model.predict(["working families pay tax while the rich do not",
                         "the river flooded the dog park", "hm", "zzz qqq www"])
    assert new.tolist() == [tax, park, -1, -1]


def test_predict_before_fit_is_not_fitted_error():
    with pytest.raises(NotFittedError):
        StanceClusterer().predict(TAX)


@pytest.mark.parametrize("algorithm", ["kmeans", "agglomerative"])
def test_auto_k_keeps_the_model_of_the_chosen_k(algorithm):
    # two topics, one sentence each with a different closing word: k = 2..4 are tried
    # (sqrt(32 / 2) = 4) and k = 2 wins by far; model_ must be that fit, not the last
    words = ("monday tuesday wednesday thursday friday saturday sunday morning evening "
             "tonight yesterday lately honestly clearly frankly sadly").split()
    texts = [f"{TAX[0]} {w}" for w in words] + [f"{PARK[0]} {w}" for w in words]
    model = StanceClusterer(algorithm=algorithm, min_tokens=2).fit(texts)
    assert sorted(model.scores_) == [2, 3, 4] and model.n_clusters_ == 2
    assert model.model_.n_clusters == model.n_clusters_
    assert adjusted_rand_score(model.model_.labels_, model.labels_[model.clustered_]) == 1.0


def test_init_stores_parameters_and_does_no_work():
    model = StanceClusterer(n_clusters=-3, algorithm="nonsense")  # invalid, but not checked yet
    assert model.get_params()["algorithm"] == "nonsense"
    with pytest.raises(ValueError, match="n_clusters"):
        model.fit(TAX)


def test_agglomerative_finds_the_same_two_topics():
    model = StanceClusterer(n_clusters=2, min_tokens=2, algorithm="agglomerative").fit(TAX + PARK)
    assert adjusted_rand_score([0] * 4 + [1] * 4, model.labels_) == 1.0


def test_clear_topics_are_stable_and_scored():
    model = StanceClusterer(n_clusters=2, min_tokens=2).fit(TAX * 2 + PARK * 2)
    assert model.stability_ == {0: 1.0, 1: 1.0} and model.stability_ari_ == 1.0
    assert model.silhouette_ > 0.1 and model.calinski_harabasz_ > 1


def test_representatives_and_distinctive_are_members():
    model = StanceClusterer(n_clusters=2, min_tokens=2).fit(TAX + PARK)
    for ranking in (model.representatives(2), model.distinctive(2)):
        for c, idx in ranking:
            assert len(idx) == 2 and all(model.labels_[i] == c for i in idx)


def test_thread_input_clusters_own_words_not_quotes():
    from discourse.model import Comment, Post, Thread
    quote = "the dog park by the river is muddy again this week"
    comments = [Comment(i, t) for i, t in enumerate(TAX + PARK)]
    rebuttal = f"“{quote}” tax cuts for the rich hurt working families more than mud"
    comments.append(Comment(8, rebuttal, quotes=(f"“{quote}”",)))
    model = StanceClusterer(n_clusters=2, min_tokens=2).fit(Thread(Post("p"), tuple(comments)))
    assert model.labels_[8] == model.labels_[0] != model.labels_[4]


def test_sweep_tabulates_each_k():
    from discourse.cluster import sweep
    table = sweep(TAX + PARK, k=[2, 3], min_tokens=2)
    assert [r.k for r in table] == [2, 3]
    assert table[0].sizes == (4, 4) and table[0].stability > 0.8
    assert "| 2 |" in table.to_markdown()
    with pytest.raises(ValueError):
        sweep(TAX, k=[2], no_such_param=1)


def test_tune_clusters_example_runs(tmp_path, capsys):
    import runpy
    from pathlib import Path
    example = Path(__file__).resolve().parent.parent / "examples" / "tune_clusters.py"
    module = runpy.run_path(str(example))
    analysis = module["main"](["-o", str(tmp_path)])
    out = capsys.readouterr().out
    assert "chosen k =" in out and "| k |" in out
    assert (tmp_path / "report.pdf").exists() and len(analysis.stances) >= 2


def test_auto_k_on_too_few_comments_to_resample_does_not_crash():
    texts = ["C++ is wonderful, the U.S. loves C++.", "I hate C++ so much. The U.S. is awful.",
             "Agreed, C++ rocks.", "Nonsense. The U.S. is fine and C++ is fine."]
    model = StanceClusterer().fit(texts)
    assert len(model.labels_) == 4 and "silhouette" in model.chosen_by_


def test_bad_ngram_range_is_an_error_not_one_group():
    from discourse.cluster import StanceClusterer
    texts = ["the city should build more bike lanes downtown now"] * 6
    with pytest.raises(ValueError, match="ngram_range"):
        StanceClusterer(ngram_range=(3, 2)).fit(texts)
