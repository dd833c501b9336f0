from govreports.sphinx_search import SearchChineseDomain, domain_terms


def test_domain_terms_inside_longer_tokens_are_indexed():
    lang = SearchChineseDomain({})
    words = lang.split("推进法治政府建设，全年办理行政复议案件，负责人出庭应诉率达到100%")
    for term in ("法治政府", "法治政府建设", "行政复议", "出庭应诉率", "出庭应诉"):
        assert term in words


def test_the_dictionary_has_the_genre_terms():
    terms = set(domain_terms())
    assert {"法治政府", "行政复议", "出庭应诉率", "第一责任人", "放管服", "三项制度"} <= terms


def test_section_titles_in_the_search_index_are_escaped():
    """searchtools.js shows a title hit with innerHTML: a heading from a report must reach it as text."""
    from govreports.sphinx_search import escape_titles

    index = {"titles": ["报告档案：&lt;img&gt;"], "alltitles": {"报告档案：<img src=x onerror=alert(1)>县": [[0, None]],
                                                              "主要成效": [[0, "id1"]]}}
    out = escape_titles(index)
    assert "报告档案：&lt;img src=x onerror=alert(1)&gt;县" in out["alltitles"]
    assert out["alltitles"]["主要成效"] == [[0, "id1"]] and not any("<" in t for t in out["alltitles"])
