"""Stage 3: metadata of a report: title, issuer, place, level, province, prefecture, years.

Every rule here is about the genre, not about a file:
- the title is the first complete title among the title lines (a title printed twice or split over lines
  is read once), else the value of a 标题/名称 field, else the object of 现将…报告如下;
- the issuer is the organ the title names, else the signature, else the organ the opening sentence makes
  its subject (2017年，淄博市政府…; 交通运输部…), else the body whose place the report is about;
- since the 督察工作规定 of 2019, a report whose subject is 省委、省政府 (or which is addressed to the
  superior 党委、政府) is the joint report of the party committee and the government;
- the place is the lowest division the issuer, title or signature names; else the code that opens the
  page's 索引号; else the division the body names most, of the kind its self-references (我县) suggest.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from ..model import Section
from ..resources import compiled, load_toml
from ..vocabulary import (
    ACHIEVING_ROLES,
    CENTRAL_ORGAN,
    COUNTY,
    DEPARTMENT_ORGAN,
    GOVERNMENT_LEVELS,
    GOVERNMENT_ORGAN,
    MUNICIPAL,
    PARTY_ORGAN,
    PLACE_ONLY,
    PROVINCIAL,
    TOWNSHIP,
)
from ..vocabulary import DEPARTMENT as DEPARTMENT_LEVEL
from .gazetteer import TOWN, Division, gazetteer
from .structure import DATE_LINE, ORGAN, Structure
from .titles import Organ, compact_title_line, department_end, title_text

YEAR = re.compile(r"(?<![\d〔\[［【(（])((?:19|20)\d\d)\s*年(?!\d)")
PLAN_AFTER_YEAR = re.compile(r"^度?(的)?(工作)?(计划|要点|安排|打算|思路|重点)")
ISO_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
SOURCE_LINE = re.compile(r"(?:信息|文章|稿件)?来源\s*[:：]\s*([^\s|｜•]+)")
INDEX_NUMBER = re.compile(r"索\s*引\s*号\s*[\]】|:：]*\s*(11)?(\d{6})")
DEPARTMENT = re.compile(r"(局|厅|委员会|办公室|办公厅|中心|所|部|署|委)$")
GOVERNMENT = re.compile(r"人民政府|政府$|党委|党工委|[省市县区旗镇乡州盟]委$|办事处|行政公署|中共.{2,12}委员会")
SELF_REF = re.compile(r"(?:我|全|本)([省市县区旗镇乡州盟]|街道)")
# A body that speaks of 我局 or of its own offices (局机关, 厅机关, 教委机关, not 市委机关 of a party committee).
SELF_DEPARTMENT = re.compile(r"[我本](局|厅|委(?!员))|(?<![省市县区党纪])(局|厅)机关|(?<![省市县区党纪镇乡州盟旗中])委机关")
SYSTEM = re.compile(r"全([省市县区])([\u4e00-\u9fff]{2,6}?)(?:行政)?系统")
TITLE_END = re.compile(r"(报告|情况|汇报|总结|打算|计划|通知|要点|方案|安排|解读|公示|规划|意见|纪要)[)）]?"
                       r"([(（][^()（）]{1,8}[)）])?$")  # …报告（全文）, …报告(摘要)
# a field, a path, a bar of Latin words or a line with a full date (a title names a year, never a day)
NOT_A_TITLE_LINE = re.compile(r"[|｜>»→›＞/／]|[A-Za-z]{3,}|^[^:：]{0,8}[:：]|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]")
INLINE_TITLE = re.compile(r"现将(?P<t>[^，,。；;：:]{6,70}?(?:报告|汇报))如下")
NOT_A_NAME = ("我", "本", "全", "有关", "相关", "今年", "一年", "上年", "去年", "这", "各")
JOINT_SINCE = 2019  # 《法治政府建设与责任落实督察工作规定》 (厅字〔2019〕28号)
OPENING = re.compile(r"^\s*(?:(?:19|20)\d\d年(?:度|以来)?[,，、]\s*)?(?:在[^。]{2,60}?下[,，]\s*)*")
PAIR = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{0,10}?)([省市县区州旗])委[、,，]\s*(?:\1)?\2?(?:人民)?政府")
SUBJECT_ORGAN = re.compile(r"^原?([\u4e00-\u9fff]{2,24}?(?:人民政府办公室|政府办公室|人民政府|政府|行政公署|办事处|委员会|"
                           r"办公厅|办公室|局|厅|部|署|委))(?=[\u4e00-\u9fff])")
NOT_AN_ORGAN = re.compile(r"推进|坚持|深入|认真|全面|扎实|持续|法治|建设|以|在|的|和")
KIND_LEVEL = {"county": COUNTY, "prefecture": MUNICIPAL, "province": PROVINCIAL}


@dataclass
class Place:
    place: str | None = None
    level: str | None = None
    province: str | None = None
    prefecture: str | None = None
    inferred: dict[str, bool] = field(default_factory=dict)
    county: str | None = None  # the county a town or bureau belongs to, when known
    path: str | None = None  # the place with the parents a report names it with (杭州市西湖区, 义乌市佛堂镇)


@dataclass
class Metadata:
    title: str | None
    title_inferred: bool
    issuer: str | None
    issuer_inferred: bool
    place: Place
    year_covered: int | None
    published: str | None


@cache
def _organs() -> tuple[tuple[str, ...], dict[str, str]]:
    data = load_toml("organs.toml")
    return tuple(sorted(data["central"], key=len, reverse=True)), dict(data["abbreviations"])


def central_body(name: str) -> str | None:
    """The central body a name is or starts with (国务院的部门), or None."""
    central, _ = _organs()
    return next((c for c in central if name.startswith(c)), None)


# --- title ---------------------------------------------------------------------------------------------

def _complete(title: str) -> bool:
    return len(title) >= 8 and bool(TITLE_END.search(title))


def find_title(text: str, st: Structure) -> str | None:
    """The first complete title among the title lines: one line, or two or three consecutive ones.

    Lines separated only by blank lines are consecutive; a chrome line or prose separates them."""
    runs: list[list[str]] = []
    last = -2
    index = {id(ln): i for i, ln in enumerate(st.lines)}
    for ln in st.title_lines:
        i = index[id(ln)]
        if NOT_A_TITLE_LINE.search(text, ln.content_start, ln.content_end):
            continue  # a field, a path, a bar of Latin words: page furniture
        between = st.lines[last + 1:i] if last >= 0 else []
        piece = compact_title_line(text[ln.content_start:ln.content_end])
        if runs and all(b.kind == "blank" for b in between):
            runs[-1].append(piece)
        else:
            runs.append([piece])
        last = i
    for run in runs:
        for i in range(len(run)):
            acc = ""
            for piece in run[i:i + 3]:
                acc += piece
                if _complete(acc):
                    return acc
    first = "".join(runs[0]) if runs else ""
    # a line that neither ends like a title nor names the subject is page furniture, not a title (a page without one is named
    # from its issuer and year later)
    return first if _complete(first) or compiled("genre.toml")["subject"].search(first) else None


def inline_title(opening: str) -> str | None:
    """The title a report gives itself in 现将…报告如下 when it names its body and year."""
    m = INLINE_TITLE.search(re.sub(r"\s", "", opening))
    if not m:
        return None
    t = re.sub(r"\s", "", m.group("t"))
    subject = compiled("genre.toml")["subject"]
    if t.startswith(NOT_A_NAME) or not YEAR.search(t) or not subject.search(t):
        return None
    return t


# --- issuer --------------------------------------------------------------------------------------------

def _full_organ(name: str) -> str:
    """The formal name of an organ written in short: 淄博市政府 → 淄博市人民政府, 昌吉州 → 昌吉回族自治州."""
    gaz = gazetteer()
    _, abbreviations = _organs()
    for short, full in sorted(abbreviations.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(short) and not name.endswith(full):
            name = name[: -len(short)] + full
            break
    name = re.sub(r"(?<=[省市县区旗州])政府(?=$|办公室)", "人民政府", name)
    for short, full in gaz.full_name.items():
        if name.startswith(short) and not name.startswith(full) and len(short) >= 3:
            name = full + name[len(short):]
            break
    return name


def _issuer_from_title(title: str) -> str | None:
    m = re.match(r"^(.{2,40}?)(?=关于|(19|20)\d\d年|法治政府|法治建设|依法行政|推进依法)", title)
    if not m:
        return None
    cand = m.group(1).strip(" ，,、")
    names = [n for n in re.split(r"[\s、]+", cand) if n]
    party = re.fullmatch(r"中共(.+?)党组", names[-1]) if names else None
    if party and ORGAN.search(party.group(1)):
        return _full_organ(party.group(1))  # 中共X局党组: the party group of the bureau reports for it
    if names and all(ORGAN.search(n) or re.search(r"党组$", n) for n in names):
        return "、".join(_full_organ(n) for n in names)
    return None


def _opening(text: str, st: Structure) -> str:
    """The first sentence of the body (preamble, else the first paragraph)."""
    paras = st.preamble or [p for top in st.sections for s in top.walk() for p in s.paragraphs][:1]
    # a line of page furniture may stand before the body: the opening is the first paragraph of prose
    opening = compiled("genre.toml")["opening"]
    prose = ([p for p in paras[:20] if opening.search(p.text)]
             or [p for p in paras[:20] if re.search(r"[，,。]", p.text) and len(re.findall(r"[\u4e00-\u9fff]", p.text)) >= 20]
             or [p for p in paras[:20] if len(re.findall(r"[\u4e00-\u9fff]", p.text)) >= 20])
    paras = prose or paras
    return paras[0].sentences[0].text if paras and paras[0].sentences else ""


def _subject(sentence: str) -> str:
    """The sentence after its time and circumstance (2017年，在…领导下，): its subject comes first."""
    return sentence[OPENING.match(sentence).end():]


def opening_organ(sentence: str) -> str | None:
    """The organ an opening sentence makes its subject (淄博市政府在…, 交通运输部以…), or None."""
    rest = _subject(sentence)
    central = central_body(rest.removeprefix("原"))
    if central:
        return central
    m = SUBJECT_ORGAN.match(rest)
    if not m or PAIR.match(rest):
        return None
    name = m.group(1)
    found = gazetteer().find(name)
    place = found[0][1] if found and found[0][0] == 0 else (TOWN.match(name).group() if TOWN.match(name) else None)
    if place is None:  # a department with its place left out, as its own staff write it (区市场监管局在…)
        return _full_organ(name) if ELIDED_DEPARTMENT.match(name) else None
    if NOT_AN_ORGAN.search(name[len(place):]):
        return None  # 锡林郭勒盟推进法治政府 is a place and a verb, not an organ
    return _full_organ(name)


# A department named by its level alone (区市场监管局, 县司法局): not a party committee or the government
ELIDED_DEPARTMENT = re.compile(r"^[省市县区州盟旗](?!委|政府|人民政府)[\u4e00-\u9fff]{1,12}?(?:局|厅|委员会|办公室)$")


def opening_place(sentence: str) -> str | None:
    """The division an opening sentence makes its subject (2025年，南宁市坚持…), or None."""
    rest = _subject(sentence)
    found = gazetteer().find(rest[:20])
    if found and found[0][0] == 0:
        return found[0][1]
    town = SUBJECT_TOWN.match(rest)  # a town or street the gazetteer knows (2022年，佛堂镇在市委…领导下)
    return town.group(1) if town and gazetteer().town_county(town.group(1)) is not None else None


# A town or street as the subject of a sentence: its name, then the verb or phrase that follows a subject
SUBJECT_TOWN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff]{1,8}?(?:街道|镇|乡|苏木))(?=在|坚持|深入|以|认真|全面|始终|紧紧|围绕|聚焦|立足|[,，、])")


def _pair_level(text: str, st: Structure) -> str | None:
    """The level character of a 党委、政府 pair that a report makes its subject (省委、省政府坚持…)."""
    for sentence in [_opening(text, st)] + [top.heading for top in st.sections[:1]]:
        m = PAIR.match(_subject(sentence))
        if m:
            return m.group(2)
    return None


def _addressed_to_pair(text: str, st: Structure) -> bool:
    return any(PAIR.match(text[ln.content_start:ln.content_end]) for ln in st.addressee_lines)


def _joint(place: Place) -> str | None:
    if not place.place or place.level not in GOVERNMENT_LEVELS:
        return None
    name = place.place
    party = f"中共{name}委员会" if name.endswith(("镇", "乡", "街道", "自治区")) else f"中共{name}委"
    return f"{party}、{_government(place)}"


def _government(place: Place) -> str | None:
    """The government of a place: 南宁市人民政府, 锡林郭勒盟行政公署, 虹桥街道办事处."""
    if not place.place:
        return None
    name = place.path or place.place
    if name.endswith("盟"):
        return name + "行政公署"
    if name.endswith("街道"):
        return name + "办事处"
    return name + "人民政府"


# --- place ---------------------------------------------------------------------------------------------

def _lowest(chain: list[Division]) -> Division | None:
    order = {"county": 0, "prefecture": 1, "province": 2}
    return min(chain, key=lambda d: order[d.kind]) if chain else None


def _body_division(text: str) -> Division | None:
    """The division a text is most about: the most named, of the kind its self-references (我县) suggest.

    Names of two characters (和县, 城区) are words inside other words too often to count here."""
    gaz = gazetteer()
    counts = Counter(d.adcode for d in gaz.chain(text) if len(d.name) > 2)
    if not counts:
        return None
    selfref = Counter(SELF_REF.findall(text)).most_common(1)
    wanted = selfref[0][0] if selfref else None
    divs = [gaz.by_code[c] for c in counts]
    if wanted:
        fitting = [d for d in divs if d.name.endswith(wanted) and d.kind != "province"]
        if wanted == "省":
            fitting = [d for d in divs if d.kind == "province"]
        divs = fitting or divs
    return max(divs, key=lambda d: (counts[d.adcode], -text.find(d.name)))


def _index_division(text: str, st: Structure) -> Division | None:
    """The division whose code opens the page's 索引号 (or sits in the credit code that opens it)."""
    for ln in st.lines:
        if ln.kind == "chrome":
            m = INDEX_NUMBER.search(text, ln.content_start, ln.content_end)
            if m:
                return gazetteer().by_adcode6(m.group(2))
    return None


