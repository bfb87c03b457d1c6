"""One validated Config: every rule in __post_init__, the same one-line error from the
API, a config file and the command line."""
import pytest

from discourse.cli import main
from discourse.config import SENTIMENT_AGGREGATIONS, Config, ConfigError


@pytest.mark.parametrize("changes,words", [
    ({"ngram_min": 3, "ngram_max": 2}, "option ngram_min = 3 is larger than ngram_max = 2"),
    ({"k_min": 6, "k_max": 3}, "option k_min = 6 is larger than k_max = 3"),
    ({"clusters": 0}, "option clusters = 0"),
    ({"clusters": "some"}, "option clusters = 'some'"),
    ({"neutral_band": 1.5}, "option neutral_band = 1.5"),
    ({"neutral_band": -0.1}, "option neutral_band = -0.1"),
    ({"min_tokens": -1}, "option min_tokens = -1 is too small"),
    ({"max_features": 2.5}, "option max_features = 2.5 is not valid"),
    ({"sentiment_aggregation": "median"}, "option sentiment_aggregation = 'median'"),
    ({"formats": ("pdf", "docx")}, "option formats"),
    ({"targets": ("=Trump",)}, "option targets: '=Trump'"),
])
def test_bad_values_name_the_option(changes, words):
    with pytest.raises(ConfigError) as err:
        Config(**changes)
    assert words in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ConfigError):
        Config().replace(**changes)


def test_defaults_and_good_values_pass():
    Config()
    Config(clusters=3, k_min=2, k_max=2, ngram_min=2, ngram_max=2, neutral_band=0.0)


def test_aggregation_names_match_the_sentiment_stage():
    from discourse.sentiment import AGGREGATIONS
    assert tuple(AGGREGATIONS) == SENTIMENT_AGGREGATIONS


def test_file_and_cli_give_the_same_one_line_error(tmp_path, capsys):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[discourse]\nngram_min = 3\nngram_max = 2\n", encoding="utf-8")
    dump = tmp_path / "t.txt"
    dump.write_text("A post.\nLeave a reply\nA comment that says enough words here.\n",
                    encoding="utf-8")
    assert main(["report", str(dump), "--config", str(cfg), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("bad.toml: option ngram_min = 3 is larger than ngram_max = 2")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.pdf"))
