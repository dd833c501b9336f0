"""Problem categories, plan matching, candour; shared passages, repeats, similarity, formula phrases."""
import pytest

import govreports as gr
from govreports.analysis import problems, template, words
from govreports.book import tables


@pytest.fixture(scope="module")
def corpus():
    return gr.load_corpus(gr.corpus.seeds_path())


@pytest.fixture(scope="module")
def items(corpus):
    return problems.items_table(corpus)


@pytest.mark.parametrize("text, category", [
    ("法治意识仍需进一步提高", "法治意识与能力"), ("行政执法规范化水平有待提升", "执法规范化"),
    ("行政决策机制尚需完善", "决策机制"), ("依法行政制度建设还需加强", "制度建设"),
    ("法治人才队伍建设有待加强", "队伍与人才"), ("乡镇开展相对集中行政处罚权工作有待进一步提高", "基层执法改革"),
])
def test_categories(text, category):
    assert problems.categorise(text)[0] == category


def test_items_table_counts_and_offsets(corpus, items):
    assert (items["kind"] == "问题").sum() == sum(len(r.problems) for r in corpus.reports)
    texts = dict(zip(corpus.ids, (r.text for r in corpus.reports)))
    assert all(texts[r][s:e] == t for r, s, e, t in items[["report_id", "start", "end", "text"]].itertuples(index=False))
    assert items["item_id"].is_unique


def test_plans_answer_problems_of_the_same_report(corpus, items):
    pairs = problems.match_plans(corpus, items)
    wabang = items[items["report_id"] == "001_2567c0c2073b691d"]
    # 瓦房镇 answers each of its four problems with the plan of the same number (法治意识 ↔ 法治教育培训 …).
    mine = pairs[pairs["report_id"] == wabang["report_id"].iloc[0]]
    assert {(p[-2:], a[-2:]) for p, a in zip(mine["problem"], mine["plan"])} >= {("P1", "A1"), ("P2", "A2"),
                                                                                 ("P3", "A3"), ("P4", "A4")}
    assert (pairs["problem"].str[:20] == pairs["plan"].str[:20]).all()  # never across reports
    lonely_problems, lonely_plans = problems.unanswered(items, pairs)
    assert "行政执法体制不畅" in set(lonely_problems["text"])
    assert "行政执法体制不畅" in set(tables.problems.unanswered_table(corpus, lonely_problems)["内容"])


def test_candour(corpus, items):
    cand = problems.candour(corpus, items)
    assert list(cand["report_id"]) == corpus.ids
    assert list(cand["problems"]) == [len(r.problems) for r in corpus.reports]
    ratio = cand.set_index("report_id")["problem_to_achievement"]
    assert ratio["001_2567c0c2073b691d"] > ratio["004_a22d0bcf015e227f"]
    assert tables.problems.candour_table(corpus, cand).loc["瓦房镇（2024）", "问题/成效"] == ratio["001_2567c0c2073b691d"]
    one = gr.parse_text("某县人民政府关于2023年度法治政府建设情况的报告\n一、主要成效\n办理复议案件3件。\n"
                        "二、存在的问题\n一是县交通运输局执法案卷评查合格率仅为60%。二是法治意识有待提高。\n")
    c1 = gr.Corpus(gr.corpus.seeds_path(), [one], ["x"])
    t = problems.items_table(c1)
    assert list(t["specific"]) == [True, False] and list(t["formulaic"]) == [False, True]


def test_shared_passages_and_repeats(corpus):
    shared = template.shared_passages(corpus)
    top = shared.iloc[0]
    assert top["n_reports"] >= 3 and "党政主要负责人履行推进法治建设第一责任人职责" in top["passage"]
    # the five statutory steps, word for word, in 002 and 003 only (004 omits 风险评估, 001 words them apart)
    five = shared[shared["passage"].str.contains("公众参与、专家论证、风险评估、合法性审查、集体讨论决定")]
    assert set(five["report_ids"]) == {("002_c1ce23b88eafd010", "003_785abc935786f478")}
    assert (shared["chars"] >= 12).all() and set(top["report_ids"]) <= set(corpus.ids)
    assert tables.template.shared_table(corpus, shared).iloc[0]["报告数"] == top["n_reports"]
    repeated = template.repeated_within(corpus)
    xincai = repeated[repeated["report_id"] == "004_a22d0bcf015e227f"]
    assert xincai["chars"].max() >= 40  # 新蔡 2022 repeats a whole clause word for word
    text = corpus.reports[4].text
    row = xincai.sort_values("chars").iloc[-1]
    first, second = row["starts"][:2]
    assert text[first:first + 12] == text[second:second + 12]


def test_similarity_and_formulas(corpus):
    w = words.analyse(corpus)
    sim = template.similarity(w.matrix)
    m = sim.matrix
    assert m.shape == (5, 5) and (m.values.diagonal() == 1).all()
    assert (m.values == m.values.T).all()
    assert list(m.index) == corpus.ids
    a, b, s = template.most_similar_pair(sim)
    assert a != b and a in corpus.ids and s == m.values[~(m.values == 1)].max() == m.loc[a, b]
    assert sim.value_counts.sum() == 10 and len(sim.best) == 10  # every pair of five reports
    assert template.top_pairs(sim, 1).iloc[0]["similarity"] == s
    f = template.formula_phrases(w)
    assert (f["n_reports"] >= 2).all()
    assert {"全面推行", "尊法学法"} <= set(f["phrase"])
    assert not {"法律法规", "政务服务", "等法律法"} & set(f["phrase"])


