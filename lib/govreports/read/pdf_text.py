"""Stage 1 for PDF files: the text layer, joined the way a reader reads the printed page.

PDFium (pypdfium2, Apache-2.0/BSD; the engine of Chromium's PDF viewer) gives the characters of each page with
their positions, about ten times faster than pdfminer.six, which walks the file's structure first to keep
what PDFium will decode and interpret within the limits (see "limits" below). From the characters:

- lines at one height are one line, read left to right; of the spaces PDFium infers from gaps, only those
  between words and those the layout meant stay (justified 公文 lines are full of gaps: :func:`_wide_gap`);
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
damaged file; and a file that would make PDFium decode or interpret more than the limits allow
(a stream bomb, a stream drawn on thousands of pages: see "limits" below and :mod:`limits`).
"""
from __future__ import annotations

import logging
import re
import statistics
import threading
import zlib
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import limits
from .decode import DecodeError, Extracted
from .numbering import match_heading

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


def _keep_space(text: str, k: int) -> bool:
    """Whether the inferred space at ``text[k]`` stays: only between two Latin letters (between words), never
    beside a Chinese character (justified lines are full of gaps) or inside a number (2 0 2 1)."""
    before = next((c for c in reversed(text[:k]) if not c.isspace()), "")
    after = next((c for c in text[k + 1:] if not c.isspace()), "")
    return bool(LATIN.match(before) and LATIN.match(after))


def _segments(textpage) -> list[tuple[str, float, float, float, float]]:
    """The lines PDFium finds on a page, in drawing order, as (text, x0, x1, bottom, top) in PDF units.

    PDFium gives every character of the text layer (one whose font has no Unicode map as U+FFFD here), with
    line breaks (``\\r\\n``) and spaces it generated where characters stand apart. A generated space stays
    only where it separates words (:func:`_keep_space`) or the layout meant one (:func:`_wide_gap`); a space
    the file draws always stays. A line's box spans the loose boxes (the font's full height) of its first and
    last characters."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    raw = textpage.raw
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters beyond the BMP take two UTF-16 units: one character per index instead
        text = "".join(chr(u) if 0 < (u := pdfium_c.FPDFText_GetUnicode(raw, i)) < 0x110000 else "\ufffd"
                       for i in range(n))
    has_error = pdfium_c.FPDFText_HasUnicodeMapError
    unmapped = [i for i in range(n) if has_error(raw, i) == 1]
    if unmapped:  # a font without a Unicode map: PDFium gives its character codes, here U+FFFD (unreadable)
        chars = list(text)
        for i in unmapped:
            chars[i] = "\ufffd"
        text = "".join(chars)
    out = []
    start = 0
    for end in [*(m.start() for m in _BREAK.finditer(text)), n]:
        line = text[start:end]
        at = start
        start = end + (2 if text.startswith("\r\n", end) else 1)
        usual = cache(lambda line=line, at=at: _usual_gap(textpage, line, at))
        keep = [k for k in range(len(line)) if _keep(textpage, line, k, at + k, usual)]
        if not keep or all(line[k].isspace() for k in keep):
            continue
        first, last = keep[0], keep[-1]
        while line[first].isspace():
            first += 1
        while line[last].isspace():
            last -= 1
        left, bottom, _, top = textpage.get_charbox(at + first, loose=True)
        _, bottom2, right, top2 = textpage.get_charbox(at + last, loose=True)
        body = "".join(line[k] for k in keep if first <= k <= last)
        out.append((body, min(left, right), max(left, right), min(bottom, bottom2), max(top, top2)))
    return out


def _keep(textpage, line: str, k: int, index: int, usual) -> bool:
    """Whether the character ``line[k]`` (``index`` on its page) is part of the line's text; ``usual()`` is the
    line's usual gap between two Chinese characters (:func:`_usual_gap`)."""
    ch = line[k]
    if ch in _DROP:
        return False
    if not ch.isspace():
        return True
    if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 0 or _keep_space(line, k):
        return True
    return _wide_gap(textpage, line, k, index, usual)


