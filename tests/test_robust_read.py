"""Bad input ends in one line naming the file and where (exit 1), or is read with a note;
never an internal error, never text lost in silence; bounded time on hostile shapes."""
import json
import os
from pathlib import Path

import pytest

from discourse import Config
from discourse.cli import main
from discourse.config import ConfigError
from discourse.errors import InputError
from discourse.readers import ReadOptions, read_thread, read_threads
from discourse.readers import html as html_reader
from discourse.readers._common import LongLines, iso_utc
from discourse.split import quotes, split_text

FIX = Path(__file__).resolve().parent / "fixtures"


def split_json(path, capsys, *extra):
    rc = main(["split", str(path), "--format", "json", *extra])
    out, err = capsys.readouterr()
    return rc, (json.loads(out) if rc == 0 else None), err


def one_line_error(err, path, *words):
    assert err.startswith("discourse: error: ") and err.count("\n") == 1, err
    assert str(path) in err, err
    for w in words:
        assert w in err, err


# ------------------------------------------------------------------ rows: JSONL, CSV

@pytest.mark.parametrize("line, words", [
    (b'{"id": "2", "text": [1]}', ["record 2", "text"]),
    (b'{"id": "2", "text": {"a": 1}}', ["record 2", "text"]),
    (b'[1, 2]', ["record 2", "object"]),
    (b'{"id": "2", "text": "cut', ["record 2"]),
    (b'\x81\x8d\xff garbage', ["record 2"]),
    (b'{"id": true, "text": "x"}', ["record 2", "id"]),
])
def test_malformed_jsonl_rows_are_one_line_naming_the_line(tmp_path, capsys, line, words):
    p = tmp_path / "rows.jsonl"
    p.write_bytes(b'{"id": "1", "text": "hello there"}\n' + line + b"\n")
    rc, _, err = split_json(p, capsys)
    assert rc == 1
    one_line_error(err, f"{p}:2", *words)


@pytest.mark.parametrize("body, where", [
    (b'id,text\n1,"hello there\n2,ok\n', ["record 1"]),
    (b'id,text\n1,hello,extra\n2,ok\n', ["record 1", "3 fields"]),
    (b'id,text\n1,hello\x00 there\n', ["NUL"]),
])
def test_malformed_csv_is_one_line(tmp_path, capsys, body, where):
    p = tmp_path / "rows.csv"
    p.write_bytes(body)
    rc, _, err = split_json(p, capsys)
    assert rc == 1
    one_line_error(err, p, *where)


def test_byte_order_marks_of_files_pasted_together_are_dropped(tmp_path):
    bom = "\ufeff".encode("utf-8")
    p = tmp_path / "two.jsonl"
    p.write_bytes(bom + b'{"id": "1", "text": "first"}\n' + bom + b'{"id": "2", "text": "sec\xef\xbb\xbfond"}\n')
    assert [c.text for c in read_thread(p).comments] == ["first", "second"]
    c = tmp_path / "two.csv"
    c.write_bytes(bom + b"id,text\n1,first\n" + bom + b"2,second\n")
    assert [c.text for c in read_thread(c).comments] == ["first", "second"]


def test_bytes_cp1252_leaves_undefined_are_read_as_latin1_with_a_note(tmp_path):
    for name, data in (("u.txt", b"Post title\nA post.\nLeave a reply\nI agree \x81\x8d\x8f\x90\x9d so.\n"),
                       ("u.jsonl", b'{"id": "1", "text": "caf\xe9 \x81 ok"}\n{"id": "2", "text": "b"}\n')):
        p = tmp_path / name
        p.write_bytes(data)
        t = read_thread(p)
        text = "\n".join([t.post.text] + [c.text for c in t.comments])
        assert ("\x81" in text) and any("cp1252" in n for n in t.notes)


def test_half_a_utf16_pair_becomes_a_replacement_character_noted(tmp_path, capsys):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "1", "text": "hello \\ud800 there", "author": "\\udc00x"}\n'
                 '{"id": "2", "text": "ok"}\n', encoding="utf-8")
    rc, d, err = split_json(p, capsys)
    assert rc == 0, err
    assert d["comments"][0]["text"] == "hello \ufffd there" and d["comments"][0]["author"] == "\ufffdx"
    assert any("2 invalid characters" in n for n in d["notes"])


