"""Chinese administrative divisions (province, prefecture, county) from the ``cpca`` package's data.

``cpca`` ships ``resources/adcodes.csv`` (codes of the National Bureau of Statistics, MIT licence).
Only its data file is read; the package itself is not imported.
"""
from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PSEUDO = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# A township-level unit named as the seat of a government body: 瓦房镇(人民政府), 城关街道(办事处).
TOWN = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:街道|镇|乡|苏木)(?=人民政府|政府|党委|党工委|办事处|\s|$)")


@dataclass(frozen=True)
class Division:
    adcode: str  # 12 digits
    name: str

    @property
    def kind(self) -> str:
        """"province", "prefecture" or "county"."""
        if self.adcode[2:6] == "0000":
            return "province"
        if self.adcode[4:6] == "00":
            return "prefecture"
        return "county"


class Gazetteer:
    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code = {code: Division(code, name) for code, name in rows}
        self.by_name: dict[str, list[Division]] = {}
        for div in self.by_code.values():
            if div.name not in PSEUDO:
                self.by_name.setdefault(div.name, []).append(div)
        names = sorted(self.by_name, key=len, reverse=True)
        self._rx = re.compile("|".join(map(re.escape, names)))

    def province_of(self, div: Division) -> Division | None:
        return self.by_code.get(div.adcode[:2] + "0" * 10)

    def prefecture_of(self, div: Division) -> Division | None:
        """The prefecture-level parent of a county, or None (districts of 直辖市, 省直辖县级市)."""
        if div.kind != "county":
            return None
        pref = self.by_code.get(div.adcode[:4] + "0" * 8)
        return pref if pref is not None and pref.name not in PSEUDO else None

    def is_ambiguous(self, name: str) -> bool:
        return len(self.by_name.get(name, [])) > 1

    def find(self, text: str) -> list[tuple[int, str]]:
        """(offset, name) of division names in ``text``, longest match first, no overlaps."""
        return [(m.start(), m.group()) for m in self._rx.finditer(text)]

    def chain(self, text: str) -> list[Division]:
        """Divisions named in ``text``, each one resolved inside the one named just before it when it can.

        "晋城市城区" gives [晋城市, 城区 of 晋城市]; an ambiguous name with no parent before it is dropped.
        """
        out: list[Division] = []
        for _, name in self.find(text):
            cands = self.by_name[name]
            if out:
                parent = out[-1].adcode
                inside = [d for d in cands if d.adcode != parent and _contains(parent, d.adcode)]
                if inside:
                    out.append(inside[0])
                    continue
            if len(cands) == 1:
                out.append(cands[0])
        return out


def _contains(parent: str, child: str) -> bool:
    p = Division(parent, "")
    if p.kind == "province":
        return child[:2] == parent[:2]
    if p.kind == "prefecture":
        return child[:4] == parent[:4]
    return False


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package cpca (administrative divisions) is not installed: pip install cpca")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@cache
def gazetteer() -> Gazetteer:
    with _adcodes_path().open(encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    return Gazetteer(rows)