def test_passages_never_cut_a_number_in_two():
    """1000多场次 and 2000多场次 share 000多场次…: the passage is 多场次…, not half a number."""
    text = ("某县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"
            "全年开展普法宣传活动1000多场次，覆盖群众十万余人，取得良好效果。"
            "全年开展送法进校园活动2000多场次，覆盖群众十万余人，取得良好效果。\n")
    r = gr.parse_text(text, file="x.txt")
    c1 = gr.Corpus(gr.corpus.seeds_path(), [r], ["x"])
    repeated = template.repeated_within(c1)
    assert len(repeated) and not any(p[0].isdigit() for p in repeated["passage"])
    assert any(p.startswith("多场次") for p in repeated["passage"])


def test_chapters_say_plainly_what_a_corpus_without_problems_rates_or_formulas_lacks(tmp_path):
    """Two bare reports (no sections, problems, plans, rates or formula phrases): the prose says there is
    nothing to count instead of '最常见的类别是“—”（0 条）' or '中位数 0.00，最高的是…'."""
    from notebooks import glued, run_chapter

    for place in ("甲县", "乙县"):
        (tmp_path / f"{place}.txt").write_text(f"{place}人民政府关于2023年度法治政府建设情况的报告\n"
                                              f"2023年，{place}坚持依法行政，推进法治政府建设。\n", encoding="utf-8")
    said = {}
    for chapter in ("problems.ipynb", "metrics.ipynb", "template.ipynb"):
        said |= glued(run_chapter(chapter, tmp_path))
    assert said["category_sentence"] == "本语料的报告中没有抽取出问题，无从归类。"
    assert said["candour_sentence"].startswith("本语料的报告中没有抽取出问题")
    assert said["lonely_sentence"] == "本语料的报告中没有抽取出问题和计划，无从比较。"
    assert said["checks_sentence"] == "本语料中没有同时给出计数和比率、可以重算的地方。"
    assert said["formulas_sentence"] == "本语料中没有找到这样的套话。"
    assert not any("“—”" in text or "0.00" in text for text in said.values())


def test_the_problems_chapter_counts_what_the_seeds_hold(tmp_path):
    from notebooks import glued, run_chapter

    seeds = gr.load_corpus(gr.corpus.seeds_path())
    items = problems.items_table(seeds)
    said = glued(run_chapter("problems.ipynb", gr.corpus.seeds_path()))
    top = items[items["kind"] == "问题"]["category"].value_counts()
    assert said["category_sentence"] == f"最常见的类别是“{top.index[0]}”（{top.iloc[0]} 条）。"
    assert f"全部 {int((items['kind'] == '问题').sum())} 条问题中" in said["candour_sentence"]


def test_the_chapter_sentences_follow_the_counts(corpus, items):
    """Counts and listing limits in chapters 3, 5 and 6 come from the data and from limits, never typed."""
    from govreports.analysis import indicators
    from govreports.limits import CHECKS_LISTED, COMPARED_PAIRS, ITEMS_LISTED

    found = indicators.checks(corpus)
    wrong = int((~found["consistent"]).sum())
    assert tables.indicators.checks_sentence(found).startswith(f"本语料中共有 {len(found)} 处可以重算，其中 {wrong} 处")
    assert f"最多 {CHECKS_LISTED} 行" in tables.indicators.checks_sentence(found)
    assert tables.problems.items_note(items) == (f"下表列出前 {ITEMS_LISTED} 条及其类别" if len(items) > ITEMS_LISTED
                                          else "下表列出每一条及其类别")
    assert tables.problems.items_note(items.iloc[:0]) == "本语料没有条目可列"
    many = [("甲县", f"a{k}", f"b{k}") for k in range(COMPARED_PAIRS + 1)] + [("乙县", "c", "d")]
    said = tables.compare.panel_sentence(many)
    assert "有 2 个地方" in said and f"共 {len(many)} 对" in said and f"前 {COMPARED_PAIRS} 对" in said
    assert "前" not in tables.compare.panel_sentence(many[:1])
    years = {"a0": 2020, "b0": 2023, "c": 2022, "d": 2023}
    assert "相邻年度" not in tables.compare.panel_sentence([("甲县", "a0", "b0")])  # without years, adjacency is not claimed
    assert "没有一对是相邻年度" in tables.compare.panel_sentence([("甲县", "a0", "b0")], years)  # 2020 and 2023
    assert "都是相邻年度" in tables.compare.panel_sentence([("乙县", "c", "d")], years)
    assert "其中相邻年度 1 对" in tables.compare.panel_sentence([("甲县", "a0", "b0"), ("乙县", "c", "d")], years)
    formulas = template.formula_phrases(words.analyse(corpus))
    assert tables.template.formulas_sentence(formulas) == f"共 {len(formulas)} 个。"


def test_shared_passages_index_the_hash_space_a_range_at_a_time(corpus, monkeypatch):
    """Sorting the n-grams a range of hashes at a time, each text's n-grams of that range made again for each
    (so that neither the sort nor the texts' n-grams hold every n-gram of 10,000 reports), finds the same n-grams,
    holders, passages, reports and first places as taking them at once."""
    import numpy as np

    at_once = template.shared_passages(corpus)
    texts = [s for s, _ in template._normalised(corpus)]
    whole = template._shared_grams(texts, 12)
    monkeypatch.setattr(template, "GRAMS_AT_ONCE", 500)  # some 30 ranges for the seeds
    ranged = template._shared_grams(texts, 12)
    keys = ranged[0]
    assert len(keys) and (np.diff(keys.astype(np.float64)) >= 0).all()
    assert all(np.array_equal(a, b) for a, b in zip(whole, ranged, strict=True))
    assert sum(len(template._range_grams(s, 12, 0, 0)) for s in texts) > 16 * 500  # the ranges are many
    assert template.shared_passages(corpus).equals(at_once) and len(at_once) > 10
