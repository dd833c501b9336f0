"""Stage 3: metadata of a report: title, issuer, place, level, province, prefecture, years, genre."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .gazetteer import TOWN, Division, gazetteer
from .model import Section
from .resources import compiled
from .structure import DATE_LINE, ORGAN, Structure

YEAR = re.compile(r"(?<![\d〔\[［【(（])((?:19|20)\d\d)\s*年(?!\d)")
PLAN_AFTER_YEAR = re.compile(r"^度?(的)?(工作)?(计划|要点|安排|打算|思路|重点)")
ISO_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
SOURCE_LINE = re.compile(r"(?:信息|文章)?来源\s*[:：]\s*(\S+)")
DEPARTMENT = re.compile(r"(局|厅|委员会|办公室|中心|所)$")
GOVERNMENT = re.compile(r"人民政府|政府$|党委|党工委|[省市县区旗镇乡]委$|办事处")
SELF_REF = re.compile(r"[我全本]([省市县区旗镇乡])")


@dataclass
class Place:
    place: str | None = None
    level: str | None = None
    province: str | None = None
    prefecture: str | None = None
    inferred: dict[str, bool] = field(default_factory=dict)


def compact_title_line(line: str) -> str:
    """Drop layout spaces ("报    告"); keep a single space between two names ("中共X县委 X县人民政府")."""
    tokens = re.split(r"(\s+)", line.strip())
    out = tokens[0]
    for sep, prev, nxt in zip(tokens[1::2], tokens[0::2], tokens[2::2]):
        out += (" " if len(sep) == 1 and len(prev) >= 2 and len(nxt) >= 2 else "") + nxt
    return out


def find_title(text: str, st: Structure) -> str | None:
    parts: list[str] = []
    for ln in st.title_lines:
        piece = compact_title_line(text[ln.content_start:ln.content_end])
        if piece and piece not in parts:
            parts.append(piece)
    return "".join(parts) or None


def _issuer_from_title(title: str) -> str | None:
    m = re.match(r"^(.{2,40}?)(?=关于|(19|20)\d\d年|法治政府|法治建设|依法行政)", title)
    if not m:
        return None
    cand = m.group(1).strip(" ，,、")
    last = cand.split()[-1] if cand.split() else cand
    return cand if ORGAN.search(last) else None


def find_issuer(text: str, st: Structure, title: str | None) -> tuple[str | None, bool]:
    """(issuer, inferred). Title prefix, else the signature, else the page's 来源 line."""
    if title:
        iss = _issuer_from_title(title)
        if iss:
            return iss, False
    for ln in st.closing_lines:
        content = text[ln.content_start:ln.content_end]
        if not DATE_LINE.match(re.sub(r"\s", "", content)) and ORGAN.search(content.split()[-1]):
            return content, False
    for ln in st.lines:
        if ln.kind == "chrome":
            m = SOURCE_LINE.search(text[ln.content_start:ln.content_end])
            if m and ORGAN.search(m.group(1)):
                return m.group(1), True
    return None, False


def _lowest(chain: list[Division]) -> Division | None:
    order = {"county": 0, "prefecture": 1, "province": 2}
    return min(chain, key=lambda d: order[d.kind]) if chain else None


def _body_division(text: str) -> Division | None:
    """The division a text is most about: the most named, of the kind its self-references (我县) suggest."""
    gaz = gazetteer()
    counts = Counter(d.adcode for d in gaz.chain(text))
    if not counts:
        return None
    selfref = Counter(SELF_REF.findall(text)).most_common(1)
    wanted = selfref[0][0] if selfref else None
    divs = [gaz.by_code[c] for c in counts]
    if wanted:
        fitting = [d for d in divs if d.name.endswith(wanted) and d.kind != "province"]
        divs = fitting or divs
    return max(divs, key=lambda d: (counts[d.adcode], -text.find(d.name)))


def find_place(text: str, sources: list[str], issuer_explicit: bool, issuer: str | None) -> Place:
    gaz = gazetteer()
    div, town, source = None, None, ""
    for src in sources:
        div = _lowest(gaz.chain(src))
        if div is not None:
            source = src
            break
    if div is None:
        div = _body_division(text)
    if div is None:
        return Place()
    if sources:
        # The town right after its county (洮南市瓦房镇人民政府), or a town body named alone (瓦房镇人民政府).
        pos = source.find(div.name) if source else -1
        m = TOWN.match(source, pos + len(div.name)) if pos >= 0 else None
        m = m or (TOWN.match(sources[0]) if div.kind == "county" or not source else None)
        town = m.group() if m else None
    prov = gaz.province_of(div)
    pref = gaz.prefecture_of(div) if div.kind == "county" else div if div.kind == "prefecture" else None
    name = div.name
    if div.kind == "county" and gaz.is_ambiguous(name) and pref is not None:
        name = pref.name + name  # 城区 → 晋城市城区
    level = {"county": "县级", "prefecture": "市级", "province": "省级"}[div.kind]
    if town:
        name, level = town, "乡镇级"
    if issuer_explicit and issuer and DEPARTMENT.search(issuer) and not GOVERNMENT.search(issuer):
        level = "部门"
    place = Place(name, level, prov.name if prov else None, pref.name if pref else None)
    place.inferred = {
        "province": bool(place.province) and place.province not in text,
        "prefecture": bool(place.prefecture) and place.prefecture not in text,
    }
    return place


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


def find_published(text: str, st: Structure) -> str | None:
    """The signing date of the closing block, else the page's publication date."""
    for ln in st.closing_lines:
        d = parse_date(text[ln.content_start:ln.content_end])
        if d:
            return d
    for ln in st.lines:
        if ln.kind == "chrome" and re.search(r"(发布|发表|成文|印发)(时间|日期)", text[ln.content_start:ln.content_end]):
            d = parse_date(text[ln.content_start:ln.content_end])
            if d:
                return d
    return None


def genre_check(title: str | None, opening: str, text: str) -> tuple[bool, str | None]:
    """(is_report, reason when not) from the cues in ``genre.toml``."""
    rx = compiled("genre.toml")
    head = title or opening
    subject = rx["subject"].search(head) or (not title and rx["subject"].search(text[:3000]))
    genre = title and rx["genre"].search(title)
    phrases = rx["report_phrases"].search(text)
    other = title and rx["other_genres"].search(title)
    if not subject:
        return False, "does not name rule-of-law government construction (法治政府/法治建设/依法行政) in its title or opening"
    if other and not genre:
        return False, f"title names another genre ({other.group()})"
    if not (genre or phrases):
        return False, "neither the title nor the text calls itself a report (报告/汇报/情况/特此报告)"
    return True, None


def achievements_text(sections: list[Section]) -> str:
    return "".join(p.text for s in sections if s.role in ("成效", "亮点", "第一责任人") for x in s.walk() for p in x.paragraphs)
