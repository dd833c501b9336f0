"""Timeliness: each report's date against its level's deadline, on made-up reports and on the seeds."""
import pandas as pd

import govreports as gr
from govreports import timeliness

BODY = """{issuer}关于2023年度法治政府建设情况的报告
2023年，{place}深入推进法治政府建设。现报告如下：
一、主要举措和成效
全年受理行政复议案件12件。
二、存在的问题
基层执法力量薄弱。
三、下一步工作安排
持续推进法治政府建设。
{issuer}
{date}
"""


def test_on_time_late_and_unknown_by_level(tmp_path):
    cases = {"a": ("甲县人民政府", "甲县", "2024年3月28日"), "b": ("乙县人民政府", "乙县", "2024年4月10日"),
             "c": ("丙县司法局", "丙县司法局", "2024年3月20日"), "d": ("丁县人民政府", "丁县", "")}
    for name, (issuer, place, day) in cases.items():
        (tmp_path / f"{name}.txt").write_text(BODY.format(issuer=issuer, place=place, date=day), encoding="utf-8")
    c = gr.load_corpus(tmp_path, cache=False)
    found = timeliness.timeliness(c).set_index("report_id")
    assert found.loc["a", "status"] == "on_time" and found.loc["a", "days_before"] == 4
    assert found.loc["b", "status"] == "late" and found.loc["b", "days_before"] == -9
    assert found.loc["c", "level"] == "部门" and found.loc["c", "status"] == "late"  # departments: before 1 March
    assert found.loc["d", "status"] == "unknown" and pd.isna(found.loc["d", "days_before"])
    table = timeliness.by_level_table(found.reset_index())
    assert table.loc["合计"].to_dict() == {"按时": 1, "逾期": 2, "日期不详": 1}
    assert timeliness.sentence(found.reset_index()) == "4 份报告中，3 份写明了日期，其中 1 份在期限之前、2 份逾期；另有 1 份没有日期，无从判断。"


def test_the_seeds_and_a_corpus_without_dates(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    found = timeliness.timeliness(gr.load_corpus())
    assert list(found["status"]) == ["unknown", "unknown", "on_time", "on_time", "unknown"]
    (tmp_path / "x.txt").write_text(BODY.format(issuer="甲县人民政府", place="甲县", date=""), encoding="utf-8")
    none = timeliness.timeliness(gr.load_corpus(tmp_path, cache=False))
    assert timeliness.sentence(none) == "本语料中没有一份报告写明日期，无从判断是否按时公开。"
