"""The metrics chapter's tables: richness, comparisons, the panel/cross-section choice, checks."""
import shutil

import pytest

import govreports as gr
from govreports import indicators

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
    table = indicators.richness_table(seeds, rich)  # the reader's table, labelled
    assert table.loc["新蔡县（2022）", "每千字指标数"] == xincai


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
    assert indicators.checks_table(seeds, found)["一致"].iloc[0] == "否"
    one = indicators.metrics_of(seeds, "新蔡县（2022）")
    assert len(one) == 70 and one.index[0] == 1
    with pytest.raises(KeyError):
        indicators.metrics_of(seeds, "不存在的报告")
