"""The fast paths give exactly what the plain rules give: a trie regex for place names, protected terms
matched by two patterns, the indicator memo. Checked on every seed and development-set text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreports.analysis import segment
from govreports.parse import metrics
from govreports.parse.gazetteer import gazetteer, trie_pattern
from govreports.parse.report import parse_file
from govreports.read.decode import decode

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"  # the development set, as the repository keeps it (a clean clone has no ../shared)


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
    mapped = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for m in parse_file(path).metrics:
            unit = metrics.unit_family(m.unit_base or m.unit)
            tail = m.label.rsplit("等", 1)[-1]
            before = m.sentence[:m.sentence.find(m.text)]
            plain = next((ind.name for ind in metrics.catalogue()
                          if m.kind in ind.kinds and ind.label.search(m.label)
                          and not (ind.label_not and ind.label_not.search(tail))
                          and (ind.context is None or ind.context.search(before + m.text))
                          and not (ind.context_not and ind.context_not.search(before))
                          and unit in ind.units and m.scope in ind.scope and m.period in ind.period), None)
            assert metrics.indicator_of(m, before) == plain, m.text
            mapped.append(plain)
    assert sum(x is not None for x in mapped) >= 15  # the comparison is not vacuous


def test_counts_from_codes_equal_the_grouped_tokens():
    import govreports as gr
    from govreports.analysis import words

    corpus = gr.load_corpus(ROOT / "seeds")
    w = words.analyse(corpus, use_cache=False)
    grouped = w.tokens.groupby(["report_id", "term"]).size().unstack(fill_value=0).reindex(index=corpus.ids,
                                                                                          fill_value=0)
    assert w.counts.equals(grouped.astype("int64")) and w.counts.shape[1] > 500


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 8), st.lists(st.integers(1, 5), min_size=20, max_size=20))
def test_the_similarity_figure_publishes_what_it_shows(max_rows, cells):
    """Up to max_rows reports the figure is the matrix and so is its data; beyond, both are the histogram of every
    pair: its bins cover every pair once (the matrix of 10,000 reports was a 480 MB CSV under a histogram)."""
    import numpy as np

    import govreports as gr
    from govreports.analysis import template
    from govreports.analysis.term_matrix import TermMatrix
    from govreports.book import tables

    corpus = gr.load_corpus(ROOT / "seeds")
    n = len(corpus.ids)
    counts = np.array(cells).reshape(n, 4)
    owners, codes = np.nonzero(counts)
    m = TermMatrix.from_codes(corpus.ids, np.repeat(owners, counts[owners, codes]),
                              np.repeat(codes, counts[owners, codes]), ["甲乙", "丙丁", "戊己", "庚辛"])
    sim = template.similarity(m, matrix_rows=max_rows)
    shown = tables.template.similarity_shown(corpus, sim, max_rows=max_rows)
    if n <= max_rows:
        labels = [corpus.labels()[r] for r in corpus.ids]
        assert list(shown.index) == labels == list(shown.columns) and np.array_equal(shown, sim.matrix)
        return
    t = tables.template
    assert list(shown.columns) == [t.LOWER_COLUMN, t.UPPER_COLUMN, t.PAIRS_COLUMN]
    assert len(shown) == t.SIMILARITY_BINS and shown[t.PAIRS_COLUMN].sum() == n * (n - 1) // 2
    assert (shown[t.LOWER_COLUMN] < shown[t.UPPER_COLUMN]).all()
    assert np.allclose(shown[t.UPPER_COLUMN].to_numpy()[:-1], shown[t.LOWER_COLUMN].to_numpy()[1:])


@pytest.mark.parametrize("folder", ["seeds", None])
def test_corpus_tables_built_a_column_at_a_time_equal_the_frames_of_records(folder, tmp_path):
    """Paragraphs, sentences and metrics are built a column at a time (a dict per row took half a gigabyte for
    10,000 reports); they must equal, to the dtype, the frames of records they were built as before, typed as
    declared (corpus.typed: an empty corpus's text columns are text too)."""
    import pandas as pd

    import govreports as gr
    from govreports.corpus import typed

    corpus = gr.load_corpus(ROOT / folder if folder else tmp_path, cache=False)
    records = list(corpus._paragraph_records())
    paragraphs = pd.DataFrame([{"paragraph_id": pid, "report_id": rid, "section_id": sid, "top_section_id": top,
                                "role": role, "start": p.start, "end": p.end, "chars": p.end - p.start, "text": p.text}
                               for pid, rid, p, sid, top, role in records], columns=list(corpus.paragraphs.columns))
    sentences = pd.DataFrame([{"sentence_id": f"{pid}/{m}", "paragraph_id": pid, "report_id": rid, "start": s.start,
                               "end": s.end, "text": s.text}
                              for pid, rid, p, *_ in records for m, s in enumerate(p.sentences, 1)],
                             columns=list(corpus.sentences.columns))
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        for m in r.metrics:
            d = m.to_dict()
            checks = d.pop("checks")
            d["check"] = "; ".join(f"{c['formula']} = {c['computed']}%（文中 {c['stated']:g}%）"
                                   + ("" if c["consistent"] else " 不一致") for c in checks)
            d["consistent"] = all(c["consistent"] for c in checks) if checks else None
            rows.append({"report_id": rid, **d, "page": r.page_at(m.start)})
    metrics = typed(pd.DataFrame(rows, columns=list(corpus.metrics.columns)), "metrics")
    paragraphs, sentences = typed(paragraphs, "paragraphs"), typed(sentences, "sentences")
    assert corpus.paragraphs.equals(paragraphs) and corpus.sentences.equals(sentences) and corpus.metrics.equals(metrics)
    for got, made in ((corpus.paragraphs, paragraphs), (corpus.sentences, sentences), (corpus.metrics, metrics)):
        assert list(got.dtypes) == list(made.dtypes)
    assert (len(metrics) > 100 and metrics["check"].str.len().gt(0).any()) if folder else metrics.empty
