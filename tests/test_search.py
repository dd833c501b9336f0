import re

from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from govreports.book.sphinx_search import SearchChineseDomain, domain_terms


def test_domain_terms_inside_longer_tokens_are_indexed():
    lang = SearchChineseDomain({})
    words = lang.split("推进法治政府建设，全年办理行政复议案件，负责人出庭应诉率达到100%")
    for term in ("法治政府", "法治政府建设", "行政复议", "出庭应诉率", "出庭应诉"):
        assert term in words


def test_jieba_loads_the_domain_dictionary_only_when_it_cuts_the_pages(monkeypatch):
    """jieba-rs (installed here) cuts the pages with the domain dictionary of its own; jieba itself, without it."""
    import govreports.book.sphinx_search as search

    assert search.fast_engine() is not None
    real, loaded = search.jieba.load_userdict, []
    monkeypatch.setattr(search.jieba, "load_userdict", lambda path: (loaded.append(path), real(path)))
    SearchChineseDomain({})
    assert loaded == []
    monkeypatch.setattr(search, "fast_engine", lambda: None)
    lang = SearchChineseDomain({})
    assert loaded == [str(search.DICTIONARY)]
    words = lang.split("推进法治政府建设，负责人出庭应诉率达到100%")
    assert {"法治政府建设", "出庭应诉率"} <= set(words)


def test_the_dictionary_has_the_genre_terms():
    terms = set(domain_terms())
    assert {"法治政府", "行政复议", "出庭应诉率", "第一责任人", "放管服", "三项制度"} <= terms


def test_section_titles_in_the_search_index_are_escaped():
    """searchtools.js shows a title hit with innerHTML: a heading from a report must reach it as text."""
    from govreports.book.sphinx_search import escape_titles

    index = {"titles": ["报告档案：&lt;img&gt;"], "alltitles": {"报告档案：<img src=x onerror=alert(1)>县": [[0, None]],
                                                              "主要成效": [[0, "id1"]]}}
    out = escape_titles(index)
    assert "报告档案：&lt;img src=x onerror=alert(1)&gt;县" in out["alltitles"]
    assert out["alltitles"]["主要成效"] == [[0, "id1"]] and not any("<" in t for t in out["alltitles"])


def test_place_and_organ_names_are_indexed_whole_and_in_their_parts():
    """A reader types the full name or a part of it: each must be a term of the page (jieba cuts 深圳市司法局
    as 深圳/市/司法局 in one text and 深圳市/司法局 in another, and 瓦房镇 or 晋城市城区 into no term at all)."""
    from govreports.book.sphinx_search import name_terms

    assert {"深圳市司法局", "深圳市", "司法局", "深圳"} <= set(name_terms("深圳市司法局"))
    assert {"天津市静海区", "天津市", "静海区", "静海"} <= set(name_terms("天津市静海区"))
    town = set(name_terms("洮南市瓦房镇人民政府"))
    assert {"洮南市瓦房镇人民政府", "洮南市", "瓦房镇", "瓦房镇人民政府", "人民政府", "洮南市瓦房镇"} <= town
    county = set(name_terms("新晃侗族自治县司法局", "新晃侗族自治县", "怀化市", "湖南省"))
    assert {"新晃侗族自治县司法局", "新晃侗族自治县", "新晃县", "新晃", "司法局", "怀化市", "湖南省", "湖南"} <= county
    assert {"中共晋城市城区区委", "晋城市城区", "城区", "晋城市城区人民政府"} <= set(
        name_terms("中共晋城市城区区委 晋城市城区人民政府"))


def test_name_terms_are_han_characters_only_and_skip_missing_values():
    from govreports.book.sphinx_search import name_terms

    assert name_terms(None, float("nan")) == []
    terms = name_terms('<img src=x onerror="alert(1)">方城县, 司法局*')
    assert terms and all(re.fullmatch("[\u4e00-\u9fff]{2,}", t) for t in terms)
    assert {"方城县", "司法局"} <= set(terms)


def test_profile_pages_carry_their_names_as_keywords(tmp_path):
    """Each profile page ends with its names as keywords meta (reST's meta directive), which Sphinx indexes as
    they are; the front matter stays as it was."""
    import govreports as gr
    from govreports.book import profiles

    seeds = gr.load_corpus(gr.corpus.seeds_path())

    assert profiles._keywords([]) == []
    pages = profiles.write_profiles(seeds, tmp_path)
    text = {p.read_text(encoding="utf-8").split("\n", 5)[4]: p.read_text(encoding="utf-8") for p in pages}
    town = next(t for title, t in text.items() if "瓦房镇" in title)
    assert town.startswith("---\norphan: true\n---\n")
    block = town.split("```{eval-rst}\n.. meta::\n   :keywords: ")[1].split("\n```")[0]
    assert {"瓦房镇", "洮南市瓦房镇人民政府", "洮南市", "人民政府"} <= set(block.split(", "))
    organ = next(t for title, t in text.items() if "新晃" in title)
    assert ":keywords: " in organ and "新晃侗族自治县司法局, 司法局" in organ


