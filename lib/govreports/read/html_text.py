"""A saved web page as plain text: markup, scripts and styles dropped, blocks on lines of their own.

The text that comes out is parsed like a .txt report; offsets of a page refer to this text.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "h1", "h2", "h3", "h4", "h5",
          "h6", "header", "footer", "title", "blockquote", "pre", "dd", "dt", "hr", "form", "nav"}
SKIP = {"script", "style", "noscript", "template", "svg", "head"}
LOOKS_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in SKIP and tag != "head":
            self.skip += 1
        if tag == "title":
            self.in_title = True
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return bool(LOOKS_HTML.match(text[:2000]))


def html_to_text(page: str) -> str:
    """The visible text of a page, one block per line, blank lines collapsed."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    # the parser has decoded the entities once (convert_charrefs), as a browser does: a page that shows
    # "&lt;script&gt;" as text gives that text, not markup
    lines = [" ".join(ln.split()) for ln in "".join(parser.parts).split("\n")]
    out, blank = [], False
    for ln in lines:
        if ln:
            out.append(ln)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip() + "\n"
