"""The report stage, on a hand-made Analysis (the real pipeline is not needed)."""
from __future__ import annotations

import csv
import json
import math
import re

import pytest

import discourse
from discourse.config import Config
from discourse.model import (Agreement, Analysis as _Analysis, Comment, Post, SentenceScore, Sentiment,
                             Stance, Target, TargetSentiment, TargetSummary, Thread)
from discourse.report import CSV_COLUMNS, PNG_NAMES, analysis_to_dict, comment_rows, write_report
from discourse.report.export import safe_cell


def Analysis(**fields) -> _Analysis:
    """An Analysis built by hand, with the summary the pipeline's describe stage makes."""
    from dataclasses import replace

    from discourse.describe import describe

    a = _Analysis(**fields)
    return replace(a, summary=describe(a))

NAN = float("nan")

TEXTS = [
    # (text, parent, author, compound, stance, coords)
    ("A wealth tax is overdue. The richest one percent pay a lower effective rate than "
     "nurses and teachers, and that is simply indefensible in a democracy.",
     None, "maria_k", -0.42, 0, (0.80, 0.10)),
    ("Every country that tried a wealth tax repealed it. Capital flight is real, the "
     "revenue never matches the forecasts and the admin cost is huge.",
     0, "dave.b", -0.35, 1, (-0.70, 0.30)),
    ("=HYPERLINK(\"http://evil.example\",\"click\") sounds like capital flight to me, "
     "revenue forecasts were wrong in France and Sweden.",
     1, "-troll", -0.20, 1, (-0.65, 0.35)),
    ("Agreed.", 0, "sam", 0.27, None, (NAN, NAN)),
    ("The article is great and the author deserves praise for explaining the budget so "
     "clearly. Love the charts on the deficit, they cost $5 and $10 to make apparently.",
     None, "lee", 0.91, 2, (0.05, -0.80)),
    ("Tax the rich, fund the schools. Teachers are underpaid and the one percent keep "
     "getting richer while nurses struggle.",
     None, "@maria", 0.10, 0, (0.75, 0.05)),
    ("Thanks!", 4, "anon", 0.49, None, (NAN, NAN)),
    ("Capital flight again: Norway's rich moved to Switzerland after the increase. "
     "Revenue fell. This is not complicated.",
     5, "dave.b", -0.30, 1, (-0.80, 0.20)),
    ("Great explanation of the deficit, clear charts, thank you for the budget "
     "breakdown. " * 12, None, "reader77", 0.95, 2, (0.10, -0.75)),
    ("Effective rate for teachers versus billionaires — that comparison says it all. "
     "Fairness matters more than forecasts.",
     7, "maria_k", 0.05, 0, (0.70, 0.15)),
    ("+1 to the budget breakdown, very clear article", 8, "kim", 0.60, 2, (0.00, -0.70)),
    ("Repealed in 9 of 12 OECD countries. Admin cost ate the revenue.\n\nLook it up.",
     9, "dave.b", -0.10, 1, (-0.75, 0.25)),
]


def _sentiment(compound: float, text: str = "") -> Sentiment:
    pos = max(compound, 0) * 0.5
    neg = max(-compound, 0) * 0.5
    sentences = tuple(SentenceScore(s.strip(), compound, pos, 1 - pos - neg, neg)
                      for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())[:3]
    return Sentiment(compound, pos, 1 - pos - neg, neg, max(1, len(sentences)),
                     1.0 if compound > 0.05 else 0.0, 1.0 if compound < -0.05 else 0.0,
                     sentences)


