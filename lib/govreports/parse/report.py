"""The pipeline for one file: decode → normalise → structure → roles → metadata → genre → metrics → items."""
from __future__ import annotations

from pathlib import Path

from ..model import Report
from ..read.decode import DecodeError, Extracted, decode
from ..read.formats import extract
from ..read.html_text import html_to_text, looks_like_html
from ..read.normalise import ideograph_note, normalise
from ..vocabulary import DEPARTMENT
from .completeness import judge as judge_completeness
from .genre import Genre, genre_check
from .items import problems_and_plans
from .metadata import Metadata, find_metadata, inferred_title
from .metrics import report_metrics
from .roles import assign_roles, compliance
from .structure import parse_structure


def parse_text(text: str, file: str = "<text>", encoding: str = "utf-8", fmt: str = "text",
               document: Extracted | None = None, notes: tuple[str, ...] = ()) -> Report:
    """Parse decoded report text: the stages, one after the other. ``document``: what the reader of a PDF or
    Word file found beside the text (pages, page chrome, notes); ``notes``: what decoding changed (NUL bytes
    removed). Normalising may change characters (one for one), never offsets: ``original_text`` keeps the text
    as it was when it did."""
    original = text
    norm = normalise(original)
    text = norm.text
    st = parse_structure(text, document.chrome if document else frozenset())
    assign_roles(st.sections)
    meta = find_metadata(text, st)
    sentences = [(s.start, s.text) for p in st.preamble for s in p.sentences]
    for top in st.sections:
        for sec in top.walk():
            sentences.append((sec.heading_start, sec.heading))
            sentences.extend((s.start, s.text) for p in sec.paragraphs for s in p.sentences)
    sentences.sort()
    paragraphs = [*st.preamble, *(p for top in st.sections for sec in top.walk() for p in sec.paragraphs)]
    whole = judge_completeness(text, st.lines, meta.title, st.sections, paragraphs)
    parts = compliance(st.sections, sentences, whole.complete)
    opening = "\n".join(t for _, t in sentences[:40])
    span = st.title_span
    genre = genre_check(meta.title, opening, sum(c.status == "section" for c in parts),
                        (span.prefix, span.suffix) if span else ())
    if genre.is_report:
        meta = inferred_title(meta)
    place = meta.place
    report = Report(
        file=file, text=text, encoding=encoding, lines=st.lines, sections=st.sections, preamble=st.preamble,
        is_report=genre.is_report, title=meta.title, title_inferred=meta.title_inferred, issuer=meta.issuer,
        issuer_inferred=meta.issuer_inferred, place=place.place, level=place.level, province=place.province,
        prefecture=place.prefecture, place_inferred=place.inferred, year_covered=meta.year_covered,
        published=meta.published, compliance=parts, completeness=whole.status,
        completeness_evidence=whole.evidence,
        warnings=[*(document.notes if document else ()), *notes,
                  *([ideograph_note(norm.ideographs)] if norm.ideographs else []),
                  *warnings(meta, genre, bool(st.sections))],
        genre=genre.code, genre_reason=genre.reason, original_text=None if text == original else original,
        script="traditional" if norm.traditional else "simplified",
        format=document.format if document else fmt, pages=document.pages if document else (),
    )
    report.metrics = report_metrics(report)
    report.problems, report.plans = problems_and_plans(report)
    return report


def warnings(meta: Metadata, genre: Genre, has_sections: bool) -> list[str]:
    """What the parser could not find or finds suspicious, one line each."""
    out = [] if genre.is_report else [f"not an annual report: {genre.reason}"]
    place = meta.place
    for name, value in (("title", meta.title), ("issuer", meta.issuer), ("place", place.place), ("level", place.level),
                        ("province", place.province), ("year_covered", meta.year_covered)):
        if value is None and not (name in ("place", "province") and place.level == DEPARTMENT and meta.issuer):
            out.append(f"{name} not found")
    if meta.published is None:
        out.append("published not found (no signing date or page date)")
    if genre.is_report and not has_sections:
        out.append("no numbered sections found")
    if meta.year_covered and meta.published and meta.year_covered >= int(meta.published[:4]) + 1:
        out.append(f"year_covered {meta.year_covered} is after the publication date {meta.published}")
    return out


def parse_bytes(data: bytes, file: str = "<bytes>") -> Report:
    """Parse the bytes of a report file; raises :class:`govreports.DecodeError` when they are not text.

    A PDF or Word file is reduced to its text first (:mod:`formats`), and so is a saved web page (.html/.htm,
    or text that starts like HTML); offsets then point into that text.
    """
    document = extract(data)
    if document is not None:
        return parse_text(document.text, file=file, encoding=document.format, document=document)
    dec = decode(data)
    text, encoding = dec.text, dec.encoding
    if file.lower().endswith((".html", ".htm")) or looks_like_html(text):
        text, encoding = html_to_text(text), encoding + "+html"
        if not text.strip():
            raise DecodeError("web page without text")
        return parse_text(text, file=file, encoding=encoding, fmt="html", notes=dec.notes)
    return parse_text(text, file=file, encoding=encoding, notes=dec.notes)


def parse_file(path: str | Path) -> Report:
    path = Path(path)
    return parse_bytes(path.read_bytes(), file=path.name)
