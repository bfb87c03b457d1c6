"""Every reader: fixtures written from each format's published documentation, checked
field by field; malformed variants give one line naming the file and the problem."""
import json
import time
from pathlib import Path

import pytest

from discourse.cli import main
from discourse.errors import InputError
from discourse.readers import (READERS, ReadOptions, detect_format, html_to_text,
                               markdown_to_text, read_thread, read_threads)
from discourse.split import split_text, split_to_dict

FIX = Path(__file__).resolve().parent / "fixtures"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_4500fd412262c0e1.txt"


def rows(thread):
    return [(c.index, c.parent, c.author, c.timestamp, c.text) for c in thread.comments]


def assert_tree(thread):
    """parent is a 0-based index of an earlier comment (printing order, parent first)."""
    for i, c in enumerate(thread.comments):
        assert c.index == i
        assert c.parent is None or 0 <= c.parent < i


@pytest.mark.parametrize("name, fmt", [
    ("wordpress.xml", "wxr"), ("disqus.xml", "disqus"), ("reddit.json", "reddit"),
    ("hn.json", "hn"), ("threads.jsonl", "jsonl"), ("comments.csv", "csv"),
    ("blog_page.html", "html"), ("post.txt", "text")])
def test_format_is_detected_from_extension_and_content(name, fmt):
    assert detect_format(FIX / name) == fmt


def test_content_sniffing_beats_an_unknown_extension(tmp_path):
    for name, fmt in [("reddit.json", "reddit"), ("hn.json", "hn"), ("wordpress.xml", "wxr"),
                      ("disqus.xml", "disqus"), ("threads.jsonl", "jsonl")]:
        p = tmp_path / (name + ".download")
        p.write_bytes((FIX / name).read_bytes())
        assert detect_format(p) == fmt


def test_every_reader_has_a_description_and_extensions():
    for r in READERS.values():
        assert r.description and r.extensions and callable(r.read)


def test_wxr_keeps_approved_reader_comments_and_counts_the_rest():
    lanes, cafe = read_threads(FIX / "wordpress.xml")
    assert lanes.thread_id == "11" and cafe.thread_id == "12"
    assert lanes.post.title == "Bike lanes on Main Street"
    assert lanes.post.author == "editor" and lanes.post.timestamp == "2024-01-02T10:00:00Z"
    assert lanes.post.text == ("The council voted to paint bike lanes on Main Street.\n\n"
                               "Work starts in March & ends in May.")
    assert rows(lanes) == [
        (0, None, "Zoë Brontë", "2024-01-02T11:00:00Z",
         "I love the new lanes.\n\nMy commute will be safer – finally."),
        (1, 0, "Mark", "2024-01-02T12:00:00Z", "Parking will be a nightmare & this map shows why."),
        (2, None, "Ann", "2024-01-02T13:10:00Z", "Ignore the spammer above. The lanes are overdue."),
    ]
    assert "left out 4 comments: 1 pending, 1 pingback, 1 spam, 1 trash" in lanes.notes
    assert any("attached to the nearest comment kept" in n for n in lanes.notes)
    assert rows(cafe)[1][:3] == (1, 0, "Mark")
    assert "left out 1 comment: 1 trackback" in cafe.notes
    assert all(c.start_line is None for c in lanes.comments)


def test_disqus_drops_deleted_and_spam_but_keeps_the_reply_to_a_deleted_post():
    lanes, cafe = read_threads(FIX / "disqus.xml")   # the empty thread 5002 is skipped
    assert (lanes.thread_id, cafe.thread_id) == ("5001", "5003")
    assert lanes.post.title == "Bike lanes on Main Street" and lanes.post.author == "Editor"
    assert rows(lanes) == [
        (0, None, "Zoë", "2024-01-02T11:00:00Z", "Finally some safe lanes for kids.\n\nWell done, council."),
        (1, 0, "Mark", "2024-01-02T12:00:00Z", "This was rude.\n\nDon't feed the trolls & move on."),
        (2, None, "Ann", "2024-01-02T13:00:00Z", "I drive to work and this makes it worse."),
    ]
    assert lanes.comments[1].quotes == ("This was rude.",)
    assert "left out 2 comments: 1 deleted, 1 spam" in lanes.notes
    assert cafe.post.text == "A new café opened today."