def _self_level(text: str) -> str | None:
    """The level that the body's self-references (我县, 全省, 我街道) name most."""
    refs = Counter(SELF_REF.findall(text))
    if not refs:
        return None
    kind = refs.most_common(1)[0][0]
    return {"省": PROVINCIAL, "市": MUNICIPAL, "州": MUNICIPAL, "盟": MUNICIPAL, "县": COUNTY, "区": COUNTY, "旗": COUNTY,
            "镇": TOWNSHIP, "乡": TOWNSHIP, "街道": TOWNSHIP}[kind]


def find_place(text: str, st: Structure, sources: list[str], issuer: str | None, explicit: bool,
               town_hint: str | None = None) -> Place:
    """The place a report is about (``town_hint``: the town its title names as issuer)."""
    gaz = gazetteer()
    div, source = None, ""
    for src in sources:
        div = _lowest(gaz.chain(src))
        if div is not None:
            source = src
            break
    town_src = next((s for s in sources if TOWN.search(s)), "")
    town_m = None
    if source and div is not None:
        pos = source.find(div.name)
        town_m = TOWN.match(source, pos + len(div.name)) if pos >= 0 else None
    if town_m is None and town_src and (div is None or div.kind != "province"):
        # a town body named alone (瓦房镇人民政府, 中共黎侯镇委员会): when a division is named elsewhere, only
        # a town that opens its source counts
        town_m = TOWN.search(town_src) if div is None or div.name not in town_src else None
        if town_m is not None and div is not None and not town_src.startswith(town_m.group()):
            town_m = None
    town = town_hint or (town_m.group() if town_m else None)
    if town and town_src.startswith("中共"):
        town = town.removeprefix("中共")
    if town and (div is None or div.kind != "county"):
        div = gaz.town_county(town, gaz.chain(text[:4000])) or div  # 佛堂镇 → 义乌市, from the gazetteer of towns
    if div is None or (town and div.kind != "county"):
        div = _index_division(text, st) or _body_division(text) or div
    if issuer and central_body(issuer):
        return Place(None, DEPARTMENT_LEVEL, None, None, {})
    if div is None and town is None:
        department = (explicit and issuer and is_department_name(issuer)) or SELF_DEPARTMENT.search(text)
        level = DEPARTMENT_LEVEL if department else _self_level(text)
        return Place(None, level, _province_by_abbreviation(text), None, {})
    prov = gaz.province_of(div) if div else None
    pref = (gaz.prefecture_of(div) if div.kind == "county" else div if div.kind == "prefecture" else None) if div else None
    name = div.name if div else None
    if div and div.kind == "county" and gaz.is_ambiguous(name) and pref is not None:
        name = pref.name + name  # 城区 → 晋城市城区
    level = KIND_LEVEL[div.kind] if div else None
    if town:
        name, level = town, TOWNSHIP
    elif div and div.kind == "province" and _self_level(text) == TOWNSHIP:
        level = TOWNSHIP
    is_department = explicit and issuer and is_department_name(issuer)
    if is_department or (not explicit and SELF_DEPARTMENT.search(text) and not (issuer and GOVERNMENT.search(issuer))):
        level = DEPARTMENT_LEVEL
    place = Place(name, level, prov.name if prov else None, pref.name if pref else None)
    place.inferred = {
        "province": bool(place.province) and place.province not in text,
        "prefecture": bool(place.prefecture) and place.prefecture not in text,
    }
    place.county = div.name if div and div.kind == "county" else None
    county_path = gaz.path_name(div) if div and div.kind == "county" else None
    place.path = (county_path or "") + town if town else county_path or name
    return place