def test_sphinx_indexes_keywords_whole_and_the_query_splitter_is_shipped():
    """Sphinx takes keywords meta as they are; searchtools.js gets a splitQuery that cuts a query into terms
    of the index (Sphinx's own splits on non-word characters only, so a Chinese query was one term)."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from sphinx.search import WordCollector

    from govreports.book.sphinx_search import JS_SPLITTER

    lang = SearchChineseDomain({})
    doc = new_document("profile", get_default_settings(Parser))
    meta = nodes.meta(content="深圳市司法局, 司法局, 深圳市")
    meta["name"] = "keywords"
    doc += meta
    collector = WordCollector(doc, lang)
    doc.walk(collector)
    assert {"深圳市司法局", "司法局", "深圳市"} <= set(collector.found_words)
    assert SearchChineseDomain.js_splitter_code == JS_SPLITTER and "function splitQuery(query)" in JS_SPLITTER


def test_the_query_splitter_cuts_a_query_into_terms_of_the_index():
    """splitQuery in Node, against a small index: a term of the index stays whole, anything else is cut
    into the longest terms the index has."""
    import json
    import shutil
    import subprocess

    import pytest

    from govreports.book.sphinx_search import JS_SPLITTER

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    index = {"terms": {"深圳市司法局": 1, "深圳市": [1, 2], "司法局": [1, 3], "行政复议": 2, "法治政府建设": 0},
             "titleterms": {"静海区": 4}}
    queries = ["深圳市司法局", "深圳市司法局行政复议", "法治政府建设的情况", "静海区 司法局", "abc 行政复议"]
    script = (JS_SPLITTER + f"\nconst Search = {{_index: {json.dumps(index, ensure_ascii=False)}}};\n"
              f"console.log(JSON.stringify({json.dumps(queries, ensure_ascii=False)}.map(splitQuery)));")
    out = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    assert out == [["深圳市司法局"], ["深圳市司法局", "行政复议"], ["法治政府建设", "的情况"], ["静海区", "司法局"],
                   ["abc", "行政复议"]]


def test_above_the_sphinx_limit_the_index_page_carries_every_name(tmp_path, monkeypatch):
    """Past limits.SPHINX_PROFILES the profiles are drawn directly, outside Sphinx's search: their names then find the
    index page, and only the template page goes through Sphinx, kept out of the search."""
    import govreports as gr
    from govreports.book import profiles

    monkeypatch.setattr(profiles, "SPHINX_PROFILES", 2)
    pages = profiles.write_profiles(gr.load_corpus(gr.corpus.seeds_path()), tmp_path)
    assert {p.suffix for p in pages} == {".json"} and not list((tmp_path / profiles.PAGES).glob("report-*.md"))
    assert "nosearch: true" in (tmp_path / profiles.PAGES / f"{profiles.SHELL}.md").read_text(encoding="utf-8")
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    block = index.split("```{eval-rst}\n.. meta::\n   :keywords: ")[1].split("\n```")[0]
    assert {"瓦房镇", "晋城市城区", "新晃侗族自治县司法局", "方城县"} <= set(block.split(", "))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2, max_size=12),
                min_size=1, max_size=6000, unique=True))
def test_any_number_of_keywords_parses_and_every_one_is_indexed(terms):
    """The index page of a large corpus carries every report's names (60,000 characters for 1,000 reports): the
    keywords are spread over fields short enough for docutils (which refuses a line over 10,000 characters and
    failed the build), and Sphinx's word collector finds every term."""
    from docutils.core import publish_doctree
    from sphinx.search import WordCollector

    from govreports.book import profiles

    block = profiles._keywords(terms)
    rst = "\n".join(block[2:-1]) + "\n"
    assert max(len(line) for line in rst.splitlines()) <= profiles.KEYWORDS_LINE + len("   :keywords: ")
    doc = publish_doctree(rst, settings_overrides={"report_level": 5, "halt_level": 5})
    assert not list(doc.findall(nodes.system_message))
    collector = WordCollector(doc, SearchChineseDomain({}))
    doc.walk(collector)
    assert set(collector.found_words) == set(terms)


def test_the_profile_index_of_hundreds_of_reports_has_no_line_docutils_refuses(tmp_path):
    """500 reports of hundreds of places (the seeds moved to other counties): every line of the index page, which
    carries all their names as keywords, stays under docutils' line limit (one line of 60,000 characters failed
    the build of a 1,000-report book)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from synthetic import synthetic_corpus

    import govreports as gr
    from govreports.book import profiles

    synthetic_corpus(500, tmp_path / "corpus")
    corpus = gr.load_corpus(tmp_path / "corpus")
    profiles.write_profiles(corpus, tmp_path / "profiles")
    index = (tmp_path / "profiles" / "index.md").read_text(encoding="utf-8")
    keywords = [line for line in index.splitlines() if line.startswith("   :keywords: ")]
    assert len(keywords) > 1 and max(map(len, index.splitlines())) < 10_000
    assert sum(len(line) for line in keywords) > 10_000  # as one line, docutils would have refused it
