"""Markup to plain paragraphs: HTML (comment bodies, saved pages, WordPress exports) and
Markdown (Reddit bodies), with the passages they quote.

One path for HTML: the standard library's :class:`html.parser.HTMLParser`, which never
fails on broken markup and needs nothing installed. The saved-page reader
(:mod:`discourse.readers.html`) uses Beautiful Soup only to *find* the article and the
comment list; the text of each is turned into paragraphs here, as every other reader's is.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Optional


_BLOCK = {"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4",
          "h5", "h6", "tr", "table", "section", "article", "header", "footer", "hr", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "template"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras: list[list[str]] = [[]]
        self.quote_flags: list[bool] = [False]
        self.depth_quote = 0
        self.skip = 0
        self.pre = 0

    def _break(self):
        if self.paras[-1] and "".join(self.paras[-1]).strip():
            self.paras.append([])
            self.quote_flags.append(self.depth_quote > 0)
        else:
            self.quote_flags[-1] = self.depth_quote > 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self.paras[-1].append("\n")
        elif tag in _BLOCK:
            if tag == "blockquote":
                self.depth_quote += 1
            if tag == "pre":
                self.pre += 1
            self._break()
        if tag == "li":
            self.paras[-1].append("• ")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.paras[-1].append("\n")
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK and tag != "br":
            if tag == "blockquote":
                self._break()
                self.depth_quote = max(0, self.depth_quote - 1)
                self.quote_flags[-1] = self.depth_quote > 0
                return
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._break()

    def handle_data(self, data):
        if not self.skip:
            self.paras[-1].append(data if self.pre else data.replace("\n", " "))


def _clean_para(s: str) -> str:
    lines = [" ".join(line.split()) for line in s.split("\n")]
    return "\n".join(line for line in lines if line)


def html_to_text(markup: Optional[str], autop: bool = False) -> tuple[str, tuple[str, ...]]:
    """HTML → ``(plain text, quoted passages)``: paragraphs kept (blank line between),
    ``<br>`` a line break, entities decoded, scripts dropped; ``<blockquote>`` paragraphs
    stay in the text and are also returned as quotes (not the commenter's own words).

    >>> html_to_text("<p>Caf&eacute; &amp; bar</p><blockquote>You said x</blockquote><p>No.</p>")
    ('Café & bar\\n\\nYou said x\\n\\nNo.', ('You said x',))
    """
    if not markup:
        return "", ()
    if "<" not in markup:
        return _plain(html.unescape(markup)), ()
    if autop:  # WordPress-style stored text: blank line = paragraph, newline = <br>
        markup = re.sub(r"\n\s*\n", "<p>", markup.replace("\r\n", "\n")).replace("\n", "<br>")
    p = _TextParser()
    p.feed(markup)
    p.close()
    paras, quotes = [], []
    for chunk, is_quote in zip(p.paras, p.quote_flags):
        text = _clean_para("".join(chunk))
        if text:
            paras.append(text)
            if is_quote:
                quotes.append(text)
    return "\n\n".join(paras), tuple(quotes)


def _plain(text: str) -> str:
    paras = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(p for p in (_clean_para(x) for x in paras) if p)


_MD_SPECIAL = re.compile(r"[*_\[`>#~&\\\n\r<]|^\s*[-+]|^\s*\d+\.")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]+|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_EMPH = re.compile(r"(\*\*\*|\*\*|\*|~~|(?<!\w)___|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_CODE = re.compile(r"`([^`]*)`")
_MD_HEAD = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>|&gt;)\s?", re.M)
_MD_LIST = re.compile(r"^\s{0,3}[*+-]\s+", re.M)
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.M)


def markdown_to_text(md: Optional[str]) -> tuple[str, tuple[str, ...]]:
    """Markdown (as Reddit bodies are written) → ``(plain text, quoted passages)``: links
    keep their words, emphasis marks and headings' #s go, ``>`` quote paragraphs stay as
    text and are returned as quotes, entities (``&amp;``) are decoded.

    >>> markdown_to_text("> you said **this**\\n\\nNo, [see here](http://x.org) &amp; there")
    ('you said this\\n\\nNo, see here & there', ('you said this',))
    """
    if not md:
        return "", ()
    if not _MD_SPECIAL.search(md):   # plain prose: the common case in a large export
        return " ".join(md.split()), ()
    text = md.replace("\r\n", "\n").replace("\r", "\n")
    paras, quotes = [], []
    for block in re.split(r"\n\s*\n", text):
        is_quote = bool(block.strip()) and all(
            _MD_QUOTE.match(line) for line in block.split("\n") if line.strip())
        block = _MD_RULE.sub("", block)
        block = _MD_QUOTE.sub("", block)
        block = _MD_HEAD.sub("", block)
        block = _MD_LIST.sub("• ", block)
        block = _MD_LINK.sub(lambda m: m.group(1), block)
        block = _MD_CODE.sub(lambda m: m.group(1), block)
        for _ in range(2):
            block = _MD_EMPH.sub(lambda m: m.group(2), block)
        block = _clean_para(html.unescape(block).replace("\\", ""))
        if block:
            paras.append(block)
            if is_quote:
                quotes.append(block)
    return "\n\n".join(paras), tuple(quotes)


_HTML_TAG = re.compile(r"<(?:p|br|div|a|i|b|em|strong|blockquote|span|ul|ol|li|pre|code)\b[^>]*>", re.I)


def markup_to_text(s: Optional[str]) -> tuple[str, tuple[str, ...]]:
    """Text of unknown markup (a scraper's CSV/JSONL): HTML when it has HTML tags, else
    Markdown (see :func:`html_to_text`, :func:`markdown_to_text`)."""
    if s and "<" in s and _HTML_TAG.search(s):
        return html_to_text(s)
    return markdown_to_text(s)


__all__ = ["html_to_text", "markdown_to_text", "markup_to_text"]
