"""The book built on seeds + a generated hostile corpus shows every payload as text and runs none of them.

The corpus (tests_e2e/hostile_corpus.py) puts HTML and script, attribute breakouts, MyST roles and directives,
Jinja, ``javascript:`` links, Markdown tables, maths, bidi controls and spreadsheet formulas into every field of
its reports and into their file names; each executable payload sets ``window.__p = N``, calls ``alert(N)`` or sets
``document.title = 'PWNED'``, and every element a payload would create carries ``data-pwn=N``, so a failure names
the file, the field and the payload (N is unique in the corpus).

- Without a build: the corpus is the same for a seed, it parses as reports with a payload in every field, a
  saved web page is read as the text it shows, and the escaping of the profile pages keeps any payload of the
  grammars as text (Hypothesis).
- Over the built HTML files ($HOSTILE_BOOK, default _build/e2e/_build/html; the corpus in $HOSTILE_CORPUS,
  default _build/e2e-corpus): no element, attribute or script a payload would make, no Jinja evaluated, the
  print-only header of every page holds its title as text, no bidi control of a report left to reorder the
  page, and no CSV cell that a spreadsheet would run as a formula.
- In Chromium, on every page of the book (and on the search page with hits in hostile reports): no dialog, no
  marker set, no console error (level SEVERE, nothing filtered), no element a payload would create; in print
  media the print-only header shows the page's title as text; and each hostile report's profile page shows its
  title, issuer, file name, headings, figures' sentences, problems and plans as the text the parser read. A
  first test checks the checks: on a page that lets payloads run, each of them fires.
"""
from __future__ import annotations

import re
import time
from urllib.parse import quote

import conftest
import hostile_corpus as hc
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings

BOOK = conftest.HOSTILE_BOOK
CORPUS = conftest.HOSTILE_CORPUS
FILES = hc.generate()  # the corpus the book was built on ($HOSTILE_REPORTS, $HOSTILE_SEED as when it was written)
REPORTS = [r for r in FILES if r.kind == "report"]
MARKERS = hc.markers(FILES)
PAGES = sorted(p.relative_to(BOOK).as_posix() for p in BOOK.glob("**/*.html")
               if not p.relative_to(BOOK).as_posix().startswith("_")) if BOOK.is_dir() else []
SEARCHES = [f"search.html?q={quote(q)}" for q in ("法治政府", "县人民政府", "onerror", "script", "司法局")]
# Pages Sphinx writes without a source: no pagetitle, so an empty print header (text all the same).
UNTITLED = ("genindex.html", "search.html")
SETTLE = 1.0  # seconds after the load event for what runs later: an image's onerror, autofocus, MathJax

# What a payload does when it runs, written in a page's markup.
RUNS = re.compile(r"(?:window\.|parent\.)?__p\s*=|alert\s*\(|PWNED")
MARKER = re.compile(r"(?:__p\s*=\s*|alert\s*\(\s*|data-pwn\s*=\s*['\"]?)(\d+)")
UNSAFE_URL = re.compile(r"^(?:javascript|vbscript|data):|evil\.example", re.I)
JINJA_RAN = ("PWJINJA", "JXJX")  # what {{ 'PW' ~ 'JINJA' }} and {% for i in 'ab' %}JX{% endfor %} would print
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def describe(numbers) -> str:
    """The payloads behind marker numbers: file, field, kind and text."""
    out = []
    for n in sorted({int(x) for x in numbers}):
        q = MARKERS.get(n)
        out.append(f"#{n} {q.kind} in the {q.field} of {q.file!r}: {q.text!r}" if q
                   else f"#{n} (not a payload of this corpus)")
    return "; ".join(out)


def squash(text: str) -> str:
    return " ".join(str(text).split())


def as_shown(text: str) -> str:
    """A report's text as a page shows it: bidi controls removed (govreports.book.sphinx_pages), spaces squashed."""
    return squash(BIDI.sub("", str(text)))


# ------------------------------------------------------------------------------------------------------------------
# The corpus (no build needed).

