"""Tables of the metrics chapter: data richness, canonical indicators across reports, trends, checks."""
from __future__ import annotations

import bisect

import pandas as pd

from ..corpus import Corpus, report_labels
from ..limits import CHECKS_LISTED, FIGURES_LISTED, MIN_GROUP
from ..parse.metrics import catalogue, unit_family

SAME_UNIT = {"份": "件", "名": "人"}  # units that count the same things


KIND_LABELS = {"count": "计数", "percent": "比率", "money": "金额", "duration": "时长", "ratio": "倍数", "other": "其他"}


def richness(corpus: Corpus) -> pd.DataFrame:
    """Per report (tidy): number of metrics, metrics per 1,000 characters, share of sections that give a figure.

    A section counts when it holds paragraphs of its own (a leaf of the heading tree or a section
    with body text); it "gives a figure" when one of its paragraphs holds a metric.
    """
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        starts = sorted(m.start for m in r.metrics)

        def holds_figure(p, starts=starts) -> bool:  # a bisection, not a scan of every metric per paragraph
            k = bisect.bisect_left(starts, p.start)
            return k < len(starts) and starts[k] < p.end

        holders = [s for top in r.sections for s in top.walk() if s.paragraphs]
        with_figures = sum(any(holds_figure(p) for p in s.paragraphs) for s in holders)
        rows.append({"report_id": rid, "metrics": len(r.metrics),
                     "metrics_per_1000_chars": round(1000 * len(r.metrics) / r.chars, 2) if r.chars else 0.0,
                     "share_sections_with_figures": round(with_figures / len(holders), 2) if holders else 0.0,
                     "sections_with_text": len(holders)})
    return pd.DataFrame(rows, columns=RICHNESS_COLUMNS).astype(
        {"metrics": "int64", "metrics_per_1000_chars": "float64", "share_sections_with_figures": "float64",
         "sections_with_text": "int64"})


RICHNESS_COLUMNS = ["report_id", "metrics", "metrics_per_1000_chars", "share_sections_with_figures", "sections_with_text"]
RICHNESS_HEADERS = {"metrics": "指标数", "metrics_per_1000_chars": "每千字指标数",
                    "share_sections_with_figures": "含数字的小节占比", "sections_with_text": "小节数"}


SHARE_PERCENT = "含数字的小节占比（%）"


def richness_table(corpus: Corpus, rich: pd.DataFrame, percent: bool = True) -> pd.DataFrame:
    """The reader's table of :func:`richness`: one row per report, labelled, Chinese headers; the share of
    sections with figures as a percentage (``percent``), or as the fraction a chart's 0–100 % axis takes."""
    out = rich.set_index("report_id").rename(columns=RICHNESS_HEADERS)
    if percent:
        out = out.assign(**{RICHNESS_HEADERS["share_sections_with_figures"]:
                            (out[RICHNESS_HEADERS["share_sections_with_figures"]] * 100).round().astype("int64")}
                         ).rename(columns={RICHNESS_HEADERS["share_sections_with_figures"]: SHARE_PERCENT})
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
    out["类型"] = out["类型"].map(KIND_LABELS)
    if one["page"].notna().any():  # a PDF: where to find the figure on the printed page
        out.insert(len(out.columns) - 1, "页码", one["page"].astype(object))
    out.index = pd.RangeIndex(1, len(out) + 1, name="序号")
    return out.fillna("—")


VALUE_COLUMNS = ["report_id", "indicator", "value", "unit", "scope", "period", "text", "sentence", "mentions"]


def indicator_values(corpus: Corpus) -> pd.DataFrame:
    """One row per report and canonical indicator: the first figure the report gives for it, among the figures
    of the indicator's most common (unit, scope, period): what is compared is always the same quantity, so a court's
    rate, a three-year total or a count of person-times never stands beside a government's one-year figure or a
    count of people (the mapping has already kept out every figure the indicator's definition does not accept).

    Values are in base units (20万人 → 200000 人; 份 counted as 件, 名 as 人). ``mentions`` counts the report's
    figures for the indicator.
    """
    m = corpus.metrics.dropna(subset=["indicator"]).copy()
    if m.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    m["value_std"] = m["value_base"].fillna(m["value"]).astype(float)
    # 份 and 件 of 规范性文件, 名 and 人 are one unit; 人次 (person-times) and 人 are not
    m["unit_std"] = m["unit_base"].fillna(m["unit"]).map(lambda u: SAME_UNIT.get(unit_family(u), unit_family(u)))
    key = m["unit_std"] + "|" + m["scope"] + "|" + m["period"]
    modal = key.groupby(m["indicator"]).agg(lambda s: s.value_counts().sort_index().idxmax())
    m = m[key == m["indicator"].map(modal)]
    first = m.sort_values(["report_id", "start"]).groupby(["report_id", "indicator"], sort=True).agg(
        value=("value_std", "first"), unit=("unit_std", "first"), scope=("scope", "first"),
        period=("period", "first"), text=("text", "first"), sentence=("sentence", "first"),
        mentions=("text", "size")).reset_index()
    return first[VALUE_COLUMNS]