def is_department_name(name: str) -> bool:
    """A bureau, office, commission or ministry (县人民政府办公室 too), not a government or party committee."""
    return "、" not in name and bool(DEPARTMENT.search(name)) and not re.search(r"(人民政府|政府|办事处|行政公署)$|^中共", name)


def _province_by_abbreviation(text: str) -> str | None:
    """The province of a report that names no place, from the one-character abbreviation that opens the
    document numbers it cites for its own province (苏依法办〔2019〕5号 → 江苏省)."""
    abbreviations = load_toml("organs.toml").get("province_abbreviations", {})
    found = Counter(m.group(1) for m in re.finditer(r"[(（]([\u4e00-\u9fff])[\u4e00-\u9fff]{1,6}〔(?:19|20)\d\d〕", text)
                    if m.group(1) in abbreviations)
    return abbreviations[found.most_common(1)[0][0]] if found else None


# --- the whole -----------------------------------------------------------------------------------------

def _source_organ(text: str, st: Structure) -> str | None:
    for ln in st.lines:
        if ln.kind == "chrome":
            m = SOURCE_LINE.search(text[ln.content_start:ln.content_end])
            if m and ORGAN.search(m.group(1)):
                return m.group(1)
    return None


def _signature(text: str, st: Structure) -> str | None:
    for ln in st.closing_lines:
        content = text[ln.content_start:ln.content_end]
        if not DATE_LINE.match(re.sub(r"\s", "", content)) and ORGAN.search(content.split()[-1]):
            return content
    return None