def test_reddit_keeps_deleted_and_removed_and_counts_more_stubs():
    t = read_thread(FIX / "reddit.json")
    assert t.post.title == "Bike lanes on Main Street" and t.post.author == "townie"
    assert t.post.text == "The council will paint bike lanes on Main Street.\n\nWhat do you think?"
    assert t.post.timestamp == "2024-01-02T10:00:00Z"
    assert rows(t) == [
        (0, None, "zoë_rides", "2024-01-02T11:00:00Z", "Finally! My kids can cycle to school."),
        (1, 0, "[deleted]", "2024-01-02T12:00:00Z", "[deleted]"),
        (2, 1, "mark", "2024-01-02T13:00:00Z", "cars pay for roads\n\nNo, local taxes do & everyone pays them."),
        (3, None, "ann", "2024-01-02T14:00:00Z", "[removed]"),
        (4, None, "driver42", "2024-01-02T15:00:00Z", "This will make traffic worse.\n\nParking is already hard."),
    ]
    assert t.comments[2].quotes == ("cars pay for roads",)
    assert any(n.startswith("7 comments not in the file") for n in t.notes)
    assert any(n.startswith("2 comments [deleted] or [removed]") for n in t.notes)


def test_hn_root_is_the_post_and_deleted_items_are_counted():
    t = read_thread(FIX / "hn.json")
    assert t.post.title == "Ask HN: Are bike lanes worth it?" and t.post.author == "pg_fan"
    assert t.post.text == "Our town is adding bike lanes.\n\nWas it worth it in yours?"
    assert rows(t) == [
        (0, None, "cyclist", "2024-01-02T11:00:00.000Z",
         "Yes. Our shops got more customers.\n\nDon't believe the doom & gloom."),
        (1, 0, "müller", "2024-01-02T12:00:00.000Z", "Source: https://example.org/study"),
        (2, None, "driver", "2024-01-02T13:00:00.000Z", "No. Traffic got worse."),
    ]
    assert "left out 1 comment: 1 deleted" in t.notes


def test_hn_subtree_of_a_comment_can_be_analysed(tmp_path):
    doc = json.loads((FIX / "hn.json").read_text(encoding="utf-8"))["children"][0]
    p = tmp_path / "sub.json"
    p.write_text(json.dumps(doc | {"story_id": 4000}), encoding="utf-8")
    t = read_thread(p, format="hn")
    assert t.post.author == "cyclist" and [c.author for c in t.comments] == ["müller"]


def test_html_page_gives_article_and_nested_comment_list():
    t = read_thread(FIX / "blog_page.html")
    assert t.post.title == "Bike lanes on Main Street"
    assert t.post.text == ("The council voted to paint bike lanes on Main Street.\n\n"
                           "Work starts in March & ends in May. Café owners are divided.")
    assert t.post.author == "Editor" and t.post.timestamp == "2024-01-02T10:00:00+00:00"
    assert rows(t) == [
        (0, None, "Zoë Brontë", "2024-01-02T11:00:00+00:00",
         "I love the new lanes.\n\nMy commute will be safer – finally."),
        (1, 0, "Mark", "2024-01-02T12:00:00+00:00",
         "My commute will be safer\n\nParking will be a nightmare, see the map."),
        (2, None, "Ann", "2024-01-02T13:10:00+00:00", "The lanes are overdue."),
    ]
    assert t.comments[1].quotes == ("My commute will be safer",)
    for junk in ("Share this", "Recent posts", "Leave a Reply", "Home", "tracking", "Powered"):
        assert junk not in t.post.text and all(junk not in c.text for c in t.comments)


def test_jsonl_groups_rows_by_thread_with_post_row_and_notes():
    lanes, cafe = read_threads(FIX / "threads.jsonl")
    assert lanes.thread_id == "lanes" and lanes.post.title == "Bike lanes on Main Street"
    assert lanes.post.text == "The council will paint bike lanes."
    assert rows(lanes) == [
        (0, None, "Zoë", "2024-01-02T11:00:00Z", "I love the new lanes; my kids can cycle."),
        (1, 0, "Mark", "2024-01-02T12:00:00Z", "Parking will be a nightmare & shops will suffer."),
        (2, None, "Ann", None, "Overdue, frankly."),
        (3, None, "Eve", None, "Replying to something that is not here."),
    ]
    assert "left out 1 comment: 1 no text" in lanes.notes
    assert any("reply to ids not in the file ('99')" in n for n in lanes.notes)
    assert rows(cafe) == [(0, None, "José", None, "Great coffee, friendly staff."),
                          (1, 0, "Mark", None, "Too expensive for me.")]
    assert any("no post row" in n for n in cafe.notes)


