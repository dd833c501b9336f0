"""One government over the years, on a made-up pair of reports of one county."""
import subprocess
import sys

import govreports as gr
from govreports.analysis import compare
from govreports.book import tables

EARLIER = """洛宁县人民政府关于2022年度法治政府建设情况的报告
2022年，洛宁县坚持以习近平法治思想为指导，深入推进法治政府建设，各项工作取得积极成效。现报告如下：
一、主要举措和成效
（一）行政复议。全年受理行政复议案件40件，依法纠正违法或者不当的行政行为。
（二）规范性文件。全年制定行政规范性文件6件，全部经过合法性审核。
二、存在的问题
一是基层行政执法人员专业素质有待提高，执法不规范的问题仍然存在。二是行政复议案件办理周期偏长。
三、2023年工作安排
一是建设县级行政复议服务中心，实现复议申请一站式办理。二是开展全县行政执法人员轮训。
"""
LATER = """洛宁县人民政府关于2023年度法治政府建设情况的报告
2023年，洛宁县坚持以习近平法治思想为指导，深入推进法治政府建设，各项工作取得积极成效。现报告如下：
一、主要举措和成效
（一）行政复议。全年受理行政复议案件55件，建设县级行政复议服务中心，实现复议申请一站式办理。
（二）规范性文件。全年制定行政规范性文件9件，全部经过合法性审核。
二、存在的问题
一是基层行政执法人员专业素质有待提高，执法不规范的问题仍然存在。二是数字政府建设滞后。
三、2024年工作安排
一是推进数字法治政府建设。
"""


def corpus(tmp_path):
    (tmp_path / "jia_2023.txt").write_text(LATER, encoding="utf-8")  # the later one first: order is by year
    (tmp_path / "jia_2022.txt").write_text(EARLIER, encoding="utf-8")
    return gr.load_corpus(tmp_path, cache=False)


def test_a_pair_of_one_place(tmp_path):
    c = corpus(tmp_path)
    assert compare.panel_pairs(c) == [("洛宁县", "jia_2022", "jia_2023")]
    cmp = compare.compare(c.reports, c.ids)
    assert (cmp.earlier, cmp.later) == ("jia_2022", "jia_2023")
    f = cmp.figures.set_index("indicator")
    assert f.loc["行政复议受理案件", ["value_earlier", "value_later", "change"]].tolist() == [40, 55, 15]
    assert round(f.loc["行政复议受理案件", "change_pct"], 1) == 37.5
    assert f.loc["规范性文件制定", "change"] == 3 and set(f["period"]) == {"year"}
    assert any("坚持以习近平法治思想为指导" in p for p in cmp.carried["passage"])  # the opening, copied
    assert len(cmp.recurring) == 1 and "专业素质有待提高" in cmp.recurring["later"].iloc[0]
    assert len(cmp.kept) == 1 and "行政复议服务中心" in cmp.kept["plan"].iloc[0]
    assert 0 < cmp.carried_share < 1


def test_the_compare_command_writes_the_page(tmp_path):
    corpus(tmp_path)  # writes the two reports
    out = subprocess.run([sys.executable, "-m", "govreports", "compare", str(tmp_path / "jia_2022.txt"),
                          str(tmp_path / "jia_2023.txt")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    page = out.stdout
    assert page.startswith("# 洛宁县（2022） 与 洛宁县（2023）") and "| 行政复议受理案件 | 件 | 40 | 55 | 15 | +37.5 |" in page
    assert "有 1 条在洛宁县（2022）中已经出现过" in page and "有 1 项在洛宁县（2023）的成效部分再次出现" in page
    bad = subprocess.run([sys.executable, "-m", "govreports", "compare", str(tmp_path / "jia_2022.txt"),
                          str(tmp_path / "nothing.txt")], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def test_chapter_7_compares_each_pair_of_a_panel(tmp_path):
    from notebooks import html_shown, run_chapter

    corpus(tmp_path)
    shown = html_shown(run_chapter("panel.ipynb", tmp_path))
    assert "洛宁县（2022） → 洛宁县（2023）" in shown and "行政复议受理案件" in shown and "+37.5" in shown


def test_a_department_is_paired_with_its_own_years_never_with_the_government_of_its_place(tmp_path):
    """洛宁县司法局 2023 follows 洛宁县人民政府 2022 in the corpus: not one government over the years. Its own
    2024 report is its pair."""
    dept = LATER.replace("洛宁县人民政府关于2023年度", "洛宁县司法局关于2023年度")
    (tmp_path / "gov_2022.txt").write_text(EARLIER, encoding="utf-8")
    (tmp_path / "sfj_2023.txt").write_text(dept, encoding="utf-8")
    (tmp_path / "sfj_2024.txt").write_text(dept.replace("2023", "2024").replace("2024年工作安排", "2025年工作安排"),
                                            encoding="utf-8")
    c = gr.load_corpus(tmp_path, cache=False)
    t = c.table.set_index("report_id")
    assert t.loc["sfj_2023", "level"] == "部门" and t.loc["gov_2022", "level"] != "部门"
    assert compare.panel_pairs(c) == [("洛宁县司法局", "sfj_2023", "sfj_2024")]


def test_pages_cut_before_their_problems_say_not_covered_not_none(tmp_path):
    """Two web pages saved only up to their first part: no problem or plan is a fact about the files, not the
    reports (未覆盖), while the figures and the copied text are still compared."""
    cut = lambda text: text[:text.index("二、存在的问题")] + "（三）执法监督。全年开展"  # noqa: E731
    (tmp_path / "jia_2023.txt").write_text(cut(LATER), encoding="utf-8")
    (tmp_path / "jia_2022.txt").write_text(cut(EARLIER), encoding="utf-8")
    c = gr.load_corpus(tmp_path, cache=False)
    cmp = compare.compare(c.reports, c.ids)
    assert not cmp.whole and len(cmp.figures) == 2
    table = tables.compare.summary_table(cmp, c.labels())["结果"]
    assert table["再次出现的问题"].startswith("未覆盖") and table["兑现为成效的计划"].startswith("未覆盖")
    (tmp_path / "whole").mkdir()
    w = corpus(tmp_path / "whole")
    assert tables.compare.summary_table(compare.compare(w.reports, w.ids), w.labels())["结果"]["再次出现的问题"] == "1 条"