def _self_named_department(text: str) -> str | None:
    """The department a report that speaks of itself as 我局 (我厅, 我委) names in full, when it names exactly
    one of that kind with its place (…成立某市生态环境局法治建设领导小组…)."""

    m = SELF_DEPARTMENT.search(text)
    kind = m and next((g for g in m.groups() if g), None)
    if not kind:
        return None
    gaz = gazetteer()
    names = set()
    for start, name in gaz.find(text[:6000]):
        end = department_end(text, start + len(name))
        if end > 0 and text[start:end].endswith(kind) and not text[start:end].endswith("委员" + kind):
            names.add(_full_organ(text[start:end]))
    return names.pop() if len(names) == 1 else None


def _joint_organs(organs: tuple[Organ, ...]) -> bool:
    """Two or more organs of one place side by side (中共X县委 X县人民政府), not a town inside its county."""
    kinds = {o.kind for o in organs}
    return len(organs) >= 2 and PARTY_ORGAN in kinds and len({o.place for o in organs if o.place} - {None}) <= 1


def _department_path(organ: Organ) -> str:
    """A department's name with its place's parents: 西湖区司法局 → 杭州市西湖区司法局."""
    name = _full_organ(organ.text)
    if not organ.divisions:
        return name
    lowest = organ.divisions[-1]
    for written in (lowest.name, *[k for k, v in gazetteer().full_name.items() if v == lowest.name]):
        at = name.find(written)
        if at >= 0:
            return gazetteer().path_name(lowest) + name[at + len(written):]
    return name


