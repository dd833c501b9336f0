"""The place × year panel: one row per issuer and year covered, the unit researchers merge with yearbooks.

Each row: who (the issuer as :func:`corpus.report_author` names it: a government by its place, a department by
its name), the year covered, the report it comes from (the first in corpus order when a folder holds two), its
level and administrative codes, length, number of sections, whether the file is whole, the status of each of
the five mandated parts, each theme's share of the text, timeliness, and the value of each canonical indicator
(the report's first figure of that indicator for the government's own work in the year, in its base unit).

Columns have ASCII names (``part1``, ``theme01``, ``ind01_value``), so that Stata, R and SQL take them as they
are; :func:`labels` gives each its Chinese label (the ``.dta`` carries them as variable labels).
"""
from __future__ import annotations

import pandas as pd

from ..corpus import Corpus, report_author
from ..model import FIELD_LABELS
from ..parse.codes import COLUMNS as CODE_COLUMNS
from ..parse.codes import NOTE as CODE_NOTE
from ..parse.completeness import COMPLETENESS_ZH
from ..parse.metrics import catalogue
from ..parse.roles import PART_STATUS_ZH
from ..resources import load_toml
from . import concepts as concept_counts
from . import themes, timeliness
from .concepts import Concepts
from .timeliness import TIMELINESS_ZH

BASE = ["author", "year_covered", "report_id", "issuer", "place", "level", "province", "prefecture", *CODE_COLUMNS,
        CODE_NOTE, "published", "completeness", "chars", "sections"]
BASE_LABELS = {
    "author": "发文主体（政府以地方、部门以名称）", "report_id": "报告编号",
    **{k: FIELD_LABELS[k] for k in ("year_covered", "issuer", "place", "level", "province", "prefecture", "published")},
    "province_code": "省级区划代码", "prefecture_code": "地级区划代码", "county_code": "县级区划代码",
    "town_code": "乡镇街道代码", CODE_NOTE: "区划代码说明",
    "completeness": "文件是否完整", "chars": "正文字数", "sections": "一级标题数", "timeliness": "是否按时公开",
}


def _themes():
    return [(f"theme{k:02d}", t.id, t.short) for k, t in enumerate(themes.taxonomy()[0], 1)]


def _indicators():
    return [(f"ind{k:02d}", ind.name) for k, ind in enumerate(catalogue(), 1)]


def panel(corpus: Corpus, concepts: Concepts | None = None) -> pd.DataFrame:
    """The panel (see the module's docstring); empty, with its columns, when no report has a year. With a
    reader's ``concepts``, each concept's count and rate per 10,000 characters (``concept_K``, ``concept_K_per_10k``)."""
    t = corpus.table
    t = t.assign(author=[report_author(r, p, i, lv) for r, p, i, lv in
                         zip(t["report_id"], t["place"], t["issuer"], t["level"])])
    out = t[BASE].dropna(subset=["year_covered"]).drop_duplicates(["author", "year_covered"]).copy()
    ids = out["report_id"]

    parts = corpus.compliance.pivot(index="report_id", columns="part", values="status")
    for part in parts.columns:
        out[f"part{part}"] = ids.map(parts[part])
    cov = themes.coverage(corpus)
    for column, theme, _ in _themes():
        out[column] = ids.map(cov[theme]).astype(float) if theme in cov.columns else float("nan")
    out["timeliness"] = ids.map(timeliness.timeliness(corpus).set_index("report_id")["status"])

    m = corpus.metrics
    m = m[m["indicator"].notna() & (m["scope"] == "government") & (m["period"] == "year")]
    m = m.assign(v=m["value_base"].fillna(m["value"]), u=m["unit_base"].fillna(m["unit"]))
    first = m.drop_duplicates(["report_id", "indicator"]).set_index(["report_id", "indicator"])
    for column, name in _indicators():
        out[f"{column}_value"] = [first["v"].get((r, name)) for r in ids]
        out[f"{column}_unit"] = [first["u"].get((r, name)) for r in ids]
        out[f"{column}_value"] = out[f"{column}_value"].astype(float)
    if concepts is not None:
        counts = concept_counts.wide(concept_counts.count(corpus, concepts), concepts)
        out = out.merge(counts, on="report_id", how="left") if len(counts) else out.assign(
            **{c: pd.Series(dtype="float64") for c in concept_counts.column_labels(concepts)})
    return out.sort_values(["author", "year_covered"], kind="stable").reset_index(drop=True).astype(
        {"year_covered": "Int64"})


def labels(concepts: Concepts | None = None) -> dict[str, str]:
    """Column → its Chinese label (with a reader's concepts' columns when given)."""
    out = dict(BASE_LABELS)
    for part in load_toml("mandated_parts.toml")["part"]:
        out[f"part{part['id']}"] = f"第{part['id']}部分：{part['name']}"
    out |= {column: f"主题占正文比例：{short}" for column, _, short in _themes()}
    for column, name in _indicators():
        out[f"{column}_value"] = f"{name}（数值，基本单位）"
        out[f"{column}_unit"] = f"{name}（单位）"
    return out | (concept_counts.column_labels(concepts) if concepts is not None else {})


def value_labels() -> dict[str, dict[str, str]]:
    """Coded columns → code → Chinese word."""
    out = {f"part{k}": PART_STATUS_ZH for k in range(1, 6)}
    return out | {"completeness": COMPLETENESS_ZH, "timeliness": TIMELINESS_ZH}


def write_stata(df: pd.DataFrame, path, concepts: Concepts | None = None) -> None:
    """The panel as a Stata 118 file (UTF-8): Chinese variable labels, coded columns as labelled values, codes
    as strings (their leading digits kept)."""
    data = df.copy()
    for column, words in value_labels().items():
        if column in data.columns and len(data):  # Stata's writer cannot label an empty column
            data[column] = pd.Categorical(data[column].map(words), categories=list(dict.fromkeys(words.values())))
    for column in data.columns:
        if data[column].dtype == object or pd.api.types.is_string_dtype(data[column].dtype):
            if not isinstance(data[column].dtype, pd.CategoricalDtype):
                data[column] = data[column].astype(object).where(data[column].notna(), "")
    data["year_covered"] = data["year_covered"].astype("float64")
    # Stata's fixed-width strings hold 2,045 bytes: a longer text (an issuer run on from page chrome) is a strL
    long = [c for c in data.columns if data[c].dtype == object and len(data)
            and data[c].map(lambda v: len(str(v).encode("utf-8"))).max() > 2000]
    data.to_stata(path, write_index=False, version=118, convert_strl=long,
                  variable_labels={c: labels(concepts)[c][:80] for c in data.columns})
