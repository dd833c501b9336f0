"""Helpers of the reader's tables and sentences: a per-group profile turned into a table, a count with its share."""
from __future__ import annotations

import pandas as pd

from ...limits import PERCENT_FROM


def groups_table(profile: pd.DataFrame, group: str, row: str) -> pd.DataFrame:
    """The reader's table of a per-group profile (one row per group, a ``reports`` column, one column per
    measure): the measures down the side (a long list reads on any screen) and one column per group, headed by
    its name and its number of reports ("2021（5份）"); ``group`` and ``row`` name the two axes."""
    def name(g) -> str:
        return str(int(g)) if isinstance(g, float) and g.is_integer() else str(g)

    heads = [f"{name(g)}（{n}份）" for g, n in zip(profile.index, profile["reports"])]
    out = profile.drop(columns="reports").T.set_axis(heads, axis=1)
    out.index.name = row
    out.columns.name = f"{group}（报告数）"
    return out


def share_text(k: int, n: int, unit: str = "个") -> str:
    """k of n for prose: "12 个（3%）" when n is large enough for a percentage to mean something, else "1 个"."""
    return f"{k} {unit}（{k / n:.0%}）" if n >= PERCENT_FROM and k else f"{k} {unit}"
