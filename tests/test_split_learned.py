"""The splitter's learned parts: copy structure, the tree runtime, and the trainer's model
file read back by the runtime. Threads here are invented for the tests."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from discourse.split import split_lines, split_text
from discourse.split.copies import COPY_FEATURES, Copies, copy_features, first_copy
from discourse.split.learned import SEGMENT_FEATURES, Models, line_matrix, shipped_models
from discourse.split.quotes import find_quotes
from discourse.split.segment import continuation, opener
from discourse.split.trees import TreeEnsemble, ensemble_to_dict

ROOT = Path(__file__).resolve().parents[1]

FORUM = [
    "Should towns ban cars from the old centre?",
    "Our council wants to close the market square to traffic from next spring.",
    "Shops say they will lose the customers who drive in from the villages.",
    "Shops say they will lose the customers who drive in from the villages.",
    "They said the same in every town that did it, and footfall went up within a year.",
    "Pedestrian streets sell more, not less.",
    "They said the same in every town that did it, and footfall went up within a year.",
    "Name one town the size of ours where that happened.",
    "Name one town the size of ours where that happened.",
    "Mine, for a start. The bakery on the corner doubled its tables.",
    "What about deliveries? Lorries still need to get in somewhere.",
    "Most schemes allow deliveries before ten in the morning.",
]
# comment spans (1-based, inclusive) and parents of FORUM: the post is lines 1-3
GOLD = [(4, 6, None), (7, 8, 0), (9, 10, 1), (11, 11, None), (12, 12, 3)]


def test_copies_find_whole_line_repeats_and_their_sources():
    c = Copies.of(FORUM)
    assert c.source[3] == 2 and c.source[6] == 4 and c.source[8] == 7
    assert c.source[4] is None and c.copied_at[4] == (6,)
    assert first_copy(FORUM, 20) == 3


def test_short_common_lines_are_not_copies():
    c = Copies.of(["Title", "Post text that is long enough.", "Thanks", "Thanks"])
    assert c.source == (None, None, None, None)


def test_copy_features_mark_quote_blocks():
    body = list(range(3, len(FORUM)))
    X = copy_features(FORUM, body, 2, Copies.of(FORUM))
    col = COPY_FEATURES.index
    rows = dict(zip(body[1:], X))
    assert rows[6][col("copy_block_start")] == 1.0        # a reply opens by pasting line 5
    assert rows[7][col("after_copy_block")] == 1.0        # ... and answers below it
    assert rows[5][col("copy")] == 0.0


def test_pasted_quote_names_the_parent():
    from discourse.split import link_spans
    spans = [(s - 1, e - 1) for s, e, _ in GOLD]
    links = link_spans(FORUM, spans, [None] * len(FORUM), find_quotes(FORUM, 3), 2, shipped_models())[3]
    parents = [p for p, _, _, _ in links]
    assert parents[1] == 0 and parents[2] == 1
    assert links[1][1] == "quote"


def test_post_ends_before_the_first_pasted_quote():
    text = "\n".join(FORUM) + "\n"
    assert split_text(text).post.end_line <= 3


def test_line_matrix_shape_matches_the_model():
    idx, X = line_matrix(FORUM, 3, {h.line: h for h in find_quotes(FORUM, 3)}, 2, opener, continuation)
    assert X.shape == (len(FORUM) - 4, len(SEGMENT_FEATURES))
    assert idx[0] == 4


def test_tree_runtime_matches_scikit_learn():
    from sklearn.ensemble import HistGradientBoostingClassifier
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 5))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0.3).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=40, random_state=0).fit(X, y)
    d = json.loads(json.dumps(ensemble_to_dict(clf, list("abcde"))))
    te = TreeEnsemble.from_dict(d, list("abcde"))
    assert np.allclose(te.proba(X), clf.predict_proba(X)[:, 1], atol=1e-4)
    with pytest.raises(ValueError):
        TreeEnsemble.from_dict(d, list("abcdx"))


def test_shipped_model_records_what_it_learned_from():
    m = json.loads((ROOT / "discourse" / "split" / "model.json").read_text(encoding="utf-8"))
    info = m["trained_on"]
    assert info["dumps"] > 0 and info["segment_rows"] > 0 and info["digest"] and info["scikit_learn"]
    assert shipped_models().segment_context is not None


def _write_thread(folder: Path, name: str, post: list[str], comments: list[list[str]]) -> None:
    lines = list(post)
    gold = {"post_lines": [1, len(post)], "comments": []}
    for paras in comments:
        gold["comments"].append({"start_line": len(lines) + 1, "end_line": len(lines) + len(paras),
                                 "parent": None})
        lines += paras
    (folder / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")


def test_trainer_writes_a_model_the_runtime_reads(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import train_splitter

    data = tmp_path / "threads"
    data.mkdir()
    words = ["river", "bridge", "market", "garden", "school", "station", "library", "harbour"]
    for k in range(8):
        w = words[k]
        post = [f"What should happen to the old {w}?",
                f"The council has asked residents what they want done with the {w} next year."]
        comments = [[f"Keep the {w} as it is, it works.", f"And fix the lights around the {w} first."],
                    [f"I would sell the {w} and build homes there instead."],
                    [f"Nobody asked the people who use the {w} every day.", "That is the real problem here.",
                     "But the council never listens anyway."],
                    [f"Agreed about the {w}."]]
        _write_thread(data, f"made-{k}", post, comments)
    out = tmp_path / "model.json"
    assert train_splitter.main(["--data", str(data), "--out", str(out), "--jobs", "1"]) == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["trained_on"]["dumps"] == 8
    models = Models.from_dict(d)
    text = (data / "made-0.txt").read_text(encoding="utf-8")
    t = split_text(text, models=models, post_end=2)
    assert 1 <= len(t.comments) <= len(split_lines(text)) - 2
    assert 0.0 < models.start_threshold < 1.0
