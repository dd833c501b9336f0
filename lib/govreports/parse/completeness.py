"""Stage 4b: whether a file holds the whole report, an excerpt, or a report cut short (completeness.toml).

A mandated part that a file does not reach is not missing from the report: :func:`govreports.parse.roles.compliance`
marks it "not_reached" (未覆盖) for a file that is not complete, and the findings about omissions count
complete files only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Line, Paragraph, Section
from ..resources import load_toml

STATUSES = ("complete", "excerpt", "cut_short")
# why, as codes (tidy data); the reader's words are in COMPLETENESS_ZH and EVIDENCE_ZH
EVIDENCE = ("excerpt_marker", "signed", "ends_mid_sentence", "ends_with_ellipsis", "final_part_reached",
            "stops_before_final_part", "no_prose")
COMPLETENESS_ZH = {"complete": "完整", "excerpt": "摘要或节选", "cut_short": "不完整（文件中断）"}
EVIDENCE_ZH = {"excerpt_marker": "标明为摘要或节选", "signed": "以落款或成文日期结尾",
               "ends_mid_sentence": "最后一段在句子中间中断", "ends_with_ellipsis": "以省略号结尾",
               "final_part_reached": "写到了下一年度安排（或其他情况）并以完整的句子结尾",
               "stops_before_final_part": "没有写到下一年度安排，也没有落款和日期", "no_prose": "没有成段的正文"}


@dataclass(frozen=True)
class Completeness:
    status: str  # one of STATUSES
    evidence: str  # one of EVIDENCE

    @property
    def complete(self) -> bool:
        return self.status == "complete"


@cache
def _rules() -> dict:
    data = load_toml("completeness.toml")
    return {**data, **{k: re.compile(data[k]) for k in ("excerpt", "sentence_end", "ellipsis")}}


def judge(text: str, lines: list[Line], title: str | None, sections: list[Section],
          paragraphs: list[Paragraph]) -> Completeness:
    """The completeness of one parsed file (see completeness.toml for the rules and their order)."""
    rules = _rules()
    # the opening: every line up to the body's first lines, chrome too (a marker may be cut off the title's line)
    opening = [text[ln.content_start:ln.content_end] for ln in lines if ln.kind != "blank"]
    if (title and rules["excerpt"].search(title)) or any(rules["excerpt"].search(c)
                                                        for c in opening[:rules["opening_lines"]]):
        return Completeness("excerpt", "excerpt_marker")
    if any(ln.kind == "closing" for ln in lines):
        return Completeness("complete", "signed")
    # the last paragraph of prose: one that ends a sentence, or is long enough not to be a line of page chrome
    last = next((t for t in (p.text.strip() for p in reversed(paragraphs))
                 if t and (len(t) >= rules["prose_chars"] or rules["sentence_end"].search(t))), None)
    if last is None:
        return Completeness("cut_short", "no_prose")
    if rules["ellipsis"].search(last):
        return Completeness("cut_short", "ends_with_ellipsis")
    if not rules["sentence_end"].search(last):
        return Completeness("cut_short", "ends_mid_sentence")
    if sections and sections[-1].role in rules["final_roles"]:
        return Completeness("complete", "final_part_reached")
    return Completeness("cut_short", "stops_before_final_part")
