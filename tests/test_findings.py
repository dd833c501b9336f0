"""The key findings page: seven sentences computed from the corpus, true for any corpus."""
import govreports as gr
from govreports.analysis import indicators
from govreports.book.findings import key_findings


def test_findings_of_the_seeds(monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    found = {f.key: f for f in key_findings(c)}
    assert list(found) == ["complete", "problem_share", "figures", "theme", "formulaic", "unanswered", "timely"]
    assert found["complete"].sentence == f"5 份完整的报告中，规定的四个必备部分都独立成节的有 {int(c.all_parts().sum())} 份。"
    checks = indicators.checks(c)
    assert f"能用同句计数重算的 {len(checks)} 个比率中，{int((~checks['consistent']).sum())} 个" in found["figures"].sentence
    assert "行政执法" in found["theme"].sentence  # the largest theme whose held-out precision is sound
    assert all(f.source.startswith("fig-") or f.source in ("problems", "corpus") for f in found.values())


def test_findings_of_a_report_without_problems_rates_or_date(tmp_path):
    (tmp_path / "bare.txt").write_text("某县人民政府关于2023年度法治政府建设情况的报告\n2023年，某县坚持依法行政，推进法治政府建设。\n",
                                       encoding="utf-8")
    found = {f.key: f.sentence for f in key_findings(gr.load_corpus(tmp_path, cache=False))}
    assert found["formulaic"] == "报告的文件都不完整，没有一份写到问题部分，无从判断问题写得是否具体。"
    assert found["figures"].endswith("没有哪个比率能用同句的计数重算。")
    assert found["timely"] == "本语料中没有一份报告写明日期，无从判断是否按时公开。"
    # the one file stops before any plans, unsigned: whether the report omits parts cannot be seen
    assert found["complete"] == "这份报告的文件不完整（摘要、节选或中途中断），看不出它是否缺少规定的部分。"
    assert found["problem_share"] == "问题部分所占的比例只能在完整的报告上计算，本语料没有完整的报告。"
    # the same report, whole: it ends with its plans
    (tmp_path / "bare.txt").write_text("某县人民政府关于2023年度法治政府建设情况的报告\n一、主要成效\n2023年，某县坚持依法行政，"
                                       "推进法治政府建设。\n二、下一步工作打算\n2024年，某县将继续推进严格规范公正文明执法。\n",
                                       encoding="utf-8")
    found = {f.key: f.sentence for f in key_findings(gr.load_corpus(tmp_path, cache=False))}
    assert found["problem_share"] == "没有一份报告有独立成节的问题部分。"
    assert found["formulaic"] == "没有一份报告写出可以识别的问题。"
    assert found["complete"] == "1 份完整的报告中，规定的四个必备部分都独立成节的有 0 份。"