def test_the_corpus_is_the_same_for_a_seed_and_differs_between_seeds(tmp_path):
    a, b = hc.write_corpus(tmp_path / "a"), hc.write_corpus(tmp_path / "b")
    assert [(r.name, r.text) for r in a] == [(r.name, r.text) for r in b]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(r.name for r in a)
    assert [r.text for r in hc.generate(seed=hc.SEED + 1)] != [r.text for r in a]
    assert len(MARKERS) == sum(len(r.payloads) for r in FILES)  # one number per payload


def test_every_kind_of_payload_is_in_every_field_and_in_file_names():
    fields = {}
    for r in REPORTS:
        for q in r.payloads:
            fields.setdefault(q.field, set()).add(q.kind)
    for name in hc.FIELDS:
        assert fields[name] == set(hc.KINDS), f"{name}: no {set(hc.KINDS) - fields[name]}"
    assert len({r.name for r in FILES}) == len(FILES) and all("/" not in r.name for r in FILES)
    for start in ("=HYPERLINK(", "{{7*7}}", "<b ", "\u202e", "[x](javascript:", "<img src=x onerror=", "-2+3"):
        assert any(r.name.startswith(start) for r in FILES), start
    assert sum(r.name.endswith(".html") for r in REPORTS) == 2


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated reports as the package reads them (written to a folder of their own)."""
    from govreports.corpus import load_corpus

    folder = tmp_path_factory.mktemp("hostile-corpus")
    hc.write_corpus(folder)
    return load_corpus(folder, workers=1, cache=False)


def _parsed(corpus, report: hc.HostileReport):
    rid = report.name.rsplit(".", 1)[0]
    assert rid in corpus.ids, f"{report.name!r} is not read as a report"
    return corpus.table.set_index("report_id").loc[rid], corpus.reports[corpus.ids.index(rid)]


def test_the_corpus_parses_as_reports_with_the_payloads_in_their_fields(generated):
    """Every report file is read as a report (the other two are set aside and skipped), and the parser hands
    the payloads on: in the title, the signature's issuer (plain-text reports that sign), the three headings,
    the sentences of the figures, the problems and plans. A corpus whose payloads the parser dropped would test
    nothing."""
    from govreports.analysis import problems as problems_mod

    assert list(generated.skipped["file"]) == [r.name for r in FILES if r.kind == "unreadable"], generated.skipped
    assert list(generated.set_aside["file"]) == [r.name for r in FILES if r.kind == "not_report"], generated.set_aside
    assert len(generated.ids) == len(REPORTS)
    nospace = lambda s: re.sub(r"\s", "", str(s))  # noqa: E731 - a title is read without its layout spaces
    items = problems_mod.items_table(generated)
    for r in REPORTS:
        row, report = _parsed(generated, r)
        assert nospace(row["title"]) == nospace(r.fields["title"]), r.name
        if r.fields["issuer"] and r.name.endswith(".txt"):  # the signature, or its end (a leading [..] is cut)
            organ = re.search(r"(县人民政府|[\u4e00-\u9fff]+县(人民政府|司法局))$", r.fields["issuer"]).group()
            assert r.fields["issuer"].endswith(row["issuer"]) and len(row["issuer"]) > len(organ), \
                (r.name, row["issuer"])
        heads = [s.numbering + s.heading for s in report.sections]
        assert len(heads) == 3, (r.name, heads)
        # a heading, a sentence, a problem or plan ends at prose punctuation: the payload up to there
        core = {q.field: re.split(r"[。，,；;！？!?]", q.core)[0] for q in r.payloads}
        for k, head in zip(("heading1", "heading2", "heading3"), heads):
            assert core[k] in head, (r.name, k, head)
        sentences = " ".join(m.sentence for m in report.metrics)
        for k in ("figure_before", "figure_after"):
            assert core[k] in sentences, (r.name, k, core[k])
        listed = " ".join(items.loc[items["report_id"] == row.name, "text"])
        for k in ("problem", "plan"):
            assert core[k] in listed, (r.name, k, core[k], listed)


def test_a_saved_web_page_is_read_as_the_text_it_shows(generated):
    """A page whose visible text is "&lt;script&gt;…&amp;amp;" (its source escapes it once more) is read as that
    text, not decoded twice into "<script>…&amp;"."""
    for r in FILES:
        if r.name.endswith(".html") and r.kind == "report":
            _, report = _parsed(generated, r)
            q = next(q for q in r.payloads if q.field == "entities")
            assert q.text in report.text, (r.name, q.text)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(hc.payloads() | hc.payloads("file"))
def test_md_escape_keeps_any_payload_as_text(payload):
    """What a profile page writes as Markdown (its title, a link's text, a list item) is, once MyST has read it,
    the payload's text and nothing else: no HTML, role, directive, link, image, maths or substitution."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    from govreports.book.profiles import md_escape

    md = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "dollarmath", "deflist"}), RendererHTML)
    text = md_escape(payload)
    for source in (f"# 报告档案：{text}", f"- {text}", f"[{text}](report.md)"):
        tokens = md.parse(source)
        kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
        allowed = {"heading_open", "heading_close", "bullet_list_open", "bullet_list_close", "list_item_open",
                   "list_item_close", "paragraph_open", "paragraph_close", "inline", "text", "link_open",
                   "link_close"}
        assert kinds <= allowed, (source, kinds - allowed)
        shown = "".join(c.content for t in tokens for c in (t.children or []) if c.type == "text")
        assert squash(shown) == squash(("报告档案：" if source.startswith("#") else "") + payload), source


