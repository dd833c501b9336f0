"""The metrics chapter's tables: richness, comparisons, the panel/cross-section choice, checks."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

import govreports as gr
from govreports.analysis import indicators
from govreports.book import tables

REPORT = """某某县人民政府关于{year}年度法治政府建设情况的报告
{year}年，某某县深入推进法治政府建设。现报告如下：
一、主要举措和成效
全年受理行政复议案件{cases}件，纠错率{rate}%。制定行政规范性文件{docs}件。开展普法活动{events}场次。
二、存在的问题
基层执法力量薄弱。
三、下一步工作安排
持续推进法治政府建设。
"""


@pytest.fixture()
def seeds(monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    return gr.load_corpus()


def test_richness_counts_metrics_per_thousand_characters(seeds):
    rich = indicators.richness(seeds)
    assert list(rich["report_id"]) == seeds.ids
    assert list(rich["metrics"]) == [len(r.metrics) for r in seeds.reports]
    assert rich["share_sections_with_figures"].between(0, 1).all()
    xincai = rich.set_index("report_id").loc["004_a22d0bcf015e227f", "metrics_per_1000_chars"]
    assert xincai == round(1000 * 70 / seeds.reports[4].chars, 2)
    table = tables.indicators.richness_table(seeds, rich)  # the reader's table, labelled
    assert table.loc["新蔡县（2022）", "每千字指标数"] == xincai
    share = rich.set_index("report_id").loc["004_a22d0bcf015e227f", "share_sections_with_figures"]
    assert table.loc["新蔡县（2022）", tables.indicators.SHARE_PERCENT] == round(share * 100)  # a share, read as a percentage


def test_comparisons_need_two_reports_and_one_unit(seeds):
    wide = indicators.compared(seeds)
    assert "行政复议受理案件（件）" in wide.columns
    assert (wide.notna().sum() >= 2).all()
    assert wide.loc["004_a22d0bcf015e227f", "行政复议受理案件（件）"] == 71


def test_seeds_are_a_cross_section(seeds):
    assert indicators.panel_places(seeds) == []
    mode, data = indicators.trends(seeds)
    assert mode == "cross-section"
    assert set(data.columns) >= {"indicator", "year_covered", "value", "reports"}
    assert data.empty  # no year holds three seeds: no year mean is drawn from one report


def test_a_cross_section_year_needs_three_reports(tmp_path):
    """Six places: three reports on 2022, three on 2023, one on 2021 (left out of the year means)."""
    from govreports.limits import MIN_GROUP

    places = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县", "庚县"]
    years = [2022, 2022, 2022, 2023, 2023, 2023, 2021]
    for k, (place, year) in enumerate(zip(places, years)):
        text = REPORT.format(year=year, cases=40 + k, rate=10.0 + k, docs=5 + k, events=100 + k).replace("某某县", place)
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    mode, data = indicators.trends(gr.load_corpus(tmp_path, cache=False))
    assert mode == "cross-section" and (data["reports"] >= MIN_GROUP).all()
    cases = data[data["indicator"] == "行政复议受理案件"].set_index("year_covered")
    assert list(cases.index) == [2022, 2023] and cases.loc[2022, "value"] == 41  # mean of 40, 41, 42


def test_one_place_in_two_years_takes_the_panel_path(tmp_path, seed_files):
    shutil.copy(seed_files[0], tmp_path / seed_files[0].name)
    for year, cases, rate, docs, events in ((2022, 40, 12.5, 6, 120), (2023, 55, 10.1, 9, 150)):
        text = REPORT.format(year=year, cases=cases, rate=rate, docs=docs, events=events).replace("某某县", "洛宁县")
        (tmp_path / f"luoning_{year}.txt").write_text(text, encoding="utf-8")
    c = gr.load_corpus(tmp_path)
    assert indicators.panel_places(c) == ["洛宁县"]
    mode, data = indicators.trends(c)
    assert mode == "panel"
    cases = data[data["indicator"] == "行政复议受理案件"]
    assert list(cases["year_covered"]) == [2022, 2023] and list(cases["value"]) == [40, 55]
    assert set(data["place"]) == {"洛宁县"}


def test_checks_table_and_one_report_table(seeds):
    found = indicators.checks(seeds)
    assert list(found[~found["consistent"]]["formula"]) == ["5174/5283"]
    assert tables.indicators.checks_table(seeds, found)["一致"].iloc[0] == "否"
    one = tables.indicators.metrics_of(seeds, "新蔡县（2022）")
    assert len(one) == 70 and one.index[0] == 1
    with pytest.raises(KeyError):
        tables.indicators.metrics_of(seeds, "不存在的报告")


# ---- indicators as definitions: unit, scope and period (issue "Findings a reader can trust") -------------

from govreports.analysis import evaluation  # noqa: E402
from govreports.analysis.evaluation import Gold
from govreports.parse.qualifiers import period_of, scope_of  # noqa: E402

GOLD = Gold.in_folder(Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "seeds")

MIXED = """某某县人民政府关于2023年度法治政府建设情况的报告
2023年，某某县深入推进法治政府建设。现报告如下：
一、主要举措和成效
{body}
二、存在的问题
基层执法力量薄弱。
三、下一步工作安排
持续推进法治政府建设。
"""
BODIES = {
    "a": "全年制定行政规范性文件9件。人民调解委员会调解矛盾纠纷320件，人民调解成功率98%。",
    "b": "近三年来共制定行政规范性文件24件。县法院诉前调解矛盾纠纷676件，调撤率85.5%。",
    "c": "全年制定行政规范性文件12件。化解各类矛盾纠纷1200余件。人民调解委员会调解矛盾纠纷410件，人民调解成功率96%。",
    "d": "2023年制定行政规范性文件5份，其中涉企规范性文件2件。全年审核文件1560份。",
}


@pytest.fixture()
def mixed(tmp_path):
    for name, body in BODIES.items():
        (tmp_path / f"{name}.txt").write_text(MIXED.format(body=body).replace("某某县", f"{name}某县"), encoding="utf-8")
    return gr.load_corpus(tmp_path, cache=False)


def test_periods_and_scopes_from_the_sentence():
    assert period_of("近三年来我县共制定出台政府规范性文件") == "cumulative"
    assert period_of("全年累计开展线上培训") == "year" and period_of("累计抽查") == "cumulative"
    assert period_of("截至年底，全县现有法律顾问") == "stock" and period_of("截至目前，主动公开信息") == "stock"
    assert period_of("2021年以来，共办理", 2023) == "cumulative" and period_of("2023年以来，共办理", 2023) == "year"
    assert period_of("受理行政复议申请7件，其中作出维持决定") == "part"
    assert period_of("其中纠错", rate=True) == "year"  # the rate of the whole
    assert period_of("开展安全生产领域行政执法检查") == "part" and period_of("2023年，受理行政复议案件") == "year"
    assert scope_of("民商事案件诉前调解") == "court" and scope_of("县检察院办理公益诉讼案件") == "procuratorate"
    assert scope_of("全年受理行政复议案件") == "government"


def test_a_figure_maps_only_when_unit_scope_and_period_fit(mixed):
    m = mixed.metrics.set_index("text")
    assert m.loc["9件", "indicator"] == "规范性文件制定" and m.loc["5份", "indicator"] == "规范性文件制定"
    assert pd.isna(m.loc["24件", "indicator"]) and m.loc["24件", "period"] == "cumulative"  # a three-year total
    assert pd.isna(m.loc["676件", "indicator"]) and m.loc["676件", "scope"] == "court"  # the court's work
    assert pd.isna(m.loc["85.5%", "indicator"])  # a court's 调撤率 is not a mediation success rate
    assert pd.isna(m.loc["1200余件", "indicator"])  # disputes settled by every means
    assert pd.isna(m.loc["1560份", "indicator"])  # all documents reviewed, not 规范性文件
    assert pd.isna(m.loc["2件", "indicator"]) and m.loc["2件", "period"] == "part"
    assert m.loc["320件", "indicator"] == "人民调解案件" and m.loc["98%", "indicator"] == "人民调解成功率"


def test_every_compared_value_shares_indicator_unit_scope_and_period(mixed, seeds):
    """What chapter 3 draws side by side (compared, trends) is always one quantity."""
    for corpus in (mixed, seeds):
        v = indicators.indicator_values(corpus)
        same = v.groupby("indicator")[["unit", "scope", "period"]].nunique()
        assert (same == 1).all().all()
        metrics = corpus.metrics.dropna(subset=["indicator"])
        for row in v.itertuples():  # each value is a figure of its report with exactly these qualifiers
            fig = metrics[(metrics["report_id"] == row.report_id) & (metrics["indicator"] == row.indicator)
                          & (metrics["text"] == row.text)]
            assert ((fig["scope"] == row.scope) & (fig["period"] == row.period)).any()
        wide = indicators.compared(corpus)
        for col in wide.columns:
            name, unit = col[:-1].split("（")
            assert (v.loc[v["indicator"] == name, "unit"] == unit).all()
    wide = indicators.compared(mixed)
    assert sorted(wide["规范性文件制定（件）"].dropna()) == [5, 9, 12]  # not the three-year 24
    assert sorted(wide["人民调解成功率（%）"].dropna()) == [96, 98]  # not the court's 85.5


def test_mapping_on_the_annotated_gold_metrics():
    """Every gold figure of the seeds and the development set is annotated with its indicator or none: the
    figures the definitions were written from (in sample), and the held-out third annotated blind (out of
    sample). In sample: what is put on an indicator measures it (precision >= 0.95); the seeds keep at least the
    30 figures mapped before the new indicators, none wrongly."""
    results = evaluation.mapping_results(GOLD)
    assert results.groupby("set").size().to_dict() == {"seeds": 218, "real": 153, "heldout": 64}
    scores = evaluation.mapping_scores(results).set_index(["set", "measure"])
    seeds = results[results["set"] == "seeds"]
    assert seeds["got"].notna().sum() >= 30 and (seeds["got"].dropna() == seeds.loc[seeds["got"].notna(), "wanted"]).all()
    inside = results[results["set"] != "heldout"]
    mapped = inside["got"].notna()
    assert (inside["got"] == inside["wanted"])[mapped].mean() >= 0.95
    for name in ("seeds", "real", "heldout"):
        for measure in ("precision", "recall", "coverage"):
            row = scores.loc[(name, measure)]
            assert row["low"] <= row["share"] <= row["high"] and row["right"] <= row["total"]


# Held-out figures the mapping gets wrong (out of sample: the rules were not changed after seeing them):
# 5次专题研究 in a report whose study sessions are not on rule-of-law work, and 11个社区配备兼职法律顾问, a count of
# communities, put on 法律顾问 (an indicator older than the held-out annotation).
KNOWN_HELDOUT_MISSES = {("reports/39_wuding_zfb_2022.txt", "5次专题研究"), ("reports/60_jinlong_2022.txt", "为辖区11个社区配备了兼职法律顾问")}


def test_mapping_out_of_sample_is_reported_with_its_misses(capsys):
    """The issue's goals were precision >= 0.95 and coverage >= 30 % on the held-out third. Coverage cannot be
    reached there: only 17 of its 64 figures are instances of any defined indicator. Both are reported in the
    book; this test pins the misses so that a change in either shows."""
    results = evaluation.mapping_results(GOLD)
    held = results[results["set"] == "heldout"]
    wrong = held[held["got"].notna() & (held["got"] != held["wanted"])]
    print(evaluation.mapping_scores(results).to_string())
    assert set(zip(wrong["file"], wrong["text"])) == KNOWN_HELDOUT_MISSES
    assert held["wanted"].notna().sum() / len(held) < 0.30  # the ceiling of coverage, by definition
    assert held["got"].notna().sum() >= 12  # the new indicators cover figures the old catalogue did not (5)


def test_unmapped_quantities_are_the_unmapped_figures_grouped(tmp_path):
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    found = indicators.unmapped(corpus, n=1000)
    m = corpus.metrics[corpus.metrics["indicator"].isna()]
    assert list(found.columns) == ["quantity", "unit", "reports", "figures", "example"]
    assert found["figures"].sum() == (m["label"].map(indicators.quantity_head) != "").sum()  # nothing lost but heads-less
    assert found["reports"].is_monotonic_decreasing and (found["reports"] <= found["figures"]).all()
    assert indicators.quantity_head("专职人民调解员") == "调解员" and indicators.quantity_head("") == ""
    assert len(indicators.unmapped(corpus, n=3)) == 3
    table = tables.indicators.unmapped_table(found.head(5))
    assert table.index.name == "所计对象（中心词）" and "报告数" in table.columns