@pytest.mark.parametrize("value", ["9999999999999", "-99999999999999", "NaN", "Infinity", "1e400"])
def test_timestamps_naming_no_date_are_kept_as_written(tmp_path, value):
    p = tmp_path / "t.jsonl"
    p.write_text(f'{{"id": "1", "text": "a b c", "created_utc": {value}}}\n{{"id": "2", "text": "d"}}\n',
                 encoding="utf-8")
    ts = read_thread(p).comments[0].timestamp
    assert ts is not None and not ts.endswith("Z")
    assert iso_utc(1704193200) == "2024-01-02T11:00:00Z"


# ------------------------------------------------------------------ nesting

def _reddit(depth):
    rep = ""
    for i in reversed(range(depth)):
        rep = {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {
            "name": f"t1_{i}", "body": f"reply {i}", "author": f"u{i}", "created_utc": 1700000000,
            "replies": rep}}]}}
    sub = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "name": "t3_x", "title": "T", "selftext": "post", "author": "op", "created_utc": 1700000000}}]}}
    return [sub, rep]


def test_reply_chains_200_deep_are_read_in_every_nested_format(tmp_path):
    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(20000)   # json.dumps itself recurses
    try:
        text = json.dumps(_reddit(200))
    finally:
        sys.setrecursionlimit(old)
    p = tmp_path / "deep.json"
    p.write_text(text, encoding="utf-8")
    t = read_thread(p)
    assert len(t.comments) == 200 and [c.parent for c in t.comments][1:] == list(range(199))
    assert sys.getrecursionlimit() == old


def test_json_nested_past_the_limit_is_one_line(tmp_path, capsys):
    p = tmp_path / "deep.json"
    p.write_text("[" * 60000 + "]" * 60000, encoding="utf-8")
    rc, _, err = split_json(p, capsys, "--input-format", "hn")
    assert rc == 1
    one_line_error(err, p, "nested more than")


def _li(i, inner=""):
    return (f'<li id="comment-{i}" class="comment"><article class="comment-body">'
            f'<div class="comment-author"><b class="fn">User{i}</b></div>'
            f'<div class="comment-content"><p>Comment number {i} says something.</p></div>'
            f'</article>{inner}</li>')


HEAD = ('<!DOCTYPE html><html><head><title>T</title></head><body><article><div class="entry-content">'
        '<p>The post.</p></div></article><div id="comments"><ol class="comment-list">')
TAIL = "</ol></div></body></html>"


def test_html_nested_200_deep_keeps_every_reply_under_its_parent(tmp_path):
    inner = ""
    for i in reversed(range(200)):
        inner = _li(i, f'<ol class="children">{inner}</ol>' if inner else "")
    p = tmp_path / "deep.html"
    p.write_text(HEAD + inner + TAIL, encoding="utf-8")
    t = read_thread(p)
    assert [c.text for c in t.comments] == [f"Comment number {i} says something." for i in range(200)]
    assert [c.parent for c in t.comments] == [None] + list(range(199))
    assert [c.author for c in t.comments][:2] == ["User0", "User1"]


def test_html_items_without_closing_tags_are_all_kept(tmp_path):
    p = tmp_path / "open.html"
    p.write_text(HEAD + "".join(_li(i).replace("</li>", "") for i in range(20)) + TAIL, encoding="utf-8")
    t = read_thread(p)
    assert [c.text for c in t.comments] == [f"Comment number {i} says something." for i in range(20)]
    assert all(c.parent is None for c in t.comments)


def test_html_lists_inside_a_comment_stay_its_text(tmp_path):
    p = tmp_path / "list.html"
    body = _li(0).replace("</p></div>", "</p><ul><li>point a</li><li>point b</li></ul></div>")
    p.write_text(HEAD + body + _li(1) + TAIL, encoding="utf-8")
    t = read_thread(p)
    assert len(t.comments) == 2
    assert "point a" in t.comments[0].text and "point b" in t.comments[0].text


def test_html_comments_left_outside_the_list_by_broken_markup_are_kept(tmp_path):
    # an unknown unclosed tag makes the parser close the list before the last comment
    broken = _li(1).replace('<div class="comment-author">', '<dit class="comment-author">')
    p = tmp_path / "broken.html"
    page = (HEAD + _li(0, '<ol class="children">' + broken + "</ol>") + _li(2) + TAIL)
    p.write_text(page.replace("</b></div>", "</b></div>", 1), encoding="utf-8")
    t = read_thread(p)
    texts = [c.text for c in t.comments]
    assert all(f"Comment number {i} says something." in "\n".join(texts) for i in range(3))


