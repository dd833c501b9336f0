"""Stage 1 for PDF files: the text layer, joined the way a reader reads the printed page.

pdfminer.six (MIT) gives the characters of each page with their positions. From them:

- lines at one height are one line, read left to right; the spaces pdfminer infers from gaps are kept only
  between Latin letters or digits, never next to a Chinese character (justified 公文 lines are full of gaps);
- a page's lines are joined into paragraphs: a line continues the one before it unless that one stops short
  of the right margin, or the line is indented (公文 indent the first line by two characters), opens with a
  heading number (一、 （一） 1.), or is far below it. Lines are joined without a space between Chinese
  characters, so a number and its unit broken over two lines (2021 / 年) are one again, also across a page;
- page chrome — page numbers (- 3 -, 第3页 共9页, 3/9) at the top or bottom of a page, and running headers
  and footers (the same first or last line on most pages) — stays in the text on lines of its own, marked as
  chrome so that no analysis reads it; lines cut by a page break are joined first, the chrome follows;
- every character keeps its page: :attr:`Extracted.pages` maps offsets to page numbers.

Files that would parse into nonsense are refused with a reason instead: a scan without a text layer, a text
layer whose fonts have no Unicode map (``(cid:12)``, U+FFFD, private-use characters), an encrypted or
damaged file.
"""
from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from .decode import DecodeError, Extracted

# pdfminer reports every oddity of a file through logging; a reader of the book should not see them.
logging.getLogger("pdfminer").setLevel(logging.CRITICAL)

CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2010-\u2027\u2030-\u205e"
IS_CJK = re.compile(f"[{CJK}]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－‒―~～\s]*\d{1,4}[-—–－‒―~～\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/／、]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")
UNREADABLE = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")
# Share of unreadable characters above which a file is refused rather than parsed into nonsense.
MAX_UNREADABLE = 0.02
SCANNED = "scanned PDF: no text layer, needs OCR first (扫描件，没有文字层，需要先做文字识别)"


@dataclass(frozen=True)
class PdfLine:
    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float  # distance from the top of the page
    size: float  # the height of its characters


def _line_text(line) -> str:
    """A text line's characters. pdfminer infers a space wherever characters stand apart; such a space is
    kept only between two Latin letters (between words), never beside a Chinese character (justified lines
    are full of gaps) or inside a number (2 0 2 1)."""
    from pdfminer.layout import LTChar

    items = [(obj.get_text(), isinstance(obj, LTChar)) for obj in line]
    out = []
    for k, (ch, real) in enumerate(items):
        if ch == "\n":
            continue
        if not real and ch.isspace():
            before = next((c for c, r in reversed(items[:k]) if r and not c.isspace()), "")
            after = next((c for c, r in items[k + 1:] if r and not c.isspace()), "")
            if not (LATIN.match(before) and LATIN.match(after)):
                continue
        out.append(ch)
    return "".join(out).strip()


def _page_lines(layout, page_no: int) -> tuple[list[PdfLine], bool]:
    """The lines of one page, top to bottom, and whether the page holds an image."""
    from pdfminer.layout import LTFigure, LTImage, LTTextBox, LTTextLine

    found, has_image = [], False

    def walk(obj):
        nonlocal has_image
        for child in obj:
            if isinstance(child, LTTextLine):
                found.append(child)
            elif isinstance(child, LTTextBox):
                walk(child)
            elif isinstance(child, (LTFigure, LTImage)):
                has_image = True
                if isinstance(child, LTFigure):
                    walk(child)

    walk(layout)
    height = layout.height
    rows: list[list] = []
    for ln in sorted(found, key=lambda t: (-t.y1, t.x0)):
        mid = (ln.y0 + ln.y1) / 2
        row = rows[-1] if rows else None
        if row and abs(mid - (row[0].y0 + row[0].y1) / 2) < 0.5 * max(row[0].height, ln.height, 1):
            row.append(ln)
        else:
            rows.append([ln])
    lines = []
    for row in rows:
        row.sort(key=lambda t: t.x0)
        parts = [_line_text(ln) for ln in row]
        text = ""
        for k, part in enumerate(parts):
            if k and part and text:
                gap = row[k].x0 - row[k - 1].x1
                text += " " if gap > 0.5 * row[k].height else ""
            text += part
        if text:
            size = statistics.median(ln.height for ln in row)
            lines.append(PdfLine(text, page_no, min(t.x0 for t in row), max(t.x1 for t in row),
                                 height - max(t.y1 for t in row), size))
    return lines, has_image