def make_analysis(n_comments: int | None = None) -> Analysis:
    rows = TEXTS if n_comments is None else TEXTS[:n_comments]
    comments, line = [], 12
    for i, (text, parent, author, *_rest) in enumerate(rows):
        n_lines = text.count("\n") + 1
        comments.append(Comment(
            index=i, text=text, start_line=line, end_line=line + n_lines, parent=parent,
            author=author, timestamp=f"2019-03-0{1 + i % 9} 10:{i:02d}",
            reply_evidence=None if parent is None else ("quote" if i % 2 else "@name"),
            reply_confidence=None if parent is None else (0.9 if i % 3 else 0.4)))
        line += n_lines + 2
    labels = tuple(r[4] for r in rows)
    sents = tuple(_sentiment(r[3], r[0]) for r in rows)
    stances = []
    terms = {
        0: [("effective rate", 0.41), ("teachers", 0.33), ("one percent", 0.30),
            ("nurses", 0.22), ("fairness", 0.18), ("rich", 0.15), ("democracy", 0.11),
            ("schools", 0.08)],
        1: [("capital flight", 0.52), ("revenue", 0.40), ("repealed", 0.31),
            ("admin cost", 0.25), ("forecasts", 0.20), ("Switzerland", 0.12),
            ("OECD", 0.09), ("Norway", 0.07)],
        2: [("budget", 0.47), ("charts", 0.36), ("clear", 0.30), ("deficit", 0.28),
            ("explanation", 0.21), ("article", 0.14), ("breakdown", 0.12),
            ("thank", 0.05)],
    }
    for sid in sorted({lab for lab in labels if lab is not None}):
        members = tuple(i for i, lab in enumerate(labels) if lab == sid)
        cs = [sents[i].compound for i in members]
        mean = sum(cs) / len(cs)
        stances.append(Stance(
            id=sid, size=len(members), terms=tuple(terms[sid]), sentiment=mean,
            sentiment_spread=math.sqrt(sum((c - mean) ** 2 for c in cs) / len(cs)),
            share_positive=sum(c > 0.05 for c in cs) / len(cs),
            share_negative=sum(c < -0.05 for c in cs) / len(cs),
            members=members, representatives=members[:2],
            mentions=(("France", 2), ("Norway", 1)) if sid == 1 else ()))
    # stance ids ordered by size: 1 (4), 0 (3), 2 (3) -> renumber so id 0 is largest
    order = sorted(stances, key=lambda s: (-s.size, s.id))
    remap = {s.id: k for k, s in enumerate(order)}
    stances = tuple(Stance(**{**s.__dict__, "id": remap[s.id]}) for s in order)
    labels = tuple(None if lab is None else remap[lab] for lab in labels)
    thread = Thread(
        post=Post(text="Should we tax wealth?\n\nA long article about a wealth tax.",
                  title="Should Britain tax wealth? The case for and against a levy on the "
                        "richest one percent", start_line=1, end_line=8),
        comments=tuple(comments), source="seeds/example_thread.txt", footer_lines=(9, 10),
        n_lines=line, notes=("read as cp1252",))
    # targets: "teachers" (stance of comments 0, 5, 9 for; 8 against) and "Norway"
    ts = [()] * len(rows)
    for i, (name, v) in {0: ("teachers", 0.5), 5: ("teachers", 0.4), 9: ("teachers", 0.3),
                         7: ("Norway", -0.6), 1: ("teachers", -0.5)}.items():
        if i < len(rows):
            ts[i] = (TargetSentiment(name, v, 1),)
    found = (Target("teachers", ("teachers", "teacher"), 4, 4),
             Target("Norway", ("Norway",), 1, 1, "user"))
    summaries = _summaries(ts, labels)
    kinds = ("agree", "disagree", "question", "comment")
    to_post = {"agree": "support", "disagree": "deny", "question": "query",
               "comment": "comment"}
    agreements = tuple(Agreement(kinds[i % 4], 0.6, (f"cue{i}",), to_post[kinds[i % 4]], 0.5)
                       for i in range(len(rows)))
    return Analysis(
        thread=thread, config=Config(), post_sentiment=_sentiment(0.32),
        sentiments=sents, labels=labels, stances=stances,
        coords=tuple(r[5] for r in rows), cluster_scores={2: 0.21, 3: 0.34, 4: 0.29},
        k_chosen_by="silhouette", targets=found if len(rows) > 9 else (),
        target_sentiments=tuple(ts), target_summaries=summaries if len(rows) > 9 else (),
        agreements=agreements)


def _summaries(ts, labels):
    out = []
    for name in ("teachers", "Norway"):
        hits = [(i, t.compound) for i, row in enumerate(ts) for t in row if t.target == name]
        by = {}
        for i, v in hits:
            if labels[i] is not None:
                by.setdefault(labels[i], []).append(v)
        vals = [v for _, v in hits]
        mean = sum(vals) / len(vals) if vals else 0.0
        out.append(TargetSummary(
            name, len(vals), mean, 0.3, sum(v > 0.05 for v in vals) / max(1, len(vals)),
            sum(v < -0.05 for v in vals) / max(1, len(vals)),
            tuple((sid, len(v), sum(v) / len(v)) for sid, v in sorted(by.items())),
            divisiveness=0.4 if name == "teachers" else 0.0,
            consensus=0.2 if name == "teachers" else 0.6))
    return tuple(out)


