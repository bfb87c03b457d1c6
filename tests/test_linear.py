"""The one runtime for the logistic models stored as JSON (discourse/linear.py): it
reproduces scikit-learn's probabilities, reads both stored formats, and both the
splitter and the agreement stage use it."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from discourse import linear


def _fitted(n_classes: int):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4)) * [1.0, 3.0, 0.5, 2.0] + [0.0, 5.0, -1.0, 2.0]
    y = (X @ [1.0, -0.5, 2.0, 0.3] + rng.normal(size=300)).round().clip(-1, n_classes - 2) + 1
    mean, scale = X.mean(axis=0), X.std(axis=0)
    lr = LogisticRegression(max_iter=1000).fit((X - mean) / scale, y)
    return X, lr, mean, scale


def test_binary_model_reproduces_sklearn_and_reads_the_splitters_format():
    X, lr, mean, scale = _fitted(2)
    m = linear.LinearModel.from_dict({
        "features": ["a", "b", "c", "d"], "mean": list(mean), "scale": list(scale),
        "coef": list(lr.coef_[0]), "intercept": float(lr.intercept_[0]), "threshold": 0.4},
        expect=("a", "b", "c", "d"))
    want = lr.predict_proba((X - mean) / scale)[:, 1]
    assert [m.proba(x) for x in X] == pytest.approx(want, abs=1e-12)
    assert m.threshold == 0.4 and len(m.coef) == 1


def test_multiclass_model_reproduces_sklearn_and_reads_the_agreement_format():
    X, lr, mean, scale = _fitted(4)
    d = {"features": ["a", "b", "c", "d"], "mean": list(mean), "scale": list(scale),
         "coef": [list(r) for r in lr.coef_], "intercept": list(lr.intercept_)}
    want = lr.predict_proba((X - mean) / scale)
    got = [linear.softmax(linear.LinearModel.from_dict(d).logits(x)) for x in X]
    assert np.allclose(got, want, atol=1e-12)
    z = linear.logits_matrix(X, d["mean"], d["scale"], d["coef"], d["intercept"])
    assert np.allclose(linear.softmax_matrix(z), want, atol=1e-12)


def test_stored_features_must_be_the_codes():
    with pytest.raises(ValueError, match="do not match"):
        linear.LinearModel.from_dict({"features": ["a"], "mean": [0], "scale": [1], "coef": [1.0],
                                      "intercept": 0.0}, expect=("b",))


def test_splitter_and_agreement_share_the_runtime():
    from discourse.agreement import model_proba, shipped_model
    from discourse.split.learned import LinearModel, shipped_models

    assert LinearModel is linear.LinearModel
    assert isinstance(shipped_models().post, linear.LinearModel)
    model = shipped_model()
    f = dict.fromkeys(model["features"], 0.5)
    want = linear.softmax(linear.LinearModel.from_dict(model).logits([0.5] * len(f)))
    assert list(model_proba(model, f).values()) == want