# ------------------------------------------------------------------------------------------------------------------
# The built book, read as HTML files.

def _book():
    if not (BOOK / "index.html").is_file():
        pytest.skip(f"the book on the hostile corpus is not built in {BOOK}: run `make e2e`")


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((BOOK / page).read_text(encoding="utf-8"), "html.parser")


def _title_text(h1) -> str:
    h1 = BeautifulSoup(str(h1), "html.parser")
    for a in h1.select(".headerlink"):
        a.decompose()
    return squash(h1.get_text())


@pytest.mark.parametrize("page", PAGES)
def test_no_page_holds_markup_a_payload_made(page):
    _book()
    soup = _soup(page)
    problems = []
    for el in soup.find_all(True):
        for name, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name == "data-pwn":
                problems.append(f"<{el.name} data-pwn={value}>")
            elif name.startswith("on") and RUNS.search(value):
                problems.append(f"<{el.name} {name}={value!r}>")
            elif name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc") and (
                    UNSAFE_URL.search(re.sub(r"[\x00-\x20]", "", value)) or name == "srcdoc"):
                problems.append(f"<{el.name} {name}={value!r}>")
        if el.name == "img" and el.get("src") == "x":
            problems.append("<img src=x>")
    for script in soup.find_all("script"):
        code = script.string or ""
        if RUNS.match(code.strip()) or "document.title='PWNED'" in code.replace(" ", ""):
            problems.append(f"<script>{code.strip()[:60]}</script>")
    text = soup.get_text()
    problems += [f"Jinja evaluated: {word}" for word in JINJA_RAN if word in text]
    numbers = [m.group(1) for p in problems for m in MARKER.finditer(p)]
    assert not problems, f"{page}: {problems[:8]} ({describe(numbers)})"


@pytest.mark.parametrize("page", PAGES)
def test_the_print_header_holds_the_page_title_as_text(page):
    """sphinx-book-theme repeats the page's title in a header shown only in print (#jb-print-docs-body h1),
    from ``pagetitle``, which its template writes unescaped: the header must hold text only, the title's."""
    _book()
    soup = _soup(page)
    header = soup.select_one("#jb-print-docs-body > h1")
    if header is None:
        pytest.skip(f"{page} has no print header")
    assert header.find(True) is None, f"{page}: markup inside the print header: {header}"
    article_h1 = soup.select_one("article h1")
    if article_h1 is not None and page not in UNTITLED:
        assert squash(header.get_text()) == _title_text(article_h1), page


def _isolated(el) -> bool:
    """Inside an element that keeps its text's direction to itself (<bdi>, a dir attribute, unicode-bidi)."""
    for node in [el, *el.parents]:
        if getattr(node, "name", None) == "bdi" or (hasattr(node, "get") and (
                node.get("dir") or "unicode-bidi" in str(node.get("style") or ""))):
            return True
    return False


