from govreports.sphinx_search import SearchChineseDomain, domain_terms


def test_domain_terms_inside_longer_tokens_are_indexed():
    lang = SearchChineseDomain({})
    words = lang.split("推进法治政府建设，全年办理行政复议案件，负责人出庭应诉率达到100%")
    for term in ("法治政府", "法治政府建设", "行政复议", "出庭应诉率", "出庭应诉"):
        assert term in words


def test_the_dictionary_has_the_genre_terms():
    terms = set(domain_terms())
    assert {"法治政府", "行政复议", "出庭应诉率", "第一责任人", "放管服", "三项制度"} <= terms
