"""The built book in a real browser: pages, images, search, escaping, navigation, phone layout."""
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import BOOK, ROOT
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PAGES = sorted(p.relative_to(BOOK).as_posix() for p in BOOK.glob("**/*.html")
               if not p.relative_to(BOOK).as_posix().startswith(("_", "genindex"))) if BOOK.is_dir() else []
SHOTS = ROOT / "_build" / "screenshots"


def load(browser, url):
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(url)
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def errors(browser):
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def broken_images(browser):
    return browser.execute_script(
        "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_console_errors_or_broken_images(browser, site, page):
    load(browser, f"{site}/{page}")
    assert browser.find_elements(By.CSS_SELECTOR, ".bd-main h1"), "no heading: the page did not render"
    assert not errors(browser)
    assert not broken_images(browser)


@pytest.mark.parametrize("term", ["行政复议", "法治政府", "出庭应诉率"])
def test_search_finds_chinese_words(browser, site, term):
    load(browser, f"{site}/search.html?q={quote(term)}")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")
        or "没有" in d.find_element(By.ID, "search-results").text)
    results = browser.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")
    assert results, f"no result for {term}"


def test_profile_pages_link_back_and_forth(browser, site):
    load(browser, f"{site}/chapters/corpus.html")
    links = browser.find_elements(By.CSS_SELECTOR, "table a[href*='profiles/all/report-']")
    assert len(links) >= 2
    first_label = links[0].text
    links[0].click()
    WebDriverWait(browser, 30).until(lambda d: "/profiles/all/report-" in d.current_url)
    assert first_label in browser.find_element(By.CSS_SELECTOR, "article h1").text
    browser.find_element(By.PARTIAL_LINK_TEXT, "下一份").click()
    WebDriverWait(browser, 30).until(lambda d: first_label not in d.find_element(By.CSS_SELECTOR, "article h1").text)
    browser.find_element(By.PARTIAL_LINK_TEXT, "上一份").click()
    WebDriverWait(browser, 30).until(lambda d: first_label in d.find_element(By.CSS_SELECTOR, "article h1").text)
    browser.find_element(By.LINK_TEXT, "第一章 语料概览").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith("/chapters/corpus.html"))
    load(browser, f"{site}/profiles/index.html")
    assert len(browser.find_elements(By.CSS_SELECTOR, "article a[href^='all/report-']")) == len(links)


def test_report_text_is_shown_as_text_and_never_runs(browser, hostile_site):
    for page in ("profiles/index.html", "chapters/corpus.html"):
        load(browser, f"{hostile_site}/{page}")
    hostile = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table a[href*='profiles/all/report-']")
               if "hostile" in a.text]
    assert hostile
    load(browser, hostile[0])
    body = browser.find_element(By.TAG_NAME, "body").text
    # markup glued before the title is page chrome (not shown); markup in a heading and in the body is shown as text
    assert "主要举措和成效<script>window.__p=3</script>{eval-rst}$$" in body
    assert "<b>薄弱</b>" in body and "`制度`" in body
    assert browser.execute_script("return window.__p === undefined")
    load(browser, f"{hostile_site}/chapters/corpus.html")
    assert "关于2023年度法治政府建设情况的报告" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.execute_script("return window.__p === undefined")


PROFILE = next((p for p in PAGES if p.startswith("profiles/all/report-")), "profiles/index.html")


CHAPTER_PAGES = [p for p in PAGES if p.startswith("chapters/")]  # every page with figures, and the rest