def find_metadata(text: str, st: Structure) -> Metadata:
    span = st.title_span
    organs = span.issuers if span else ()
    title = title_text(text, span) if span else find_title(text, st)
    opening = _opening(text, st)
    if title is None:
        title = inline_title("".join(p.text for p in st.preamble)[:1500] or opening)
    last = organs[-1] if organs else None
    government = last is not None and last.kind == GOVERNMENT_ORGAN and not _joint_organs(organs)
    if not organs or (last.kind == DEPARTMENT_ORGAN and not last.divisions):
        issuer = _issuer_from_title(title) if title else None
    elif _joint_organs(organs):
        issuer = "、".join(_full_organ(o.text) for o in organs)
    elif last.kind == CENTRAL_ORGAN:
        issuer = last.text
    elif last.kind == DEPARTMENT_ORGAN:
        issuer = _department_path(last)
    else:
        issuer = None  # the government of the place, named with its parents once the place is known
    issuer = issuer or (None if government else _signature(text, st) or opening_organ(opening)
                        or _self_named_department(text))
    explicit = issuer is not None or (government and last.kind == GOVERNMENT_ORGAN)
    closing = text[st.closing_lines[0].content_start:st.closing_lines[-1].content_end] if st.closing_lines else None
    named = last.text if last is not None and last.kind in (GOVERNMENT_ORGAN, PLACE_ONLY) else None
    sources = [s for s in (issuer, named, title, closing, opening_place(opening)) if s]
    place = find_place(text, st, sources, issuer, explicit, last.town if last else None)
    if issuer and ELIDED_DEPARTMENT.match(issuer) and place.place and place.place.endswith(issuer[0]):
        issuer = place.place + issuer[1:]  # 县司法局 of 桐庐县 → 桐庐县司法局
    place_only = last is not None and last.kind == PLACE_ONLY  # 西城区2023年度…: the issuer is the place's body
    if government and issuer is None:
        issuer = _government(place) if place.place else (_full_organ(last.text) if last.kind == GOVERNMENT_ORGAN else None)
        explicit = explicit or issuer is not None
    year = find_year_covered(title, opening + "".join(p.text for p in st.preamble), achievements_text(st.sections))
    inferred = False
    if issuer is None:
        pair = _pair_level(text, st)
        own = {PROVINCIAL: "省", MUNICIPAL: "市州盟", COUNTY: "县区旗"}.get(place.level or "", "")
        joint = (pair and pair in own) or (_addressed_to_pair(text, st) and place.level in GOVERNMENT_LEVELS)
        source = _source_organ(text, st)
        if joint and year and year >= JOINT_SINCE:
            issuer = _joint(place)
        elif place.level == TOWNSHIP and place.place:
            issuer = _government(place) or ""  # a town with its county: 义乌市佛堂镇人民政府
        elif place.level == DEPARTMENT_LEVEL and place.place and (m := SYSTEM.search(text)):
            issuer = _full_organ(place.place + m.group(2) + "局")
        elif source and not place_only:
            issuer, inferred = _full_organ(source), True
            if place.place and issuer[0] == place.place[-1]:
                issuer = place.place + issuer[1:]  # 县司法局 → 新晃侗族自治县司法局
        elif place.level in GOVERNMENT_LEVELS:
            issuer = _government(place)
    elif place.level == TOWNSHIP and not explicit:
        issuer = _government(place) or ""  # a town with its county
    return Metadata(title, False, issuer, inferred, place, year, find_published(text, st))