@pytest.mark.parametrize("page", PAGES)
def test_bidi_controls_of_a_report_do_not_reorder_the_page(page):
    """A bidi control from a report (U+202A-202E, U+2066-2069) reorders the text after it up to the end of its
    paragraph: an unclosed U+202E in an issuer turns the rest of the cell, a heading or the page's <title> (the
    browser tab, where no markup can isolate it) backwards. It must be removed, or its field isolated (<bdi>,
    dir, unicode-bidi: isolate)."""
    _book()
    soup = _soup(page)
    found = []
    for node in soup.find_all(string=BIDI):
        el = node.parent
        if el is None or el.name in ("script", "style"):
            continue
        if el.name == "title" or not _isolated(el):
            found.append(f"<{el.name}> {squash(node)[:50]!r}")
    assert not found, f"{page}: {len(found)} texts with bidi controls not isolated: {found[:5]}"


def test_a_file_outside_the_corpus_is_named_as_skipped_and_its_content_is_nowhere_in_the_book():
    """`make e2e` puts a symbolic link to /etc/passwd into the corpus: listed with its reason, never read."""
    import os

    _book()
    inside = os.path.realpath(CORPUS)
    links = [p for p in CORPUS.iterdir() if p.is_symlink()
             and os.path.commonpath([os.path.realpath(p), inside]) != inside]
    if not links:
        pytest.skip(f"no link to a file outside {CORPUS}: run `make e2e`")
    secrets = {ln.strip() for p in links for ln in open(os.path.realpath(p), encoding="utf-8", errors="replace")
               if len(ln.strip()) >= 8}
    assert secrets
    leaked = [(f.relative_to(BOOK).as_posix(), line) for f in BOOK.rglob("*") if f.is_file()
              for text in [f.read_text(encoding="utf-8", errors="ignore")] for line in secrets if line in text]
    assert not leaked, leaked[:3]
    corpus_page = (BOOK / "chapters" / "corpus.html").read_text(encoding="utf-8")
    for p in links:
        assert p.name in corpus_page and "语料文件夹之外" in corpus_page


def test_the_notebooks_offered_for_download_are_those_executed_for_this_corpus():
    """Each chapter's download button offers _sources/chapters/*.ipynb: the outputs of this corpus (its file
    names), not the seeds' outputs committed with the chapters."""
    _book()
    offered = BOOK / "_sources" / "chapters" / "corpus.ipynb"
    committed = conftest.ROOT / "chapters" / "corpus.ipynb"
    assert offered.read_text(encoding="utf-8") != committed.read_text(encoding="utf-8")
    names = [r.name for r in FILES]
    assert any(n.replace('"', '\\"') in offered.read_text(encoding="utf-8") for n in names)


