"""Stage 4: roles of top-level sections and compliance with the five mandated parts."""
from __future__ import annotations

import re

from ..model import PartCompliance, Section
from ..resources import compiled, load_toml

_PRIORITY = ("第一责任人", "亮点", "其他", "成效")
# The status of a mandated part in a report, and its words for readers (tables, charts, profile pages).
PART_STATUS_ZH = {"section": "独立成节", "mentioned": "仅有提及", "absent": "缺失", "not_reached": "未覆盖"}


def _paragraph_texts(sec: Section) -> list[str]:
    return [p.text for s in sec.walk() for p in s.paragraphs]


def heading_role(heading: str) -> str | None:
    """The role named by a heading alone, or None."""
    cues = compiled("roles.toml", "heading")
    problem, plan = cues["问题"].search(heading), cues["计划"].search(heading)
    if problem and plan:
        return "问题+计划"
    if problem:
        return "问题"
    if plan:
        return "计划"
    for role in _PRIORITY:
        if cues[role].search(heading):
            return role
    return None


def section_role(sec: Section, after_problems: bool) -> str:
    """Role of a top-level section from its heading, refined by the paragraphs it holds."""
    body = compiled("roles.toml", "body")
    paras = _paragraph_texts(sec)
    role = heading_role(sec.heading)
    if role == "问题" and any(body["计划"].search(p) for p in paras[1:]):
        return "问题+计划"
    if role == "计划" and paras and body["问题"].search(paras[0]):
        return "问题+计划"
    if role is None:
        has_problem = any(body["问题"].search(p) for p in paras)
        has_plan = any(body["计划"].search(p) for p in paras[1:])
        if has_problem and has_plan:
            return "问题+计划"
        role = "其他" if after_problems else "成效"
    return role


def assign_roles(sections: list[Section]) -> None:
    after = False
    for sec in sections:
        sec.role = section_role(sec, after)
        after = after or sec.role in ("问题", "计划", "问题+计划")


def compliance(sections: list[Section], sentences: list[tuple[int, str]],
               whole: bool = True) -> list[PartCompliance]:
    """Which of the five parts of 厅字〔2019〕28号 第二十五条 a report holds, and where.

    ``sentences`` are (start, text) of the report's body sentences; sub-headings count as sentences. In a file
    that does not hold the whole report (``whole`` false: an excerpt, a page cut short) a part not found is
    "not_reached" (未覆盖), not "absent": the file cannot show whether the report has it.
    """
    out = []
    for part in load_toml("mandated_parts.toml")["part"]:
        hit = next((s for s in sections if s.role in part["roles"]), None)
        if hit is not None:
            status, start = "section", hit.start
        else:
            rx = re.compile(part["mention"])
            found = next((st for st, txt in sentences if rx.search(txt)), None)
            status, start = ("mentioned", found) if found is not None else ("absent" if whole else "not_reached", None)
        out.append(PartCompliance(part["id"], part["name"], status, start, part.get("optional", False)))
    return out
