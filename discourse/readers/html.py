"""A saved web page of a blog post with its comments (File → Save Page As, HTML only).

The article comes from the page's main content (``.entry-content``, ``.post-content``,
``article``, ``main``, …, with navigation, sidebars, forms and the comments themselves
taken out). Comments come from the comment-list markup of WordPress-style engines:
``ol.comment-list`` / ``ol.commentlist`` of ``li.comment`` items, nested ``ol.children``
for replies, ``.comment-author .fn`` for the author, ``<time datetime>`` or
``.comment-metadata``/``.commentmetadata`` for the time, ``.comment-content`` (or the
item's own paragraphs) for the text. Everything else on the page is ignored.
Parsed by Beautiful Soup with the standard library's HTML parser (no network); the
paragraphs of the article and of each comment come from
:func:`discourse.text.html.html_to_text`, as every reader's do.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Post, Thread
from ..text.html import html_to_text
from ._common import META_CHARSET_BYTES, ReadOptions, Record, build_thread, declared_encoding
from .text import read_text

LIST_SELECTORS = ("ol.comment-list", "ol.commentlist", "ul.comment-list", "ul.commentlist",
                  "div.comment-list", "#comments ol", "#comments ul")
ARTICLE_SELECTORS = (".entry-content", ".post-content", ".article-content", ".post-body", ".entry",
                     "article .content", "article", "[itemprop=articleBody]", "main",
                     "[role=main]", "#content", "body")
NOT_ARTICLE = ("script", "style", "noscript", "nav", "aside", "form", "iframe", "svg",
               "#comments", ".comments-area", ".comment-respond", ".sharedaddy",
               ".share", ".related-posts", ".navigation", ".post-navigation", "footer",
               "header")
TITLE_SELECTORS = ("h1.entry-title", ".entry-title", "article h1", "h1")
AUTHOR_SELECTORS = (".comment-author .fn", ".comment-author cite", ".comment-author b",
                    ".comment-author", ".fn")
TIME_SELECTORS = (".comment-metadata a", ".commentmetadata a", ".comment-meta a",
                  ".comment-metadata", ".commentmetadata")
#: class names of an ``li`` that is a comment item, and the id shape WordPress gives one
ITEM_CLASSES = frozenset({"comment", "pingback", "trackback"})
ITEM_ID = re.compile(r"(?:li-)?comment-\d+$")
#: class names of the list holding a comment's replies
REPLY_LIST_CLASSES = frozenset({"children"})
CONTENT_SELECTORS = (".comment-content", ".comment-text", ".comment-body-text")
NOT_CONTENT = (".comment-author", ".comment-meta", ".comment-metadata", ".commentmetadata",
               ".reply", ".comment-reply-link", "ol.children", "ul.children", "footer",
               ".comment-awaiting-moderation")


def _line(el) -> str:
    """The text of an element as one line (an author, a time, a title); paragraphs go
    through :func:`~discourse.text.html.html_to_text`."""
    return " ".join(el.get_text(" ").split())


def _first(node, selectors):
    for sel in selectors:
        found = node.select_one(sel)
        if found is not None:
            return found
    return None


def _comment(own, index: int):
    """Author, time, text and quotes of one comment item, its replies already taken out."""
    author_el = _first(own, AUTHOR_SELECTORS)
    author = None
    if author_el is not None:
        author = _line(author_el)
        for tail in (" says:", " says", " said:"):
            if author.endswith(tail):
                author = author[: -len(tail)].strip()
    t = own.find("time")
    ts = (t.get("datetime") or _line(t)) if t is not None else None
    if not ts:
        tel = _first(own, TIME_SELECTORS)
        ts = _line(tel) if tel is not None else None
    content = _first(own, CONTENT_SELECTORS)
    if content is None:
        for sel in NOT_CONTENT:
            for x in own.select(sel):
                x.decompose()
        content = own
    text, quotes = html_to_text(content.decode_contents())
    return author or None, ts or None, text, quotes


def _classes(el) -> list:
    c = el.get("class") or []
    return c.split() if isinstance(c, str) else c


def _is_reply_list(el) -> bool:
    return el.name in ("ol", "ul") and any(c in REPLY_LIST_CLASSES for c in _classes(el))


def _looks_like_item(li) -> bool:
    return (any(c in ITEM_CLASSES for c in _classes(li))
            or ITEM_ID.match(li.get("id") or "") is not None)


def comment_items(clist) -> list:
    """The comment items of a comment list in document order: ``(li, parent li or None,
    elements to take out of it before reading it)``. One pass over the list's ``li``
    elements, each walking up only to the nearest item (linear in the page).

    An item is an ``li`` directly in the list, in a reply list (``ol.children``), or
    directly in another item, or any ``li`` whose class or id marks a comment. An item
    directly inside another item without a reply list between them is that item's next
    sibling: a page that leaves out ``</li>`` (allowed in HTML, and what a page cut off
    mid-list looks like) nests every following ``li`` inside the one before.
    """
    parent_of: dict = {}   # id(li) -> parent li or None
    detach: dict = {}      # id(item) -> [elements nested in it that are other comments]
    out = []
    for li in clist.find_all("li"):
        up, outer_list = li.parent, None
        while up is not None and up is not clist and id(up) not in parent_of:
            if _is_reply_list(up):
                outer_list = up
            up = up.parent
        direct = (li.parent is clist or _is_reply_list(li.parent)
                  or id(li.parent) in parent_of)
        if not (direct or _looks_like_item(li)):
            continue   # a list inside a comment's own text
        if up is None or up is clist:
            parent = None
        elif outer_list is not None:
            parent = up
        else:
            parent = parent_of[id(up)]
        if up is not None and up is not clist:
            nested = outer_list if outer_list is not None else li
            bucket = detach.setdefault(id(up), [])
            if not bucket or bucket[-1] is not nested:
                bucket.append(nested)
        parent_of[id(li)] = parent
        out.append([li, parent, detach.setdefault(id(li), [])])
    return out


def _stray_items(soup, clist) -> list:
    """Comment items (``li`` marked as comments) outside ``clist`` and outside any other
    such item: broken markup (an unclosed tag, a page cut off) can close the list early
    and leave the comments after it elsewhere in the tree."""
    out = []
    for li in soup.find_all("li"):
        if not _looks_like_item(li):
            continue
        up = li.parent
        while up is not None and up is not clist and not (up.name == "li" and _looks_like_item(up)):
            up = up.parent
        if up is None:
            out.append(li)
    return out


def _stray_texts(soup, clist) -> list:
    """Comment texts (:data:`CONTENT_SELECTORS`) outside ``clist`` and outside every
    comment item: broken markup (an end tag closing the list early) can leave a
    comment's text behind its author line."""
    found, seen = [], set()
    for sel in CONTENT_SELECTORS:
        for el in soup.select(sel):
            up = el.parent
            while up is not None and up is not clist and not (up.name == "li" and _looks_like_item(up)):
                up = up.parent
            if up is None and id(el) not in seen:
                seen.add(id(el))
                found.append(el)
    return found


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    from bs4 import BeautifulSoup

    name = str(path)
    with open(path, "rb") as fh:
        declared = declared_encoding(fh.read(META_CHARSET_BYTES), html=True)
    markup, notes = read_text(path, declared, options.max_line_bytes)
    soup = BeautifulSoup(markup, "html.parser")
    if soup.find(True) is None:
        raise InputError(name, "no HTML elements: not a web page")
    clist = _first(soup, LIST_SELECTORS)
    stray = _stray_items(soup, clist)
    if clist is None and stray:
        clist = stray[0].parent
        stray = stray[1:]
        notes = notes + ("no comment list markup found: comments read from the items "
                         "marked as comments",)
    if stray:
        lines = sorted({li.sourceline for li in stray if li.sourceline})
        notes = notes + (f"{len(stray)} comment item(s) outside the comment list (broken "
                         f"markup{f' near line {lines[0]}' if lines else ''}): read as "
                         "comments on the post at the end of the list",)
        for li in stray:
            clist.append(li.extract())
    records = []
    loose = _stray_texts(soup, clist) if clist is not None else []
    for k, el in enumerate(loose, 1):
        text, quotes = html_to_text(el.decode_contents())
        records.append(Record(id=f"html-loose-{k}", text=text, quotes=quotes,
                              label=f"comment text {k} outside the comment list"))
        el.extract()
    if loose:
        notes = notes + (f"{len(loose)} comment text(s) outside any comment item (broken "
                         "markup): read as comments on the post with no author",)
    if clist is not None:
        items = comment_items(clist)
        ids: dict = {}
        seen: set = set()
        for n, (li, parent, _) in enumerate(items, 1):
            cid = li.get("id") or f"html-{n}"
            cid = cid if cid not in seen else f"{cid}-{n}"
            seen.add(cid)
            ids[id(li)] = cid
        found = [None] * len(items)
        # last first: an item's replies are read (and taken out of it) before it is
        for k in range(len(items) - 1, -1, -1):
            li, parent, nested = items[k]
            for el in nested:
                el.extract()
            found[k] = _comment(li, k + 1)
        for k, (li, parent, _) in enumerate(items):
            author, ts, text, quotes = found[k]
            cid = ids[id(li)]
            records.insert(k, Record(id=cid, parent=ids[id(parent)] if parent is not None else None,
                                  author=author, timestamp=ts, text=text, quotes=quotes,
                                  label=f"comment {k + 1} ({cid})"))
        clist.decompose()
    else:
        notes = notes + ("no comment list found (looked for WordPress-style "
                         "ol.comment-list / ol.commentlist)",)

    title_el = _first(soup, TITLE_SELECTORS)
    title = _line(title_el) if title_el is not None else None
    if not title and soup.title is not None:
        title = _line(soup.title) or None
    meta_author = soup.find("meta", attrs={"name": "author"})
    pub = soup.find("meta", attrs={"property": "article:published_time"})
    ptime = soup.select_one("time.entry-date, time.published, article time")
    author = meta_author.get("content") if meta_author is not None else None
    if author is None:
        a = soup.select_one(".entry-meta .author, .byline .author, [rel=author]")
        author = _line(a) or None if a is not None else None
    when = (pub.get("content") if pub is not None
            else ptime.get("datetime") if ptime is not None else None)
    body = soup.body or soup
    for sel in NOT_ARTICLE:
        for x in body.select(sel):
            x.decompose()
    if title_el is not None and not title_el.decomposed:
        title_el.decompose()
    art = _first(soup, ARTICLE_SELECTORS) or body
    text, _ = html_to_text(art.decode_contents())
    post = Post(text=text, title=title, author=author, timestamp=when)
    return [build_thread(name, records, post, notes)]


def sniff(head: str) -> bool:
    h = head[:2000].lower()
    return "<!doctype html" in h or "<html" in h