def _wide_gap(textpage, line: str, k: int, index: int, usual) -> bool:
    """Whether a space PDFium generated at ``line[k]`` is one the layout meant: between two Chinese characters
    a gap wider by :data:`SPACE_EM` than the line's usual gap between them (中共某县委 某县人民政府; a justified
    line's gaps are all alike), between a Chinese character and a digit or letter a gap of half a character
    (typesetters put a quarter between 2024 and 年)."""
    if not (0 < k < len(line) - 1) or line[k - 1].isspace() or line[k + 1].isspace():
        return False
    left, bottom, right, top = textpage.get_charbox(index - 1, loose=True)
    gap = (textpage.get_charbox(index + 1, loose=True)[0] - right) / max(top - bottom, 1e-6)
    if not (IS_CJK.match(line[k - 1]) and IS_CJK.match(line[k + 1])):
        return gap > 0.5
    return gap > usual() + SPACE_EM


def _usual_gap(textpage, line: str, at: int) -> float:
    """The median gap, in characters, between two adjacent Chinese characters of a line starting at ``at``."""
    gaps = []
    for j in range(len(line) - 1):
        if IS_CJK.match(line[j]) and IS_CJK.match(line[j + 1]):
            left, bottom, right, top = textpage.get_charbox(at + j, loose=True)
            gaps.append((textpage.get_charbox(at + j + 1, loose=True)[0] - right) / max(top - bottom, 1e-6))
    return statistics.median(gaps) if gaps else 0.0


SPACE_EM = 0.15  # a word space in Chinese type is a quarter to a third of a character; justification adds alike


# PDFium's line breaks, and the characters it uses for a hyphen it made and for nothing
_BREAK = re.compile(r"\r\n|\r|\n")
_DROP = frozenset("\x02\ufffe\x00")


def _page_lines(segments, height: float, page_no: int) -> list[PdfLine]:
    """The lines of one page, top to bottom: segments at one height are one line, read left to right."""
    rows: list[list] = []
    for seg in sorted(segments, key=lambda t: (-t[4], t[1])):
        mid, size = (seg[3] + seg[4]) / 2, seg[4] - seg[3]
        row = rows[-1] if rows else None
        if row and abs(mid - (row[0][3] + row[0][4]) / 2) < 0.5 * max(row[0][4] - row[0][3], size, 1):
            row.append(seg)
        else:
            rows.append([seg])
    lines = []
    for row in rows:
        row.sort(key=lambda t: t[1])
        text = ""
        for k, seg in enumerate(row):
            if k and text:
                gap = seg[1] - row[k - 1][2]
                text += " " if gap > 0.5 * (seg[4] - seg[3]) else ""
            text += seg[0]
        if text:
            size = statistics.median(seg[4] - seg[3] for seg in row)
            lines.append(PdfLine(text, page_no, min(t[1] for t in row), max(t[2] for t in row),
                                 height - max(t[4] for t in row), size))
    return lines


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


# ---- limits: what one PDF may make the readers decode and interpret ----------------------------------------
#
# Within pdf_to_text a budget bounds what a file makes the readers do. pdfminer decodes streams whole
# (zlib.decompress, a byte-by-byte loop for a damaged one, LZW and RunLength into lists): its filters are
# replaced by ones that stop once the streams have grown by more than limits.max_inflated_bytes() in all.
# Before PDFium opens the file, the content its pages would make it interpret (each form as often as it is
# drawn) may hold that much in all, too, and every other stream it would decode must inflate within it
# (see _prescan and _scan_streams below); a file may have at most limits.MAX_PDF_PAGES pages and a page at
# most limits.MAX_PDF_PAGE_ITEMS characters and objects. Outside pdf_to_text nothing is bounded.


class _Limit(Exception):
    """A limit of :class:`_Budget` reached; the message is the one-line reason."""


@dataclass
class _Budget:
    limit: int  # bytes the streams may grow by when decoded, and the content streams may hold, in all
    grown: int = 0
    content: int = 0
    reason: str = ""  # set when a limit was reached (pdfminer may swallow the exception: this stays)

    def room(self, raw: int) -> int:
        """The most that ``raw`` bytes of a stream may decode to."""
        return raw + self.limit - self.grown

    def spend(self, raw: int, out: int) -> None:
        """Count a stream of ``raw`` bytes decoded to ``out`` bytes."""
        self.grown += max(0, out - raw)
        if self.grown > self.limit:
            self.fail(f"compressed content too large: its streams inflate to more than "
                      f"{limits.megabytes(self.limit)} MB beyond the file's size (set {limits.MAX_INFLATED_VAR} "
                      "to change it): not read")

    def interpret(self, size: int) -> None:
        """Count ``size`` bytes of content stream about to be interpreted."""
        self.content += size
        if self.content > self.limit:
            self.fail(f"PDF too large to read: its pages hold more than {limits.megabytes(self.limit)} MB of "
                      f"content (set {limits.MAX_INFLATED_VAR} to change it): not read")

    def fail(self, reason: str) -> None:
        self.reason = self.reason or reason
        raise _Limit(self.reason)


