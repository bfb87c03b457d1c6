"""Quality gate for the splitter: invented, real-looking threads with known structure and
pinned floors on boundary F1 / reply F1 / post end. A change that makes the splitter read
these threads worse fails here (floors sit a little under today's scores; they live in
data/split_gate_floors.json beside a digest of the threads they were measured on).

The threads are written for this test (no dev data, no seeds). Each comment is a list of
paragraphs (one line each) and the index of the comment it replies to (None: the post);
comments are in threaded printing order (a reply follows its parent's earlier replies).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from discourse.split import split_text, split_to_dict

SHARED = Path(__file__).parents[1] / ".." / "shared"
#: the floors, with a digest of the gate data they were measured on (see its "_note")
FLOORS = Path(__file__).parent / "data" / "split_gate_floors.json"

BLOG = {
    "post": [
        "How I keep a sketchbook habit going",
        "For years my sketchbooks had three drawings at the front and two hundred empty pages behind them. "
        "What finally changed was not discipline but making the habit smaller.",
        "Small pages, one pen",
        "I switched to a pocket-sized book and a single fineliner. With nothing to choose there is nothing "
        "to put off, and a page takes five minutes on the bus.",
        "Draw what is in front of you",
        "Cups, shoes, the back of someone's head. Boring subjects take the pressure off, and you learn more "
        "from a kettle than from another attempt at a dragon.",
        "If you try this for a month, tell me how it went below in the comments.",
    ],
    "comments": [
        (["This is exactly what I needed to read today. My last book is full of unfinished pages."], None),
        (["Glad it helped! Unfinished pages count too, honestly."], 0),
        (["What pen do you use? Mine always bleeds through the paper.",
          "I have tried three brands so far and they all ghost onto the next page."], None),
        (["I use a 0.3 fineliner. Thinner tips put down less ink, so less of it soaks through."], 2),
        (["Thanks, that makes sense. I'll pick one up this weekend."], 3),
        (["I disagree a little about boring subjects. Drawing things I love is what keeps me going,",
          "and if it feels like homework I stop after a week."], None),
        (["Fair point. Whatever gets the pen moving is the right subject."], 5),
        (["Great post, shared it with my drawing group."], None),
        (["Does anyone else draw on the train? People keep looking over my shoulder and I freeze up.",
          "Any tips for that?"], None),
        (["Headphones! Nobody talks to you and you stop noticing them after a few minutes."], 8),
        (["haha yes, that works for me too"], 9),
    ],
}

FORUM = {
    "post": [
        "Is it worth repairing a ten year old dishwasher?",
        "Ours stopped draining last week. A repair quote came in at about half the price of a new machine.",
    ],
    "comments": [
        (["Check the filter at the bottom first. Nine times out of ten it's just clogged with food.",
          "Twist it out, rinse it under the tap, and run an empty cycle."], None),
        (["Already did that, still a puddle at the bottom."], 0),
        (["Then it's probably the drain pump. They're cheap to replace if you're handy with a screwdriver."], 1),
        (["Seconding this. Did mine in an afternoon with a video guide."], 2),
        (["Half the price of a new one is too much for an old machine imo.",
          "Newer ones use a lot less water and are quieter, so you get something back for the money.",
          "Also look at the energy label before you buy."], None),
        (["Newer ones also break sooner in my experience. My parents' old one ran for twenty years."], 4),
        (["Survivorship bias. You only hear about the old ones that lasted."], 5),
        (["Did you check whether the hose is kinked behind the machine?"], None),
        (["Good call, that happened to us after moving the cabinet."], 7),
    ],
}

TWEETS = {
    "post": ["Power cut hits large parts of the city centre, trams halted, officials say cause unknown"],
    "comments": [
        (["@CityNews any idea when it will be back? Stuck at the station"], None),
        (["@railfan88 @CityNews they said two hours at least on the radio"], 0),
        (["@sam_k @railfan88 @CityNews thanks, walking home then"], 1),
        (["@CityNews third time this month, something is seriously wrong with the grid"], None),
        (["@CityNews Traffic lights are out on the main square too, drive carefully"], None),
        (["@CityNews hope nobody is stuck in a lift"], None),
    ],
}


def _build(thread: dict) -> tuple[str, dict]:
    lines = list(thread["post"])
    gold = {"post_lines": [1, len(lines)], "comments": []}
    for paras, parent in thread["comments"]:
        start = len(lines) + 1
        lines += paras
        gold["comments"].append({"start_line": start, "end_line": len(lines), "parent": parent})
    return "\n".join(lines) + "\n", gold


def _score(pred: dict, gold: dict) -> dict:
    gs = {c["start_line"] for c in gold["comments"]}
    first = min(gs)
    ps = {c["start_line"] for c in pred["comments"] if c["start_line"] >= first}
    tp = len(gs & ps)
    p, r = tp / len(ps) if ps else 0.0, tp / len(gs)
    bf1 = 2 * p * r / (p + r) if p + r else 0.0

    def edges(d):
        spans = [(c["start_line"], c["end_line"]) for c in d["comments"]]
        return {(spans[i], spans[c["parent"]]) for i, c in enumerate(d["comments"])
                if c["parent"] is not None}
    ge, pe = edges(gold), edges(pred)
    rp = len(ge & pe) / len(pe) if pe else 0.0
    rr = len(ge & pe) / len(ge) if ge else 0.0
    rf1 = 2 * rp * rr / (rp + rr) if rp + rr else 0.0
    post_ok = pred["post_lines"] is not None and pred["post_lines"][1] == gold["post_lines"][1]
    return {"boundary_f1": bf1, "reply_f1": rf1, "post_exact": post_ok}


# name: (thread, post end given to the splitter or None); the floors are in FLOORS
GATE = {
    "blog": (BLOG, None),
    "forum": (FORUM, len(FORUM["post"])),
    "tweets": (TWEETS, None),
}


def _gate_data(name: str) -> tuple[str, dict, int | None, str]:
    """A gate thread's text, gold and given post end, and the sha256 of the three."""
    thread, post_end = GATE[name]
    text, gold = _build(thread)
    data = json.dumps({"text": text, "gold": gold, "post_end": post_end}, sort_keys=True)
    return text, gold, post_end, hashlib.sha256(data.encode("utf-8")).hexdigest()


