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

from pathlib import Path

from ..errors import InputError
from ..model import Post, Thread
from ..text.html import html_to_text
from ._common import ReadOptions, Record, build_thread
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


def _comment(li, index: int):
    # a copy without the nested replies, so selectors see this comment only
    import copy

    own = copy.copy(li)
    for sub in own.select("ol.children, ul.children"):
        sub.decompose()
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
    cid = li.get("id") or f"html-{index}"
    return cid, author or None, ts or None, text, quotes


def read(path: Path, options: ReadOptions = ReadOptions()) -> list[Thread]:
    from bs4 import BeautifulSoup

    name = str(path)
    markup, notes = read_text(path)
    soup = BeautifulSoup(markup, "html.parser")
    if soup.find(True) is None:
        raise InputError(name, "no HTML elements: not a web page")
    clist = _first(soup, LIST_SELECTORS)
    records = []
    if clist is not None:
        stack = [(li, None) for li in reversed(clist.find_all("li", recursive=False))]
        n = 0
        seen: set = set()
        while stack:
            li, parent = stack.pop()
            n += 1
            cid, author, ts, text, quotes = _comment(li, n)
            cid = cid if cid not in seen else f"{cid}-{n}"
            seen.add(cid)
            records.append(Record(id=cid, parent=parent, author=author, timestamp=ts, text=text,
                                  quotes=quotes, label=f"comment {n} ({cid})"))
            for sub in li.find_all(["ol", "ul"], class_="children", recursive=True):
                if sub.find_parent("li") is li:
                    stack.extend((k, cid) for k in reversed(sub.find_all("li", recursive=False)))
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