def compared(corpus: Corpus, min_reports: int = 2) -> pd.DataFrame:
    """Report × indicator for indicators that at least ``min_reports`` reports give (same unit)."""
    v = indicator_values(corpus)
    unit = v.groupby("indicator")["unit"].first()
    counts = v.groupby("indicator")["report_id"].nunique()
    keep = counts[counts >= min_reports].sort_values(ascending=False, kind="stable").index
    wide = v[v["indicator"].isin(keep)].pivot(index="report_id", columns="indicator", values="value")
    wide = wide.reindex(index=[i for i in corpus.ids if i in wide.index], columns=list(keep))
    wide.columns = [f"{c}（{unit[c]}）" for c in wide.columns]
    return wide


def panel_places(corpus: Corpus) -> list[str]:
    """Places that the corpus holds in two or more different years (a true panel)."""
    t = corpus.table.dropna(subset=["place", "year_covered"])
    years = t.groupby(["province", "place"], dropna=False)["year_covered"].nunique()
    return sorted(p for (_, p), n in years.items() if n >= 2)


def trends(corpus: Corpus, min_points: int = 2) -> tuple[str, pd.DataFrame]:
    """("panel", place × year × indicator) when some place appears in several years, else
    ("cross-section", year × indicator means across places, for the years in which at least
    ``limits.MIN_GROUP`` reports give the indicator: a "mean" of one report is that report). Each row: place,
    year, indicator, value."""
    v = indicator_values(corpus).merge(corpus.table[["report_id", "place", "year_covered"]], on="report_id")
    v = v.dropna(subset=["year_covered"])
    places = panel_places(corpus)
    if places:
        p = v[v["place"].isin(places)]
        n = p.groupby(["place", "indicator"])["year_covered"].nunique()
        keep = n[n >= min_points].index
        p = p.set_index(["place", "indicator"]).loc[lambda d: d.index.isin(keep)].reset_index()
        return "panel", p[["place", "year_covered", "indicator", "value", "unit"]].sort_values(
            ["indicator", "place", "year_covered"]).reset_index(drop=True)
    cs = v.groupby(["indicator", "year_covered", "unit"], as_index=False).agg(
        value=("value", "mean"), reports=("report_id", "nunique"))
    cs = cs[cs["reports"] >= MIN_GROUP]
    n = cs.groupby("indicator")["year_covered"].nunique()
    cs = cs[cs["indicator"].isin(n[n >= min_points].index)]
    return "cross-section", cs.sort_values(["indicator", "year_covered"]).reset_index(drop=True)


def checks(corpus: Corpus) -> pd.DataFrame:
    """Every recomputed rate (tidy): stated against computed, consistent or not (data-quality findings)."""
    rows = [{"report_id": rid, "text": m.text, "formula": c.formula, "computed": float(c.computed),
             "stated": float(c.stated), "consistent": bool(c.consistent), "sentence": m.sentence}
            for rid, r in zip(corpus.ids, corpus.reports) for m in r.metrics for c in m.checks]
    return pd.DataFrame(rows, columns=CHECK_COLUMNS).astype({"computed": "float64", "stated": "float64",
                                                             "consistent": "bool"})


CHECK_COLUMNS = ["report_id", "text", "formula", "computed", "stated", "consistent", "sentence"]


def checks_table(corpus: Corpus, found: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`checks`: the inconsistent first, Chinese headers, labelled reports."""
    out = pd.DataFrame({"报告": found["report_id"].map(corpus.labels()),
                        "陈述": found["text"], "算式": found["formula"], "计算值（%）": found["computed"],
                        "文中（%）": found["stated"], "一致": found["consistent"].map({True: "是", False: "否"}),
                        "句子": found["sentence"]})
    out = out.sort_values("一致")
    return (out.head(max_rows) if max_rows else out).set_index("报告")


SCOPE_ZH = {"government": "政府及其部门", "court": "法院", "procuratorate": "检察院"}
PERIOD_ZH = {"year": "报告年度", "cumulative": "累计或多年合计", "stock": "时点存量", "part": "年度数字的一部分"}


def catalogue_table() -> pd.DataFrame:
    """The reader's table of the metric catalogue: each canonical indicator's definition (one row per indicator;
    an indicator worded in several ways has one row)."""
    rows = {}
    for ind in catalogue():
        if ind.name not in rows:
            rows[ind.name] = {"规范指标": ind.name, "所计对象": ind.counts, "单位": "、".join(ind.units),
                              "主体": "、".join(SCOPE_ZH[x] for x in ind.scope),
                              "期间": "、".join(PERIOD_ZH[x] for x in ind.period)}
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