def test_csv_with_post_file_and_quoted_newlines():
    t = read_thread(FIX / "comments.csv", options=ReadOptions(post=str(FIX / "post.txt")))
    assert t.post.text.startswith("Bike lanes on Main Street")
    assert rows(t) == [
        (0, None, "Zoë", "2024-01-02 11:00", "I love the new lanes.\n\nMy commute will be safer."),
        (1, 0, "Mark", "2024-01-02 12:00", 'Parking will be a nightmare, says "everyone".'),
        (2, None, "Ann", "2024-01-02 13:00", "Overdue frankly"),
    ]


def test_columns_can_be_renamed(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("who,msg,key,re\nA,first words here,1,\nB,second words,2,1\n", encoding="utf-8")
    t = read_thread(p, options=ReadOptions(columns=(("author", "who"), ("text", "msg"),
                                                    ("id", "key"), ("parent", "re"))))
    assert rows(t) == [(0, None, "A", None, "first words here"), (1, 0, "B", None, "second words")]


def test_csv_in_cp1252_is_read_and_reported(tmp_path):
    p = tmp_path / "legacy.csv"
    p.write_bytes("id,text\n1,Caf\u00e9 cr\u00e8me is great\n".encode("cp1252"))
    t = read_thread(p)
    assert t.comments[0].text == "Café crème is great"
    assert any("cp1252" in n for n in t.notes)


def test_utf16_jsonl_is_read(tmp_path):
    p = tmp_path / "u16.jsonl"
    p.write_bytes('{"id": 1, "text": "naïve words"}\n{"id": 2, "text": "more"}\n'.encode("utf-16"))
    assert [c.text for c in read_thread(p).comments] == ["naïve words", "more"]


def test_discourse_json_round_trips_the_split(tmp_path):
    # the post comes from the source dump, read only from beside the split JSON
    (tmp_path / SEED.name).write_bytes(SEED.read_bytes())
    thread = split_text(SEED.read_text(encoding="utf-8"), source=SEED.name)
    p = tmp_path / "seed.split.json"
    p.write_text(json.dumps(split_to_dict(thread), ensure_ascii=False), encoding="utf-8")
    assert detect_format(p) == "discourse-json"
    back = read_thread(p)
    assert back.comments == thread.comments
    assert back.post == thread.post
    assert (back.footer_lines, back.n_lines, back.notes) == (thread.footer_lines, thread.n_lines, thread.notes)


def test_discourse_json_edited_by_hand_is_what_is_analysed(tmp_path):
    thread = split_text(SEED.read_text(encoding="utf-8"), source=str(SEED))
    d = split_to_dict(thread)
    d["comments"][2]["parent"] = 0
    d["comments"][2]["text"] = "Edited by hand."
    d["source"] = None   # (a source outside the JSON's folder is refused)
    p = tmp_path / "edited.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    back = read_thread(p)
    assert back.comments[2].parent == 0 and back.comments[2].text == "Edited by hand."


def test_markup_becomes_plain_text_with_paragraphs():
    assert html_to_text("<p>a &amp; b</p><p>c<br>d</p>") == ("a & b\n\nc\nd", ())
    assert html_to_text("one\n\ntwo\nthree", autop=True) == ("one\n\ntwo\nthree", ())
    assert markdown_to_text("**bold** and _it_ and `code`\n\n# Head") == ("bold and it and code\n\nHead", ())


def test_xml_bomb_is_refused_quickly(tmp_path):
    lol = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    p = tmp_path / "bomb.xml"
    p.write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">{lol}]>'
                 '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
                 '<title>&lol9;</title></item></channel></rss>', encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError, match="refuses to expand"):
        read_threads(p)
    assert time.perf_counter() - started < 2


