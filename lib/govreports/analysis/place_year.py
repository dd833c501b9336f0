"""The place × year panel: one row per issuer and year covered, the unit researchers merge with yearbooks.

Each row: who (the issuer as :func:`corpus.report_author` names it: a government by its place, a department by
its name), the year covered, the report it comes from (the first in corpus order when a folder holds two), its
level and administrative codes, length, number of sections, whether the file is whole, the status of each of
the five mandated parts, each theme's share of the text, timeliness, and the value of each canonical indicator
(the report's first figure of that indicator for the government's own work in the year, in its base unit).

Columns have ASCII names (``part1``, ``theme01``, ``ind01_value``), so that Stata, R and SQL take them as they
are; :func:`govreports.book.tables.place_year.labels` gives each its Chinese label (the ``.dta`` carries them).
"""
from __future__ import annotations

import pandas as pd

from ..corpus import Corpus, report_author
from ..parse.codes import COLUMNS as CODE_COLUMNS
from ..parse.codes import NOTE as CODE_NOTE
from ..parse.metrics import catalogue
from ..vocabulary import GOVERNMENT, YEAR
from . import concepts as concept_counts
from . import themes, timeliness
from .concepts import Concepts

BASE = ["author", "year_covered", "report_id", "issuer", "place", "level", "province", "prefecture", *CODE_COLUMNS,
        CODE_NOTE, "published", "completeness", "chars", "sections"]


def theme_columns():
    return [(f"theme{k:02d}", t.id, t.short) for k, t in enumerate(themes.taxonomy()[0], 1)]


def indicator_columns():
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
    for column, theme, _ in theme_columns():
        out[column] = ids.map(cov[theme]).astype(float) if theme in cov.columns else float("nan")
    out["timeliness"] = ids.map(timeliness.timeliness(corpus).set_index("report_id")["status"])

    m = corpus.metrics
    m = m[m["indicator"].notna() & (m["scope"] == GOVERNMENT) & (m["period"] == YEAR)]
    m = m.assign(v=m["value_base"].fillna(m["value"]), u=m["unit_base"].fillna(m["unit"]))
    first = m.drop_duplicates(["report_id", "indicator"])
    values = first.pivot(index="report_id", columns="indicator", values="v")
    units = first.pivot(index="report_id", columns="indicator", values="u")
    for column, name in indicator_columns():  # looked up a column at a time: a lookup per cell took 10 s at 1,000
        found = name in values.columns
        out[f"{column}_value"] = ids.map(values[name]).astype(float) if found else float("nan")
        unit = ids.map(units[name]) if found else pd.Series(None, index=ids.index, dtype=object)
        out[f"{column}_unit"] = unit.astype(object).where(unit.notna(), None).tolist()  # dtype inferred as before
    if concepts is not None:
        counts = concept_counts.wide(concept_counts.count(corpus, concepts), concepts)
        out = out.merge(counts, on="report_id", how="left") if len(counts) else out.assign(
            **{c: pd.Series(dtype="float64") for c in concept_counts.column_labels(concepts)})
    return out.sort_values(["author", "year_covered"], kind="stable").reset_index(drop=True).astype(
        {"year_covered": "Int64"})


