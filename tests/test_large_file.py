"""One large file is read in time linear in its size (issue 29): the lookups that replaced scans give exactly what
the scans gave. Checked on the seeds, the development set and the seeds written one after the other as one file
(hundreds of sections, thousands of figures). The timings themselves are in bench/large_file.py."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from govreports.analysis import indicators, segment, template
from govreports.analysis.problems import _items_table
from govreports.corpus import Corpus
from govreports.parse.metrics import _section_finder
from govreports.parse.report import parse_file, parse_text
from govreports.read.decode import decode

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"  # the development set, as the repository keeps it (a clean clone has no ../shared)


def _files() -> list[Path]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    if REAL.is_dir():
        files += sorted(p for p in REAL.rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))
    return files


@pytest.fixture(scope="module")
def joined():
    """The seeds, four times over, as one text: one report with many top-level sections."""
    text = "".join(decode(p.read_bytes()).text.rstrip("\n") + "\n" for p in sorted((ROOT / "seeds").glob("*.txt")))
    return parse_text(text * 4, file="joined.txt")


def test_section_lookup_equals_the_scan_at_every_offset(joined):
    reports = [parse_file(p) for p in _files()] + [joined]
    assert len(joined.sections) > 50
    for r in reports:
        span = _section_finder(r)
        for pos in range(-1, len(r.text) + 2):
            assert span(pos) == r.section_span(pos), (r.file, pos)


def test_protected_spans_of_a_long_text_equal_one_alternation(joined):
    """The whole text at once (one long span: each pattern's next match is kept, not searched again)."""
    for text in [joined.text, *(decode(p.read_bytes()).text for p in _files())]:
        terms = segment._dictionary_protected() | segment.text_terms(text)
        alternation = re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))
        assert segment._protected_spans(text, frozenset()) == [m.span() for m in alternation.finditer(text)]


def test_figures_of_items_and_sections_equal_the_plain_counts(joined):
    reports = [parse_file(p) for p in sorted((ROOT / "seeds").glob("*.txt"))] + [joined]
    corpus = Corpus(path=None, reports=reports, ids=[f"r{k}" for k in range(len(reports))])
    items = _items_table(corpus)
    by_id = dict(zip(corpus.ids, reports))
    for rid, start, body_end, figures in zip(items["report_id"], items["start"], items["body_end"], items["figures"]):
        assert figures == sum(start <= m.start < body_end for m in by_id[rid].metrics)
    rich = indicators.richness(corpus)
    for r, share in zip(reports, rich["share_sections_with_figures"]):
        holders = [s for top in r.sections for s in top.walk() if s.paragraphs]
        plain = sum(any(p.start <= m.start < p.end for p in s.paragraphs for m in r.metrics) for s in holders)
        assert share == (round(plain / len(holders), 2) if holders else 0.0)


def test_repeated_passages_list_every_place_of_their_first_ngram(joined):
    corpus = Corpus(path=None, reports=[joined], ids=["joined"])
    repeated = template.repeated_within(corpus)
    assert len(repeated) > 10
    (s, offs), = template._normalised(corpus)
    h, ok = template._gram_hashes(s, 12)
    where = np.flatnonzero(ok)
    for passage, starts in zip(repeated["passage"], repeated["starts"]):
        a = s.find(passage)
        assert starts == tuple(int(offs[p]) for p in where[h[where] == h[a]])
