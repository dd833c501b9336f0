"""Stage 2: text to structure.

Splits the decoded text into lines, marks page chrome, the title block, the closing block
(特此报告, signature, date), recognises headings (一、 / (一) / 1. / (1) / ① / 第一部分, run-in headings,
unnumbered headings such as 下一步工作打算) and builds the tree sections → paragraphs → sentences.
Nothing is dropped: every character belongs to exactly one line, and :func:`segments` tiles the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import Line, Paragraph, Section, Sentence
from .resources import compiled, load_toml

CN_DIGITS = "一二三四五六七八九十"
# Heading styles, from the usual outermost to the usual innermost. The depth of a style in a given
# report is decided by the order in which the report uses them, not by this list.
HEADING_STYLES: list[tuple[str, re.Pattern]] = [
    ("part", re.compile(rf"^第[{CN_DIGITS}]{{1,3}}(?:部分|章|节)[、，,:：\s]*")),
    ("cn", re.compile(rf"^[{CN_DIGITS}]{{1,3}}\s*[、，,．.]\s*")),
    ("cn_paren", re.compile(rf"^[(（]\s*[{CN_DIGITS}]{{1,3}}\s*[)）][、，,．.]?\s*")),
    ("digit", re.compile(r"^(?:\d{1,2}|[０-９]{1,2})\s*[、．.](?![\d０-９])\s*")),
    ("digit_paren", re.compile(r"^[(（]\s*(?:\d{1,2}|[０-９]{1,2})\s*[)）][、，,．.]?\s*")),
    ("circled", re.compile(r"^[①-⑳]\s*")),
]
SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)\"']*")
HEADING_END = re.compile(r"[。！？!?]")
PROSE_PUNCT = re.compile(r"[。，,；;！？!?]")
DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日)?$"
)
CLOSING_PHRASE = re.compile(r"^(特此(报告|汇报|报送)|以上报告|妥否)")
ORGAN = re.compile(r"(人民政府|政府|委员会|党委|党工委|区委|县委|市委|省委|委|局|厅|办公室|办事处|办|司法所|中心)$")
SPACE = re.compile(r"\s")


@dataclass
class Structure:
    lines: list[Line]
    sections: list[Section]
    preamble: list[Paragraph]
    title_lines: list[Line]
    closing_lines: list[Line]


def split_lines(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, content_start, content_end) of every line; ``end`` includes CRLF, CR or LF."""
    out = []
    pos = 0
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text):
        start, end = m.start(), m.end()
        body_end = end
        while body_end > start and text[body_end - 1] in "\r\n":
            body_end -= 1
        cs = start
        while cs < body_end and text[cs].isspace():
            cs += 1
        ce = body_end
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        out.append((start, end, cs, ce))
        pos = end
    assert pos == len(text), "line split lost text"
    return out


@cache
def _chrome() -> tuple[int, tuple[re.Pattern, ...]]:
    cfg = load_toml("chrome.toml")
    return cfg["max_chars"], tuple(re.compile(p) for p in cfg["patterns"])


def is_chrome(content: str) -> bool:
    """A line of web-page chrome (metadata bar, share widget, breadcrumb, footer)."""
    max_chars, patterns = _chrome()
    return len(content) <= max_chars and any(rx.search(content) for rx in patterns)


def match_heading(content: str) -> tuple[str, str] | None:
    """(style, numbering) when a line opens with a heading number."""
    for style, rx in HEADING_STYLES:
        m = rx.match(content)
        if m and len(content) > m.end():
            return style, content[: m.end()].rstrip()
    return None


def is_unnumbered_heading(content: str) -> bool:
    """A short line without prose punctuation that names a report part (e.g. 下一步工作打算)."""
    if len(content) > 24 or PROSE_PUNCT.search(content) or DATE_LINE.match(content):
        return False
    cues = compiled("roles.toml", "heading")
    return any(rx.search(content) for rx in cues.values())


def looks_like_title(content: str) -> bool:
    return len(content) <= 60 and not PROSE_PUNCT.search(content) and not DATE_LINE.match(content)


def sentences(text: str, start: int, end: int) -> tuple[Sentence, ...]:
    """Sentences of ``text[start:end]``; they tile the span (spaces between sentences go to the next one)."""
    out = []
    pos = start
    for m in SENTENCE_END.finditer(text, start, end):
        out.append(Sentence(pos, m.end(), text[pos:m.end()]))
        pos = m.end()
    if pos < end:
        out.append(Sentence(pos, end, text[pos:end]))
    return tuple(out)


def paragraph(text: str, start: int, end: int) -> Paragraph:
    return Paragraph(start, end, text[start:end], sentences(text, start, end))


def _closing_block(text: str, raw: list[tuple[int, int, int, int]], kinds: list[str]) -> int:
    """Index of the first line of the closing block (特此报告, signature, date), or len(raw)."""
    i = len(raw)
    first = len(raw)
    seen_mark = False
    while i > 0:
        i -= 1
        s, e, cs, ce = raw[i]
        content = text[cs:ce]
        if kinds[i] in ("blank", "chrome"):
            continue
        compact = SPACE.sub("", content)
        if DATE_LINE.match(compact) or CLOSING_PHRASE.match(compact):
            first, seen_mark = i, True
            continue
        if len(content) <= 40 and not PROSE_PUNCT.search(content) and ORGAN.search(content.split()[-1]) and not match_heading(content):
            first = i
            continue
        break
    return first if seen_mark else len(raw)