_BUDGET: ContextVar[_Budget | None] = ContextVar("pdf_budget", default=None)


def _fail(reason: str) -> None:
    """A limit other than the budget's reached: recorded in the budget of the file being read."""
    budget = _BUDGET.get()
    if budget is None:
        raise _Limit(reason)
    budget.fail(reason)


def _cap(room: int | None, have: int) -> int:
    """zlib's max_length for output still allowed (0: no bound)."""
    return 0 if room is None else max(1, room + 1 - have)


def _inflate(data: bytes) -> bytes:
    """zlib.decompress for pdfminer: an incomplete stream raises zlib.error, the output stops at the budget."""
    budget = _BUDGET.get()
    if budget is None:
        return zlib.decompress(data)
    d = zlib.decompressobj()
    out = d.decompress(data, _cap(budget.room(len(data)), 0))
    budget.spend(len(data), len(out))
    if not d.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


def _inflate_damaged(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` (a stream whose checksum is damaged) in linear time and within the
    budget: an error before the last three bytes (the checksum) propagates, one in them ends the stream."""
    budget = _BUDGET.get()
    room = budget.room(len(data)) if budget else None
    d = zlib.decompressobj()
    out = bytearray(d.decompress(data[:-3], _cap(room, 0)))
    for k in range(max(0, len(data) - 3), len(data)):
        if room is not None and len(out) > room:
            break
        try:
            out += d.decompress(data[k:k + 1], _cap(room, len(out)))
        except zlib.error:
            break
    if budget:
        budget.spend(len(data), len(out))
    return bytes(out)


def _lzw(data: bytes) -> bytes:
    """LZWDecode, piece by piece within the budget."""
    from pdfminer.lzw import LZWDecoder

    budget = _BUDGET.get()
    out, size = [], 0
    for piece in LZWDecoder(BytesIO(data)).run():
        out.append(piece)
        size += len(piece)
        if budget and size > budget.room(len(data)):
            budget.spend(len(data), size)
    if budget:
        budget.spend(len(data), size)
    return b"".join(out)


def _runlength(data: bytes) -> bytes:
    """RunLengthDecode (PDF 1.7, 7.4.5) into bytes within the budget (pdfminer's builds a list of ints): a
    length byte 0–127 copies the next 1–128 bytes, 129–255 repeats the next byte 2–128 times, 128 ends."""
    budget = _BUDGET.get()
    out, k = bytearray(), 0
    while k < len(data) and data[k] != 128:
        n = data[k]
        if n < 128:
            out += data[k + 1:k + 2 + n]
            k += n + 2
        else:
            out += data[k + 1:k + 2] * (257 - n)
            k += 2
        if budget and len(out) > budget.room(len(data)):
            budget.spend(len(data), len(out))
    if budget:
        budget.spend(len(data), len(out))
    return bytes(out)


def _bounded(decode, most):
    """``decode`` counted against the budget, refused beforehand when ``most(data, *args)`` (the most it
    could make of its input) does not fit."""
    def run(data: bytes, *args):
        budget = _BUDGET.get()
        if budget and (bound := most(data, *args)) > budget.room(len(data)):
            budget.spend(len(data), bound)
        out = decode(data, *args)
        if budget:
            budget.spend(len(data), len(out))
        return out
    return run


def _ccitt_most(data: bytes, params) -> int:
    """The most a CCITT fax stream can decode to: a row for every bit, of Columns bits."""
    try:
        columns = int(params.get("Columns", 1728))
    except (TypeError, ValueError, AttributeError):
        columns = 1728
    return 8 * len(data) * (max(columns, 1) + 7) // 8


class _Zlib:
    """What pdfminer's stream decoder sees as ``zlib``."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)
    decompress = staticmethod(_inflate)


def _guard_pdfminer() -> None:
    """Route pdfminer's stream filters through the budget (once per process)."""
    from pdfminer import pdftypes

    with _GUARD_LOCK:
        if pdftypes.zlib is not _Zlib:
            _install(pdftypes)


_GUARD_LOCK = threading.Lock()


def _install(pdftypes) -> None:
    pdftypes.zlib = _Zlib
    pdftypes.decompress_corrupted = _inflate_damaged
    pdftypes.lzwdecode = _lzw
    pdftypes.rldecode = _runlength
    pdftypes.ascii85decode = _bounded(pdftypes.ascii85decode, lambda d: 4 * d.count(b"z") + len(d) + 4)
    pdftypes.ccittfaxdecode = _bounded(pdftypes.ccittfaxdecode, _ccitt_most)


# ---- what PDFium will be asked to interpret, counted before it is --------------------------------------------
#
# PDFium decodes and interprets in C, beyond the budget's reach; so before it opens a file, pdfminer walks the
# file's page tree (no layout, no interpretation) and decodes, through the guarded filters, every page's
# content streams and the forms they draw, counting each form as often as a page draws it ("/Name Do"). A
# file whose pages would hold more than the budget, or more pages than limits.MAX_PDF_PAGES, is refused before
# PDFium sees it; the other streams PDFium decodes to read text (fonts, their Unicode maps) are decoded
# through the budget by :func:`_scan_streams`. Images are never decoded: text needs none.

_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
MAX_FORM_DEPTH = 16  # forms drawing forms: deeper than this is a loop


def _content_cost(streams: list, resources, forms: dict, depth: int = 0) -> int:
    """Bytes of content a page (or form) makes an interpreter read: its streams, and each form it draws as
    often as it draws it."""
    from pdfminer.pdftypes import PDFStream, resolve1, stream_value
    from pdfminer.psparser import LIT

    if depth > MAX_FORM_DEPTH:
        raise RecursionError("forms drawing one another")
    data = b"".join(stream_value(s).get_data() for s in streams)
    cost = len(data)
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) if isinstance(resolve1(resources), dict) else None
    if not isinstance(xobjects, dict):
        return cost
    for name, count in Counter(_DO.findall(data)).items():
        name = _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), name).decode("latin-1")
        form = resolve1(xobjects.get(name))
        if not isinstance(form, PDFStream) or form.get("Subtype") is not LIT("Form"):
            continue
        key = form.objid if form.objid is not None else id(form)
        if key not in forms:
            forms[key] = _content_cost([form], form.get("Resources") or resources, forms, depth + 1)
        cost += count * forms[key]
    return cost


def _prescan(data: bytes) -> list[bool]:
    """Walk the pages within the limits (see above); for each page, whether its resources name fonts."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    fonts, forms = [], {}
    for n, page in enumerate(PDFPage.get_pages(BytesIO(data)), 1):
        if n > limits.MAX_PDF_PAGES:
            _fail(f"PDF with more than {limits.MAX_PDF_PAGES} pages: not read")
        budget = _BUDGET.get()
        cost = _content_cost(list(page.contents), page.resources, forms)
        if budget:
            budget.interpret(cost)
        resources = resolve1(page.resources)
        fonts.append(bool(resolve1(resources.get("Font"))) if isinstance(resources, dict) else False)
    return fonts


_STREAM = re.compile(rb"(?:^|[\r\n\s>])stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def _scan_streams(data: bytes) -> None:
    """Decode every stream of the file that is not an image, through the budget: a font or a Unicode map that
    inflates beyond it stops the file here. A stream that does not decode is left to PDFium to judge."""
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 4096):m.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        if _IMAGE.search(head):
            continue
        end = data.find(b"endstream", m.end())
        body = data[m.end():end if end >= 0 else len(data)]
        found = _FILTER.search(head)
        names = re.findall(rb"/([^\s/\[\]<>]+)", found.group(1)) if found else []
        try:
            for name in names:
                decode = _decoders().get(name.decode("latin-1"))
                if decode is None:
                    break  # an image filter or one PDFium will refuse: nothing more to decode
                body = decode(body)
        except _Limit:
            raise
        except Exception:  # a damaged stream: PDFium repairs or refuses it
            continue


def _hex(data: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


@cache
def _decoders() -> dict:
    """The stream filters a text layer uses, by their names and abbreviations, each within the budget."""
    from pdfminer import pdftypes

    _guard_pdfminer()
    return {"FlateDecode": _inflate_tolerant, "Fl": _inflate_tolerant, "LZWDecode": _lzw, "LZW": _lzw,
            "RunLengthDecode": _runlength, "RL": _runlength, "ASCIIHexDecode": _hex, "AHx": _hex,
            "ASCII85Decode": pdftypes.ascii85decode, "A85": pdftypes.ascii85decode}


def _inflate_tolerant(data: bytes) -> bytes:
    """Flate within the budget; a stream that ends early gives what it holds (PDFium reads those too)."""
    try:
        return _inflate(data)
    except zlib.error:
        return _inflate_damaged(data)


_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe


def _read_pages(data: bytes) -> tuple[list[list[PdfLine]], int, int]:
    """The lines of every page, the number of pages with an image and no text, the number naming fonts."""
    _guard_pdfminer()
    fonts = _within_budget(_prescan, data)
    _within_budget(_scan_streams, data)  # a budget of its own: the pages' streams are decoded again here
    pages: list[list[PdfLine]] = []
    images = 0
    with _PDFIUM_LOCK:
        doc = pdfium.PdfDocument(data)
        try:
            if len(doc) != len(fonts):
                raise _Damaged("its page tree is malformed")
            for n in range(len(doc)):
                page = doc[n]
                textpage = page.get_textpage()
                items = textpage.count_chars() + pdfium_c.FPDFPage_CountObjects(page.raw)
                if items > limits.MAX_PDF_PAGE_ITEMS:
                    _fail(f"PDF too large to read: a page draws more than {limits.MAX_PDF_PAGE_ITEMS} characters "
                          "and shapes: not read")
                lines = _page_lines(_segments(textpage), page.get_height(), n + 1)
                pages.append(lines)
                images += not lines and _has_image(page)
                textpage.close()
                page.close()
        finally:
            doc.close()
    return pages, images, sum(fonts)


def _within_budget(step, data: bytes):
    """``step(data)`` under a fresh budget; a limit reached is raised as one, whatever pdfminer made of it."""
    budget = _Budget(limits.max_inflated_bytes())
    token = _BUDGET.set(budget)
    try:
        out = step(data)
    except Exception:
        if budget.reason:  # a limit reached, even if pdfminer turned it into another error
            raise _Limit(budget.reason) from None
        raise
    finally:
        _BUDGET.reset(token)
    if budget.reason:
        raise _Limit(budget.reason)
    return out


class _Damaged(Exception):
    """A file PDFium and pdfminer read differently; the message says how, in plain words."""


def _has_image(page) -> bool:
    raw = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for i in range(pdfium_c.FPDFPage_CountObjects(raw)))


def damage(exc: Exception) -> str:
    """What is wrong with a damaged PDF, in plain words, from the error pdfminer raised."""
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSEOF

    if isinstance(exc, _Damaged):
        return str(exc)
    if isinstance(exc, pdfium.PdfiumError):
        return "its structure is malformed"
    if isinstance(exc, PSEOF):
        return "it ends in the middle of an object"
    if isinstance(exc, zlib.error):
        return "a compressed stream is damaged"
    if isinstance(exc, PDFSyntaxError):
        return "its structure is malformed"
    if isinstance(exc, RecursionError):
        return "its objects refer to one another without end"
    return "its objects are not what a PDF holds"


def pdf_to_text(data: bytes) -> Extracted:
    """The text of a PDF file; raises :class:`DecodeError` with a one-line reason when it has none to give."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if b"%%EOF" not in data[-2048:]:
        raise DecodeError("truncated PDF: the file stops before its end; download it again")
    try:
        pages, images, fonts = _read_pages(data)
    except _Limit as exc:
        raise DecodeError(str(exc)) from None
    except PDFPasswordIncorrect:
        raise DecodeError("encrypted PDF: it needs a password to open; save a copy without one") from None
    except PDFEncryptionError as exc:
        raise DecodeError(f"encrypted PDF that cannot be opened ({exc}); save a copy without a password") from None
    except Exception as exc:  # pdfminer raises many kinds of error on a damaged file; none may stop a corpus
        raise DecodeError(f"damaged PDF, cannot be read ({damage(exc)}); download it again") from None
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
