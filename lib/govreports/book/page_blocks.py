"""A profile page as a few kinds of block, written out either as MyST Markdown (for Sphinx to read) or as HTML
(filled into a page the book's template has already drawn: :mod:`govreports.book.sphinx_profiles`).

Text in a block is plain text: each writer escapes it for its target (``md_escape`` for MyST, ``html.escape``
for HTML), and the HTML writer removes bidi controls as the book's Sphinx transform does. Only :class:`Html`
blocks carry markup, made by the book (its tables, whose cells are escaped where they are made). Links name a
page by its source file (``report-0002-….md``, ``../../chapters/corpus.ipynb``); HTML links go to the page
Sphinx makes of it (``.html``).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .sphinx_pages import strip_bidi

# The pages stay out of the sidebar: Sphinx builds the whole navigation tree for every page, so a
# thousand entries there cost minutes. They live in profiles/all/, marked orphan, and are reached from
# the index (grouped by province and level), from chapter 1's table and from each other.
PAGES = "all/"
# Direct pages: the folder of their parts, the MyST page Sphinx draws as their template (in PAGES) and its
# placeholders
DIRECT = "direct/"
SHELL = "govreportsprofilepage"
TITLE_MARK = "档案标题占位"  # Han characters: docutils then numbers the page's ids as on a page Sphinx reads (id1, …)
PART_MARK = "GOVREPORTSPROFILEPART"
TITLE = "报告档案："  # a profile page's title: this, then the report's name

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:&^=\"'@%])")
SOURCE_SUFFIX = re.compile(r"\.(md|ipynb)$")


def md_escape(text: str) -> str:
    """Text for Markdown/MyST: every ASCII punctuation character backslash-escaped, line breaks as spaces."""
    return MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _text(text: str) -> str:
    """Text for HTML: escaped, bidi controls removed, line breaks as spaces (as in the MyST pages)."""
    return html.escape(strip_bidi(" ".join(str(text).split())))


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Links:
    """Links in one line, separated by `` · ``: (label, target source file)."""
    links: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Html:
    """Markup made by the book (a table), its cells escaped where it was made."""
    html: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Image:
    alt: str
    src: str


Block = Heading | Text | Links | Html | Bullets | Image


def to_myst(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"{'#' * b.level} {md_escape(b.text)}")
        elif isinstance(b, Text):
            out.append(md_escape(b.text))
        elif isinstance(b, Links):
            out.append(" · ".join(f"[{md_escape(label)}]({target})" for label, target in b.links))
        elif isinstance(b, Html):
            # A line of three backticks inside a cell would close the raw block: no backtick reaches the page.
            out.append("```{raw} html\n" + b.html.replace("`", "&#96;") + "\n```")
        elif isinstance(b, Bullets):
            out.append("\n".join(f"- {md_escape(t)}" for t in b.items))
        elif isinstance(b, Image):
            out.append(f"![{md_escape(b.alt)}]({b.src})")
    return "\n\n".join(out) + "\n"


def html_href(target: str) -> str:
    """The address of the page Sphinx makes of a source file."""
    return html.escape(SOURCE_SUFFIX.sub(".html", target))


def to_html(blocks: list[Block]) -> str:
    """The blocks as HTML, in the shapes Sphinx writes them (so the book's stylesheet applies alike)."""
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"<h{b.level}>{_text(b.text)}</h{b.level}>")
        elif isinstance(b, Text):
            out.append(f"<p>{_text(b.text)}</p>")
        elif isinstance(b, Links):
            out.append("<p>" + " · ".join(f'<a class="reference internal" href="{html_href(target)}">'
                                          f'<span class="std std-doc">{_text(label)}</span></a>'
                                          for label, target in b.links) + "</p>")
        elif isinstance(b, Html):
            out.append(strip_bidi(b.html))
        elif isinstance(b, Bullets):
            out.append('<ul class="simple">\n' + "\n".join(f"<li><p>{_text(t)}</p></li>" for t in b.items) + "\n</ul>")
        elif isinstance(b, Image):
            out.append(f'<p><img alt="{_text(b.alt)}" src="{html.escape(b.src)}" /></p>')
    return "\n".join(out)


def split_at_headings(blocks: list[Block]) -> tuple[list[Heading], list[list[Block]]]:
    """The page's headings, and the blocks before the first and after each (one list more than headings)."""
    headings, parts = [], [[]]
    for b in blocks:
        if isinstance(b, Heading):
            headings.append(b)
            parts.append([])
        else:
            parts[-1].append(b)
    return headings, parts
