import pytest

from discourse import Config, analyse
from discourse.baseline import Baseline
from discourse.errors import InputError
from discourse.model import Comment, Post, Thread
from discourse.readers.auxiliary import read_baseline
from discourse.report.export import analysis_to_dict
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
