"""PDF and Word files: made here from the seeds (tests/documents.py), read back, parsed as the .txt is.

A file that cannot give its text (a scan, garbled fonts, a password, a truncated download, an old .doc)
is listed with its reason and never stops a folder.
"""
import json
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from documents import BAD, mixed_folder, report_docx, report_pdf

from govreports import load_corpus
from govreports.book import tables
from govreports.parse.report import parse_bytes
from govreports.pipeline import read_folder
from govreports.read.decode import DecodeError
from govreports.read.docx_text import Numbering, chinese_number, docx_to_text, format_number
from govreports.read.pdf_text import PAGE_NUMBER, pdf_to_text
from govreports.read.reader import list_files

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HEADER = "某某县人民政府办公室文件"


def same_parse(doc, txt) -> None:
    """What a reader of the report sees must not depend on the file's format."""
    for field in ("title", "issuer", "level", "province", "prefecture", "year_covered", "is_report"):
        assert getattr(doc, field) == getattr(txt, field), field
    assert [(s.numbering, s.heading, s.role) for s in doc.sections] == \
           [(s.numbering, s.heading, s.role) for s in txt.sections]
    assert [(m.value, m.unit, m.text) for m in doc.metrics] == [(m.value, m.unit, m.text) for m in txt.metrics]
    for m in doc.metrics:  # every span still finds its text
        assert doc.text[m.start:m.end] == m.text


@pytest.fixture(scope="module", params=[p.name for p in SEEDS])
def seed(request):
    path = ROOT / "seeds" / request.param
    return path, parse_bytes(path.read_bytes(), file=path.name)


def test_pdf_of_each_seed_parses_as_its_text(seed):
    path, txt = seed
    data, layout = report_pdf(path.read_text(encoding="utf-8"), running_header=HEADER)
    # the layout holds the cases the reader must handle
    assert layout.pages >= 3 and layout.heading_at_page_top and layout.split_units
    doc = parse_bytes(data, file=path.stem + ".pdf")
    assert doc.format == "pdf" and doc.warnings == txt.warnings
    same_parse(doc, txt)
    # page chrome is on lines of its own, marked, and out of every paragraph
    chrome = [doc.text[ln.content_start:ln.content_end] for ln in doc.lines if ln.kind == "chrome"]
    assert chrome.count(HEADER) == layout.pages
    assert sum(bool(PAGE_NUMBER.match(c)) for c in chrome) == layout.pages
    assert not any(HEADER in p.text or "- 2 -" in p.text for p in doc.paragraphs())
    # a number and its unit split over two lines are one again
    for split in layout.split_units:
        number, unit = split.split(" / ")
        assert number + unit in doc.text
    # every character has its page; the second top-level heading opens a page of its own
    assert doc.page_at(0) == 1 and doc.page_at(len(doc.text) - 1) == layout.pages
    second = doc.sections[1]
    assert doc.page_at(second.heading_start) > doc.page_at(doc.sections[0].heading_start)


def test_docx_of_each_seed_parses_as_its_text(seed):
    path, txt = seed
    data, numbered = report_docx(path.read_text(encoding="utf-8"))
    assert numbered >= 5  # headings whose numbers exist only as Word list numbering
    xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
    assert txt.sections[0].numbering + txt.sections[0].heading not in xml
    doc = parse_bytes(data, file=path.stem + ".docx")
    assert doc.format == "docx" and doc.pages == ()
    same_parse(doc, txt)


def test_metric_pages_in_tables_and_json(tmp_path):
    data, layout = report_pdf(SEEDS[4].read_text(encoding="utf-8"))
    (tmp_path / "report.pdf").write_bytes(data)
    corpus = load_corpus(tmp_path, cache=False)
    metrics = corpus.metrics
    assert metrics["page"].between(1, layout.pages).all() and metrics["page"].nunique() > 1
    shown = tables.indicators.metrics_of(corpus, "report")  # the reader's table gives the page
    assert shown["页码"].tolist() == metrics["page"].tolist()
    out = subprocess.run([sys.executable, "-m", "govreports", "parse", "--json", "--text", str(tmp_path / "report.pdf")],
                         capture_output=True, text=True, check=True)
    parsed = json.loads(out.stdout)[0]
    assert parsed["format"] == "pdf" and all(parsed["text"][m["start"]:m["end"]] == m["text"] for m in parsed["metrics"])
    assert [m["page"] for m in parsed["metrics"]] == metrics["page"].tolist()


# ---- files that give no text: a reason each, never a traceback -----------------------------------------