def parse_structure(text: str) -> Structure:
    raw = split_lines(text)
    contents = [text[cs:ce] for _, _, cs, ce in raw]
    kinds = ["blank" if not c else "chrome" if is_chrome(c) else "" for c in contents]
    closing_from = _closing_block(text, raw, kinds)
    for i in range(closing_from, len(raw)):
        if kinds[i] == "":
            kinds[i] = "closing"

    # Headings: numbered ones anywhere, unnumbered ones (下一步工作打算) only after the first numbered one.
    heads: dict[int, tuple[str, str]] = {}
    for i, c in enumerate(contents):
        if kinds[i] == "" and (hit := match_heading(c)):
            heads[i] = hit
    if heads:
        first_head = min(heads)
        for i, c in enumerate(contents):
            if kinds[i] == "" and i > first_head and i not in heads and is_unnumbered_heading(c):
                heads[i] = ("unnumbered", "")

    # Front matter: title lines until the first line of prose, then preamble.
    limit = min(heads) if heads else closing_from
    title_done = False
    for i in range(limit):
        if kinds[i] == "":
            title_done = title_done or not looks_like_title(contents[i])
            kinds[i] = "preamble" if title_done else "title"
    # A title needs a body after it; a lone short text is its own body.
    if all(k in ("title", "blank", "chrome", "closing") for k in kinds):
        kinds = ["preamble" if k == "title" else k for k in kinds]
    for i in range(limit, closing_from):
        if kinds[i] == "":
            kinds[i] = "heading" if i in heads else "body"

    lines = [Line(s, e, kinds[i], cs, ce) for i, (s, e, cs, ce) in enumerate(raw)]
    body_end = max((ln.end for ln in lines if ln.kind in ("heading", "body", "preamble")), default=0)
    sections = _build_tree(text, lines, heads, body_end)
    preamble = [paragraph(text, ln.content_start, ln.content_end) for ln in lines if ln.kind == "preamble"]
    return Structure(
        lines=lines,
        sections=sections,
        preamble=preamble,
        title_lines=[ln for ln in lines if ln.kind == "title"],
        closing_lines=[ln for ln in lines if ln.kind == "closing"],
    )


def _heading_parts(text: str, ln: Line, numbering: str) -> tuple[str, int, bool]:
    """(heading text, heading end offset, run_in) of a heading line."""
    body_start = ln.content_start + len(numbering)
    while body_start < ln.content_end and text[body_start].isspace():
        body_start += 1
    m = HEADING_END.search(text, body_start, ln.content_end)
    if m:
        rest = text[m.end():ln.content_end].strip(" \u3000”’\"'）)")
        heading = text[body_start:m.start()]
        if rest:
            return heading.strip(), m.end(), True
        return heading.strip(), ln.content_end, False
    heading = text[body_start:ln.content_end].rstrip("：:，,；;")
    return heading.strip(), ln.content_end, False


def _build_tree(text: str, lines: list[Line], heads: dict[int, tuple[str, str]], body_end: int) -> list[Section]:
    roots: list[Section] = []
    stack: list[tuple[str, Section]] = []  # (style, section)
    for i, ln in enumerate(lines):
        if ln.kind == "heading":
            style, numbering = heads[i]
            if style == "unnumbered":
                style = stack[0][0] if stack else "unnumbered"
            styles = [st for st, _ in stack]
            if style in styles:
                del stack[styles.index(style):]
            heading, h_end, run_in = _heading_parts(text, ln, numbering)
            sec = Section(
                depth=len(stack) + 1, numbering=numbering, heading=heading,
                heading_start=ln.content_start, heading_end=h_end, run_in=run_in,
                start=ln.content_start, end=body_end,
            )
            (stack[-1][1].children if stack else roots).append(sec)
            stack.append((style, sec))
            if run_in:
                p_start = h_end
                while p_start < ln.content_end and text[p_start].isspace():
                    p_start += 1
                sec.paragraphs.append(paragraph(text, p_start, ln.content_end))
        elif ln.kind == "body" and stack:
            stack[-1][1].paragraphs.append(paragraph(text, ln.content_start, ln.content_end))
    _set_ends(roots, body_end)
    return roots


def _set_ends(siblings: list[Section], parent_end: int) -> None:
    for k, sec in enumerate(siblings):
        sec.end = siblings[k + 1].start if k + 1 < len(siblings) else parent_end
        _set_ends(sec.children, sec.end)


def segments(text: str, lines: list[Line]) -> list[tuple[str, int, int]]:
    """(kind, start, end) spans that tile the whole text: content of each line by its kind, and 'space'."""
    out = []
    for ln in lines:
        if ln.content_start > ln.start:
            out.append(("space", ln.start, ln.content_start))
        if ln.content_end > ln.content_start:
            out.append((ln.kind, ln.content_start, ln.content_end))
        if ln.end > ln.content_end:
            out.append(("space", ln.content_end, ln.end))
    return out