def inferred_title(meta: Metadata) -> Metadata:
    """A report with no title in its text is named from its issuer and year (marked inferred)."""
    if meta.title is None and meta.issuer and meta.year_covered:
        meta.title, meta.title_inferred = f"{meta.issuer}关于{meta.year_covered}年度法治政府建设情况的报告", True
    return meta


def _years(s: str) -> list[tuple[int, bool]]:
    """(year, is_plan_year) of the years named in ``s`` (not inside 〔〕 document numbers)."""
    return [(int(m.group(1)), bool(PLAN_AFTER_YEAR.match(s[m.end():m.end() + 8]))) for m in YEAR.finditer(s)]


def find_year_covered(title: str | None, preamble: str, achievements: str) -> int | None:
    """The year whose work the report describes (a 2021 report with a 2022 plan covers 2021)."""
    years = _years(title or "")
    covered = [y for y, plan in years if not plan]
    if covered:
        return covered[0]
    plans = [y for y, plan in years if plan]
    if plans:
        return plans[0] - 1
    for y, plan in _years(preamble):
        if not plan:
            return y
    counts = Counter(y for y, plan in _years(achievements) if not plan)
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def _cn_number(s: str) -> int | None:
    """二〇二一 → 2021, 十八 → 18, 二十 → 20 (the numerals of dates)."""
    if all(c in CN_DIGIT for c in s):
        return int("".join(str(CN_DIGIT[c]) for c in s))
    if "十" in s:
        a, _, b = s.partition("十")
        tens = CN_DIGIT.get(a, None) if a else 1
        ones = CN_DIGIT.get(b, None) if b else 0
        if tens is not None and ones is not None:
            return tens * 10 + ones
    return None


