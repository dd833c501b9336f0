"""Heading numbers: a line that opens with 一、, （一）, 1., (1), ① or 第一部分. Reading a PDF's layout needs them
(a numbered line starts a paragraph) as much as parsing a report's structure does, so they live in this stage."""
from __future__ import annotations

import re

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


def match_heading(content: str) -> tuple[str, str] | None:
    """(style, numbering) when a line opens with a heading number."""
    for style, rx in HEADING_STYLES:
        m = rx.match(content)
        if m and len(content) > m.end():
            return style, content[: m.end()].rstrip()
    return None
