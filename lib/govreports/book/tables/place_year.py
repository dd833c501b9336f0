"""The panel's Chinese variable and value labels, and the panel as a Stata file that carries them."""
from __future__ import annotations

import datetime
import os

import pandas as pd

from ...analysis import concepts as concept_counts
from ...analysis.concepts import Concepts
from ...analysis.place_year import indicator_columns, theme_columns
from ...resources import load_toml
from ..labels import COMPLETENESS_LABELS, PANEL_LABELS, PART_STATUS_LABELS, TIMELINESS_LABELS


def labels(concepts: Concepts | None = None) -> dict[str, str]:
    """Column → its Chinese label (with a reader's concepts' columns when given)."""
    out = dict(PANEL_LABELS)
    for part in load_toml("mandated_parts.toml")["part"]:
        out[f"part{part['id']}"] = f"第{part['id']}部分：{part['name']}"
    out |= {column: f"主题占正文比例：{short}" for column, _, short in theme_columns()}
    for column, name in indicator_columns():
        out[f"{column}_value"] = f"{name}（数值，基本单位）"
        out[f"{column}_unit"] = f"{name}（单位）"
    return out | (concept_counts.column_labels(concepts) if concepts is not None else {})


def value_labels() -> dict[str, dict[str, str]]:
    """Coded columns → code → Chinese word."""
    out = {f"part{k}": PART_STATUS_LABELS for k in range(1, 6)}
    return out | {"completeness": COMPLETENESS_LABELS, "timeliness": TIMELINESS_LABELS}


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
    data.to_stata(path, write_index=False, version=118, convert_strl=long, time_stamp=stamp(),
                  variable_labels={c: labels(concepts)[c][:80] for c in data.columns})


def stamp() -> datetime.datetime:
    """The time stamp in a Stata file's header: ``$SOURCE_DATE_EPOCH`` when set (reproducible builds), else the
    epoch, so that two exports of one corpus are the same bytes (the writer's default, the minute of writing,
    made two exports differ when a minute turned between them)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(value) if value.isdigit() else 0
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).replace(tzinfo=None)
