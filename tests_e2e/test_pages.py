"""Every page of the built book, read as text: what the reader sees is rendered and Chinese.

No unrendered Markdown table (a run of | --- | or ||), no NaN / None / <NA>, no English warning or reason of the
parser. Code cells, the English abstract (a collapsed box at the end of each page) and file names are exempt.
"""
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BOOK

PAGES = sorted(p for p in BOOK.glob("**/*.html")  # pages with an article (index.html only redirects)
               if not p.relative_to(BOOK).as_posix().startswith(("_", "genindex", "search"))
               and "<article" in p.read_text(encoding="utf-8")) if BOOK.is_dir() else []
MISSING = re.compile(r"(?<![A-Za-z])(NaN|None|<NA>|nan)(?![A-Za-z])")
MARKDOWN_TABLE = re.compile(r"\|\s*-{3,}\s*\||\|\|")
ENGLISH = re.compile(r"not found|file type|cannot read|no numbered sections|duplicate of|binary file|empty file|"
                     r"whitespace only|undecodable|scanned PDF|truncated PDF|encrypted PDF|not a report|is after the "
                     r"publication date|unreadable characters")


def visible_text(path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article") or soup
    for el in main.select("script, style, pre, code, .cell_input, .admonition.dropdown, .toggle-details"):
        el.decompose()
    return main.get_text(" ", strip=True)


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
@pytest.mark.parametrize("page", [p.relative_to(BOOK).as_posix() for p in PAGES])
def test_page_shows_rendered_chinese_without_missing_values(page):
    text = visible_text(BOOK / page)
    assert text, page
    assert not MARKDOWN_TABLE.search(text), f"{page}: unrendered Markdown table: {MARKDOWN_TABLE.search(text).group()}"
    hit = MISSING.search(text)
    assert not hit, f"{page}: a missing value reaches the reader: …{text[max(0, hit.start() - 40):hit.end() + 20]}…"
    hit = ENGLISH.search(text)
    assert not hit, f"{page}: English parser text: …{text[max(0, hit.start() - 40):hit.end() + 40]}…"


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
def test_one_search_field_per_page_in_the_sidebar_not_a_second_across_the_top():
    """pydata-sphinx-theme 0.17 adds a header bar with a second search field unless navbar_persistent is set
    (govreports.book.sphinx_pages sets it): the pages keep the book theme's layout."""
    for path in PAGES:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not soup.select(".navbar-persistent--container .search-button-field"), path
        assert soup.select(".bd-sidebar-primary .search-button-field"), path  # the sidebar keeps its search


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
@pytest.mark.parametrize("page", [p.relative_to(BOOK).as_posix() for p in PAGES])
def test_no_raw_column_name_heads_a_table(page):
    """Table headers are Chinese: a header such as term, report_id or year_covered is a tidy table that reached
    the reader without its reader's step (the data dictionary lists column names in its rows, not its head)."""
    soup = BeautifulSoup((BOOK / page).read_text(encoding="utf-8"), "html.parser")
    raw = {th.get_text(strip=True) for th in soup.select("article table thead th")
           if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", th.get_text(strip=True))}
    assert not raw, f"{page}: raw column names in table headers: {sorted(raw)}"


PATH_LEAK = re.compile(r"(?<![\w.])/(?:work|home|tmp|root|usr|etc|var|Users|mnt)/|\b[A-Z]:\\\\")
UI_LEAK = re.compile(r"Click to (?:show|hide)|Print to PDF|列印")  # English or traditional-only interface labels
# an interface string (tooltip, accessible name, placeholder) in English: a word of three Latin letters or more
UI_ATTRIBUTE = re.compile(r'\b(?:title|aria-label|placeholder|data-bs-title)="([^"]*)"')
ENGLISH_WORD = re.compile(r"\b(?!(?:PDF|JavaScript|URL)\b)[A-Za-z]{3,}\b")
HISTORY = re.compile(r"修订之前|修订前的|上一版本|旧版本的|此前的版本")  # the book's own development history


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
@pytest.mark.parametrize("page", [p.relative_to(BOOK).as_posix() for p in PAGES])
def test_no_path_english_interface_or_development_history_reaches_the_reader(page):
    """The reader's text has no file system path (code cells and commands aside), the interface no English or
    traditional-only label (in the whole page: tooltips and hints too), the prose no history of the book."""
    html = (BOOK / page).read_text(encoding="utf-8")
    hit = UI_LEAK.search(html)
    assert not hit, f"{page}: interface label {hit.group()!r}"
    english = sorted({v for v in UI_ATTRIBUTE.findall(html) if ENGLISH_WORD.search(v)})
    assert not english, f"{page}: interface strings in English: {english}"
    text = visible_text(BOOK / page)
    for pattern, what in ((PATH_LEAK, "a file system path"), (HISTORY, "development history")):
        hit = pattern.search(text)
        assert not hit, f"{page}: {what}: …{text[max(0, hit.start() - 40):hit.end() + 40]}…"


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
def test_every_page_shows_the_books_version():
    from govreports.book.chapters import citation

    version = citation()["version"]
    missing = [p.relative_to(BOOK).as_posix() for p in PAGES
               if f"本书版本 {version}" not in (BOOK / p).read_text(encoding="utf-8")]
    assert not missing, missing[:5]


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
def test_every_section_anchor_is_made_from_its_heading():
    """Links into the book last: no section is known only by docutils' running number (#id2)."""
    numbered = [(p.relative_to(BOOK).as_posix(), m) for p in PAGES
                for m in re.findall(r'<section id="(id\d+)"', (BOOK / p).read_text(encoding="utf-8"))]
    assert not numbered, numbered[:5]


FIGURE_PAGES = [p for p in PAGES if 'id="fig-' in p.read_text(encoding="utf-8")]


@pytest.mark.skipif(not PAGES, reason="no built book: run make book first")
def test_every_figure_has_alt_text_its_data_its_svg_and_a_source_line():
    from govreports import __version__

    assert len(FIGURE_PAGES) >= 5  # the seeds' book draws figures in most chapters
    figures = 0
    for page in FIGURE_PAGES:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for fig in soup.select("figure[id^=fig-]"):
            figures += 1
            where = f"{page.name}#{fig['id']}"
            alts = [img.get("alt", "") for img in fig.select("img")]
            assert alts and all(len(a) >= 8 and a != fig["id"] for a in alts), where
            links = {Path(a["href"]).suffix: a["href"] for a in fig.select(".figure-source a")}
            assert set(links) == {".csv", ".svg"}, where
            for href in links.values():
                target = (page.parent / href).resolve()
                assert target.is_file() and target.stat().st_size > 0, f"{where}: {href}"
            csv = (page.parent / links[".csv"]).read_bytes()
            assert csv.startswith(b"\xef\xbb\xbf"), where  # Excel reads the Chinese
            line = fig.select_one(".figure-source").get_text()
            assert "来源：" in line and ("份报告" in line or "不依赖语料" in line), where
            assert re.search(r"构建于 \d{4}-\d{2}-\d{2}", line) and f"本书版本 {__version__}" in line, where
    listed = BeautifulSoup((BOOK / "chapters" / "charts.html").read_text(encoding="utf-8"), "html.parser")
    entries = [li for li in listed.select("article li") if "引用：" in li.get_text()]
    assert len(entries) == figures
    assert all(re.search(r"图 \d+", li.get_text()) and __version__ in li.get_text() for li in entries)
