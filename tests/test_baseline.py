import json
import random
from dataclasses import replace

import numpy as np
import pytest

from discourse import Config, analyse
from discourse.baseline import Baseline, comment_key, follow
from discourse.cluster import StanceClusterer
from discourse.errors import InputError
from discourse.model import Comment, Post, Thread
from discourse.readers.auxiliary import read_baseline
from discourse.report.export import analysis_json, analysis_to_dict
from discourse.stance_model import StanceModel
from corpora import MORE_PARK, MORE_TAX, PARK, TAX



def _thread(texts):
    return Thread(Post("A post about the town."), tuple(Comment(i, t) for i, t in enumerate(texts)))


def test_rerun_on_grown_dump_keeps_stance_ids():
    config = Config(clusters=2, min_tokens=2)
    before = analyse(_thread(TAX + PARK + MORE_PARK), config)
    park_id = before.labels[4]
    assert park_id == 0  # the larger stance comes first
    grown = _thread(TAX + PARK + MORE_PARK + MORE_TAX)
    fresh = analyse(grown, config)
    assert fresh.labels[4] != park_id  # without a baseline, size order renumbers
    again = analyse(grown, config, baseline=Baseline.from_dict(analysis_to_dict(before)))
    assert again.labels[:9] == before.labels
    assert again.alignment.new_comments == (9, 10, 11)
    assert {s.id for s in again.stances} == {0, 1}


def test_read_baseline_rejects_what_is_not_an_analysis(tmp_path):
    bad = tmp_path / "a.json"
    bad.write_text('{"comments": [{"text": "x"}]}')
    with pytest.raises(InputError, match="record 1"):
        read_baseline(bad)
    bad.write_text("{nope")
    with pytest.raises(InputError, match=r"a.json:1: not JSON"):
        read_baseline(bad)


# -- reruns that start from the saved model ---------------------------------------------

def _rerun(before, thread, config, **kw):
    """``thread`` analysed against ``before``'s analysis.json, read back from its text."""
    data = json.loads(analysis_json(before))
    return analyse(thread, config, baseline=Baseline.from_dict(data, **kw))


def _kept(before, after):
    old = {comment_key(c.text): lab for c, lab in zip(before.thread.comments, before.labels)}
    both = [(old[comment_key(c.text)], lab) for c, lab in zip(after.thread.comments, after.labels)
            if old.get(comment_key(c.text)) is not None]
    return sum(a == b for a, b in both) / len(both)


def test_rerun_on_the_same_input_keeps_every_id():
    config = Config(clusters=3, min_tokens=2)
    thread = _thread(TAX + PARK + MORE_PARK + MORE_TAX + ["the river mud and the tax office"])
    before = analyse(thread, config)
    again = _rerun(before, thread, Config(min_tokens=2))   # "auto": the model's k is kept
    assert again.alignment.method == "warm"
    assert again.labels == before.labels and _kept(before, again) == 1.0
    assert again.alignment.moved == () and again.alignment.new_comments == ()
    assert again.alignment.n_kept == again.alignment.n_compared == 13
    assert [(s.id, s.members) for s in again.stances] == [(s.id, s.members) for s in before.stances]
    assert "13 of 13 earlier clustered comments kept their stance id" in again.thread.notes[-1]


def test_rerun_with_added_comments_keeps_the_old_ids_of_two_camps():
    config = Config(clusters=2, min_tokens=2)
    before = analyse(_thread(TAX + PARK + MORE_PARK), config)
    tax_id, park_id = before.labels[0], before.labels[4]
    grown = _thread(TAX + PARK + MORE_PARK + MORE_TAX)  # the tax camp grows past the park
    fresh = analyse(grown, config)
    assert fresh.labels[0] != tax_id   # a fit from scratch renumbers by size
    again = _rerun(before, grown, config)
    assert again.alignment.method == "warm" and again.alignment.moved == ()
    assert again.labels[:9] == before.labels
    assert again.labels[9:] == (tax_id,) * 3   # new comments join the camp they argue in
    assert {s.id: s.size for s in again.stances} == {tax_id: 7, park_id: 5}
    assert again.alignment.shares[tax_id] == (4 / 9, 7 / 12)
    # the rerun's own model names its centres by the kept ids
    assert again.stance_model.stance_ids == before.stance_model.stance_ids


def test_stance_model_round_trips_through_analysis_json():
    a = analyse(_thread(TAX + PARK + MORE_PARK), Config(clusters=2, min_tokens=2))
    text = analysis_json(a)
    line = next(l for l in text.splitlines() if l.startswith('  "stance_model": '))
    assert line.endswith("},")   # the model is one line: a vocabulary is not for reading
    saved = json.loads(text)["stance_model"]
    model = StanceModel.from_dict(saved)
    assert model.to_dict() == saved and json.loads(analysis_json(a))["stance_model"] == saved
    est = StanceClusterer(n_clusters=2, min_tokens=2).fit([c.text for c in a.thread.comments])
    assert np.array_equal(model.idf(), est.vectorizer_.idf_)   # integers in, same IDF out
    assert model.vocabulary == tuple(est.vectorizer_.get_feature_names_out())
    assert np.abs(model.centroids - a.stance_model.centroids).max() <= 5e-7
    assert model.stance_ids == (0, 1) and model.components is None
    assert saved["params"]["ngram_range"] == [1, 2] and saved["space"] == "tfidf"


