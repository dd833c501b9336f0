"""The word statistics and the similarity read a sparse matrix and blocks of it; they must give what the dense
frames gave. The references below are the dense computations the book used before (report × term frames from
the tokens grouped, the report × report matrix whole), run on generated tokens and on the seeds."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.analysis import template, term_matrix, words
from govreports.analysis.term_matrix import TermMatrix
from govreports.book import tables

ROOT = Path(__file__).resolve().parents[1]
VOCAB = ["行政执法", "法治政府", "依法行政", "复议", "普法", "合法性审查", "政务公开", "规范性文件", "诉讼", "调解"]


@pytest.fixture(scope="module")
def seeds():
    return gr.load_corpus(ROOT / "seeds")


tokens_of = st.lists(st.lists(st.integers(0, len(VOCAB) - 1), max_size=40), min_size=5, max_size=5)


def _words(corpus, per_report: list[list[int]]) -> words.Words:
    """Words of the seed corpus whose tokens are the given vocabulary indices (offsets are positions)."""
    owners = np.repeat(np.arange(len(per_report), dtype=np.int32), [len(t) for t in per_report])
    codes = np.array([c for t in per_report for c in t], dtype=np.int64)
    used = list(dict.fromkeys(codes.tolist()))  # a vocabulary holds the terms used, in order of first use
    remap = {c: k for k, c in enumerate(used)}
    starts = np.concatenate([np.arange(len(t)) for t in per_report]).astype(np.int64)
    return words.Words(corpus, owners, starts, starts + 1, np.array([remap[c] for c in codes.tolist()], dtype=np.int64),
                       [VOCAB[c] for c in used])


def _dense(w: words.Words) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The counts and rates frames as the book made them before: the tokens grouped, zeros filled."""
    counts = w.tokens.groupby(["report_id", "term"]).size().unstack(fill_value=0).reindex(index=w.corpus.ids,
                                                                                          fill_value=0)
    return counts, counts.div(w.chars.reindex(counts.index), axis=0) * 10_000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens_of, st.sampled_from([12, 2]))
def test_word_statistics_equal_the_dense_frames(seeds, per_report, max_groups):
    w = _words(seeds, per_report)
    if not w.n_tokens:
        return
    counts, rates = _dense(w)
    assert w.counts.equals(counts.astype("int64").rename_axis(index="report_id", columns="term"))
    top = pd.DataFrame({"rate": rates.mean(), "reports": (counts > 0).sum(), "count": counts.sum()})
    top = top.sort_values(["rate", "count"], ascending=False, kind="stable").head(30).round({"rate": 1})
    got = w.top_terms(30)
    assert list(got.index) == list(top.index) and np.allclose(got["rate"], top["rate"])
    assert (got["reports"].to_numpy() == top["reports"].to_numpy()).all()
    assert (got["count"].to_numpy() == top["count"].to_numpy()).all()
    g = w.groups(max_groups)
    by_group = rates.groupby(g).mean()
    tidy = w.top_by_group(5, max_groups)
    for name in dict.fromkeys(g):
        row = tidy[tidy["group"] == name]
        expected = by_group.loc[name].sort_values(ascending=False, kind="stable").head(5)
        assert np.allclose(row["rate"], expected.to_numpy())
        assert list(row["term"]) == list(expected.index) or np.allclose(np.diff(expected.to_numpy()), 0)
        freq = w.frequencies(name, max_groups)
        mean = rates[g == name].mean()
        assert set(freq) == set(mean[mean > 0].index)
        assert all(math.isclose(freq[t], mean[t]) for t in freq)
    grouped = counts.groupby(g).sum()
    prior = grouped.sum()
    a0 = prior.sum()
    expected_z = []
    for name in dict.fromkeys(g):  # the log-odds as they were computed on the dense frame
        y_i = grouped.loc[name]
        y_j = prior - y_i
        delta = (((y_i + prior) / (y_i.sum() + a0 - y_i - prior)).map(math.log)
                 - ((y_j + prior) / (y_j.sum() + a0 - y_j - prior)).map(math.log))
        zs = (delta / (1 / (y_i + prior) + 1 / (y_j + prior)) ** 0.5)[y_i >= 1]
        expected_z += [(name, k, t, float(v)) for k, (t, v) in
                       enumerate(zs.sort_values(ascending=False, kind="stable").head(8).items(), 1)]
    assert w.distinctive(8, 1, max_groups).equals(pd.DataFrame(expected_z, columns=["group", "rank", "term", "z"]))
    for rid in w.corpus.ids:
        expected = rates.loc[rid].sort_values(ascending=False, kind="stable")
        expected = expected[expected > 0]
        got = w.report_rates(rid)
        assert list(got.index) == list(expected.index) and np.allclose(got.to_numpy(), expected.to_numpy())
    years = w.by_year(["行政执法", "不在词表"])
    assert list(years.columns) == ["reports", "行政执法", "不在词表"] and (years["不在词表"] == 0).all()


