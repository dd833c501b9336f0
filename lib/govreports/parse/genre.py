"""Stage 3b: is this text an annual report on rule-of-law government construction?

No single cue is required, because web excerpts are often cut before 特此报告 and many carry no title.
A text is a report when its title or its opening names the subject (法治政府 / 依法行政 / 法治建设) and
neither names another genre that shares the subject: work plans, 实施方案, 政府信息公开 annual reports, an
official's 述法报告, 政府工作报告 and 人大 work reports, news items, interpretations, academic articles and
示范创建 notices. Names of other documents inside 《》 are not cues. The reason is returned either way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..resources import compiled

BOOK_TITLE = re.compile(r"《[^《》]{0,120}》")
OPENING_CHARS = 600


@dataclass(frozen=True)
class Genre:
    is_report: bool
    reason: str  # why it is or is not a report, in English (the book shows the Chinese of ``code``)
    code: str  # "title", "opening", "structure", "no_subject", or the other genre: "work_plan", "news" …





def _strip_titles(s: str) -> str:
    return BOOK_TITLE.sub("《》", s)


def genre_check(title: str | None, opening: str, structure_cues: int, glued: tuple[str, ...] = ()) -> Genre:
    """Decide from the title (None when there is none in the text), the opening of the body (title and
    chrome excluded) and the number of the five mandated parts present as sections. ``glued``: the words
    written against the title on its line (市人大常委会听取…, …的审议意见), which can name another genre."""
    rx = compiled("genre.toml")
    head = _strip_titles(opening[:OPENING_CHARS])
    bare_title = _strip_titles(title or "")
    carries_report = bool(title and rx["embedded_report"].search(title))
    tables = [("other_title", bare_title), *(("glued", g) for g in glued if g), ("other_opening", head)]
    for table, s in tables:
        for code, pattern in compiled("genre.toml", "other_title" if table == "glued" else table).items():
            if table == "glued" and code in ("work_plan", "notice"):
                continue  # their cues are about how a title ends
            hit = pattern.search(s)
            # 关于…情况的汇报和2022年工作计划: a title that names itself a report first adds next year's plan
            if not hit or table == "other_title" and code in ("work_plan", "notice") and carries_report:
                continue
            if not (code == "work_plan" and table == "other_title" and rx["genre"].search(s[:hit.start()])):
                return Genre(False, f"another genre: {hit.group()} ({code})", code)
    subject_title = bool(title and rx["subject"].search(title))
    subject_opening = bool(rx["subject"].search(head))
    if not (subject_title or subject_opening):
        return Genre(False, "does not name rule-of-law government construction (法治政府/法治建设/依法行政) "
                            "in its title or opening", "no_subject")
    if title and rx["genre"].search(title) and subject_title:
        return Genre(True, "title of an annual report", "title")
    # the opening formula opens one of the first sentences (a banner or a date line may come before it)
    sentences = [s for s in re.findall(r"[^。！？!?\n]*[。！？!?]?", head) if s.strip()][:12]
    if rx["report_phrases"].search(head) or any(rx["opening"].search(s) for s in sentences):
        return Genre(True, "opening of an annual report", "opening")
    if structure_cues >= 2:
        return Genre(True, "sections of the mandated parts", "structure")
    if subject_title:
        return Genre(True, "title names the subject", "title")
    return Genre(False, "neither its title nor its opening is that of a report", "no_report_cue")