@pytest.mark.parametrize("width, height, name", [(1280, 900, "desktop"), (390, 844, "phone")])
@pytest.mark.parametrize("page", [*CHAPTER_PAGES, "profiles/index.html", PROFILE])
def test_screenshots_and_content_fits_the_screen(browser, site, page, width, height, name):
    browser.set_window_size(width, height)
    try:
        load(browser, f"{site}/{page}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SHOTS / f"{Path(page).stem}-{name}.png"))
        # Content of the article that sticks out of the viewport without a scrolling box around it.
        loose = browser.execute_script("""
            const w = document.documentElement.clientWidth;
            const boxed = el => { for (let p = el.parentElement; p; p = p.parentElement) {
                if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
            return [...document.querySelectorAll('article *')].filter(el => {
                const r = el.getBoundingClientRect(); return r.width > 0 && r.right > w + 1 && !boxed(el);
            }).map(el => el.tagName + ' ' + (el.textContent || '').slice(0, 30));""")
        assert not loose, f"{page} at {width}px: content wider than the screen: {loose[:3]}"
    finally:
        browser.set_window_size(1280, 900)


def test_the_table_of_every_figure_filters_offline(browser, site):
    """The DataTables bundle is inside the page (no script from the network) and the search box filters."""
    load(browser, f"{site}/chapters/figures.html")
    html = browser.page_source
    assert not re.search(r'<script[^>]+src="https?://', html)
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table#all-figures.dataTable"))
    rows = lambda: browser.execute_script(  # noqa: E731
        "return document.querySelectorAll('table#all-figures tbody tr').length")
    before = browser.execute_script("return document.querySelector('.dt-info, .dataTables_info').textContent")
    box = browser.find_element(By.CSS_SELECTOR, "div.dt-search input, div.dataTables_filter input")
    box.send_keys("行政复议")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return document.querySelector('.dt-info, .dataTables_info').textContent") != before)
    texts = browser.execute_script(
        "return [...document.querySelectorAll('table#all-figures tbody tr')].map(r => r.textContent)")
    assert 0 < rows() and all("行政复议" in t for t in texts)
    assert browser.find_elements(By.CSS_SELECTOR, "table#all-figures tbody mark")  # the number marked


@pytest.mark.parametrize("page", [*CHAPTER_PAGES, "profiles/index.html", PROFILE])
def test_every_table_fits_the_text_column_at_desktop_width(browser, site, page):
    """At 1280 px no table is wider than the column it sits in: the last column (usually the sentence or the
    passage a reader came for) is on screen, not past the right edge of a scrolling box."""
    load(browser, f"{site}/{page}")
    wide = browser.execute_script("""
        return [...document.querySelectorAll('article table')].map(t => {
            const box = t.closest('div.cell_output, div.profile-table-wrap, div.dt-container') || t.parentElement;
            return [t.scrollWidth, box.clientWidth, t.querySelector('th') ? t.querySelector('th').textContent : ''];
        }).filter(([w, room]) => w > room + 2);""")
    assert not wide, f"{page}: tables wider than the text column (width, room, first header): {wide}"


@pytest.mark.parametrize("page", [*CHAPTER_PAGES, PROFILE])
def test_charts_keep_a_legible_size_on_a_phone(browser, site, page):
    """At 390 px a chart is shown at no less than 3/4 of its drawn size (charts are drawn with text of 8 pt
    or more at 110 dpi, so the smallest text stays at 9 px); wider charts scroll inside their figure."""
    browser.set_window_size(390, 844)
    try:
        load(browser, f"{site}/{page}")
        scales = browser.execute_script("""
            return [...document.querySelectorAll('article img')].filter(i => i.naturalWidth > 0)
                .map(i => [i.src.split('/').pop(), i.getBoundingClientRect().width / i.naturalWidth]);""")
        small = [(src, round(scale, 2)) for src, scale in scales if scale < 0.74]
        assert not small, f"{page}: charts shrunk below 3/4 of their size on a phone: {small}"
    finally:
        browser.set_window_size(1280, 900)


def test_the_table_of_every_figure_shows_each_sentence_whole_on_a_phone(browser, site):
    """On a phone every row is a card: the sentence with its marked figure lies inside the screen."""
    browser.set_window_size(390, 844)
    try:
        load(browser, f"{site}/chapters/figures.html")
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table#all-figures.dataTable"))
        out = browser.execute_script("""
            const w = document.documentElement.clientWidth;
            return [...document.querySelectorAll('table#all-figures tbody td:last-child')]
                .filter(td => td.getBoundingClientRect().right > w + 1 || td.getBoundingClientRect().width < w / 2)
                .map(td => td.textContent.slice(0, 20));""")
        assert browser.find_elements(By.CSS_SELECTOR, "table#all-figures tbody td:last-child mark")
        assert not out, f"sentences cut or squeezed on a phone: {out[:3]}"
    finally:
        browser.set_window_size(1280, 900)


def search_hits(browser, site, query):
    """The titles of the pages that the book's own search (searchtools.js) lists for ``query``."""
    load(browser, f"{site}/search.html?q={quote(query)}")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script(
        "return document.querySelector('#search-results .search-summary')?.textContent || ''"))
    return [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a")]


# Place and organ names of the seeds, whole and in part, as a reader types them: a district (区) with its city, a
# department (司法局, the issuer of the 新晃 report), a town (镇), each finds the report's profile page.
@pytest.mark.parametrize("query, profile", [
    ("晋城市城区", "晋城市城区（2020）"), ("城区", "晋城市城区（2020）"),
    ("新晃侗族自治县司法局", "新晃侗族自治县（2021）"), ("司法局", "新晃侗族自治县（2021）"),
    ("新晃县司法局", "新晃侗族自治县（2021）"),
    ("瓦房镇", "瓦房镇（2024）"), ("洮南市瓦房镇", "瓦房镇（2024）"), ("瓦房镇人民政府", "瓦房镇（2024）"),
])
def test_search_finds_the_profile_of_a_place_or_organ(browser, site, query, profile):
    hits = search_hits(browser, site, query)
    assert any(profile in hit for hit in hits), f"{query}: the profile {profile} is not among {hits}"
