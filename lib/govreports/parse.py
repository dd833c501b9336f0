"""The pipeline for one file: decode → structure → roles → metadata → compliance."""
from __future__ import annotations

from pathlib import Path

from . import metadata as md
from .decode import DecodeError, decode
from .html_text import html_to_text, looks_like_html
from .items import problems_and_plans
from .metrics import report_metrics
from .model import Report
from .roles import assign_roles, compliance
from .structure import parse_structure


def parse_text(text: str, file: str = "<text>", encoding: str = "utf-8") -> Report:
    """Parse decoded report text."""
    st = parse_structure(text)
    assign_roles(st.sections)
    warnings: list[str] = []

    title = md.find_title(text, st)
    issuer, issuer_inferred = md.find_issuer(text, st, title)
    preamble = "".join(p.text for p in st.preamble)
    closing = "".join(text[ln.content_start:ln.content_end] for ln in st.closing_lines)
    sources = [s for s in (issuer if not issuer_inferred else None, title, closing) if s]
    place = md.find_place(text, sources, issuer is not None and not issuer_inferred, issuer)
    if issuer_inferred and issuer and place.place and issuer[0] == place.place[-1]:
        issuer = place.place + issuer[1:]  # 县司法局 → 新晃侗族自治县司法局
    year = md.find_year_covered(title, preamble, md.achievements_text(st.sections))
    title_inferred = False
    if title is None and issuer and year:
        title, title_inferred = f"{issuer}关于{year}年度法治政府建设情况的报告", True
    published = md.find_published(text, st)
    is_report, reason = md.genre_check(None if title_inferred else title, preamble[:300], text)

    sentences = [(s.start, s.text) for p in st.preamble for s in p.sentences]
    for top in st.sections:
        for sec in top.walk():
            sentences.append((sec.heading_start, sec.heading))
            sentences.extend((s.start, s.text) for p in sec.paragraphs for s in p.sentences)
    sentences.sort()

    if not is_report:
        warnings.append(f"not an annual report: {reason}")
    for field, value in (("title", title), ("issuer", issuer), ("place", place.place), ("level", place.level),
                         ("province", place.province), ("year_covered", year)):
        if value is None:
            warnings.append(f"{field} not found")
    if published is None:
        warnings.append("published not found (no signing date or page date)")
    if is_report and not st.sections:
        warnings.append("no numbered sections found")
    if year and published and year >= int(published[:4]) + 1:
        warnings.append(f"year_covered {year} is after the publication date {published}")
    report = Report(
        file=file, text=text, encoding=encoding, lines=st.lines, sections=st.sections, preamble=st.preamble,
        is_report=is_report, title=title, title_inferred=title_inferred, issuer=issuer,
        issuer_inferred=issuer_inferred, place=place.place, level=place.level, province=place.province,
        prefecture=place.prefecture, place_inferred=place.inferred, year_covered=year, published=published,
        compliance=compliance(st.sections, sentences), warnings=warnings,
    )
    report.metrics = report_metrics(report)
    report.problems, report.plans = problems_and_plans(report)
    return report


def parse_bytes(data: bytes, file: str = "<bytes>") -> Report:
    """Parse the bytes of a report file; raises :class:`govreports.DecodeError` when they are not text.

    A saved web page (.html/.htm, or text that starts like HTML) is reduced to its visible text first.
    """
    dec = decode(data)
    text, encoding = dec.text, dec.encoding
    if file.lower().endswith((".html", ".htm")) or looks_like_html(text):
        text, encoding = html_to_text(text), encoding + "+html"
        if not text.strip():
            raise DecodeError("web page without text")
    return parse_text(text, file=file, encoding=encoding)


def parse_file(path: str | Path) -> Report:
    path = Path(path)
    return parse_bytes(path.read_bytes(), file=path.name)
