"""Typed results of parsing a report.

Every ``start``/``end`` is a character offset into the decoded text (BOM removed, nothing else
changed), so that ``text[start:end]`` gives the span back.
"""
from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field

from .vocabulary import COMPLETE, GOVERNMENT, YEAR


@dataclass(frozen=True, slots=True)
class Line:
    """One line, or one piece of a line that holds page chrome beside other text; ``end`` includes the
    line terminator when the piece ends the physical line. Lines tile the text."""

    start: int
    end: int
    kind: str  # blank, chrome, title, addressee, preamble, heading, body, closing
    content_start: int  # first non-space character (== content_end for blank lines)
    content_end: int  # end of content, before trailing spaces and the terminator


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(slots=True)
class Section:
    """A numbered or recognised heading and everything under it until the next sibling."""

    depth: int  # 1 = top level
    numbering: str  # "一、", "(一)", "1.", "" for an unnumbered heading
    heading: str  # heading text without numbering; for a run-in heading, the text before the first 。
    heading_start: int
    heading_end: int
    run_in: bool
    start: int
    end: int
    role: str | None = None  # top-level sections only
    paragraphs: list[Paragraph] = field(default_factory=list)  # paragraphs directly under this heading
    children: list[Section] = field(default_factory=list)

    def walk(self):
        """This section and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class PartCompliance:
    """Whether one of the five mandated parts is present, and where."""

    part: int
    name: str
    status: str  # "section", "mentioned", "absent", or "not_reached" (the file stops before it could show it)
    start: int | None  # where it is found
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Check:
    """A rate stated next to the counts it is computed from, recomputed."""

    start: int  # offset of the stated rate
    stated: float
    computed: float
    formula: str
    consistent: bool


@dataclass(slots=True)
class Metric:
    """A quantity written with Arabic digits, its unit and what it counts (set by stage metrics)."""

    text: str
    value: float | int
    unit: str
    approx: bool
    kind: str  # count, percent, money, duration, ratio, rank
    label: str
    start: int
    end: int
    approx_marker: str | None = None
    value_base: float | int | None = None
    unit_base: str | None = None
    value_high: float | int | None = None
    change: str | None = None  # "before"/"after" in 由…压减为… pairs
    indicator: str | None = None  # canonical indicator of the metric catalogue
    period: str = YEAR  # year (the report's), cumulative (累计, 近三年 …), stock (现有, 年底 …) or part (其中 …)
    scope: str = GOVERNMENT  # whose work it counts: government, court or procuratorate
    section: str = ""
    sentence: str = ""
    checks: list[Check] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The metric as JSON-ready data (checks as dicts); faster than dataclasses.asdict."""
        d = {f: getattr(self, f) for f in _METRIC_FIELDS}
        d["checks"] = [asdict(c) for c in self.checks]
        return d


_METRIC_FIELDS = [f for f in Metric.__dataclass_fields__ if f != "checks"]


@dataclass(frozen=True, slots=True)
class Item:
    """A problem admitted or a plan promised (set by stage items)."""

    text: str  # the phrase that names the item
    start: int
    end: int
    body_end: int  # end of the item's whole text (the phrase plus what follows until the next item)

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Report:
    """The parse of one report file."""

    file: str
    text: str
    encoding: str
    lines: list[Line]
    sections: list[Section]
    preamble: list[Paragraph]
    is_report: bool
    title: str | None
    title_inferred: bool
    issuer: str | None
    issuer_inferred: bool
    place: str | None
    level: str | None
    province: str | None
    prefecture: str | None
    place_inferred: dict[str, bool]
    year_covered: int | None
    published: str | None
    compliance: list[PartCompliance]
    warnings: list[str]
    completeness: str = COMPLETE  # complete, excerpt or cut_short: see completeness.py
    completeness_evidence: str = ""  # why (completeness.EVIDENCE)
    genre: str = "title"  # why it is (not) a report: see genre.Genre.code
    genre_reason: str = ""
    original_text: str | None = None  # the text as printed when ``text`` is its normalised reading (same length)
    script: str = "simplified"  # "traditional" when the printed text was in traditional characters
    format: str = "text"  # the file's format: text, html, pdf, docx
    pages: tuple[tuple[int, int], ...] = ()  # PDF: (offset, page) where each run of one page's text starts
    metrics: list[Metric] = field(default_factory=list)
    problems: list[Item] = field(default_factory=list)
    plans: list[Item] = field(default_factory=list)

    @property
    def chars(self) -> int:
        """Characters of analysable content (no chrome, no blank lines)."""
        return sum(ln.content_end - ln.content_start for ln in self.lines if ln.kind not in ("blank", "chrome"))

    def page_at(self, pos: int) -> int | None:
        """The page of the printed file that holds an offset (PDF files only; None for others)."""
        if not self.pages:
            return None
        k = bisect.bisect_right(self.pages, (pos, float("inf"))) - 1
        return self.pages[max(k, 0)][1]

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the report in document order, preamble first."""
        out = list(self.preamble)
        for top in self.sections:
            for sec in top.walk():
                out.extend(sec.paragraphs)
        return sorted(out, key=lambda p: p.start)

    def analysable_spans(self) -> list[tuple[int, int]]:
        """Spans that analyses read: preamble, headings and paragraphs (no chrome, title or signature)."""
        spans = [(p.start, p.end) for p in self.preamble]
        for top in self.sections:
            for sec in top.walk():
                spans.append((sec.heading_start, sec.heading_end))
                spans.extend((p.start, p.end) for p in sec.paragraphs)
        return sorted(spans)

    def section_span(self, pos: int) -> tuple[int, int, str]:
        """(start, end, path) of the innermost section that holds an offset: every offset of that span,
        outside its sub-sections, has the same path. Outside all sections: the gap between them and ""."""
        path, secs = [], self.sections
        lo, hi = 0, len(self.text)
        while True:
            sec = next((s for s in secs if s.start <= pos < s.end), None)
            if sec is None:
                before = [s.end for s in secs if s.end <= pos]
                after = [s.start for s in secs if s.start > pos]
                lo, hi = max(before, default=lo), min(after, default=hi)
                return lo, hi, " › ".join(path)
            path.append(sec.numbering + sec.heading)
            lo, hi, secs = sec.start, sec.end, sec.children

    def summary(self) -> dict:
        """The JSON object of ``python -m govreports parse --json``."""
        return {
            "file": self.file,
            "is_report": self.is_report,
            "genre": self.genre,
            "genre_reason": self.genre_reason,
            "title": self.title,
            "issuer": self.issuer,
            "place": self.place,
            "level": self.level,
            "province": self.province,
            "prefecture": self.prefecture,
            "year_covered": self.year_covered,
            "published": self.published,
            "sections": [
                {"numbering": s.numbering, "heading": s.heading, "role": s.role, "start": s.start, "end": s.end}
                for s in self.sections
            ],
            "format": self.format,
            "metrics": [{**m.to_dict(), "page": self.page_at(m.start)} if self.pages else m.to_dict()
                        for m in self.metrics],
            "problems": [it.to_dict() for it in self.problems],
            "plans": [it.to_dict() for it in self.plans],
            "warnings": list(self.warnings),
        }