def test_external_entity_is_refused(tmp_path):
    p = tmp_path / "xxe.xml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 '<disqus xmlns="http://disqus.com"><post>&x;</post></disqus>', encoding="utf-8")
    with pytest.raises(InputError, match="refuses"):
        read_threads(p)


def _cut(name: str, n: int) -> str:
    return (FIX / name).read_text(encoding="utf-8")[:n]


MALFORMED = [
    # (file name, content, words the message must contain)
    ("trunc.json", _cut("reddit.json", 400), "truncated JSON"),
    ("trunc_hn.json", _cut("hn.json", 300), "truncated JSON"),
    ("trunc.xml", _cut("wordpress.xml", 2500), "malformed XML"),
    ("trunc_dq.xml", _cut("disqus.xml", 1500), "malformed XML"),
    ("trunc.jsonl", '{"id": 1, "text": "ok"}\n{"id": 2, "text": "cut', "truncated record"),
    ("trunc.csv", 'id,text\n1,"open quote never closed\n', "malformed CSV"),
    ("types.json", '[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": '
                   '{"title": "t", "selftext": ""}}]}}, {"kind": "Listing", "data": {"children": '
                   '[{"kind": "t1", "data": {"name": "t1_a", "body": 5}}]}}]', '"body" is a number'),
    ("types_hn.json", '{"id": 1, "story_id": 1, "children": [{"id": "x", "text": "hi"}]}',
     '"id" is a string'),
    ("types.jsonl", '{"id": 1, "text": ["a"]}\n{"id": 2, "text": "b"}\n', '"text" must be a string'),
    ("noid.jsonl", '{"id": 1, "text": "a"}\n{"text": "b", "parent": 1}\n', "no id"),
    ("noid_hn.json", '{"id": 1, "story_id": 1, "children": [{"text": "hi"}]}', 'no "id"'),
    ("noid.xml", '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
                 '<item><wp:comment><wp:comment_content>x</wp:comment_content></wp:comment>'
                 '</item></channel></rss>', "no wp:comment_id"),
    ("noid_dq.xml", '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
                    '<post><message>x</message></post></disqus>', "no dsq:id"),
    ("cycle.jsonl", '{"id": 1, "parent": 2, "text": "a"}\n{"id": 2, "parent": 1, "text": "b"}\n', "cycle"),
    ("cycle.csv", 'id,parent,text\n1,3,a\n2,1,b\n3,2,c\n', "cycle"),
    ("cycle.xml", '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>'
                  '<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_parent>2</wp:comment_parent>'
                  '<wp:comment_content>a</wp:comment_content></wp:comment>'
                  '<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_parent>1</wp:comment_parent>'
                  '<wp:comment_content>b</wp:comment_content></wp:comment></item></channel></rss>', "cycle"),
    ("dup.csv", 'id,text\n1,a\n1,b\n', "duplicate comment id '1'"),
    ("split.json", '{"post_lines": [1, 2], "comments": [{"index": 0, "text": "a", "parent": 3}]}',
     "points to no comment"),
    ("split2.json", '{"post_lines": [1, 2], "comments": [{"index": 0, "text": "a", "parent": null}, '
                    '{"index": 1, "text": 7}]}', '"text" is a number'),
    ("notreddit.json", '{"kind": "Listing"}', "of no known kind"),
    ("empty.jsonl", "\n\n", "empty"),
    ("nohtml.html", "just words, no tags", "no HTML elements"),
]


