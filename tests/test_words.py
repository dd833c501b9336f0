import pandas as pd
import pytest

import govreports as gr
from govreports.analysis import segment, words
from govreports.book import tables

DOMAIN = ["法治政府", "法治政府建设", "行政复议", "行政诉讼", "出庭应诉", "规范性文件", "合法性审核", "重大行政决策",
          "行政执法", "综合行政执法", "三项制度", "放管服", "一网通办", "府院联动", "枫桥经验", "第一责任人", "述法", "普法"]


@pytest.fixture(scope="module")
def corpus():
    return gr.load_corpus()


@pytest.mark.parametrize("term", DOMAIN)
def test_domain_terms_come_out_whole(term):
    text = f"县政府持续推进{term}工作，取得新进展。"
    assert term in segment.cut(text)


@pytest.mark.parametrize("slogan", ["放管服", "三项制度", "双随机、一公开", "谁执法谁普法、谁主管谁普法", "一件事"])
def test_quoted_slogans_come_out_whole(slogan):
    tokens = segment.cut(f"全面推行“{slogan}”改革，成效明显。")
    assert slogan in tokens


def test_unquoted_punctuated_dictionary_term_is_whole_and_spans_tile():
    text = "推进双随机、一公开跨部门联合监管，落实《民法典》。"
    spans = segment.cut_spans(text)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert "双随机、一公开" in [text[s:e] for s, e in spans]
    assert "民法典" in segment.cut(text)


def test_no_jieba_log_lines(capfd):
    segment.tokenizer.cache_clear()
    segment.cut("法治政府建设")
    captured = capfd.readouterr()
    assert "Loading model" not in captured.err + captured.out
    assert "Building prefix dict" not in captured.err + captured.out


def test_stopwords_chrome_numbers_never_reach_a_frequency_table(corpus):
    w = words.analyse(corpus)
    terms = set(w.counts.columns)
    assert not terms & words.stopwords()
    assert not {"一是", "进一步", "切实", "全面", "加强"} & terms
    assert all(len(t) >= 2 and words.HAS_HAN.search(t) for t in terms)
    # Chrome of seed 002 (发布时间, 信息来源, 扫一扫在手机打开当前页) is never counted.
    rid = corpus.ids[2]
    chrome = [(ln.content_start, ln.content_end) for ln in corpus.reports[2].lines if ln.kind == "chrome"]
    toks = w.tokens[w.tokens["report_id"] == rid]
    assert not any(s < ce and e > cs for s, e in zip(toks["start"], toks["end"]) for cs, ce in chrome)
    assert "扫一扫" not in terms and "信息来源" not in terms
    # Every token's offsets give its text back.
    texts = dict(zip(corpus.ids, (r.text for r in corpus.reports)))
    assert all(texts[r][s:e] == t for r, s, e, t in w.tokens.itertuples(index=False))


