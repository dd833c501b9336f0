"""The profile index of a large corpus (a table the book's script pages through and filters), in a real browser: on
the hostile book (built with --direct-profiles) and on a generated index of many rows."""
import html
import shutil

import pytest
from conftest import ROOT
from selenium.webdriver.common.by import By
from test_browser import errors, load


def visible_rows(browser):
    return [row.text for row in browser.find_elements(By.CSS_SELECTOR, "table.profile-index tbody tr")
            if row.is_displayed()]


def bar(browser):
    b = browser.find_element(By.CSS_SELECTOR, "div.profile-index-bar")
    return (b.find_element(By.TAG_NAME, "input"), *b.find_elements(By.TAG_NAME, "button"),
            b.find_element(By.TAG_NAME, "span"))


def test_the_hostile_books_index_filters_its_reports(hostile_browser, hostile_site):
    load(hostile_browser, f"{hostile_site}/profiles/index.html")
    field, prev, nxt, status = bar(hostile_browser)
    rows = visible_rows(hostile_browser)
    assert len(rows) > 5 and f"共 {len(rows)} 份" in status.text and prev.get_property("disabled")
    seed = next(r for r in rows if r.startswith("方城县"))
    name = seed.split()[0]  # a report's name as shown: every row holding it (hostile variants of it too)
    field.send_keys(name)
    shown = visible_rows(hostile_browser)
    assert seed in shown and shown == [r for r in rows if name in r] and status.text.startswith(f"共 {len(shown)} 份")
    field.send_keys("不存在的地方")
    assert visible_rows(hostile_browser) == [] and status.text == "没有符合的报告"
    assert not errors(hostile_browser)


@pytest.fixture
def big_index(tmp_path):
    """An index of 120 rows, page size 50, whose names carry markup that must stay text."""
    static = tmp_path / "_static"
    static.mkdir()
    shutil.copy(ROOT / "_static" / "profile_index.js", static)
    rows = "\n".join(f'<tr><td><a href="all/r{k}.html">{html.escape(f"<img src=x onerror=alert({k})>第{k}县")}</a></td>'
                     f"<td>{'河北省' if k % 2 else '山西省'}</td><td>县级</td><td>{2000 + k % 20}</td></tr>"
                     for k in range(1, 121))
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script src="_static/profile_index.js"></script></head>'
        '<body><h1>报告档案</h1><div><table class="profile-index" data-page-rows="50"><thead><tr><th>报告</th>'
        f"<th>省份</th><th>层级</th><th>年度</th></tr></thead><tbody>\n{rows}\n</tbody></table></div></body></html>",
        encoding="utf-8")
    from conftest import _serve

    server = _serve(tmp_path)
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


def test_the_index_shows_a_page_of_rows_at_a_time_and_filters_all_of_them(hostile_browser, big_index):
    load(hostile_browser, big_index)
    field, prev, nxt, status = bar(hostile_browser)
    first = visible_rows(hostile_browser)
    assert len(first) == 50 and first[0].startswith("<img src=x onerror=alert(1)>第1县")
    assert status.text == "共 120 份，第 1–50 份（第 1/3 页）"
    nxt.click()
    nxt.click()
    last = visible_rows(hostile_browser)
    assert len(last) == 20 and last[-1].startswith("<img src=x onerror=alert(120)>第120县")
    assert nxt.get_property("disabled") and not prev.get_property("disabled")
    field.send_keys("山西省 2001")  # every word must match: even rows of 2001 (k = 21, 41, …) are odd, so none
    assert visible_rows(hostile_browser) == []
    field.clear()
    field.send_keys("山西省 2002")  # k = 2, 22, 42, 62, 82, 102
    rows = visible_rows(hostile_browser)
    assert [r.split("第")[1].split("县")[0] for r in rows] == ["2", "22", "42", "62", "82", "102"]
    assert status.text == "共 6 份，第 1–6 份（第 1/1 页）"
    assert not hostile_browser.find_elements(By.CSS_SELECTOR, "table.profile-index img")
    assert not errors(hostile_browser)
