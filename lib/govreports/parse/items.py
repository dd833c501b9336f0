"""Problems admitted and plans promised: the items of the sections whose role is 问题, 计划 or 问题+计划.

An item is, in order of preference: a sub-section (its heading, run-in or not); an enumerated item of a
paragraph (一是…二是…, （一）… inline); an item of a list after a colon, split at ；; or, for problems
written as one sentence (但还存在一些问题,A有待提高,B还需提升…), a clause with a problem predicate.
Each item has the phrase that names it (``text``, ``start``, ``end``) and the end of its whole body.
"""
from __future__ import annotations

import re

from ..model import Item, Paragraph, Report, Section
from ..resources import compiled
from ..vocabulary import PLANS, PROBLEMS, PROBLEMS_AND_PLANS

ENUM = re.compile(r"(?:^|(?<=[。；;：:，,！？]))\s*([一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|[0-9]+[.、．])")
PHRASE_END = re.compile(r"[。；;！？!?]")
LIST_INTRO = re.compile(r"(表现为|表现在|主要是|主要有|如下|以下|具体是)[:：]")
PROBLEM_CLAUSE = re.compile(r"(有待|还需|仍需|尚需|亟需|亟待|不够|不足|不强|不高|不畅|不平衡|不到位|不完善|不规范|不健全|"
                            r"不能|薄弱|滞后|欠缺|缺乏|短板|差距|形式化|问题)")


def _enumerated(text: str, p: Paragraph) -> list[Item]:
    """一是…二是… items of a paragraph: the phrase runs to the first 。 or ；."""
    marks = list(ENUM.finditer(p.text))
    if len(marks) < 2:
        return []
    out = []
    for k, m in enumerate(marks):
        s = p.start + m.end(1)
        body_end = p.start + marks[k + 1].start(1) if k + 1 < len(marks) else p.end
        stop = PHRASE_END.search(text, s, body_end)
        e = stop.start() if stop else body_end
        while e > s and text[e - 1] in "，,、 ":
            e -= 1
        out.append(Item(text[s:e], s, e, body_end))
    return out


def _listed(text: str, p: Paragraph) -> list[Item]:
    """Items listed after 表现为： and separated by ；."""
    m = LIST_INTRO.search(p.text)
    if not m:
        return []
    s = p.start + m.end()
    parts = []
    for piece in re.finditer(r"[^；;。]+", text[s:p.end]):
        a, b = s + piece.start(), s + piece.end()
        if b - a >= 4:
            parts.append(Item(text[a:b].strip(), a, b, b))
    return parts


def _clauses(text: str, p: Paragraph) -> list[Item]:
    """Problem clauses of one long sentence: 但还存在一些问题,A有待提高,B还需提升,C及D还不能…"""
    out = []
    for sent in p.sentences:
        cue = re.search(r"存在.{0,8}(问题|不足)[，,:：]", sent.text)
        if not cue:
            continue
        s = sent.start + cue.end()
        for piece in re.finditer(r"[^，,。；;]+", text[s:sent.end]):
            for part in re.split(r"(?<=[有还尚仍亟需待创新升高入强])及(?=[\u4e00-\u9fff])", piece.group()):
                a = s + piece.start() + piece.group().find(part)
                b = a + len(part)
                if PROBLEM_CLAUSE.search(part) and len(part) >= 4:
                    out.append(Item(part, a, b, b))
    return out


def _paragraph_items(text: str, p: Paragraph, problems: bool) -> list[Item]:
    return _enumerated(text, p) or _listed(text, p) or (_clauses(text, p) if problems else [])


def section_items(report: Report, sec: Section, problems: bool, paragraphs: list[Paragraph] | None = None) -> list[Item]:
    """Items of one section: its sub-sections' headings, else the items of its paragraphs."""
    if sec.children and paragraphs is None:
        return [Item(c.heading, c.heading_start + len(c.numbering), c.heading_start + len(c.numbering) + len(c.heading),
                     c.end) for c in sec.children]
    out = []
    for p in paragraphs if paragraphs is not None else sec.paragraphs:
        out.extend(_paragraph_items(report.text, p, problems))
    return out


def problems_and_plans(report: Report) -> tuple[list[Item], list[Item]]:
    """The problems a report admits and the plans it promises, each in document order."""
    plan_rx = compiled("roles.toml", "body")[PLANS]
    problems, plans = [], []
    for sec in report.sections:
        if sec.role == PROBLEMS:
            problems += section_items(report, sec, True)
        elif sec.role == PLANS:
            plans += section_items(report, sec, False)
        elif sec.role == PROBLEMS_AND_PLANS:
            paras = [p for s in sec.walk() for p in s.paragraphs]
            split = next((i for i, p in enumerate(paras) if i and plan_rx.search(p.text)), len(paras))
            problems += section_items(report, sec, True, paras[:split])
            plans += section_items(report, sec, False, paras[split:])
    return problems, plans

