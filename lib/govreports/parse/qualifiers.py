"""What period a figure covers and whose work it counts, from cues in its sentence before the number.

A figure's period is ``year`` (the year the report covers; the default), ``cumulative`` (累计, 近三年,
截至…, 自2019年以来), ``stock`` (现有, 年底…: a number held at a date) or ``part`` (a part of the year's
figure: 其中…, one campaign week or month, one field). Its scope is ``government`` (the
default: the government and its departments), ``court`` or ``procuratorate``. The cues are reviewed data
(``data/metric_qualifiers.toml``); :mod:`metrics` maps a figure onto a canonical indicator only when its
period and scope fit the indicator's definition.
"""
from __future__ import annotations

import re
from functools import cache

from ..resources import load_toml

PERIODS = ("year", "cumulative", "stock", "part")
SCOPES = ("government", "court", "procuratorate")


@cache
def _cues() -> dict[str, dict[str, re.Pattern]]:
    data = load_toml("metric_qualifiers.toml")
    return {part: {k: re.compile(v) for k, v in data[part].items()} for part in ("period", "scope")}


def period_of(before: str, year_covered: int | None = None, rate: bool = False) -> str:
    """The period of a figure whose sentence up to the number is ``before`` (a rate is never a part: 其中…纠错率
    is the rate of the whole)."""
    cues = _cues()["period"]
    if not rate and cues["part"].search(before):
        return "part"
    if cues["year_first"].search(before):
        return "year"
    if cues["cumulative_first"].search(before):
        return "cumulative"
    if cues["stock"].search(before):
        return "stock"
    if cues["cumulative"].search(before):
        return "cumulative"
    for m in cues["since_year"].finditer(before):
        if year_covered is None or int(m.group(1)) < year_covered:
            return "cumulative"
    return "year"


def scope_of(before: str) -> str:
    """Whose work a figure counts, from its sentence up to the number."""
    cues = _cues()["scope"]
    for scope in ("court", "procuratorate"):
        if cues[scope].search(before):
            return scope
    return "government"
