"""The fast paths give exactly what the plain rules give: a trie regex for place names, protected terms
matched by two patterns, the indicator memo. Checked on every seed and development-set text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from govreports import metrics, segment
from govreports.decode import decode
from govreports.gazetteer import gazetteer, trie_pattern

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"


def _texts() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    if REAL.is_dir():
        files += sorted(p for p in REAL.rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))
    return [decode(p.read_bytes()).text for p in files]


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def test_trie_pattern_matches_like_the_longest_first_alternation():
    words = ["和县", "和平", "和平区", "和平县城", "城区", "区", "a.b", "a+b"]
    text = "和平县城区和平区和县和平和a.b区a+b"
    trie = re.compile(trie_pattern(words))
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in _alternation(words).finditer(text)]


def test_gazetteer_finds_the_same_names_as_the_alternation():
    gaz = gazetteer()
    slow = _alternation(gaz.by_name)
    for text in _texts():
        assert gaz.find(text) == [(m.start(), m.group()) for m in slow.finditer(text)]


@pytest.mark.parametrize("extra", [frozenset(), frozenset({"放管服", "法治政府建设", "一网通办"})])
def test_protected_spans_equal_one_alternation(extra):
    for text in _texts():
        for para in text.split("\n")[:200]:
            terms = segment._dictionary_protected() | extra | segment.text_terms(para)
            assert segment._protected_spans(para, extra) == [m.span() for m in _alternation(terms).finditer(para)]


def test_indicator_memo_equals_the_catalogue_loop():
    mapped = set()
    for name, label in [("x", "行政复议案件"), ("y", "普法宣传活动"), ("z", "办结率")]:
        for kind in ("count", "percent"):
            m = metrics.Metric(text="1", value=1, unit="件", approx=False, kind=kind, label=label, start=0, end=1)
            plain = next((n for n, lrx, crx, kinds in metrics.catalogue()
                          if kind in kinds and lrx.search(label) and (crx is None or crx.search(label))), None)
            assert metrics.indicator_of(m, label) == plain, name
            mapped.add(plain)
    assert len(mapped - {None}) >= 2  # the labels do reach indicators: the comparison is not vacuous