def empty_analysis() -> Analysis:
    thread = Thread(post=Post(text="Just a post with nobody answering.", start_line=1,
                              end_line=1), source="/tmp/empty.txt", n_lines=1,
                    notes=("no comments found",))
    return Analysis(thread=thread, config=Config(), post_sentiment=_sentiment(0.0),
                    sentiments=(), labels=(), stances=())


def pdf_pages(data: bytes) -> int:
    """Count page objects (``/Type /Page``, not ``/Pages``) in a PDF."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


@pytest.fixture(scope="module")
def analysis():
    return make_analysis()


@pytest.fixture(scope="module")
def report(analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_report(analysis, out / "r")
    return out / "r", paths


# -- the fixture itself is the shape the pipeline promises -----------------------------

def test_fixture_shape(analysis):
    n = len(analysis.thread.comments)
    assert n == 12 and len(analysis.sentiments) == len(analysis.labels) == n
    assert [s.id for s in analysis.stances] == [0, 1, 2]
    assert [s.size for s in analysis.stances] == sorted((s.size for s in analysis.stances),
                                                        reverse=True)
    assert analysis.labels.count(None) == 2


# -- files ------------------------------------------------------------------------------

def test_files_exist(report):
    out, paths = report
    names = [p.name for p in paths]
    assert names == ["report.pdf", *PNG_NAMES, "comments.csv", "targets.csv", "analysis.json"]
    for p in paths:
        assert p.parent == out and p.is_file() and p.stat().st_size > 0
    assert set(names) == {p.name for p in out.iterdir()}


def test_pngs_are_pngs(report):
    out, _ = report
    for name in PNG_NAMES:
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pdf_page_count(report, analysis):
    from discourse.report import page_titles

    out, _ = report
    titles = page_titles(analysis)
    # title + 8 charts + divides page + 3 stances + 1 split page
    assert len(titles) == 1 + 8 + 1 + 3 + 1
    assert pdf_pages((out / "report.pdf").read_bytes()) == len(titles)


def test_split_table_paginates(tmp_path):
    from discourse.report import page_titles
    from discourse.report.pdf import SPLIT_ROWS

    base = make_analysis()
    k = SPLIT_ROWS + 5
    comments = tuple(Comment(i, f"comment number {i} " * 3, start_line=i, end_line=i)
                     for i in range(k))
    big = Analysis(thread=Thread(post=base.thread.post, comments=comments),
                   config=Config(), post_sentiment=base.post_sentiment,
                   sentiments=(base.sentiments[0],) * k, labels=(None,) * k, stances=())
    titles = page_titles(big)
    assert sum(t.startswith("How the thread was split") for t in titles) == 2
    paths = write_report(big, tmp_path, formats=("pdf",))
    assert pdf_pages(paths[0].read_bytes()) == len(titles) == 1 + 8 + 1 + 0 + 2


def test_pdf_is_byte_stable(analysis, tmp_path):
    a = write_report(analysis, tmp_path / "a", formats=("pdf", "png"))
    b = write_report(analysis, tmp_path / "b", formats=("pdf", "png"))
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


# -- analysis.json ----------------------------------------------------------------------

def test_json_contract(report, analysis):
    out, _ = report
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    for key in ("comments", "stances", "post", "footer_lines", "summary", "clustering",
                "config", "source", "notes", "version"):
        assert key in data, key
    assert data["version"] == discourse.__version__
    assert data["source"] == "seeds/example_thread.txt"
    assert data["config"] == json.loads(json.dumps(Config().to_dict()))
    assert len(data["comments"]) == 12
    c = data["comments"][2]
    for key in ("index", "start_line", "end_line", "parent", "author", "timestamp", "text",
                "sentiment", "stance", "reply_evidence"):
        assert key in c, key
    assert c["parent"] == 1 and c["text"].startswith("=HYPERLINK")  # JSON is not escaped
    assert set(c["sentiment"]) >= {"compound", "pos", "neu", "neg", "n_sentences",
                                   "share_positive", "share_negative", "sentences"}
    assert set(c["sentiment"]["sentences"][0]) == {"text", "compound"}
    brief = [c for c in data["comments"] if c["stance"] is None]
    assert [c["text"] for c in brief] == ["Agreed.", "Thanks!"]
    assert brief[0]["coords"] is None  # NaN never reaches JSON
    s = data["stances"][0]
    for key in ("id", "label", "size", "terms", "sentiment", "members", "representatives",
                "mentions"):
        assert key in s, key
    assert set(s["sentiment"]) == {"mean", "spread", "share_positive", "share_negative"}
    assert s["label"] == analysis.stances[0].label
    assert all(isinstance(t, list) and len(t) == 2 for t in s["terms"])
    assert set(data["post"]) >= {"title", "start_line", "end_line", "sentiment"}
    assert data["footer_lines"] == [9, 10]
    summ = data["summary"]
    assert summ["n_comments"] == 12 and summ["n_brief"] == 2
    assert summ["n_replies"] == sum(c.parent is not None for c in analysis.thread.comments)
    assert summ["reply_share"] == round(summ["n_replies"] / 12, 4)
    assert "mean_sentiment" in summ
    assert data["clustering"] == {"cluster_scores": {"2": 0.21, "3": 0.34, "4": 0.29},
                                  "k_chosen_by": "silhouette", "k_scores": {}}


def test_json_floats_rounded(analysis):
    def walk(x):
        if isinstance(x, float):
            assert x == round(x, 4)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    data = analysis_to_dict(analysis)
    walk(data)
    json.dumps(data, allow_nan=False)


def test_json_identical_across_writes(analysis, tmp_path):
    a = write_report(analysis, tmp_path / "a", formats=("json",))[0].read_bytes()
    b = write_report(make_analysis(), tmp_path / "b", formats=["json"])[0].read_bytes()
    assert a == b
    assert str(tmp_path).encode() not in a


# -- comments.csv -----------------------------------------------------------------------

def test_csv_rows_and_escaping(report, analysis):
    out, _ = report
    with open(out / "comments.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == len(analysis.thread.comments)
    assert [r["index"] for r in rows] == [str(i) for i in range(12)]
    assert rows[2]["text"].startswith("'=HYPERLINK")
    assert rows[2]["author"] == "'-troll"
    assert rows[5]["author"] == "'@maria"
    assert rows[10]["text"].startswith("'+1")
    assert rows[0]["text"].startswith("A wealth tax")  # ordinary text untouched
    assert rows[0]["parent"] == "" and rows[1]["parent"] == "0"
    assert rows[3]["stance"] == "" and rows[3]["stance_label"] == ""
    assert float(rows[1]["sentiment"]) == -0.35  # numbers are not escaped
    assert rows[11]["text"].count("\n") == 2  # multi-line text survives quoting


def test_comment_rows_no_formula_starts(analysis):
    for row in comment_rows(analysis):
        for v in row.values():
            if isinstance(v, str):
                assert not v.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("cell, safe", [("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"),
                                        ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                        ("x=1", "x=1"), ("", ""), (-1.0, -1.0), (None, None)])
def test_safe_cell(cell, safe):
    assert safe_cell(cell) == safe


# -- edge cases -------------------------------------------------------------------------

def test_zero_comments(tmp_path):
    from discourse.report import page_titles

    a = empty_analysis()
    paths = write_report(a, tmp_path)
    assert len(paths) == 1 + 8 + 3
    assert pdf_pages((tmp_path / "report.pdf").read_bytes()) == len(page_titles(a)) == 11
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert data["comments"] == [] and data["stances"] == []
    assert data["summary"]["n_comments"] == 0 and data["summary"]["mean_sentiment"] is None
    assert data["notes"] == ["no comments found"]
    assert (tmp_path / "comments.csv").read_text(encoding="utf-8").strip() == ",".join(CSV_COLUMNS)


def test_formats_subset_and_unknown(analysis, tmp_path):
    paths = write_report(analysis, tmp_path / "x", formats=("csv",))
    assert [p.name for p in paths] == ["comments.csv", "targets.csv"]
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["comments.csv", "targets.csv"]
    with pytest.raises(ValueError):
        write_report(analysis, tmp_path / "y", formats=("docx",))


def test_chart_functions_draw_on_given_axes(analysis):
    from matplotlib.figure import Figure

    from discourse.report import charts

    for stem, plot in charts.CHARTS:
        fig = Figure(figsize=(6, 4), layout="constrained")
        ax = fig.subplots()
        got = plot(ax, analysis)
        if stem == "stance_terms":
            assert len(got) == len(analysis.stances)
            assert all(a.figure is fig for a in got)
        else:
            assert got is ax
        fig.canvas.draw() if hasattr(fig.canvas, "draw") else None


def test_no_stances_only_brief(tmp_path):
    """Every comment a brief reaction: no stances, charts still render."""
    base = make_analysis(4)
    a = Analysis(thread=base.thread, config=base.config, post_sentiment=base.post_sentiment,
                 sentiments=base.sentiments, labels=(None,) * 4, stances=(),
                 coords=((NAN, NAN),) * 4)
    paths = write_report(a, tmp_path, formats=("pdf", "png"))
    assert pdf_pages(paths[0].read_bytes()) == 1 + 8 + 1 + 0 + 1


# -- targets and agreement ---------------------------------------------------------------

def test_json_and_csv_carry_agreement_and_targets(report, analysis):
    out, _ = report
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    c0 = data["comments"][0]
    assert c0["agreement"] == {"label": "agree", "confidence": 0.6, "cues": ["cue0"],
                               "stance_to_post": "support", "stance_confidence": 0.5,
                               "stance_guess": "comment", "stance_unsure": False,
                               "stance_probabilities": None}
    assert c0["targets"] == {"teachers": {"compound": 0.5, "n_sentences": 1}}
    assert data["comments"][2]["targets"] == {}
    assert [t["target"] for t in data["targets"]] == ["teachers", "Norway"]
    assert data["targets"][1]["source"] == "user"
    st = next(s for s in data["stances"] if 0 in s["members"])
    assert st["sentence"].startswith(f"{st['size']} comments, favourable to teachers")
    assert sum(st["to_post"][k] for k in ("support", "deny", "query", "comment")) == st["size"]
    # teachers' mean (+0.18) is too weak to be called a leaning; no two stances name it
    # three times, so it divides nothing
    assert data["for_against"][0].startswith("Toward the post (comments): agree 3, disagree 3")
    rows = list(csv.DictReader((out / "comments.csv").open(encoding="utf-8", newline="")))
    assert rows[1]["agreement"] == "disagree" and rows[1]["stance_to_post"] == "deny"
    assert rows[0]["target_sentiment"] == "teachers=0.5" and rows[2]["target_sentiment"] == ""
    targets = list(csv.DictReader((out / "targets.csv").open(encoding="utf-8", newline="")))
    assert [t["target"] for t in targets] == ["teachers", "Norway"]
    assert targets[0]["aliases"] == "teachers; teacher" and targets[0]["n_comments"] == "4"


def test_heatmap_table_and_agreement_shares(analysis):
    from discourse.report.charts import agreement_shares, target_table

    names, rows = target_table(analysis)
    assert names == ["teachers", "Norway"]
    assert rows[-1][0] == "all comments" and rows[-1][1][0] == (4, pytest.approx(0.175))
    # every stance row has at least one mention; cells without any are (0, None)
    assert all(any(n for n, _ in cells) for _, cells in rows)
    shares = agreement_shares(analysis)
    assert shares[0][0] == "all comments → post" and shares[0][1] == 12
    for _, n, sh in shares:
        assert sum(sh.values()) == pytest.approx(1.0)
    assert shares[0][2]["agree"] == pytest.approx(3 / 12)


def test_stance_sentence_comes_from_the_figures(analysis):
    from discourse.describe import stance_sentence

    st = next(s for s in analysis.stances if 0 in s.members)
    text = stance_sentence(st, target_sentiments=analysis.target_sentiments,
                           labels=analysis.labels, agreements=analysis.agreements)
    # comments 0, 5, 9 mention teachers at +0.5, +0.4, +0.3 -> mean +0.40, favourable
    assert text.startswith(f"{st.size} comments, favourable to teachers (+0.40, 3 comments)")


def test_divides_page_and_charts_draw_without_targets(tmp_path):
    from dataclasses import replace

    bare = replace(make_analysis(), targets=(), target_summaries=(),
                   target_sentiments=(), agreements=())
    paths = write_report(bare, tmp_path, formats=("pdf", "png"))
    assert paths[0].name == "report.pdf"


def test_pngs_drawn_in_a_second_process_are_the_same_files(analysis, tmp_path, monkeypatch):
    one = write_report(analysis, tmp_path / "one", ("pdf", "png"))
    two = write_report(analysis, tmp_path / "two", ("pdf", "png"), workers=2)
    assert [p.name for p in one] == [p.name for p in two]
    for a, b in zip(one, two):
        assert a.read_bytes() == b.read_bytes(), a.name
    # a child that fails leaves the drawing to this process: same files again
    from discourse.report import pdf as P

    def failed(child):
        child.join()
        return False

    monkeypatch.setattr(P, "_png_child_done", failed)
    for p in (tmp_path / "two").glob("*.png"):
        p.unlink()
    three = write_report(analysis, tmp_path / "two", ("pdf", "png"), workers=2)
    for a, b in zip(one, three):
        assert a.read_bytes() == b.read_bytes(), a.name
