"""Seeds 000 and 004 as the programs users' files come from make them (tests/producers.py: Chromium's print to
PDF with its header and footer, LibreOffice's .docx and PDF, Ghostscript's redistilled PDF), each read back
and parsed as the .txt is: metadata, top-level sections with their roles, every metric."""
from pathlib import Path

import producers
import pytest
from test_documents import same_parse

from govreports.parse.report import parse_bytes
from govreports.read.docx_text import docx_to_text
from govreports.read.normalise import IDEOGRAPHS_READ, ideograph_note, unify
from govreports.read.pdf_text import pdf_to_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {path.name[:3]: path for path in sorted((ROOT / "seeds").glob("*.txt"))}
CHOSEN = ("000", "004")


@pytest.fixture(scope="module", params=CHOSEN)
def made(request, tmp_path_factory):
    """(the seed's path, its parse, its files by kind)."""
    producers.require(pytest)
    path = SEEDS[request.param]
    files = producers.make_all(path.read_text(encoding="utf-8"), tmp_path_factory.mktemp(f"seed{request.param}"))
    return path, parse_bytes(path.read_bytes(), file=path.name), files


@pytest.mark.parametrize("kind", producers.KINDS)
def test_a_file_made_by_a_real_program_parses_as_the_text(made, kind):
    path, txt, files = made
    data = files[kind].read_bytes()
    doc = parse_bytes(data, file=f"{path.stem}.{kind}")
    assert doc.format == kind.rsplit(".", 1)[1]
    same_parse(doc, txt)
    # no radical or compatibility ideograph is left, and the warning counts those read as ideographs
    assert unify(doc.text)[1] == 0
    extracted = (pdf_to_text if kind.endswith(".pdf") else docx_to_text)(data).text
    mapped = unify(extracted)[1]
    assert [w for w in doc.warnings if IDEOGRAPHS_READ in w] == ([ideograph_note(mapped)] if mapped else [])


def test_the_browsers_header_and_footer_are_page_chrome(made):
    """Chromium prints the date and the page's title at the top of every page and the address and "1/3" at the
    bottom: lines of their own, marked as chrome, in no paragraph."""
    path, _, files = made
    doc = parse_bytes(files["chromium.pdf"].read_bytes(), file=f"{path.stem}.pdf")
    pages = max(page for _, page in doc.pages)
    chrome = [doc.text[ln.content_start:ln.content_end] for ln in doc.lines if ln.kind == "chrome"]
    assert sum("file:" in line for line in chrome) == pages
    assert sum(line.endswith(f"/{pages}") for line in chrome) >= pages
    assert not any("file:" in p.text or f"1/{pages}" in p.text for p in doc.paragraphs())