@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A folder as a researcher collects it: text, a web page, PDF and Word files, and files without text."""
    folder = tmp_path_factory.mktemp("mixed")
    mixed_folder(folder)
    return folder


def test_files_without_text_are_listed_with_their_reasons(mixed, capfd):
    reads = {r.rel: r for r in read_folder(mixed, workers=1, cache=False)}
    assert {rel for rel, r in reads.items() if r.status == "ok"} == {"a.txt", "b.html", "c.pdf", "d.docx"}
    assert {reads[rel].report.format for rel in ("a.txt", "b.html", "c.pdf", "d.docx")} == {"text", "html", "pdf", "docx"}
    for name, (_, cue) in BAD.items():
        assert reads[name].status in ("error", "skipped") and cue in reads[name].reason, (name, reads[name].reason)
        assert "\n" not in reads[name].reason
    assert capfd.readouterr().err == ""  # pdfminer's complaints about the damaged files stay quiet


def test_check_reports_format_and_status_per_file(mixed):
    out = subprocess.run([sys.executable, "-m", "govreports", "check", str(mixed)], capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert rows[0][:3] == ["file", "status", "format"]
    table = {r[0]: (r[1], r[2]) for r in rows[1:]}
    assert table["c.pdf"] == ("ok", "pdf") and table["d.docx"] == ("ok", "docx") and table["b.html"] == ("ok", "html")
    assert table["scan.pdf"] == ("error", "pdf") and table["report.doc"] == ("skipped", "doc")


def test_add_keeps_the_document_and_its_text_beside_it(mixed, tmp_path):
    out = subprocess.run([sys.executable, "-m", "govreports", "add", str(mixed / "c.pdf"), "--to", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes() == (mixed / "c.pdf").read_bytes()
    text = pdfs[0].with_name(pdfs[0].name + ".txt")
    assert text.read_text(encoding="utf-8") == parse_bytes(pdfs[0].read_bytes(), file="c.pdf").text
    # the folder reads as one report: the extracted text is listed, not read twice
    reads = read_folder(tmp_path, workers=1, cache=False)
    assert [r.status for r in reads] == ["ok", "skipped"] and "add" in reads[1].reason
    again = subprocess.run([sys.executable, "-m", "govreports", "add", str(mixed / "c.pdf"), "--to", str(tmp_path)],
                           capture_output=True, text=True)
    assert again.stdout.startswith("duplicate:")


def test_listing_names_what_to_do_with_formats_not_read(tmp_path):
    for name in ("a.doc", "b.wps", "c.ofd", "d.png", "e.xlsx", "f.pdf", "g.docx", "h.txt"):
        (tmp_path / name).write_bytes(b"x")
    problems = {e.rel: e.problem for e in list_files(tmp_path)}
    assert "save it as .docx or PDF" in problems["a.doc"] and "save it as .docx or PDF" in problems["b.wps"]
    assert "export it as PDF" in problems["c.ofd"] and "OCR" in problems["d.png"]
    assert problems["e.xlsx"] and not any(problems[n] for n in ("f.pdf", "g.docx", "h.txt"))


# ---- the pieces ----------------------------------------------------------------------------------------

def test_chinese_numbers_as_word_draws_them():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111)] == \
           ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十", "一百一十一"]
    assert format_number(3, "ideographTraditional") == "丙" and format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV" and format_number(12, "decimalFullWidth") == "１２"


def test_numbering_counts_restarts_and_overrides():
    from lxml import etree

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<w:numbering {w}><w:abstractNum w:abstractNumId="7">'
           '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
           '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
           '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/></w:lvl>'
           '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
           '<w:num w:numId="2"><w:abstractNumId w:val="7"/>'
           '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>')
    n = Numbering.from_xml(etree.fromstring(xml))
    got = [n.prefix("1", 0), n.prefix("1", 1), n.prefix("1", 1), n.prefix("1", 2), n.prefix("1", 0), n.prefix("1", 1),
           n.prefix("2", 0), n.prefix("2", 0), n.prefix("9", 0)]
    assert got == ["一、", "（一）", "（二）", "一.1 ", "二、", "（一）", "五、", "六、", ""]


def test_word_file_without_numbering_part_and_with_a_table(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("某县人民政府关于2023年度法治政府建设情况的报告")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "行政复议案件", "35件"
    buf = BytesIO()
    d.save(buf)
    text = docx_to_text(buf.getvalue()).text
    assert "指标\t数量\n行政复议案件\t35件" in text
    with pytest.raises(DecodeError, match="without text"):
        empty = BytesIO()
        docx.Document().save(empty)
        docx_to_text(empty.getvalue())


def test_page_number_shapes():
    for chrome in ("- 3 -", "— 12 —", "第3页 共9页", "第 3 页", "3/9", "7", "Page 2 of 5"):
        assert PAGE_NUMBER.match(chrome), chrome
    for text in ("2021年", "3.5%", "一、总体情况", "- 3 - 项"):
        assert not PAGE_NUMBER.match(text), text


def test_pdf_errors_are_decode_errors():
    for data in (b"%PDF-1.7\n%%EOF", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"):
        with pytest.raises(DecodeError):
            pdf_to_text(data)