def _old_similarity(counts: pd.DataFrame) -> pd.DataFrame:
    """The report × report matrix as the book computed it before, whole."""
    n = len(counts)
    idf = np.log((1 + n) / (1 + (counts > 0).sum())) + 1
    x = counts * idf
    norms = np.sqrt((x ** 2).sum(axis=1)).replace(0, 1)
    x = x.div(norms, axis=0).to_numpy()
    return pd.DataFrame(np.round(x @ x.T, 3), index=counts.index, columns=counts.index)


matrices = st.integers(1, 70).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(1, 12),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 11), st.integers(1, 4)), max_size=4 * n)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(matrices, st.integers(1, 12))
def test_similarity_in_blocks_equals_the_whole_matrix(monkeypatch_blocks, data, keep):
    """Blocks of 16 reports (the least a block holds) against blocks: every pair's value counted once, the best
    pairs in the order of the whole matrix (most similar, then by position), ties at the edge included."""
    n, v, cells = data
    counts = np.zeros((n, v), dtype=np.int64)
    for i, j, c in cells:
        counts[i, j % v] += c
    ids = [f"r{k:03d}" for k in range(n)]
    owners, codes = np.nonzero(counts)
    reps = counts[owners, codes]
    m = TermMatrix.from_codes(ids, np.repeat(owners, reps), np.repeat(codes, reps), [f"t{k:02d}" for k in range(v)])
    old = _old_similarity(pd.DataFrame(counts, index=ids, columns=[f"t{k:02d}" for k in range(v)]))
    sim = template.similarity(m, keep=keep, matrix_rows=n)
    assert np.array_equal(sim.matrix.to_numpy(), old.to_numpy())
    i, j = np.triu_indices(n, 1)
    values = old.to_numpy()[i, j]
    assert sim.value_counts.sum() == len(values)
    assert all(sim.value_counts[round(x * 1000)] == c for x, c in zip(*np.unique(values, return_counts=True)))
    order = np.lexsort((j, i, -values))[:keep]
    expected = pd.DataFrame({"report_a": [ids[k] for k in i[order]], "report_b": [ids[k] for k in j[order]],
                             "similarity": values[order]})
    assert template.top_pairs(sim, min(keep, len(values))).equals(expected.head(keep).reset_index(drop=True)
                                                                  .astype({"report_a": "str", "report_b": "str"}))
    if len(values):
        counts_, edges = template.pair_histogram(sim.value_counts, 40)
        lo, hi = values.min(), values.max()  # all alike: one bin's width of 1e-9, as before
        every, every_edges = np.histogram(values, bins=40, range=(lo, hi if hi > lo else lo + 1e-9))
        assert (counts_ == every).all() and np.allclose(edges, every_edges)
    a, b, s = template.most_similar_pair(sim)
    if n == 1:
        assert (a, b, s) == (ids[0], ids[0], -1.0)
    else:
        full = old.to_numpy().copy()
        np.fill_diagonal(full, -1)
        r, c = np.unravel_index(np.argmax(full), full.shape)  # how the most similar pair was found before
        assert (a, b, s) == (ids[r], ids[c], float(full[r, c]))


@pytest.fixture
def monkeypatch_blocks(monkeypatch):
    """Blocks as small as they go, so that a few dozen reports span several."""
    monkeypatch.setattr(term_matrix, "DENSE_BLOCK_BYTES", 1)


def test_a_large_corpus_keeps_no_matrix_and_shows_the_histogram(seeds):
    w = words.analyse(seeds)
    sim = template.similarity(w.matrix, matrix_rows=3)
    assert sim.matrix is None
    shown = tables.template.similarity_shown(seeds, sim, max_rows=3)
    assert shown[tables.template.PAIRS_COLUMN].sum() == 10
    with pytest.raises(ValueError, match="matrix_rows"):
        tables.template.similarity_table(seeds, sim)
    with pytest.raises(ValueError, match="keep"):
        template.top_pairs(template.similarity(w.matrix, keep=2), 3)


def test_formula_phrases_read_the_codes_as_the_token_table(seeds):
    """Formula phrases of the modifier + verb form came from the token table; they now come from the codes."""
    w = words.analyse(seeds)
    got = template.formula_phrases(w, min_share=0)
    t4 = w.tokens[w.tokens["term"].str.len() == 4]
    verbs = set(got.loc[got["form"] == "modifier_verb", "phrase"])
    assert verbs and verbs <= set(t4["term"])
    for phrase in verbs:
        row = got[got["phrase"] == phrase].iloc[0]
        assert row["count"] == (t4["term"] == phrase).sum()
        assert row["n_reports"] == t4.loc[t4["term"] == phrase, "report_id"].nunique()
