"""The methods appendix's account of the store's benchmark: read from the recorded figures, and every sentence
true of them."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreports.book.tables import scale


def run(reports: int, clean: float, tree: float, load: bool) -> dict:
    out = {"reports": reports, "analysed": reports - reports // 10, "mb": reports * 0.012,
           "clean": {"wall_s": clean, "tree_peak_rss_mb": tree}, "unchanged": {"wall_s": clean / 30},
           "one_changed": {"wall_s": clean / 20}, "store_mb": reports * 0.0013,
           "queries": {"a": {"s": 0.01}, "b": {"s": 0.02}}}
    if load:
        out["warm_load_corpus"] = {"s": clean / 3, "peak_rss_mb": tree * 3}
    return out


def write(book, runs) -> None:
    path = book / scale.BENCH_FILE
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"date": "2026-12-06", "commit": "abc1234", "cores": 2, "memory_gb": 24,
                                "results": runs}), encoding="utf-8")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(10, 10**6), st.floats(1, 1e4), st.floats(50, 5e4)), min_size=1, max_size=4,
                unique_by=lambda t: t[0]))
def test_the_table_and_sentences_say_what_the_record_holds(tmp_path_factory, sizes):
    book = tmp_path_factory.mktemp("book")
    write(book, [run(n, c, m, load=k == 0) for k, (n, c, m) in enumerate(sizes)])
    bench = scale.load_benchmark(book)
    assert list(bench.runs["reports"]) == sorted(n for n, _, _ in sizes)
    table = scale.benchmark_table(bench)
    assert table.shape == (len(scale.STORE_BENCH_LABELS) - 1, len(sizes))
    assert "未测" in table.to_numpy() or len(sizes) == 1  # the current way, measured at one size only
    said = scale.sentences(bench)
    largest = max(sizes)
    assert f"{largest[0]:,} 份合成报告" in said["statement"] and f"{largest[1]:,.0f} 秒" in said["statement"]
    g = scale.growth(bench)
    assert g.core_seconds_per_report == pytest.approx(largest[1] * 2 / largest[0])
    assert (said["growth"] == "") == (len(sizes) == 1)
    assert "重复" in said["synthetic"]


def test_without_a_record_the_appendix_says_so(tmp_path):
    assert scale.load_benchmark(tmp_path) is None
    said = scale.sentences(None)
    assert "没有基准测试的记录" in said["statement"] and said["cluster"] == ""


@pytest.mark.parametrize(("tree_large", "said"), [(900.0, True), (5000.0, False)])
def test_memory_is_said_to_level_off_only_when_it_did(tmp_path, tree_large, said):
    write(tmp_path, [run(10_000, 40.0, 800.0, load=True), run(100_000, 400.0, tree_large, load=False)])
    clause = scale.plateau(scale.load_benchmark(tmp_path))
    assert bool(clause) == said
    assert not said or "10 倍" in clause and f"{tree_large / 800:.1f} 倍" in clause


def test_the_current_way_is_described_only_where_it_was_measured(tmp_path):
    write(tmp_path, [run(1_000, 7.0, 380.0, load=True), run(10_000, 35.0, 750.0, load=True),
                     run(100_000, 290.0, 1300.0, load=False)])
    said = scale.current(scale.load_benchmark(tmp_path))
    assert "10,000 份时读入用时 11.7 秒" in said and "内存峰值 2,250 MB" in said  # run(): a third of clean, 3x tree
    assert "10 倍" in said and "2.0 倍" in said  # 2,250 MB against 1,140 MB
    assert "GOVREPORTS_STORE" in said  # and what the book does instead
    (tmp_path / scale.BENCH_FILE).unlink()
    write_only = tmp_path / "other"
    write_only.mkdir()
    write(write_only, [run(1_000, 7.0, 380.0, load=False)])
    assert scale.current(scale.load_benchmark(write_only)) == ""


@pytest.mark.parametrize(("minutes", "text"), [(0.2, "1 分钟"), (1.6, "2 分钟"), (59.4, "59 分钟"), (90, "1.5 小时")])
def test_durations_read_in_minutes_or_hours(minutes, text):
    assert scale.duration(minutes) == text


def book_run(reports: int, clean: float, tree: float, commit: str = "abc1234", budget: str | None = None) -> dict:
    def build(wall):  # a record of this version holds the PSS sum, which the book tells, beside the RSS sum
        return {"wall_s": wall, "tree_peak_rss_mb": tree * 1.7, "tree_peak_pss_mb": tree,
                "profile_pages": reports - reports // 10}
    out = {"reports": reports, "mb": reports * 0.012, "clean": build(clean), "unchanged": build(1.8),
           "one_changed": build(clean * 0.9), "date": "2026-12-07", "commit": commit}
    if budget:  # one chapter at a time: slower, less memory
        out["clean_within_budget"] = {"memory": budget, **build(clean * 1.5), "tree_peak_pss_mb": tree / 2}
    return out


def write_book(book, runs) -> None:
    path = book / scale.BOOK_BENCH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"date": "2026-12-07", "commit": runs[-1]["commit"], "cores": 2, "memory_gb": 24,
                                "results": runs}), encoding="utf-8")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(10, 10**6), st.floats(1, 1e4), st.floats(50, 5e4), st.sampled_from(["a1", "b2"]),
                          st.sampled_from([None, "3G", "2500M"])),
                min_size=1, max_size=3, unique_by=lambda t: t[0]))
def test_the_books_benchmark_is_told_as_recorded(tmp_path_factory, sizes):
    book = tmp_path_factory.mktemp("book")
    write_book(book, [book_run(*s) for s in sizes])
    bench = scale.load_book_benchmark(book)
    assert list(bench.runs["reports"]) == sorted(n for n, *_ in sizes)
    table = scale.book_table(bench)
    assert table.shape == (len(scale.BOOK_BENCH_LABELS) - 1, len(sizes))
    assert list(table.columns) == [f"{n:,} 份" for n in sorted(n for n, *_ in sizes)]
    said = scale.book_sentences(bench)
    n, clean, tree, _, budget = max(sizes)
    assert f"{n:,} 份合成报告时，从零构建用时 {clean:,.0f} 秒" in said and f"{tree:,.0f} MB" in said
    ordered = sorted(sizes)
    same = ordered[0][3] == ordered[-1][3]
    assert ("增至" in said) == (len(sizes) > 1 and same)  # a growth only between runs of one version
    assert ("不同版本上测量" in said) == (len(sizes) > 1 and not same)
    assert list(table.loc[scale.BOOK_BENCH_LABELS["commit"]]) == [c for _, _, _, c, _ in ordered]
    within = f"GOVREPORTS_MEMORY={budget}）时，同时执行的章节减少，{n:,} 份报告从零构建用时 {clean * 1.5:,.0f} 秒"
    assert (within in said and f"{tree / 2:,.0f} MB" in said) if budget else "GOVREPORTS_MEMORY" not in said
    commits = list(dict.fromkeys(c for n, _, _, c, _ in sorted(sizes)))
    assert f"2026-12-07 用版本 {'、'.join(commits)} 测量" in said and f"超过 {scale.SPHINX_PROFILES} 份" in said
    assert f"报告不超过 {scale.REPORTS_HELD:,} 份时" in said


def test_without_a_record_of_the_book_the_appendix_says_so(tmp_path):
    assert scale.load_book_benchmark(tmp_path) is None
    said = scale.book_sentences(None)
    assert "没有 make book 的基准测试记录" in said and "秒" not in said


def test_an_older_record_without_pss_tells_its_rss_sum(tmp_path):
    run = book_run(10_000, 300.0, 2_000.0)
    del run["clean"]["tree_peak_pss_mb"]
    write_book(tmp_path, [run])
    said = scale.book_sentences(scale.load_book_benchmark(tmp_path))
    assert f"{2_000.0 * 1.7:,.0f} MB" in said