def test_stopword_file_gives_a_reason_for_every_entry():
    from govreports.resources import data_path
    rows = [ln for ln in data_path("stopwords_domain.tsv").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert rows and all(len(r.split("\t")) == 2 and r.split("\t")[1].strip() for r in rows)


def test_kwic_offsets_map_back_to_the_text(corpus):
    texts = dict(zip(corpus.ids, (r.text for r in corpus.reports)))
    for term in ("行政复议", "营商环境", "第一责任人"):
        k = words.kwic(corpus, term)
        assert len(k) > 0
        for row in k.itertuples(index=False):
            text = texts[row.report_id]
            assert text[row.start:row.end] == term
            assert text[row.start - len(row.left):row.start] == row.left
            assert text[row.end:row.end + len(row.right)] == row.right


@pytest.mark.parametrize("limit", [1, 2, 7, 50, 10_000])
def test_kwic_with_a_limit_is_the_first_rows_of_the_whole(corpus, limit):
    for term in ("行政复议", "法治", "第一责任人"):
        whole = words.kwic(corpus, term)
        pd.testing.assert_frame_equal(words.kwic(corpus, term, limit=limit), whole.head(limit))


def test_segmentation_cache_hits_on_second_run_and_misses_when_dictionary_changes(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    first = words.analyse(corpus)
    assert first.cache_misses > 0 and first.cache_hits == 0
    second = words.analyse(corpus)
    assert second.cache_hits == first.cache_misses and second.cache_misses == 0
    assert second.tokens.equals(first.tokens)
    # A changed dictionary (here: one more grown term) changes the key: everything is segmented again.
    monkeypatch.setattr(words, "report_terms", lambda r: {"新增术语"})
    third = words.analyse(corpus)
    assert third.cache_hits == 0 and third.cache_misses == first.cache_misses


def test_dictionary_file_change_changes_the_signature(tmp_path, monkeypatch):
    before = segment.dictionary_signature()
    fake = tmp_path / "domain_terms.txt"
    fake.write_text("法治政府\n新词条\n", encoding="utf-8")
    monkeypatch.setattr(segment, "data_path", lambda name: fake)
    assert segment.dictionary_signature() != before


def test_tables_of_the_words_chapter(corpus):
    w = words.analyse(corpus)
    top = w.top_terms(10)
    assert list(top.index[:1]) == ["行政执法"]
    assert (top["reports"] <= len(corpus.reports)).all()
    side = w.top_by_group(5)
    assert set(side["group"]) == set(corpus.ids) and side["rate"].dtype == float
    assert w.side_by_side(side, "rate", ".0f", 5).shape == (5, len(corpus.reports))
    dist = w.distinctive(5)
    assert set(dist["group"]) == set(corpus.ids) and (dist["rank"] <= 5).all()
    assert w.side_by_side(dist, "z", ".1f", 5).shape == (5, len(corpus.reports))
    # Own place names are not "distinctive": 新蔡 and 新蔡县 never count as words.
    assert not {"新蔡", "新蔡县", "方城县", "瓦房镇"} & set(w.counts.columns)
    co = w.cooccurrence(["行政复议", "行政诉讼"])
    assert co.loc["行政复议", "行政复议"] == corpus.sentences["text"].str.contains("行政复议").sum()
    years = w.by_year(["行政复议"])  # every year of the seeds has fewer than three reports
    assert years.empty and list(years.columns) == ["reports", "行政复议"]


def test_year_breakdowns_keep_only_years_with_enough_reports(tmp_path, seed_files):
    from govreports.book.chapters import group_sizes, groups_note
    from govreports.limits import MIN_GROUP

    text = seed_files[4].read_text(encoding="utf-8")
    for k, place in enumerate(["新蔡", "汝南", "平舆", "上蔡"]):  # four reports on 2022, one on 2021
        (tmp_path / f"{k}.txt").write_text(text.replace("新蔡", place), encoding="utf-8")
    (tmp_path / "old.txt").write_text(text.replace("新蔡", "正阳").replace("2022", "2021"), encoding="utf-8")
    c = gr.load_corpus(tmp_path, cache=False)
    years = words.analyse(c, use_cache=False).by_year(["行政复议"])
    assert list(years.index) == [2022] and years.loc[2022, "reports"] == 4 >= MIN_GROUP
    note = groups_note(group_sizes(c, "year_covered"), "年度")
    assert "（1 个）" in note and "另有 1 个年度" in note


def test_public_api(corpus):
    assert gr.cut("推进法治政府建设")[-1] == "法治政府建设"
    tokens = gr.content_tokens(corpus.reports[0])
    assert "行政复议" in tokens and "一是" not in tokens and "进一步" not in tokens


def test_the_fast_engine_segments_exactly_like_jieba(corpus):
    """jieba-rs, loaded with our dictionary and frequencies, gives jieba's tokens (HMM off) on every report."""
    assert segment.fast_engine() is not None
    for r in corpus.reports:
        for s, e in r.analysable_spans():
            piece = r.text[s:e]
            assert segment.cut_spans(piece) == segment.cut_spans(piece, engine="jieba")


def test_cooccurrence_counts_no_term_inside_a_longer_term(tmp_path):
    """综合行政执法 holds 行政执法 as letters, not as a second term: it must not co-occur with itself."""
    text = ("某县人民政府关于2023年度法治政府建设情况的报告\n2023年，某县推进法治政府建设。\n一、主要举措和成效\n"
            "推进综合行政执法改革。规范行政执法行为，深化综合行政执法。严格行政执法，落实行政执法责任制。\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    w = words.analyse(gr.load_corpus(tmp_path, cache=False), use_cache=False)
    co = w.cooccurrence(["行政执法", "综合行政执法"])
    assert co.loc["综合行政执法", "综合行政执法"] == 2  # sentences with the long term
    assert co.loc["行政执法", "行政执法"] == 2  # sentences with the short term standing alone
    assert co.loc["行政执法", "综合行政执法"] == 1  # only the sentence that holds both, apart


def test_a_per_year_table_puts_the_terms_down_the_side_with_chinese_headers():
    import pandas as pd

    by_year = pd.DataFrame({"reports": [5, 3], "行政复议": [12.5, 3.0], "普法": [0.0, 7.1]},
                           index=pd.Index([2021, 2023], name="year_covered"))
    table = tables.words.by_year_table(by_year)
    assert list(table.columns) == ["2021（5份）", "2023（3份）"]
    assert list(table.index) == ["行政复议", "普法"] and table.index.name == "词"
    assert table.columns.name == "年度（报告数）" and table.loc["普法", "2023（3份）"] == 7.1
    floats = by_year.set_axis(pd.Index([2021.0, 2023.0]), axis=0)  # a year column read with missing values
    assert list(tables.words.by_year_table(floats).columns) == ["2021（5份）", "2023（3份）"]