def _numbered(n_words):
    """12 texts on two topics, each of ``n_words`` distinct made-up words."""
    return [" ".join(f"{topic}{w}" for w in random.Random(i).sample(range(60), n_words))
            for topic in ("tax", "park") for i in range(6)]


@pytest.mark.parametrize("texts, stored", [
    ([f"{t} {w}" for t in TAX + PARK for w in ("today", "again", "now")], "components"),
    (_numbered(40), "basis"),   # more terms than rows: the axes as combinations of rows
])
def test_a_model_with_svd_axes_round_trips_and_warm_starts_on_the_same_labels(texts, stored):
    est = StanceClusterer(n_clusters=2, min_tokens=2, svd_components=5).fit(texts)
    assert est.svd_ is not None
    saved = json.loads(json.dumps(StanceModel.from_clusterer(est, [0, 1]).to_dict()))
    assert saved[stored] is not None and saved[{"basis": "components"}.get(stored, "basis")] is None
    model = StanceModel.from_dict(saved)
    assert model.components.shape == (5, len(model.vocabulary))
    assert np.abs(model.components - est.svd_.components_).max() < 1e-5
    warm = StanceClusterer(min_tokens=2, n_resamples=0).fit(texts, init_model=model)
    assert warm.labels_.tolist() == est.labels_.tolist()
    assert np.allclose(warm.embedding_, est.embedding_, atol=1e-4)
    assert warm.predict(texts[:2] + texts[-2:]).tolist() == est.predict(texts[:2] + texts[-2:]).tolist()
    # the rerun's own model keeps the same axes, stored the same way
    assert StanceModel.from_clusterer(warm, [0, 1]).to_dict()[stored] == saved[stored]


def test_baseline_without_a_saved_model_falls_back_to_matching_and_says_so():
    config = Config(clusters=2, min_tokens=2)
    before = analyse(_thread(TAX + PARK + MORE_PARK), config)
    data = json.loads(analysis_json(before))
    del data["stance_model"]   # an analysis.json written before models were saved
    grown = _thread(TAX + PARK + MORE_PARK + MORE_TAX)
    again = analyse(grown, config, baseline=Baseline.from_dict(data))
    assert again.alignment.method == "matched" and again.labels[:9] == before.labels
    assert "no saved stance model" in again.thread.notes[-1]
    assert "matched to it by shared comments" in again.alignment.why
    out = analysis_to_dict(again)["baseline"]
    assert out["method"] == "matched" and out["kept"] == out["compared"] == 9


def test_refit_flag_and_changed_settings_fall_back_to_matching():
    config = Config(clusters=2, min_tokens=2)
    thread = _thread(TAX + PARK + MORE_PARK)
    before = analyse(thread, config)
    refit = _rerun(before, thread, config, refit=True)
    assert refit.alignment.method == "matched" and "--refit" in refit.alignment.why
    other = _rerun(before, thread, config.replace(ngram_max=1))
    assert other.alignment.method == "matched" and "ngram_range" in other.alignment.why
    three = _rerun(before, thread, config.replace(clusters=3))
    assert three.alignment.method == "matched" and "3 stances" in three.alignment.why


def test_moved_comments_are_listed_with_their_distances():
    old = Baseline("a.txt", (("tax", 0), ("park", 1)),
                   model=StanceModel({}, (), np.zeros(0), 0, (0, 1), np.zeros((2, 1))))
    before = np.array([[0.3, 0.5], [0.9, 0.2]])
    now = np.array([[0.6, 0.4], [0.9, 0.2]])
    al = follow(["tax", "park", "new"], [1, 1, None], old, before, now, why="warm")
    assert al.n_compared == 2 and al.n_kept == 1 and al.new_comments == (2,)
    (m,) = al.moved
    assert (m.index, m.from_stance, m.to_stance, m.before, m.now) == (0, 0, 1, (0.3, 0.5), (0.6, 0.4))
    assert m.reason.startswith("the refit moved the centres")
    a = analyse(_thread(TAX + PARK), Config(clusters=2, min_tokens=2))
    out = analysis_to_dict(replace(a, alignment=al))["baseline"]
    assert out["moved"] == [{"index": 0, "from": 0, "to": 1, "reason": m.reason,
                             "distance_before": {"from": 0.3, "to": 0.5},
                             "distance_now": {"from": 0.6, "to": 0.4}}]


def test_read_baseline_rejects_a_malformed_stance_model(tmp_path):
    a = analyse(_thread(TAX + PARK), Config(clusters=2, min_tokens=2))
    data = json.loads(analysis_json(a))
    data["stance_model"]["df"] = data["stance_model"]["df"][:-1]
    bad = tmp_path / "analysis.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(InputError, match="stance_model.*disagree in size.*--refit"):
        read_baseline(bad)
    assert read_baseline(bad, refit=True).model is None


def test_a_new_comment_in_words_the_model_never_saw_is_left_out_and_named():
    config = Config(clusters=2, min_tokens=2)
    before = analyse(_thread(TAX + PARK), config)
    stranger = "quantum entanglement baffles physicists everywhere"
    again = _rerun(before, _thread(TAX + PARK + [stranger]), config)
    assert again.labels[8] is None and again.alignment.unknown == (8,)
    assert "1 comment(s) use no word of the saved vocabulary" in again.thread.notes[-1]
    assert analysis_to_dict(again)["baseline"]["no_known_word"] == [8]
