"""The reader's tables and sentences of :mod:`govreports.analysis.indicators`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...analysis.indicators import richness
from ...corpus import Corpus, report_labels
from ...limits import CHECKS_LISTED, FIGURES_LISTED
from ...parse.metrics import catalogue
from ..labels import FIGURE_KIND_LABELS, PERIOD_LABELS, RICHNESS_LABELS, SCOPE_LABELS, UNMAPPED_LABELS

SHARE_PERCENT = "含数字的小节占比（%）"


def richness_table(corpus: Corpus, rich: pd.DataFrame, percent: bool = True) -> pd.DataFrame:
    """The reader's table of :func:`richness`: one row per report, labelled, Chinese headers; the share of
    sections with figures as a percentage (``percent``), or as the fraction a chart's 0–100 % axis takes."""
    out = rich.set_index("report_id").rename(columns=RICHNESS_LABELS)
    if percent:
        out = out.assign(**{RICHNESS_LABELS["share_sections_with_figures"]:
                            (out[RICHNESS_LABELS["share_sections_with_figures"]] * 100).round().astype("int64")}
                         ).rename(columns={RICHNESS_LABELS["share_sections_with_figures"]: SHARE_PERCENT})
    out.index = pd.Index(out.index.map(corpus.labels()), name="报告")
    return out


def metrics_of(corpus: Corpus, report: str | None = None) -> pd.DataFrame:
    """The reader's table of one report's metrics (a report id, or its label such as 新蔡县（2022）;
    default: the report richest in figures), each with what it counts, its indicator, section, page (PDF files)
    and sentence."""
    labels = dict(zip(report_labels(corpus.table, corpus.ids), corpus.ids))
    if report is None:
        rich = richness(corpus)
        report = rich.loc[rich["metrics_per_1000_chars"].idxmax(), "report_id"]
    rid = labels.get(report, report)
    if rid not in corpus.ids:
        raise KeyError(f"no report {report!r} in the corpus")
    one = corpus.metrics[corpus.metrics["report_id"] == rid]
    out = one[["text", "label", "indicator", "kind", "section", "sentence"]].rename(columns={
        "text": "指标", "label": "所计对象", "indicator": "规范指标", "kind": "类型", "section": "小节", "sentence": "句子",
    })
    out["类型"] = out["类型"].map(FIGURE_KIND_LABELS)
    if one["page"].notna().any():  # a PDF: where to find the figure on the printed page
        out.insert(len(out.columns) - 1, "页码", one["page"].astype(object))
    out.index = pd.RangeIndex(1, len(out) + 1, name="序号")
    return out.fillna("—")


def checks_table(corpus: Corpus, found: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`checks`: the inconsistent first, Chinese headers, labelled reports."""
    out = pd.DataFrame({"报告": found["report_id"].map(corpus.labels()),
                        "陈述": found["text"], "算式": found["formula"], "计算值（%）": found["computed"],
                        "文中（%）": found["stated"], "一致": found["consistent"].map({True: "是", False: "否"}),
                        "句子": found["sentence"]})
    out = out.sort_values("一致")
    return (out.head(max_rows) if max_rows else out).set_index("报告")






def catalogue_table() -> pd.DataFrame:
    """The reader's table of the metric catalogue: each canonical indicator's definition (one row per indicator;
    an indicator worded in several ways has one row)."""
    rows = {}
    for ind in catalogue():
        if ind.name not in rows:
            rows[ind.name] = {"规范指标": ind.name, "所计对象": ind.counts, "单位": "、".join(ind.units),
                              "主体": "、".join(SCOPE_LABELS[x] for x in ind.scope),
                              "期间": "、".join(PERIOD_LABELS[x] for x in ind.period),
                              "依据": "；".join(ind.sources) or "评估指标体系、纲要和种子报告（见目录文件的说明）"}
    return pd.DataFrame(list(rows.values())).set_index("规范指标")


def all_figures_table(corpus: Corpus, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of every figure, for the searchable page: report (by place and year), indicator,
    the figure as written, its unit and its sentence as HTML with the figure marked (report text escaped)."""
    import html

    m = corpus.metrics.head(max_rows or FIGURES_LISTED)
    labels = corpus.labels()

    def marked(sentence: str, text: str) -> str:
        safe, needle = html.escape(sentence), html.escape(text)
        return safe.replace(needle, f"<mark>{needle}</mark>", 1) if needle else safe

    return pd.DataFrame({"报告": m["report_id"].map(labels), "规范指标": m["indicator"].fillna("—"),
                         "数字": m["text"], "单位": m["unit"],
                         "句子": [marked(s, t) for s, t in zip(m["sentence"], m["text"])]})


def checks_sentence(found: pd.DataFrame) -> str:
    """Chapter 3's sentence on the rates recomputed from their counts (:func:`checks`)."""
    if found.empty:
        return "本语料中没有同时给出计数和比率、可以重算的地方。"
    wrong = int((~found["consistent"]).sum())
    return (f"本语料中共有 {len(found)} 处可以重算，其中 {wrong} 处与文中的比率不符（超出四舍五入的误差）。"
            f"下表先列不一致的，最多 {CHECKS_LISTED} 行；全部结果在指标表的 `check` 列中。")


def unmapped_table(found: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`indicators.unmapped`."""
    return found.rename(columns=UNMAPPED_LABELS).set_index(UNMAPPED_LABELS["quantity"])
