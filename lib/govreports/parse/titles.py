"""Stage 2a: the title of a report, found by what a title is, wherever it stands in the front of the page.

A title is ``[issuer …] [关于] [period] [issuer] [period] SUBJECT … HEAD [tail]`` (data/title_grammar.toml). The
issuer is a chain of divisions from the gazetteer (a town with its county or not) with an organ suffix or none, a
central body, or 中共 + place + 委; joint issuers follow each other. Every such span in the front of the text (at most
FRONT_CHARS, spaces and line breaks ignored, so that a title split over lines or spaced out is one span) is a
candidate; the best has the most parts (issuer, period, 关于), the earliest among equals. Whatever stands beside it,
on its line or on the lines before it, is not the title: no list of what page chrome looks like is needed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..resources import load_toml
from ..vocabulary import CENTRAL_ORGAN, DEPARTMENT_ORGAN, GOVERNMENT_ORGAN, PARTY_ORGAN, PLACE_ONLY
from .gazetteer import Division, gazetteer, towns, trie_pattern

FRONT_CHARS = 1500  # characters of the page searched for a title
LEFT_CHARS = 60  # how far before its subject a title may start
# a span glued to a clause of prose on its line (…，副省长某某作关于…的报告) is inside a sentence
CLAUSE = re.compile(r"[。，,；;、]([\u4e00-\u9fff]*)$")
SEPARATORS = r"[\s|｜•·●◆■▪>»＞/\\\-—_:：\[\]【】()（）A-Za-z0-9.!！?？。，,；;]"
TOWN_END = re.compile(r"[镇乡]|街道|苏木")
REPORT_HEAD = re.compile(r"报告|汇报|年报|总结")


@dataclass(frozen=True)
class Organ:
    """One issuer named in a title: as printed (spaces removed), its kind and the place it names."""

    text: str
    kind: str  # one of vocabulary.ORGAN_KINDS
    place: str | None  # the lowest division or town named, None for 省人民政府 or a central body
    divisions: tuple[Division, ...]  # the gazetteer's divisions named in it, outermost first
    town: str | None = None


@dataclass(frozen=True)
class TitleSpan:
    start: int  # offsets into the text
    end: int
    issuers: tuple[Organ, ...]
    has_period: bool
    has_about: bool
    score: int
    prefix: str  # what is glued before the title on its line (up to the previous separator)
    suffix: str  # what is glued after it (up to the next separator)


@cache
def _grammar() -> dict[str, re.Pattern]:
    g = load_toml("title_grammar.toml")
    rx = {k: re.compile(v) for k, v in g.items()}
    rx["core"] = re.compile(f"(?:{g['subject']})(?:{g['filler']})(?:{g['head']})(?:{g['tail']})")
    rx["head_at"] = re.compile(f"(?:{g['filler']})(?P<head>{g['head']})(?:{g['tail']})")
    rx["gov_at"] = re.compile(f"(?:{g['government']})")
    rx["party_at"] = re.compile(f"(?:{g['party']})(?!员)")
    return rx


def _flat(text: str, limit: int) -> tuple[str, list[int]]:
    """The front of the text without spaces and line breaks, and the offset of each of its characters."""
    offs = [m.start() for m in re.finditer(r"\S", text[:limit])]
    return "".join(text[i] for i in offs), offs


# --- issuers ---------------------------------------------------------------------------------------------------

def _chain(flat: str, q: int) -> tuple[list[Division], int]:
    """Divisions named one after the other from ``q``, each inside the one before (湖北省武汉市, 杭州市西湖区)."""
    gaz = gazetteer()
    out: list[Division] = []
    while True:
        name = gaz.match_at(flat, q)
        if not name:
            return out, q
        cands = gaz.by_name[name]
        if out:
            inside = [d for d in cands if d.adcode != out[-1].adcode and _inside(out[-1], d)]
            if not inside:
                return out, q
            out.append(inside[0])
        else:
            out.append(cands[0])
        q += len(name)


def _inside(parent: Division, child: Division) -> bool:
    if parent.kind == "province":
        return child.adcode[:2] == parent.adcode[:2]
    if parent.kind == "prefecture":
        return child.adcode[:4] == parent.adcode[:4] and child.kind == "county"
    return False


def _town(flat: str, q: int) -> int:
    """End of a town or street name at ``q`` (the longest the gazetteer knows, else the shortest the grammar
    allows when an organ follows it), or -1."""
    if not TOWN_END.search(flat, q, q + 10):
        return -1
    known = towns()
    best = -1
    for k in range(q + 2, min(len(flat), q + 10) + 1):
        if flat[q:k] in known:
            best = k
    if best > 0:
        return best
    m = _grammar()["town"].match(flat, q)
    if m and any(m.group()[j:] in known for j in range(1, len(m.group()) - 1)):
        return -1  # 搜索佛堂镇: the known town starts later
    if m and not re.search("政府|委|办", m.group()) and not gazetteer().find(m.group()) and (_grammar()["gov_at"].match(flat, m.end()) or _grammar()["party_at"].match(flat, m.end())):
        return m.end()
    return -1


def department_end(flat: str, q: int) -> int:
    """End of a department's name at ``q`` (教育局, 市场监督管理局, 卫生健康委员会), the longest that names no
    period, subject or 关于; or -1."""
    subject = _grammar()["subject"]
    best = -1
    for k in range(q + 2, min(len(flat), q + 13) + 1):
        name = flat[q:k]
        if re.fullmatch(r"[\u4e00-\u9fff]+(局|厅|委员会|办公室|中心|署|委|办)", name) and not re.search(r"关于|年|的|和", name) \
                and not subject.search(name) and not flat.startswith("员", k):
            best = k
    return best


@cache
def _central() -> re.Pattern:
    """The central bodies of organs.toml, longest first at each position."""
    return re.compile(trie_pattern(load_toml("organs.toml")["central"]))


def organ_at(flat: str, q: int) -> tuple[Organ, int] | None:
    """The issuer named at ``q`` and where it ends, or None."""
    rx = _grammar()
    central = _central().match(flat, q)
    if central:
        return Organ(central.group(), CENTRAL_ORGAN, None, ()), central.end()
    party = flat.startswith("中共", q)
    p = q + 2 if party else q
    divs, k = _chain(flat, p)
    town = None
    t_end = _town(flat, k)
    if t_end > 0 and not (divs and divs[-1].kind == "province" and t_end - k <= 2):
        town, k = flat[k:t_end], t_end
    if not divs and town is None:
        m = rx["unknown_place"].match(flat, p)
        if not (m and (rx["gov_at"].match(flat, m.end()) or rx["party_at"].match(flat, m.end())
                       or department_end(flat, m.end()) > 0)) or gazetteer().find(m.group()):
            m = rx["self_place"].match(flat, p)  # 省人民政府, 县委: the place is said elsewhere
        if not m:
            return None
        k = m.end()
    place = town or (divs[-1].name if divs else None)
    if party:
        m = rx["party_at"].match(flat, k)
        if m:
            return Organ(flat[q:m.end()], PARTY_ORGAN, place, tuple(divs), town), m.end()
        d = department_end(flat, k)
        if d > 0 and flat.startswith("党组", d):  # 中共X局党组: the bureau's party group reports for it
            return Organ(flat[p:d], DEPARTMENT_ORGAN, place, tuple(divs), town), d + 2
        return None
    m = rx["gov_at"].match(flat, k)
    if m:
        return Organ(flat[q:m.end()], GOVERNMENT_ORGAN, place, tuple(divs), town), m.end()
    m = rx["party_at"].match(flat, k)
    if m and (divs or town):
        return Organ(flat[q:m.end()], PARTY_ORGAN, place, tuple(divs), town), m.end()
    d = department_end(flat, k)
    if d > 0 and (divs or town or k > p):
        return Organ(flat[q:d], DEPARTMENT_ORGAN, place, tuple(divs), town), d
    if divs or town:
        return Organ(flat[q:k], PLACE_ONLY, place, tuple(divs), town), k
    return None


def _left(flat: str, start: int, end: int, seen: dict, offs: list[int]) -> tuple[list[Organ], bool, bool] | None:
    """Parse ``flat[start:end]`` (what stands before a title's subject) as issuers, 关于, period, verb; or None.
    ``flat`` ends at ``end``; ``seen`` keeps the organs found at each offset for the next start."""
    rx = _grammar()
    organs: list[Organ] = []
    period = about = False
    q = start
    while q < end:
        for name in ("connector", "period", "verb"):
            m = rx["about" if q == start and name == "connector" else name].match(flat, q, end)
            if m and m.end() > q:
                about = about or m.group() == "关于"
                period = period or name == "period" and bool(re.search(r"\d", m.group()))
                q = m.end()
                break
        else:
            if q not in seen:
                seen[q] = organ_at(flat, q)
            hit = seen[q]
            if hit is None or not (hit[0].divisions or hit[0].kind == CENTRAL_ORGAN) and offs[hit[1] - 1] - offs[q] != hit[1] - 1 - q:
                return None  # a name the gazetteer does not know has no space inside (大 中 小 省人民政府)
            organ, q = hit
            last = organs[-1] if organs else None
            if last is not None and last.kind == PLACE_ONLY and (last.place == organ.place or last.divisions
                                                              and last.divisions[-1] in organ.divisions):
                return None  # a place repeated (a breadcrumb's last item before the title)
            organs.append(organ)
    return organs, period, about


def _standalone(text: str, offset: int) -> tuple[bool, str]:
    """Whether a span starting at ``offset`` is not inside a sentence, and the run glued before it."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    before = text[line_start:offset]
    clause = CLAUSE.search(before)
    if clause and (re.search(r"[\u4e00-\u9fff]", clause.group(1)) or re.search(r"[，,、；;]\s*$", before)):
        return False, ""
    return True, re.split(SEPARATORS, before)[-1]


def find_title(text: str) -> TitleSpan | None:
    """The best title in the front of ``text``, or None."""
    rx = _grammar()
    flat, offs = _flat(text, FRONT_CHARS)
    best: TitleSpan | None = None
    for m in rx["subject"].finditer(flat):
        s = m.start()
        h = rx["head_at"].match(flat, m.end())
        if not h:
            continue
        e = h.end()
        if rx["not_after"].match(flat, e) or flat.rfind("《", 0, s) > flat.rfind("》", 0, s):
            continue
        end = offs[e - 1] + 1
        if rx["weak_head"].search(h.group("head")) and not REPORT_HEAD.search(flat[m.start():e]) \
                and re.match(r"[\u4e00-\u9fff。，,；;、]", text[end:end + 1]):
            continue  # …建设情况 going on in a sentence, not a title that ends there
        parsed = None
        left, seen = flat[:s], {}
        for p in range(max(0, s - LEFT_CHARS), s + 1):
            if p > 0 and offs[p - 1] + 1 == offs[p] and p < s and flat[p - 1].isdigit() and flat[p].isdigit():
                continue  # a year is not cut in two
            parsed = _left(left, p, s, seen, offs)
            first = parsed[0][0] if parsed and parsed[0] else None
            if first is not None and not (first.divisions or first.kind == CENTRAL_ORGAN or first.town in towns()
                                          or _grammar()["self_place"].fullmatch(first.place or first.text[:1])) \
                    and p > 0 and offs[p - 1] + 1 == offs[p] and re.match(r"[\u4e00-\u9fff]", flat[p - 1]):
                parsed = None  # 省人民政府 or an unknown town opens a title only after a separator
            if parsed is not None and "\n" in text[offs[p]:offs[s]] and text[max(text.rfind("\n", 0, offs[p]), 0):offs[p]].strip():
                parsed = None  # a title over several lines starts its first line
            if parsed is not None:
                break
        if parsed is None:
            continue
        organs, period, about = parsed
        start = offs[p]
        ok, prefix = _standalone(text, start)
        if not ok:
            continue
        score = 3 * bool(organs) + 2 * period + about + bool(REPORT_HEAD.search(h.group("head")))
        if not organs and not period:
            line_end = text.find("\n", end)
            rest = text[end:line_end if line_end >= 0 else len(text)].strip()
            if prefix or rest:
                continue  # a bare 法治政府建设年度报告 counts only as a line of its own
        after = text[end:end + 40].split("\n", 1)[0]
        suffix = re.split(SEPARATORS, after)[0]
        span = TitleSpan(start, end, tuple(organs), period, about, score, prefix, suffix)
        if best is None or span.score > best.score:
            best = span
    return best


def compact_title_line(line: str) -> str:
    """Drop layout spaces ("报    告"); keep a single space between two names ("中共X县委 X县人民政府")."""
    tokens = re.split(r"(\s+)", line.strip())
    out = tokens[0]
    for sep, prev, nxt in zip(tokens[1::2], tokens[0::2], tokens[2::2]):
        out += (" " if len(sep) == 1 and len(prev) >= 2 and len(nxt) >= 2 else "") + nxt
    return out


def title_text(text: str, span: TitleSpan) -> str:
    """The title as a reader cites it: layout spaces and line breaks inside it removed, one space kept between
    two names (中共X县委 X县人民政府)."""

    return "".join(compact_title_line(ln) for ln in re.split(r"[\r\n]+", text[span.start:span.end]) if ln.strip())
