"""Stage 2: text to structure.

Splits the decoded text into lines, cuts page chrome out of lines that share it with a title (metadata
fields, date stamps, tags), marks page chrome, the title block, the addressee, the closing block
(特此报告, signature, date), recognises headings (一、 / (一) / 1. / (1) / ① / 第一部分, run-in headings,
unnumbered headings such as 下一步工作打算) and builds the tree sections → paragraphs → sentences.
Nothing is dropped: every character belongs to exactly one line, and :func:`segments` tiles the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Line, Paragraph, Section, Sentence
from ..read.numbering import CN_DIGITS, HEADING_STYLES, match_heading  # noqa: F401  (part of this stage's API)
from ..resources import compiled, load_toml
from .titles import TitleSpan, find_title

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
HEADING_MAX = 200  # characters: a heading that would run longer ends at its first clause mark
CLAUSE_MARK = re.compile(r"[，,；;：:]")
# Field labels of the metadata bars and tables of government web pages (索引号:…, [ 发布机构 ] …, | 标题:… |).
FIELD_LABEL = (
    r"索\s*引\s*号|备注/文号|发文字号|文\s*号|发布机构|发文机关|发文机构|所属机构|主题分类|体裁分类|组配分类|"
    r"公文种类|主\s*题\s*词|关\s*键\s*词|信息分类|公开方式|公开形式|公开范围|公开目录|有\s*效\s*性|是否有效|效力状态|"
    r"成文(?:日期|时间)|公文生成日期|生成日期|发布(?:日期|时间)|发文(?:日期|时间)|更新(?:日期|时间)|日\s*期|时\s*间|"
    r"(?:信息|文章|稿件)?来\s*源|浏览(?:次数|量)?|点击(?:数|量|率)?|阅读(?:次数|量)|访问(?:次数|量)|作\s*者|责任编辑|栏\s*目|"
    r"分\s*类|字\s*号|字体(?:大小)?|标\s*题|名\s*称|签\s*发\s*人"
)
FIELD = re.compile(
    rf"[\[【]\s*(?:{FIELD_LABEL})\s*[\]】]|\|\s*(?:{FIELD_LABEL})\s*(?=\|)"
    rf"|(?:(?<![\u4e00-\u9fff])|(?<=报告|情况|打算|汇报|总结))(?:{FIELD_LABEL})\s*[:：]"
)
# A field label that ends a line: its value is the next line (名称:⏎中共…报告).
TRAILING_LABEL = re.compile(rf"(?:{FIELD_LABEL})\s*[:：]\s*$")
TITLE_FIELD = re.compile(r"[\[【|]?\s*(标\s*题|名\s*称)\s*[\]】:：]?")
FIELD_SEPARATORS = " \t\u3000-•·|｜[]【】"
# A short tag before a title: [权威发布]…, 【专题】…
TITLE_TAG = re.compile(r"^[\[【][^\]】\s]{2,6}[\]】]")
# A page date glued after a title: …年度报告2024-03-15 09:30, …报告（2024年3月15日）
TRAILING_DATE = re.compile(r"[\s(（]*(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[)）]?$")
# An addressee line: organs separated by 、 or commas, ending with a colon (省委、省政府：, 国务院:).
ADDRESSEE = re.compile(r"^[\u4e00-\u9fff、，,()（）\s]{2,80}(政府|委|委员会|院|部门|单位|机构|党组|公署|办事处|办公室|局|厅)\s*[:：]$")


@dataclass
class Structure:
    lines: list[Line]
    sections: list[Section]
    preamble: list[Paragraph]
    title_lines: list[Line]
    closing_lines: list[Line]
    addressee_lines: list[Line]
    title_span: TitleSpan | None = None  # the title the grammar found (titles.py), or None


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


def cut_line(content: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) pieces of one line's content: "chrome", "title" (the value of a 标题/名称 field)
    or "" (left to the line classifier). A line of prose is never cut."""
    whole = [("", 0, len(content))]
    fields = list(FIELD.finditer(content))
    date = TRAILING_DATE.search(content)
    if not fields and date and date.start() >= 8 and looks_like_title(content[:date.start()]):
        return [("", 0, date.start()), ("chrome", date.start(), len(content))]
    if not fields:
        tag = TITLE_TAG.match(content)
        if tag and len(content) - tag.end() >= 6 and looks_like_title(content[tag.end():]):
            return [("chrome", 0, tag.end()), ("", tag.end(), len(content))]
        return whole
    first = fields[0].start()
    head = content[:first].rstrip(FIELD_SEPARATORS)
    if head and (PROSE_PUNCT.search(head) or len(head) > 60):
        return whole
    pieces = [("", 0, len(head))] if head else []
    pos = len(head)
    for k, m in enumerate(fields):
        value_end = fields[k + 1].start() if k + 1 < len(fields) else len(content)
        if TITLE_FIELD.fullmatch(m.group().strip()):
            v0 = m.end()
            while v0 < value_end and content[v0] in FIELD_SEPARATORS:
                v0 += 1
            v1 = value_end
            while v1 > v0 and content[v1 - 1] in FIELD_SEPARATORS:
                v1 -= 1
            if v1 > v0:
                if v0 > pos:
                    pieces.append(("chrome", pos, v0))
                pieces.append(("title", v0, v1))
                pos = v1
    if pos < len(content):
        pieces.append(("chrome", pos, len(content)))
    return pieces