@pytest.mark.parametrize("name, content, words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_input_exits_1_with_one_line_naming_file_and_problem(tmp_path, capsys, name, content, words):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    assert main(["split", str(p)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"discourse: error: {p}") and words in err, err


def test_truncated_json_names_line_and_column(tmp_path):
    p = tmp_path / "t.json"
    p.write_text('[{"kind": "Listing",\n "data": {"children": [', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_threads(p, format="reddit")
    assert exc.value.line == 2 and "column" in str(exc.value)


def test_jsonl_error_names_the_line(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": 1, "text": "a"}\n\n{"id": 2, "text": "b"\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_threads(p)
    assert exc.value.line == 3 and "record 2" in str(exc.value)


def test_a_url_is_refused_with_download_it_first():
    with pytest.raises(InputError, match="never downloads"):
        read_threads("https://example.org/thread.json")


def test_read_thread_refuses_a_file_with_several_threads():
    with pytest.raises(InputError, match="holds 2 threads"):
        read_thread(FIX / "wordpress.xml")


def test_formats_command_lists_every_reader(capsys):
    assert main(["formats"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == list(READERS)


def test_xml_in_cp1252_is_read_and_reported(tmp_path):
    p = tmp_path / "legacy.xml"
    p.write_bytes((FIX / "disqus.xml").read_text(encoding="utf-8").encode("cp1252"))
    lanes, cafe = read_threads(p)
    assert lanes.comments[0].author == "Zoë" and cafe.comments[0].text == "Lovely crêpes!"
    assert any("cp1252" in n for n in lanes.notes)


def test_json_with_utf8_bom_is_read(tmp_path):
    p = tmp_path / "bom.json"
    p.write_bytes((FIX / "hn.json").read_text(encoding="utf-8").encode("utf-8-sig"))
    assert read_thread(p).comments[1].author == "müller"


def test_html_bodies_in_rows_become_plain_text(tmp_path):
    p = tmp_path / "h.jsonl"
    p.write_text(json.dumps({"id": 1, "body": "<p>Tom &amp; Jerry</p><p>2nd<br>line</p>"}) + "\n"
                 + json.dumps({"id": 2, "body": "snake_case stays, *stars* go"}) + "\n", encoding="utf-8")
    assert [c.text for c in read_thread(p).comments] == ["Tom & Jerry\n\n2nd\nline",
                                                          "snake_case stays, stars go"]


from hypothesis import given, settings, strategies as st  # noqa: E402

from discourse.model import Post  # noqa: E402
from discourse.readers._common import Record, build_thread  # noqa: E402


@st.composite
def forests(draw):
    n = draw(st.integers(1, 25))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    order = draw(st.permutations(range(n)))
    dropped = draw(st.sets(st.integers(0, n - 1), max_size=n // 2))
    return parents, order, dropped


@settings(max_examples=60, deadline=None)
@given(forests())
def test_build_thread_orders_parent_before_child_and_keeps_every_kept_record(f):
    parents, order, dropped = f
    recs = [Record(id=f"c{i}", parent=None if parents[i] is None else f"c{parents[i]}",
                   text="" if i in dropped else f"text {i}") for i in order]
    t = build_thread("x", recs, Post(text=""))
    kept = [i for i in range(len(parents)) if i not in dropped]
    assert sorted(c.text for c in t.comments) == sorted(f"text {i}" for i in kept)
    which = {c.text: c for c in t.comments}
    for c in t.comments:
        assert c.parent is None or c.parent < c.index
        i = int(c.text.split()[1])
        anc = parents[i]
        while anc is not None and anc in dropped:   # nearest kept ancestor
            anc = parents[anc]
        assert c.parent == (None if anc is None else which[f"text {anc}"].index)
    if dropped:
        assert any(n.startswith(f"left out {len(dropped)} comment") for n in t.notes)


def test_html_older_wordpress_markup_without_article_elements(tmp_path):
    p = tmp_path / "old.htm"
    p.write_text("""<html><head><title>Old theme</title></head><body>
<div class="post"><h2>Old theme post</h2><div class="entry"><p>Body&nbsp;text.</p></div></div>
<ol class="commentlist">
 <li class="comment" id="comment-5"><div class="comment-author vcard"><cite class="fn">Rui</cite>
   <span class="says">says:</span></div>
   <div class="comment-meta commentmetadata"><a href="#c5">May 1, 2010 at 9:00 am</a></div>
   <p>First para.</p><p>Second para.</p>
   <div class="reply"><a class="comment-reply-link">Reply</a></div>
   <ul class="children"><li class="comment" id="comment-6"><div class="comment-author"><cite class="fn">Kai</cite></div>
     <p>A reply.</p></li></ul>
 </li>
</ol></body></html>""", encoding="utf-8")
    t = read_thread(p)
    assert rows(t) == [(0, None, "Rui", "May 1, 2010 at 9:00 am", "First para.\n\nSecond para."),
                       (1, 0, "Kai", None, "A reply.")]
    assert t.post.text == "Body text." and t.post.title == "Old theme"