def test_downloaded_tables_neutralise_spreadsheet_formulas():
    """Every CSV the book offers: a cell from a report that starts like a formula (=, +, -, @, tab, CR) is
    prefixed with a quote, so a spreadsheet shows it as text (file names =HYPERLINK(…), -2+3, @SUM(1,1))."""
    import csv
    import io

    _book()
    files = sorted(BOOK.glob("_downloads/*/*.csv"))
    assert files, "the book offers no CSV"
    bad = []
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")):
            bad += [(path.name, cell[:50]) for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
                    and not re.fullmatch(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?", cell)]
    assert not bad, bad[:10]


# ------------------------------------------------------------------------------------------------------------------
# In Chromium.

def _drain(driver, seen: list[str]) -> None:
    """Read and close every open dialog."""
    from selenium.common.exceptions import NoAlertPresentException

    for _ in range(50):
        try:
            alert = driver.switch_to.alert
            seen.append(alert.text)
            alert.accept()
        except NoAlertPresentException:
            return


def _js(driver, script: str, seen: list[str]):
    """Run a script, reading the dialogs that stand in its way."""
    from selenium.common.exceptions import UnexpectedAlertPresentException

    for _ in range(50):
        try:
            return driver.execute_script(script)
        except UnexpectedAlertPresentException:
            _drain(driver, seen)
    raise AssertionError("dialogs keep opening")


def visit(driver, url: str) -> list[str]:
    """Load a page and let it settle; the texts of the dialogs it opened."""
    from selenium.common.exceptions import UnexpectedAlertPresentException

    seen: list[str] = []
    _drain(driver, seen)
    driver.get_log("browser")  # drop what earlier pages logged
    try:
        driver.get(url)
    except UnexpectedAlertPresentException:
        _drain(driver, seen)
    deadline = time.monotonic() + 30
    while _js(driver, "return document.readyState", seen) != "complete" and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(SETTLE)
    _js(driver, "return 1", seen)
    _drain(driver, seen)
    return seen


FOUND_IN_DOM = r"""
const out = [];
const bad = /^(?:javascript|vbscript|data):|evil\.example/i;
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    const v = a.value;
    if (a.name === 'data-pwn') out.push(`<${el.localName} data-pwn=${v}>`);
    else if (a.name.startsWith('on') && /__p\s*=|alert\s*\(|PWNED/.test(v))
      out.push(`<${el.localName} ${a.name}="${v}">`);
    else if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
             && bad.test(v.replace(/[\x00-\x20]/g, '')))
      out.push(`<${el.localName} ${a.name}="${v}">`);
    else if (a.name === 'srcdoc') out.push(`<${el.localName} srcdoc="${v}">`);
  }
  if (el.localName === 'img' && el.getAttribute('src') === 'x') out.push('<img src=x>');
}
return out;
"""


def _problems(driver, seen: list[str]) -> tuple[list[str], list[str]]:
    """What ran or was made on the page: (problems, marker numbers)."""
    problems, numbers = [], []
    if seen:
        problems.append(f"dialogs: {seen}")
        numbers += [m for s in seen for m in re.findall(r"\d+", s)]
    marker = _js(driver, "return window.__p === undefined ? null : String(window.__p)", seen)
    if marker is not None:
        problems.append(f"window.__p = {marker}")
        numbers.append(marker)
    title = _js(driver, "return document.title", seen)
    if "PWNED" in title:
        problems.append(f"document.title = {title!r}")
    made = _js(driver, FOUND_IN_DOM, seen)
    if made:
        problems.append(f"elements made by payloads: {made[:6]}")
        numbers += [m.group(1) for e in made for m in MARKER.finditer(e)]
    text = _js(driver, "return document.body ? document.body.innerText : ''", seen)
    problems += [f"Jinja evaluated: {word}" for word in JINJA_RAN if word in text]
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if errors:
        problems.append(f"console errors: {errors[:6]}")
    return problems, numbers


PRINT_HEADER = r"""
const h = document.querySelector('#jb-print-docs-body > h1');
if (!h) return null;
const a = document.querySelector('article h1');
let title = null;
if (a) {
  const c = a.cloneNode(true);
  c.querySelectorAll('.headerlink').forEach(x => x.remove());
  title = c.textContent;
}
return [h.innerText, h.children.length, getComputedStyle(h.parentElement).display, title];
"""


@pytest.mark.parametrize("page", [*PAGES, *SEARCHES])
def test_no_payload_runs_on_any_page_and_the_print_header_is_text(hostile_browser, hostile_site, page):
    driver = hostile_browser
    seen = visit(driver, f"{hostile_site}/{page}")
    if page.startswith("search.html"):  # the hits are written by script after the index loads
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _js(
                driver, "const r = document.getElementById('search-results');"
                        "return r && (r.querySelector('ul.search li') || /没有|未找到|找到/.test(r.innerText));", seen):
            time.sleep(0.2)
        time.sleep(SETTLE)
    problems, numbers = _problems(driver, seen)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        header = _js(driver, PRINT_HEADER, seen)
        if header is not None:
            shown, children, display, title = header
            if children:
                problems.append(f"markup in the print header: {children} elements")
            if display == "none":
                problems.append("the print header is not shown in print")
            elif title is not None and squash(shown) != squash(title) and not page.startswith(UNTITLED):
                problems.append(f"print header {shown!r} is not the page title {title!r}")
        more, more_numbers = _problems(driver, seen)  # what print media ran or made
        problems += [p for p in more if p not in problems]
        numbers += more_numbers
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not problems, f"{page}: {problems} ({describe(numbers)})"


def test_the_checks_see_a_payload_that_runs(hostile_browser, tmp_path):
    """The harness itself: on a page that lets payloads run, every check fires and names the markers."""
    n_alert, n_mark, n_img = sorted(MARKERS)[:3]
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head><body><article><h1>t</h1>"
        f"<img src=x onerror=alert({n_alert}) data-pwn={n_img}><script>window.__p={n_mark}</script>"
        "<p>{{ 'PW' ~ 'JINJA' }} PWJINJA</p><a href=' javascript:alert(1)'>x</a></article></body></html>",
        encoding="utf-8")
    server = conftest._serve(tmp_path)
    try:
        seen = visit(hostile_browser, f"http://127.0.0.1:{server.server_address[1]}/index.html")
        problems, numbers = _problems(hostile_browser, seen)
    finally:
        server.shutdown()
    text = " ".join(problems)
    assert seen == [str(n_alert)], seen
    for expected in (f"window.__p = {n_mark}", "data-pwn", "<img src=x>", "javascript:alert(1)", "PWJINJA",
                     "console errors"):
        assert expected in text, (expected, problems)
    assert {str(n_alert), str(n_mark), str(n_img)} <= set(numbers)


@pytest.fixture(scope="module")
def book_corpus():
    """The corpus the book was built on (seeds + the generated reports), as the package reads it."""
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus in {CORPUS}: run `make e2e`")
    from govreports.corpus import load_corpus

    for r in FILES:  # the book is built on this corpus: same files, same bytes
        path = CORPUS / r.name
        assert path.is_file() and path.read_text(encoding="utf-8") == r.text, \
            f"{CORPUS} does not hold the corpus of seed {hc.SEED} ({r.name!r}): set $HOSTILE_SEED/$HOSTILE_REPORTS"
    return load_corpus(CORPUS, workers=1, cache=False)


def _shown_fields(corpus, r: hc.HostileReport) -> dict[str, str]:
    """Field → the text a profile page shows for it (as the parser read it)."""
    from govreports.analysis import problems as problems_mod
    from govreports.book.profiles import star

    row, report = _parsed(corpus, r)
    shown = {"title": star(row["title"], row["title_inferred"]), "file": row["file"]}
    if isinstance(row["issuer"], str):
        shown["issuer"] = star(row["issuer"], row["issuer_inferred"])
    for k, s in enumerate(report.sections, 1):
        shown[f"heading{k}"] = s.heading
    for k, m in enumerate(report.metrics):
        shown[f"sentence {k}"] = m.sentence
    items = problems_mod.items_table(corpus)  # the problems and plans a profile page lists
    for k, text in enumerate(items.loc[items["report_id"] == row.name, "text"]):
        shown[f"item {k}"] = text
    return {k: v for k, v in shown.items() if isinstance(v, str) and v}


@pytest.mark.parametrize("report", REPORTS, ids=[f"{i:02d}" for i in range(len(REPORTS))])
def test_the_profile_page_shows_every_field_as_text(hostile_browser, hostile_site, book_corpus, report):
    from govreports.book.profiles import slugs

    rid = report.name.rsplit(".", 1)[0]
    page = f"profiles/all/{slugs(book_corpus)[rid]}.html"
    driver = hostile_browser
    seen = visit(driver, f"{hostile_site}/{page}")
    problems, numbers = _problems(driver, seen)
    body = squash(_js(driver, "return document.querySelector('article').innerText", seen))
    missing = {k: v for k, v in _shown_fields(book_corpus, report).items() if as_shown(v) not in body}
    if missing:
        curly = str.maketrans("“”‘’", "\"\"''")
        quoted = {k for k, v in missing.items() if as_shown(v) in body.translate(curly)}
        problems.append(f"not shown as text: {missing}"
                        + (f" ({sorted(quoted)}: straight quotes shown curly, Sphinx's smartquotes)" if quoted else ""))
    label = book_corpus.labels()[rid]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        header = _js(driver, "const h = document.querySelector('#jb-print-docs-body > h1');"
                             "return h && h.innerText", seen)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    if header is None or as_shown(label) not in squash(header):
        problems.append(f"print header {header!r} does not show the label {label!r}"
                        + (" (quotes shown curly)" if header and as_shown(label) in squash(header).translate(
                            str.maketrans("“”‘’", "\"\"''")) else ""))
    assert not problems, f"{report.name!r} ({page}): {problems} ({describe(numbers)})"
