"""Tables of the metrics chapter: data richness, canonical indicators across reports, trends, checks."""
from __future__ import annotations

import bisect

import pandas as pd

from ..corpus import Corpus
from ..limits import MIN_GROUP, UNMAPPED_LISTED
from ..parse.metrics import unit_family
from .kept_rows import kept
from .segment import cut, dictionary_signature

SAME_UNIT = {"份": "件", "名": "人"}  # units that count the same things


def richness(corpus: Corpus) -> pd.DataFrame:
    """Per report (tidy): number of metrics, metrics per 1,000 characters, share of sections that give a figure.

    A section counts when it holds paragraphs of its own (a leaf of the heading tree or a section
    with body text); it "gives a figure" when one of its paragraphs holds a metric. Computed once per corpus.
    """
    return corpus.memo("richness", lambda: _richness(corpus))


def _richness(corpus: Corpus) -> pd.DataFrame:
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


def quantity_head(label: str) -> str:
    """What a figure counts, in one word: the last word of its label of two characters or more (the head of a
    Chinese noun phrase is its end: 专职人民调解员 → 调解员, 举办行政执法培训班 → 培训班); "" when none."""
    words = [w for w in cut(label or "") if sum("\u4e00" <= ch <= "\u9fff" for ch in w) >= 2]
    return words[-1] if words else ""


def _quantity_heads(corpus: Corpus) -> pd.DataFrame:
    """What each figure mapped onto no indicator counts (:func:`quantity_head`), in the order of the corpus's
    figures table: report_id, quantity (a report's rows depend on it alone: kept between runs)."""
    m = corpus.metrics[["report_id", "label", "indicator"]]  # not a copy of every column (0.2 GB at 10,000 reports)
    m = m[m["indicator"].isna()]
    return pd.DataFrame({"report_id": m["report_id"].astype(object).to_numpy(),
                         "quantity": [quantity_head(label) for label in m["label"]]}, dtype=object)


def unmapped(corpus: Corpus, n: int = UNMAPPED_LISTED) -> pd.DataFrame:
    """The quantities the reports publish most often that no indicator compares: the figures mapped onto none,
    grouped by what they count (:func:`quantity_head`) and their base unit, the most widely published first
    (tidy: quantity, unit, reports, figures, example: one label as written)."""
    m = corpus.metrics[["report_id", "label", "unit", "unit_base", "indicator"]]  # each copy below is of these only
    m = m[m["indicator"].isna()]
    heads = kept(corpus, "quantity heads " + dictionary_signature(), _quantity_heads)["quantity"]
    heads = pd.Series(heads.to_numpy(), index=m.index, dtype=object)
    m = m.assign(quantity=heads, base=m["unit_base"].fillna(m["unit"]))[heads != ""]
    out = m.groupby(["quantity", "base"], sort=False).agg(
        reports=("report_id", "nunique"), figures=("report_id", "size"), example=("label", "first")).reset_index()
    out = out.rename(columns={"base": "unit"}).sort_values(["reports", "figures", "quantity"],
                                                          ascending=[False, False, True], kind="stable")
    return out.head(n).reset_index(drop=True).astype({"reports": "int64", "figures": "int64"})