def test_truncated_html_page_keeps_every_comment_it_holds(tmp_path):
    full = HEAD + "".join(_li(i) for i in range(20)) + TAIL
    for frac in (0.3, 0.55, 0.62, 0.9):
        cut = full[: int(len(full) * frac)]
        p = tmp_path / "cut.html"
        p.write_text(cut, encoding="utf-8")
        t = read_thread(p)
        present = [i for i in range(20) if f"Comment number {i} says something." in cut]
        texts = "\n".join(c.text for c in t.comments)
        assert all(f"Comment number {i} says something." in texts for i in present)


# ------------------------------------------------------------------ declared encodings

def test_xml_declaring_gbk_is_read_in_gbk(tmp_path):
    x = (FIX / "wordpress.xml").read_text(encoding="utf-8")
    x = x.replace('encoding="UTF-8"', 'encoding="GBK"').replace("I love the new lanes.", "我喜欢新的自行车道。")
    p = tmp_path / "gbk.xml"
    p.write_bytes(x.replace("Zoë Brontë", "张伟").encode("gbk"))
    t = read_threads(p)[0]
    assert t.comments[0].author == "张伟" and t.comments[0].text.startswith("我喜欢新的自行车道。")
    assert not any("cp1252" in n for n in t.notes)


def test_html_meta_charset_is_honoured(tmp_path):
    page = (FIX / "blog_page.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="UTF-8">', '<meta charset="gbk">').replace(
        "The lanes are overdue.", "自行车道早该建了。").replace("Zoë Brontë", "Zoe")
    p = tmp_path / "gbk.html"
    p.write_bytes(page.encode("gbk"))
    t = read_thread(p)
    assert "自行车道早该建了。" in [c.text for c in t.comments]


def test_a_declaration_contradicted_by_valid_utf8_is_noted(tmp_path):
    page = (FIX / "blog_page.html").read_text(encoding="utf-8").replace('<meta charset="UTF-8">',
                                                                        '<meta charset="gbk">')
    p = tmp_path / "mislabelled.html"
    p.write_text(page, encoding="utf-8")
    t = read_thread(p)
    assert t.comments[0].author == "Zoë Brontë" and any("valid UTF-8" in n for n in t.notes)


# ------------------------------------------------------------------ split JSON source

def _split(tmp_path, source):
    d = {"source": source, "post_lines": [1, 2], "footer_lines": None,
         "comments": [{"index": 0, "start_line": 3, "end_line": 3, "parent": None, "text": "hi there",
                       "boundary_confidence": None}]}
    p = tmp_path / "x.split.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    return p


@pytest.mark.parametrize("source", ["/etc/passwd", "../outside.txt", "link.txt", "sub/../../outside.txt"])
def test_split_json_source_outside_its_folder_is_refused(tmp_path, capsys, source):
    (tmp_path / "outside.txt").write_text("SECRET line one\nSECRET line two\nthird\n", encoding="utf-8")
    inner = tmp_path / "in"
    inner.mkdir()
    os.symlink(tmp_path / "outside.txt", inner / "link.txt")
    p = _split(inner, source)
    rc, d, err = split_json(p, capsys)
    assert rc == 1 and "SECRET" not in err
    one_line_error(err, p, "outside the folder")