def _shape(text: str) -> str:
    """A line with its digits blanked: the running header "… 第3页" of every page has one shape."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _chrome(pages: list[list[PdfLine]]) -> set[tuple[int, int]]:
    """(page, index) of the lines that are page chrome: a page number among the first or last two lines of a
    page, or a first or last line no larger than the body text whose shape is the first or last line of at
    least half the pages (two at least)."""
    out = set()
    sizes = [ln.size for lines in pages for ln in lines]
    body_size = statistics.median(sizes) if sizes else 0.0
    edges: Counter = Counter()
    for lines in pages:
        for ln in {lines[0].text, lines[-1].text} if lines else ():
            edges[_shape(ln)] += 1
    repeated = {s for s, n in edges.items() if n >= 2 and n * 2 >= len(pages)}
    for p, lines in enumerate(pages):
        n = len(lines)
        for i in {0, 1, n - 2, n - 1} & set(range(n)):
            ln = lines[i]
            running = i in (0, n - 1) and n > 1 and _shape(ln.text) in repeated and ln.size <= 1.05 * body_size
            if PAGE_NUMBER.match(ln.text) or running:  # a title as large as a title is not a running header
                out.add((p, i))
    return out


def _margins(lines: list[PdfLine]) -> tuple[float, float, float]:
    """(left, right, size) of the body text: where most lines start and end, and the usual character size.
    The most common edge, not the outermost: a centred title wider than the text, a table or a signature
    must not move the margins."""
    if not lines:
        return 0.0, 0.0, 0.0
    size = statistics.median(ln.size for ln in lines)
    grain = max(size / 4, 0.5)

    def usual(values: list[float]) -> float:
        counts = Counter(round(v / grain) for v in values)
        top = max(counts.values())
        return min(k for k, n in counts.items() if n == top) * grain

    left = usual([ln.x0 for ln in lines])
    right = max(usual([ln.x1 for ln in lines]), left)
    return left, right, size


def _starts_paragraph(prev: PdfLine, line: PdfLine, left: float, right: float, size: float) -> bool:
    """Whether ``line`` opens a paragraph after ``prev`` (``left``/``right``: its page's text margins)."""
    from .structure import match_heading

    if right - prev.x1 > 1.5 * size or line.x0 - left > 0.8 * size or match_heading(line.text):
        return True
    if line.page == prev.page and line.top - prev.top > 2.6 * max(prev.size, line.size):
        return True  # a blank line's worth of space between them
    return False


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph: a space only between Latin letters or digits."""
    if a and b and not IS_CJK.match(a[-1]) and not IS_CJK.match(b[0]) and (a[-1].isalnum() and b[0].isalnum()):
        return f"{a} {b}" if not (a[-1].isdigit() and b[0].isdigit()) else a + b
    return a + b


def assemble(pages: list[list[PdfLine]]) -> Extracted:
    """The text of a document's lines: paragraphs one per line, chrome on lines of its own."""
    chrome = _chrome(pages)
    body = [[ln for i, ln in enumerate(lines) if (p, i) not in chrome] for p, lines in enumerate(pages)]
    margins = _margins([ln for lines in body for ln in lines])
    out: list[str] = []
    runs: list[tuple[int, int]] = []
    chrome_starts: set[int] = set()
    pos = 0

    def emit(pieces: list[tuple[str, int]], is_chrome: bool) -> None:
        nonlocal pos
        if is_chrome:
            chrome_starts.add(pos)
        text = ""
        for piece, page in pieces:
            joined = _join(text, piece)
            start = pos + len(joined) - len(piece)
            if not runs or runs[-1][1] != page:
                runs.append((start, page))
            text = joined
        out.append(text)
        pos += len(text) + 1

    para: list[tuple[str, int]] = []
    waiting: list[PdfLine] = []  # chrome met inside a paragraph: written after it
    prev = None
    for p, lines in enumerate(pages):
        for i, ln in enumerate(lines):
            if (p, i) in chrome:
                if para:
                    waiting.append(ln)
                else:
                    emit([(ln.text, ln.page)], True)
                continue
            if para and _starts_paragraph(prev, ln, *margins):
                emit(para, False)
                para = []
                for c in waiting:
                    emit([(c.text, c.page)], True)
                waiting = []
            para.append((ln.text, ln.page))
            prev = ln
    if para:
        emit(para, False)
    for c in waiting:
        emit([(c.text, c.page)], True)
    return Extracted("\n".join(out) + "\n" if out else "", "pdf", tuple(runs), frozenset(chrome_starts))


def _pages(data: bytes):
    """(page layout, whether the page names fonts) of every page, in order."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(BytesIO(data)):
        interpreter.process_page(page)
        fonts = resolve1((resolve1(page.resources) or {}).get("Font")) if page.resources else None
        yield device.get_result(), bool(fonts)


def pdf_to_text(data: bytes) -> Extracted:
    """The text of a PDF file; raises :class:`DecodeError` with a one-line reason when it has none to give."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if b"%%EOF" not in data[-2048:]:
        raise DecodeError("truncated PDF: the file stops before its end; download it again")
    pages: list[list[PdfLine]] = []
    images = fonts = 0
    try:
        for n, (layout, has_fonts) in enumerate(_pages(data), 1):
            lines, has_image = _page_lines(layout, n)
            pages.append(lines)
            images += has_image and not lines
            fonts += has_fonts
    except PDFPasswordIncorrect:
        raise DecodeError("encrypted PDF: it needs a password to open; save a copy without one") from None
    except PDFEncryptionError as exc:
        raise DecodeError(f"encrypted PDF that cannot be opened ({exc}); save a copy without a password") from None
    except Exception as exc:  # pdfminer raises many kinds of error on a damaged file; none may stop a corpus
        raise DecodeError(f"damaged PDF, cannot be read ({type(exc).__name__}); download it again") from None
    if not pages:
        raise DecodeError("damaged PDF: no pages; download it again")
    chars = sum(len(ln.text) for lines in pages for ln in lines)
    if not chars:
        if fonts:
            raise DecodeError("PDF whose text cannot be decoded (its fonts map to no characters); convert it "
                              "with another tool or use OCR (文字无法识别)")
        raise DecodeError(SCANNED if images else "PDF without text: no text layer and no images")
    marks = [m.group() for lines in pages for ln in lines for m in UNREADABLE.finditer(ln.text)]
    # a (cid:12) stands for one character of the page
    share = len(marks) / (chars - sum(len(m) - 1 for m in marks))
    if share > MAX_UNREADABLE:
        raise DecodeError(f"garbled PDF text: {share:.0%} of its characters are unreadable (fonts without a "
                          "Unicode map); convert it with another tool or use OCR (文字乱码，需要文字识别)")
    extracted = assemble(pages)
    notes = []
    empty = [n for n, lines in enumerate(pages, 1) if not lines]
    if empty:
        notes.append(f"pages without text (scanned?): {_page_list(empty)}")
    if marks:
        notes.append(f"{len(marks)} unreadable characters (fonts without a Unicode map)")
    return Extracted(extracted.text, "pdf", extracted.pages, extracted.chrome, tuple(notes))


def _page_list(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:10])) + (f" and {len(pages) - 10} more" if len(pages) > 10 else "")