def cut_at_title(content: str, cs: int, span: TitleSpan) -> list[tuple[str, int, int]]:
    """Pieces of a line that holds (part of) the title: what stands before it is chrome, the title, and what
    follows it: the body when it is prose glued to the title, else chrome."""
    a, b = max(span.start, cs) - cs, min(span.end, cs + len(content)) - cs
    pieces = [("chrome", 0, a)] if content[:a].strip() else []
    pieces.append(("title", 0 if not pieces else a, b))
    rest = content[b:]
    if rest.strip():
        prose = PROSE_PUNCT.search(rest) and len(rest.strip()) > 20 and not is_chrome(rest.strip())
        pieces.append(("" if prose else "chrome", b, len(content)))
    else:
        pieces[-1] = (pieces[-1][0], pieces[-1][1], len(content))
    return pieces


def logical_lines(text: str, chrome: frozenset[int] = frozenset(),
                  title: TitleSpan | None = None) -> list[tuple[int, int, int, int, str]]:
    """Physical lines cut at chrome inside them: (start, end, content_start, content_end, hint).

    The pieces of one physical line tile it: the first starts where the line starts, the last ends with
    its terminator, and each piece's content is trimmed of the spaces around it. A line that starts at an
    offset in ``chrome`` (page chrome the reader of a PDF found) is chrome whole. Lines before the ``title``
    are page chrome; the line that holds it is cut around it."""
    out = []
    pending = None  # the label of a field whose value is on the next line
    for start, end, cs, ce in split_lines(text):
        if start in chrome or (title is not None and ce <= title.start and ce > cs and _not_prose(text[cs:ce])):
            out.append((start, end, cs, ce, "chrome"))
            continue
        content = text[cs:ce]
        if title is not None and ce > cs and cs < title.end and ce > title.start:
            pieces = cut_at_title(content, cs, title)
        else:
            pieces = cut_line(content) if ce > cs else [("", 0, 0)]
        if pending and content and content.strip(FIELD_SEPARATORS):
            _, a, b = pieces[0]
            if pieces[0][0] == "" and b - a <= 60 and not PROSE_PUNCT.search(content, a, b):
                pieces[0] = ("title" if TITLE_FIELD.fullmatch(pending) else "chrome", *pieces[0][1:])
            pending = None
        elif not content:
            pending = None  # the value of an empty field is not the line after a blank line
        last_kind, la, lb = pieces[-1]
        if last_kind == "chrome" and (m := TRAILING_LABEL.search(content, la, lb)):
            pending = m.group().rstrip(" :：")
        pos = start
        for k, (hint, a, b) in enumerate(pieces):
            pa, pb = cs + a, cs + b
            while pa < pb and text[pa].isspace():
                pa += 1
            while pb > pa and text[pb - 1].isspace():
                pb -= 1
            piece_end = end if k == len(pieces) - 1 else cs + b
            if pb == pa:  # an empty piece sits where it starts (the last one: at the end of the content)
                pa = pb = pos if k < len(pieces) - 1 else cs + b
            out.append((pos, piece_end, pa, pb, hint))
            pos = piece_end
    return out