def test_split_json_source_beside_it_gives_the_post(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    for src in ("dump.txt", "sub/dump.txt", str(tmp_path / "dump.txt")):
        (tmp_path / src).write_text("Title here\nThe post body line.\nhi there\n", encoding="utf-8") \
            if not os.path.isabs(src) else None
        p = _split(tmp_path, src)
        assert read_thread(p).post.text == "The post body line.", src
    assert "not found" in " ".join(read_thread(_split(tmp_path, "missing.txt")).notes)


# ------------------------------------------------------------------ limits

def test_long_lines_are_found_in_about_size_over_limit_steps():
    data = (b"a" * 99 + b"\n") * 1000 + b"b" * 5000 + b"\n"
    ll = LongLines(1000)
    assert ll.feed(data) == 1001
    assert LongLines(5000).feed(data) is None and LongLines(None).feed(data) is None


@pytest.mark.parametrize("name, make", [
    ("big.jsonl", lambda big: b'{"id": "1", "text": "a"}\n{"id": "2", "text": "' + big + b'"}\n'),
    ("big.csv", lambda big: b"id,text\n1,a\n2," + big + b"\n"),
    ("big.txt", lambda big: b"Title\nPost.\nLeave a reply\n" + big + b"\n"),
    ("big.json", lambda big: (FIX / "hn.json").read_bytes().replace(b"No. Traffic got worse.", big, 1)),
    ("big.html", lambda big: (FIX / "blog_page.html").read_bytes().replace(b"The lanes are overdue.", big)),
    ("big.xml", lambda big: (FIX / "wordpress.xml").read_bytes().replace(b"I love the new lanes.", big)),
])
def test_a_line_over_max_line_bytes_is_refused_naming_line_and_flag(tmp_path, capsys, name, make):
    p = tmp_path / name
    p.write_bytes(make(b"x" * 300_000))
    rc, _, err = split_json(p, capsys, "--max-line-bytes", "100K")
    assert rc == 1
    one_line_error(err, p, "--max-line-bytes", "longer than 102,400 bytes")
    assert err.split(": ")[1].split(":")[-1].isdigit() or f"{p}:" in err
    rc, _, err = split_json(p, capsys, "--max-line-bytes", "1M")
    assert "longer than" not in err


def test_a_thread_over_max_comments_is_refused_naming_thread_and_flag(tmp_path, capsys):
    p = tmp_path / "many.jsonl"
    p.write_text("".join(json.dumps({"thread": "big", "id": str(i), "text": f"c {i}"}) + "\n"
                         for i in range(30)), encoding="utf-8")
    rc, _, err = split_json(p, capsys, "--max-comments", "25")
    assert rc == 1
    one_line_error(err, p, "'big'", "more than 25 comments", "--max-comments")
    assert len(read_thread(p, options=ReadOptions(max_comments=30)).comments) == 30
    x = tmp_path / "many.xml"
    x.write_bytes((FIX / "wordpress.xml").read_bytes())
    with pytest.raises(InputError, match="--max-comments"):
        read_threads(x, options=ReadOptions(max_comments=1))


def test_limits_are_config_fields_validated_and_read_from_a_config_file(tmp_path, capsys):
    assert Config().max_line_bytes >= 10 * 2**20 and Config().max_comments >= 100_000
    for bad in (0, -1, 1.5, "x"):
        with pytest.raises(ConfigError, match="max_comments"):
            Config(max_comments=bad)
    cfg = tmp_path / "c.toml"
    cfg.write_text("max_comments = 2\n", encoding="utf-8")
    rc = main(["report", str(FIX / "hn.json"), "--config", str(cfg), "-o", str(tmp_path), "-q",
               "--format", "json"])
    err = capsys.readouterr().err
    assert rc == 1 and "--max-comments" in err


# ------------------------------------------------------------------ linear stages

def test_quote_finding_compares_each_distinct_line_once(monkeypatch):
    """A thread repeating one line n times: the quote finder compares O(n) pairs, not
    O(n^2) (it compared every copy with every earlier copy)."""
    calls = []
    real = quotes._matches
    monkeypatch.setattr(quotes, "_matches", lambda *a: calls.append(1) or real(*a))
    n = 400
    lines = ["Post", "Leave a reply"] + ["I think the council is wrong about the bike lanes."] * n
    hits = quotes.find_quotes(lines, 2)
    assert hits == [] and len(calls) <= 2 * n
    # and a real quote is still found, nearest source first
    lines = ["Post", "the bridge will close in May for repairs, says the council",
             "filler words here", "the bridge will close in May for repairs, says the council",
             "> the bridge will close in May"]
    assert [(h.line, h.source) for h in quotes.find_quotes(lines, 2)] == [(4, 3)]


def test_split_of_identical_comments_keeps_every_line():
    text = "Bike lanes\nThe council will paint lanes.\nLeave a reply\n" + \
        "I think the council is wrong about the bike lanes.\n\n" * 300
    t = split_text(text)
    covered = sum(c.end_line - c.start_line + 1 for c in t.comments) + t.post.end_line
    assert covered == t.n_lines


def test_sentence_splitting_reads_each_character_a_bounded_number_of_times(monkeypatch):
    from discourse import sentiment

    walked = []
    real = sentiment._token_start
    monkeypatch.setattr(sentiment, "_token_start",
                        lambda line, at: walked.append(at - real(line, at)) or real(line, at))
    piece = "The U.S. and Mr. Smith agree. Dr. No said so on Dec. 19 and left. Really! "
    text = piece * (200_000 // len(piece))
    out = sentiment.split_sentences(text)
    assert sum(walked) <= len(text)
    assert out[:3] == ["The U.S. and Mr. Smith agree.", "Dr. No said so on Dec. 19 and left.", "Really!"]
    assert len(out) == 3 * (200_000 // len(piece))


def test_sentence_start_of_names_looks_back_over_white_space_only():
    from discourse.text import names

    long = "word " * 20000 + "Ada said. Babbage knows. " * 3
    assert names.names_in(long) == ["Ada"]
    assert names._sentence_start("x. \n Ada", 5) and not names._sentence_start("x \n Ada", 4)