def parse_date(s: str) -> str | None:
    """ISO date of the first date written in ``s`` in digits or Chinese numerals, or None."""
    s = re.sub(r"\s", "", s)
    m = ISO_DATE.search(s)
    parts = [m.group(1), m.group(2), m.group(3)] if m else None
    if parts is None:
        m = re.search(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)", s)  # 25.02.2016: day.month.year
        parts = [m.group(3), m.group(2), m.group(1)] if m else None
    if parts is None:
        m = re.search(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", s)
        if not m:
            return None
        parts = [_cn_number(g) for g in m.groups()]
        if None in parts:
            return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


# Dates of a page's furniture: when the page was posted (发布/发表/更新/提供时间, a bare 时间：) outranks when
# the document was made (成文/印发/发文/生成日期) or a bare date line, which are used only without the former.
POSTED_DATE = re.compile(r"(发布|发表|更新|提供)(时间|日期)|^(时间|日期)\s*[:：]")
PAGE_DATE = re.compile(r"(成文|印发|发文|生成)(时间|日期)|^\d|^[(（]?\d{1,2}\.\d{1,2}\.\d{4}")


def find_published(text: str, st: Structure) -> str | None:
    """The signing date of the closing block, else the date the page was posted, else a date the page gives
    the document."""
    for ln in st.closing_lines:
        d = parse_date(text[ln.content_start:ln.content_end])
        if d:
            return d
    made = None
    for ln in st.lines:
        if ln.kind != "chrome":
            continue
        content = text[ln.content_start:ln.content_end]
        if (m := POSTED_DATE.search(content)) and (d := parse_date(content[m.start():])):
            return d  # the date after the label, not an earlier one on the same line
        if made is None and PAGE_DATE.search(content):
            made = parse_date(content)
    return made


def achievements_text(sections: list[Section]) -> str:
    return "".join(p.text for s in sections if s.role in ACHIEVING_ROLES for x in s.walk() for p in x.paragraphs)
