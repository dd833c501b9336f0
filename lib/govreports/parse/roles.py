"""Stage 4: roles of top-level sections and compliance with the five mandated parts."""
from __future__ import annotations

import re

from ..model import PartCompliance, Section
from ..resources import compiled, load_toml
from ..vocabulary import (
    ABSENT,
    ACHIEVEMENTS,
    FORWARD_ROLES,
    HIGHLIGHTS,
    LEADERSHIP,
    MENTIONED,
    NOT_REACHED,
    OTHER,
    PLANS,
    PROBLEMS,
    PROBLEMS_AND_PLANS,
    SECTION,
)

_PRIORITY = (LEADERSHIP, HIGHLIGHTS, OTHER, ACHIEVEMENTS)


def _paragraph_texts(sec: Section) -> list[str]:
    return [p.text for s in sec.walk() for p in s.paragraphs]


def heading_role(heading: str) -> str | None:
    """The role named by a heading alone, or None."""
    cues = compiled("roles.toml", "heading")
    problem, plan = cues[PROBLEMS].search(heading), cues[PLANS].search(heading)
    if problem and plan:
        return PROBLEMS_AND_PLANS
    if problem:
        return PROBLEMS
    if plan:
        return PLANS
    for role in _PRIORITY:
        if cues[role].search(heading):
            return role
    return None


def section_role(sec: Section, after_problems: bool) -> str:
    """Role of a top-level section from its heading, refined by the paragraphs it holds."""
    body = compiled("roles.toml", "body")
    paras = _paragraph_texts(sec)
    role = heading_role(sec.heading)
    if role == PROBLEMS and any(body[PLANS].search(p) for p in paras[1:]):
        return PROBLEMS_AND_PLANS
    if role == PLANS and paras and body[PROBLEMS].search(paras[0]):
        return PROBLEMS_AND_PLANS
    if role is None:
        has_problem = any(body[PROBLEMS].search(p) for p in paras)
        has_plan = any(body[PLANS].search(p) for p in paras[1:])
        if has_problem and has_plan:
            return PROBLEMS_AND_PLANS
        role = OTHER if after_problems else ACHIEVEMENTS
    return role


def assign_roles(sections: list[Section]) -> None:
    after = False
    for sec in sections:
        sec.role = section_role(sec, after)
        after = after or sec.role in FORWARD_ROLES


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
            status, start = SECTION, hit.start
        else:
            rx = re.compile(part["mention"])
            found = next((st for st, txt in sentences if rx.search(txt)), None)
            status, start = (MENTIONED, found) if found is not None else (ABSENT if whole else NOT_REACHED, None)
        out.append(PartCompliance(part["id"], part["name"], status, start, part.get("optional", False)))
    return out
