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
from ..vocabulary import COMPLETE, CUT_SHORT, EXCERPT

# why, as codes (tidy data); the reader's words are in COMPLETENESS_LABELS and COMPLETENESS_EVIDENCE_LABELS
EVIDENCE = ("excerpt_marker", "signed", "ends_mid_sentence", "ends_with_ellipsis", "final_part_reached",
            "stops_before_final_part", "no_prose")


@dataclass(frozen=True)
class Completeness:
    status: str  # one of vocabulary.COMPLETENESS
    evidence: str  # one of EVIDENCE

    @property
    def complete(self) -> bool:
        return self.status == COMPLETE


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
        return Completeness(EXCERPT, "excerpt_marker")
    if any(ln.kind == "closing" for ln in lines):
        return Completeness(COMPLETE, "signed")
    # the last paragraph of prose: one that ends a sentence, or is long enough not to be a line of page chrome
    last = next((t for t in (p.text.strip() for p in reversed(paragraphs))
                 if t and (len(t) >= rules["prose_chars"] or rules["sentence_end"].search(t))), None)
    if last is None:
        return Completeness(CUT_SHORT, "no_prose")
    if rules["ellipsis"].search(last):
        return Completeness(CUT_SHORT, "ends_with_ellipsis")
    if not rules["sentence_end"].search(last):
        return Completeness(CUT_SHORT, "ends_mid_sentence")
    if sections and sections[-1].role in rules["final_roles"]:
        return Completeness(COMPLETE, "final_part_reached")
    return Completeness(CUT_SHORT, "stops_before_final_part")