def _floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))["threads"]


def test_every_gate_thread_has_floors():
    assert set(_floors()) == set(GATE)


@pytest.mark.parametrize("name", sorted(GATE))
def test_gate_floors(name):
    floors = _floors()[name]
    text, gold, post_end, digest = _gate_data(name)
    assert digest == floors["sha256"], (
        f"the {name!r} gate thread is not the one its floors were measured on: re-measure "
        f"them (python tests/test_split_gate.py prints digests and scores) and write the new "
        f"digest and floors into tests/data/{FLOORS.name}, with a note in the commit")
    pred = split_to_dict(split_text(text, post_end=post_end))
    s = _score(pred, gold)
    assert s["boundary_f1"] >= floors["boundary_f1"], s
    assert s["reply_f1"] >= floors["reply_f1"], s
    assert s["post_exact"], (pred["post_lines"], gold["post_lines"])


@pytest.mark.xfail(reason="known weakness: a two-line forum post without footer cues is not "
                          "told apart from its replies (the post end is given in the gate above)",
                   strict=True)
def test_short_forum_post_end_found():
    text, gold = _build(FORUM)
    pred = split_to_dict(split_text(text))
    assert pred["post_lines"][1] == gold["post_lines"][1]


def test_given_post_end_line_is_kept():
    text, gold = _build(BLOG)
    last = gold["post_lines"][1]
    for given in (last, last - 2, str(last)):
        t = split_text(text, post_end=given)
        assert t.post.end_line == int(given) and t.comments[0].start_line == int(given) + 1


def test_post_end_regex_override():
    text, gold = _build(BLOG)
    t = split_text(text, post_end=r"in the comments\.$")
    assert t.post.end_line == gold["post_lines"][1]
    assert t.comments[0].start_line == gold["post_lines"][1] + 1


def test_boundary_confidence_in_json():
    text, _ = _build(BLOG)
    d = split_to_dict(split_text(text))
    confs = [c["boundary_confidence"] for c in d["comments"]]
    assert all(c is None or 0.0 <= c <= 1.0 for c in confs)
    assert any(c is not None for c in confs)


@pytest.mark.skipif(not (SHARED / "data" / "threads-dev").is_dir(), reason="../shared not available")
def test_meta_dev_dumps_keep_metadata_out_of_text():
    for path in sorted((SHARED / "data" / "threads-dev").glob("*.meta.txt"))[:6]:
        gold = json.loads(path.with_name(path.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
        t = split_text(path.read_text(encoding="utf-8"))
        assert len(t.comments) == len(gold["comments"])
        assert all(c.author for c in t.comments) and all(c.timestamp for c in t.comments)
        assert not any(line.strip() == "Reply" for c in t.comments for line in c.text.splitlines())


def test_cli_split_post_end_and_listing(tmp_path, capsys):
    from discourse.cli import main

    text, gold = _build(BLOG)
    path = tmp_path / "blog.txt"
    path.write_text(text, encoding="utf-8")
    last = gold["post_lines"][1]
    assert main(["split", str(path), "--format", "json", "--post-end", str(last)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["post_lines"] == [1, last]
    assert main(["split", str(path), "--post-end", "no line says this$"]) == 1
    assert "post-end" in capsys.readouterr().err
    assert main(["split", str(path)]) == 0
    listing = capsys.readouterr().out
    assert "↳ replies to #" in listing and "#0" in listing


if __name__ == "__main__":   # re-measure: each gate thread's digest and today's scores
    for name in sorted(GATE):
        text, gold, post_end, digest = _gate_data(name)
        s = _score(split_to_dict(split_text(text, post_end=post_end)), gold)
        print(json.dumps({name: {"sha256": digest, **{k: round(v, 4) if isinstance(v, float) else v
                                                      for k, v in s.items()}}}))
