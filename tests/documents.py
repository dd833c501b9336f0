"""Test documents made here from report texts: a PDF laid out as a printed 公文, a .docx with Word numbering.

PDF (fpdf2, the book's Noto Sans CJK font): A4, a centred title over two lines, body text in 16 pt with a
two-character first-line indent, justified lines, full-width punctuation kept off the start of a line,
``- N -`` page numbers in the footer and, optionally, a running header. Each line is cut where the page
is full, except that a number is never cut and, wherever a line would end a few characters after a number
followed by its unit, it ends right after the number (so 2021 / 年 are split over two lines, the case the
reader must join). The second top-level heading starts a new page.

DOCX (written by hand with zipfile, so that the numbering is exactly Word's): headings numbered 一、 (一)
1. (1) by Word list numbering from ``numbering.xml``, their numbers removed from the text.
"""
from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from govreports.book.plotting import font_path
from govreports.parse.report import parse_text
from govreports.parse.structure import match_heading

NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:)]、…")
NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
CJK = re.compile(r"[\u4e00-\u9fff]")

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, TEXT_W, TEXT_H = 28.0, 37.0, 156.0, 225.0
BODY_PT, TITLE_PT = 16.0, 22.0
PT = 25.4 / 72  # mm per point


@cache
def truetype_font(chars: str = "") -> str:
    """The book's font (Noto Sans CJK SC, CFF outlines) as a TrueType subset for ``chars`` and ASCII, in a
    temporary file. fpdf2 embeds a CID-keyed CFF font with an embedded encoding CMap that pdfminer cannot
    decode; Word and WPS embed TrueType fonts with Identity-H, which is what the reader meets, so the tests
    do the same."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(font_path()))
    options = subset.Options()
    options.layout_features, options.notdef_outline = [], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(chars))) + "".join(map(chr, range(32, 127))) + "－—　")
    subsetter.subset(font)
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    quadratic = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        quadratic[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, quadratic
    del font["CFF "]
    for table in ("VORG", "vhea", "vmtx"):
        if table in font:
            del font[table]
    glyf.compile(font)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.numGlyphs = 0x00010000, len(order)
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxPoints", "maxContours",
                 "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"
    path = Path(tempfile.mkdtemp(prefix="govreports-font-")) / "NotoSansCJKsc-subset.ttf"
    font.save(str(path))
    return str(path)


@dataclass
class Layout:
    """What the PDF holds, so that a test can check the cases it is meant to hold are there."""

    pages: int = 0
    split_units: list[str] = field(default_factory=list)  # "2021 / 年": a number and its unit split over lines
    heading_at_page_top: list[str] = field(default_factory=list)


def _breaks(text: str, width, limit: float) -> list[tuple[int, int, bool]]:
    """(start, end, full) of the lines of one paragraph; ``full`` lines are justified."""
    out, start = [], 0
    while start < len(text):
        used, end = 0.0, start
        while end < len(text) and used + width(text[end]) <= limit:
            used += width(text[end])
            end += 1
        if end >= len(text):
            out.append((start, len(text), False))
            break
        cut = end
        while cut > start + 1 and text[cut] in NO_LINE_START:
            cut -= 1  # punctuation goes with the character before it
        m = next((m for m in NUMBER.finditer(text, max(start, cut - 12)) if m.start() < cut < m.end()), None)
        if m and m.start() > start:
            cut = m.start()  # a number is not cut
        near = [m for m in NUMBER.finditer(text, max(start, cut - 4), cut)
                if m.end() < cut and cut - m.end() <= 3 and CJK.match(text[m.end()]) and m.start() > start]
        if near:
            cut = near[-1].end()  # the number ends the line, its unit opens the next
        out.append((start, cut, True))
        start = cut
    return out


def report_pdf(text: str, running_header: str | None = None) -> tuple[bytes, Layout]:
    """A printed-looking PDF of a report text (see the module's docstring) and what its layout holds. The
    layout follows the parser's reading of the text; the characters drawn are the text's own (radicals too)."""
    from fpdf import FPDF

    report = parse_text(text)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("noto", "", truetype_font(text + (running_header or "")))
    layout = Layout()
    y = TOP

    def new_page():
        nonlocal y
        if pdf.page:
            footer()
        pdf.add_page()
        y = TOP
        if running_header:
            pdf.set_font("noto", size=10)
            pdf.text(LEFT, TOP - 14, running_header)

    def footer():
        pdf.set_font("noto", size=14)
        label = f"- {pdf.page} -"
        pdf.text(PAGE_W / 2 - pdf.get_string_width(label) / 2, TOP + TEXT_H + 14, label)

    printed = report.original_text or report.text  # what the file says, at the offsets of report.text

    def draw(line: str, x: float, size: float, justify_to: float | None = None, start: int | None = None):
        """One line, character by character; a justified line is stretched between Chinese characters only,
        as Word does (a number or a Latin word keeps its own spacing). ``start``: the line's offset in the
        text, whose printed characters are drawn."""
        pdf.set_font("noto", size=size)
        shown = line if start is None else printed[start:start + len(line)]
        widths = [pdf.get_string_width(c) for c in shown]
        gaps = [k for k in range(len(line) - 1) if CJK.match(line[k]) or CJK.match(line[k + 1])]
        extra = (justify_to - sum(widths)) / len(gaps) if justify_to and gaps else 0.0
        stretched = set(gaps)
        for k, (ch, w) in enumerate(zip(shown, widths)):
            pdf.text(x, y, ch)
            x += w + (extra if k in stretched else 0.0)

    new_page()
    lines = [ln for ln in report.lines if ln.kind != "blank"]
    one_title = sum(ln.kind == "title" for ln in lines) == 1
    tops = 0
    step = BODY_PT * PT * 1.8
    for ln in lines:
        content = report.text[ln.content_start:ln.content_end]
        if ln.kind == "title":
            cuts = [0, len(content)]
            if one_title and len(content) > 12:  # the usual two-line title of a 公文
                mid = len(content) // 2
                while mid < len(content) - 1 and (content[mid].isdigit() or content[mid - 1].isdigit()):
                    mid += 1
                cuts = [0, mid, len(content)]
            for a, b in zip(cuts, cuts[1:]):
                t = content[a:b]
                pdf.set_font("noto", size=TITLE_PT)
                y += TITLE_PT * PT * 1.5
                width = pdf.get_string_width(printed[ln.content_start + a:ln.content_start + b])
                draw(t, PAGE_W / 2 - width / 2, TITLE_PT, start=ln.content_start + a)
            y += BODY_PT * PT * 0.5
            continue
        is_top = ln.kind == "heading" and (h := match_heading(content)) and h[0] in ("cn", "part")
        if is_top:
            tops += 1
            if tops == 2:
                new_page()
                layout.heading_at_page_top.append(content[:12])
        if ln.kind == "closing":
            if y + step > TOP + TEXT_H:
                new_page()
            y += step
            pdf.set_font("noto", size=BODY_PT)
            width = pdf.get_string_width(printed[ln.content_start:ln.content_end])
            draw(content, LEFT + TEXT_W - width, BODY_PT, start=ln.content_start)
            continue
        indent = 2 * BODY_PT * PT
        pdf.set_font("noto", size=BODY_PT)
        width = pdf.get_string_width
        # the first line is indented: wrap it alone at the shorter width, then the rest at full width
        shown = printed[ln.content_start:ln.content_end]  # measured as drawn
        first = _breaks(shown, width, TEXT_W - indent)[0]
        rest = [(a + first[1], b + first[1], full) for a, b, full in _breaks(shown[first[1]:], width, TEXT_W)]
        for k, (a, b, full) in enumerate([first, *rest]):
            if y + step > TOP + TEXT_H:
                new_page()
            y += step
            x = LEFT + (indent if k == 0 else 0)
            draw(content[a:b], x, BODY_PT, (LEFT + TEXT_W - x) if full else None, ln.content_start + a)
            if full and b < len(content) and content[a:b][-1:].isdigit() and CJK.match(content[b]):
                layout.split_units.append(f"{NUMBER.findall(content[a:b])[-1]} / {content[b]}")
    footer()
    layout.pages = pdf.page
    return bytes(pdf.output()), layout


# ---- DOCX -------------------------------------------------------------------------------------------------

_STYLES = {"cn": (0, "chineseCounting", "%1、"), "cn_paren": (1, "chineseCounting", "（%2）"),
           "digit": (2, "decimal", "%3."), "digit_paren": (3, "decimal", "（%4）")}
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.document.main+xml"/>'
       '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.numbering+xml"/>'
       '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.styles+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'numbering" Target="numbering.xml"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'styles" Target="styles.xml"/></Relationships>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Level 0 is bound to the style "Heading1", so those headings are numbered through their style.
_STYLES_XML = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}>'
               '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
               '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
               '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
               '</w:styles>')


def _numbering_xml() -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:suff w:val="nothing"/></w:lvl>' for ilvl, fmt, text in _STYLES.values())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {_W}>'
            f'<w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def _counts(report) -> dict[int, str]:
    """Line start → the numbering Word would draw for it, for the headings whose printed number is exactly
    what Word's counters give (the others keep their number as text)."""
    from govreports.read.docx_text import format_number

    out, counters = {}, {}
    for top in report.sections:
        for sec in top.walk():
            hit = match_heading(sec.numbering + sec.heading) if sec.numbering else None
            if not hit or hit[0] not in _STYLES:
                continue
            ilvl, fmt, text = _STYLES[hit[0]]
            value = counters.get(ilvl, 0) + 1
            drawn = text.replace(f"%{ilvl + 1}", format_number(value, fmt))
            if drawn.replace("（", "(").replace("）", ")") == sec.numbering.replace("（", "(").replace("）", ")"):
                counters[ilvl] = value
                for deeper in [k for k in counters if k > ilvl]:
                    del counters[deeper]
                out[sec.heading_start] = hit[0]
    return out


def report_docx(text: str) -> tuple[bytes, int]:
    """A .docx of a report text with its headings numbered by Word, and how many headings are."""
    report = parse_text(text)
    numbered = _counts(report)
    heads = {top.heading_start for top in report.sections}
    paras = []
    for ln in report.lines:
        if ln.kind == "blank":
            continue
        content = report.text[ln.content_start:ln.content_end]
        ppr = ""
        start = next((s for s in numbered if ln.content_start <= s < ln.content_end), None)
        if start is not None and (hit := match_heading(report.text[start:ln.content_end])):
            content = report.text[ln.content_start:start] + report.text[start:ln.content_end][len(hit[1]):].lstrip()
            ilvl = _STYLES[hit[0]][0]
            ppr = ('<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if ilvl == 0 and start in heads else
                   f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>')
        # two runs, as Word splits text: the reader must join them
        half = len(content) // 2
        runs = "".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
                       for part in (content[:half], content[half:]) if part)
        paras.append(f"<w:p>{ppr}{runs}</w:p>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'
                + "".join(paras) + "</w:body></w:document>")
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/numbering.xml", _numbering_xml())
        z.writestr("word/styles.xml", _STYLES_XML)
    return buf.getvalue(), len(numbered)


# ---- files that give no text ---------------------------------------------------------------------------

def _scanned() -> bytes:
    from PIL import Image

    buf = BytesIO()
    Image.new("L", (300, 400), 255).save(buf, "PDF")
    return buf.getvalue()


def _garbled() -> bytes:
    """A PDF whose font has lost its Unicode map and its font program: pdfminer can only say (cid:N)."""
    data, _ = report_pdf(SEEDS[1].read_text(encoding="utf-8"))
    return data.replace(b"/ToUnicode", b"/ToUnicodX").replace(b"/FontFile2", b"/FontFilX2")


def _encrypted() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_font("noto", "", truetype_font("法治政府建设"))
    pdf.set_font("noto", size=16)
    pdf.add_page()
    pdf.text(20, 30, "法治政府建设")
    return bytes(pdf.output())


BAD = {
    "scan.pdf": (_scanned, "扫描件"),
    "garbled.pdf": (_garbled, "unreadable"),
    "locked.pdf": (_encrypted, "password"),
    "truncated.pdf": (lambda: report_pdf(SEEDS[0].read_text(encoding="utf-8"))[0][:20000], "truncated"),
    "report.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".docx"),
    "misnamed.txt": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".docx"),
    "report.ofd": (lambda: b"PK", "PDF"),
    "photo.jpg": (lambda: b"\xff\xd8\xff\xe0" + bytes(100), "OCR"),
    "broken.docx": (lambda: b"PK\x03\x04" + bytes(50), "damaged"),
}


def mixed_folder(folder: Path) -> None:
    """A folder as researchers collect it: a text, a saved web page, a PDF and a Word file made from four
    seeds, and every kind of file without text of :data:`BAD`."""
    (folder / "a.txt").write_bytes(SEEDS[0].read_bytes())
    body = "".join(f"<p>{line}</p>" for line in SEEDS[1].read_text(encoding="utf-8").splitlines())
    (folder / "b.html").write_text(f"<html><head><title>t</title></head><body>{body}</body></html>", encoding="utf-8")
    (folder / "c.pdf").write_bytes(report_pdf(SEEDS[2].read_text(encoding="utf-8"))[0])
    (folder / "d.docx").write_bytes(report_docx(SEEDS[3].read_text(encoding="utf-8"))[0])
    for name, (make, _) in BAD.items():
        (folder / name).write_bytes(make())