def _not_prose(content: str) -> bool:
    """A line before the title that is not a paragraph of the report (short, or without a full stop)."""
    return len(content) <= 80 or "。" not in content


@cache
def _chrome() -> tuple[int, tuple[re.Pattern, ...]]:
    cfg = load_toml("chrome.toml")
    return cfg["max_chars"], tuple(re.compile(p) for p in cfg["patterns"])


NAV_TOKEN = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}")


def is_navigation(content: str) -> bool:
    """A site's menu bar: four or more short words separated by spaces, no punctuation, no digits, three of
    them of two characters or more (a title spaced out letter by letter, 工 作 报 告, is not a menu)."""
    tokens = content.split()
    return (len(tokens) >= 4 and len(content) <= 100 and all(NAV_TOKEN.fullmatch(t) for t in tokens)
            and sum(len(t) >= 2 for t in tokens) >= 3)


def is_chrome(content: str) -> bool:
    """A line of web-page chrome (metadata bar, share widget, breadcrumb, menu, footer)."""
    max_chars, patterns = _chrome()
    return len(content) <= max_chars and (any(rx.search(content) for rx in patterns) or is_navigation(content))


def is_unnumbered_heading(content: str) -> bool:
    """A short line without prose punctuation that names a report part (e.g. 下一步工作打算)."""
    if len(content) > 24 or PROSE_PUNCT.search(content) or DATE_LINE.match(content):
        return False
    cues = compiled("roles.toml", "heading")
    return any(rx.search(content) for rx in cues.values())


def looks_like_title(content: str) -> bool:
    """Short, no prose punctuation, not a date, not a lead-in ending with a colon (…报告如下：)."""
    return (len(content) <= 60 and not PROSE_PUNCT.search(content) and not DATE_LINE.match(content)
            and not content.endswith((":", "：")))


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


def parse_structure(text: str, chrome: frozenset[int] = frozenset()) -> Structure:
    title = find_title(text)
    logical = logical_lines(text, chrome, title)
    raw = [(s, e, cs, ce) for s, e, cs, ce, _ in logical]
    contents = [text[cs:ce] for _, _, cs, ce in raw]
    kinds = ["blank" if not c else "title" if hint == "title" else "chrome" if hint == "chrome" or is_chrome(c) else ""
             for c, (*_, hint) in zip(contents, logical)]
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

    # Front matter: title lines until the first line of prose or the addressee, then preamble.
    limit = min(heads) if heads else closing_from
    title_done = False
    for i in range(limit):
        if kinds[i] == "" and ADDRESSEE.match(contents[i]):
            kinds[i], title_done = "addressee", True
        elif kinds[i] == "":
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
        addressee_lines=[ln for ln in lines if ln.kind == "addressee"],
        title_span=title,
    )


def _heading_parts(text: str, ln: Line, numbering: str) -> tuple[str, int, bool]:
    """(heading text, heading end offset, run_in) of a heading line."""
    body_start = ln.content_start + len(numbering)
    while body_start < ln.content_end and text[body_start].isspace():
        body_start += 1
    m = HEADING_END.search(text, body_start, min(ln.content_end, body_start + HEADING_MAX + 1))
    if m is None and ln.content_end - body_start > HEADING_MAX:
        # a line too long for a heading without a full stop near its start: it ends at the first clause mark
        clause = CLAUSE_MARK.search(text, body_start, body_start + HEADING_MAX)
        cut = clause.start() if clause else body_start + HEADING_MAX
        return text[body_start:cut].strip(), cut + (1 if clause else 0), True
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
