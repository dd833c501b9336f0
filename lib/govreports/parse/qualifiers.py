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
from ..vocabulary import COURT, CUMULATIVE, GOVERNMENT, PART, PROCURATORATE, STOCK, YEAR


@cache
def _cues() -> dict[str, dict[str, re.Pattern]]:
    data = load_toml("metric_qualifiers.toml")
    return {part: {k: re.compile(v) for k, v in data[part].items()} for part in ("period", "scope")}


def period_of(before: str, year_covered: int | None = None, rate: bool = False) -> str:
    """The period of a figure whose sentence up to the number is ``before`` (a rate is never a part: 其中…纠错率
    is the rate of the whole)."""
    cues = _cues()["period"]
    if not rate and cues[PART].search(before):
        return PART
    if cues["year_first"].search(before):
        return YEAR
    if cues["cumulative_first"].search(before):
        return CUMULATIVE
    if cues[STOCK].search(before):
        return STOCK
    if cues[CUMULATIVE].search(before):
        return CUMULATIVE
    for m in cues["since_year"].finditer(before):
        if year_covered is None or int(m.group(1)) < year_covered:
            return CUMULATIVE
    return YEAR


def scope_of(before: str) -> str:
    """Whose work a figure counts, from its sentence up to the number."""
    cues = _cues()["scope"]
    for scope in (COURT, PROCURATORATE):
        if cues[scope].search(before):
            return scope
    return GOVERNMENT
