"""CSV files are opened in spreadsheets: no text cell may start a formula (OWASP CSV injection), numbers stay
numbers, Parquet keeps the raw text."""
import csv
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.analysis import export
from govreports.book import tables

# What a spreadsheet may run: a cell beginning with =, +, @, tab or CR, or with - that does not begin a number
# (-3, -.5: a spreadsheet reads -.5 as a number, as it reads -0.5).
LIVE = re.compile(r"[=+@\t\r]|-(?![0-9]|\.[0-9])")
SEED_TEXT = (gr.corpus.seeds_path() / sorted(p.name for p in gr.corpus.seeds_path().glob("*.txt"))[0]).read_text(
    encoding="utf-8")
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http:evil.example","x")', "+1+1", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "-cmd"]


def _cells(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return [cell for row in rows for cell in row]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(st.sampled_from("=+-@\t\r'0123456789.%,aA县 "), max_size=8),
                          st.integers(-10**6, 10**6) | st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=12))
def test_no_csv_cell_starts_a_formula_and_numbers_stay_numbers(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    df = pd.DataFrame(rows, columns=["text", "number"])
    export.write_csv(df, path)
    assert not [c for c in _cells(path) if LIVE.match(c)]
    back = pd.read_csv(path, dtype={"text": str}, keep_default_na=False)
    assert back["number"].tolist() == pytest.approx(df["number"].tolist())  # numbers are written as numbers
    # nothing lost: each text cell is the raw text, after one quote where the raw text would start a formula
    assert back["text"].tolist() == [("'" + t) if LIVE.match(t) or export.FORMULA_START.match(t) else t
                                     for t in df["text"]]


def test_formula_names_and_lines_are_neutralised_in_every_csv_and_raw_in_parquet(tmp_path):
    """A file named like a formula and body lines that start like one: every CSV of the export (and the
    chapters' downloads, written by the same function) is safe; the Parquet files keep the raw text."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = SEED_TEXT.splitlines()
    hostile = "\n".join([*lines[:6], *FORMULAS, *lines[6:]])
    (folder / '=HYPERLINK("http:evil.example","x").txt').write_text(hostile, encoding="utf-8")
    (folder / "@cmd.txt").write_text(SEED_TEXT.replace("一、", "=cmd|' /C calc'!A0一、", 1), encoding="utf-8")
    corpus = gr.load_corpus(folder, workers=1, cache=False)
    assert corpus.ids, "the reports must be read for the test to mean anything"
    written = tables.export.export(corpus, tmp_path / "out")
    csvs = [p for p in written if p.suffix == ".csv"]
    assert len(csvs) >= 9
    for path in csvs:
        live = [c for c in _cells(path) if LIVE.match(c)]
        assert not live, f"{path.name}: {live[:3]}"
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    assert '=HYPERLINK("http:evil.example","x")' in set(reports["report_id"])
    in_csv = pd.read_csv(tmp_path / "out" / "reports.csv", keep_default_na=False)
    assert "'=HYPERLINK(\"http:evil.example\",\"x\")" in set(in_csv["report_id"])
    sentences = pd.read_parquet(tmp_path / "out" / "sentences.parquet")
    assert sentences["text"].str.startswith("=cmd").any() or sentences["text"].str.contains("=cmd").any()


def test_a_minus_begins_a_number_only_before_a_digit_or_a_point_and_a_digit():
    """What Hypothesis found (-.0 is a number, -,0 is not): the export and this test's idea of a live cell agree."""
    for cell in ("-3", "-1.5%", "-.5", "-4e-10", "-1,234"):
        assert export.safe_cell(cell) == cell and not LIVE.match(cell)
    for cell in ("-,0", "-.", "-cmd", "-2+3"):
        assert export.safe_cell(cell) == "'" + cell


def test_a_column_of_mixed_values_is_neutralised_cell_by_cell():
    """Text among numbers, None and lists in one object column: only the text that starts a formula changes."""
    df = pd.DataFrame({"mixed": pd.Series(["=1+1", 3, None, "a", ["=x"], "-cmd", "-3"], dtype=object)})
    assert export.spreadsheet_safe(df)["mixed"].tolist() == ["'=1+1", 3, None, "a", ["=x"], "'-cmd", "-3"]


def test_the_frame_given_is_left_as_it_was():
    """Only the columns that change are copied: the caller's frame (a chapter's table) keeps its cells, text
    columns of either kind, a column changed cell by cell, and its column names."""
    df = pd.DataFrame({"=name": ["=1", "a"], "plain": ["a", "b"], "n": [1, 2],
                       "mixed": pd.Series(["-cmd", 3], dtype=object)})
    before = df.copy()
    out = export.spreadsheet_safe(df)
    assert out.columns.tolist() == ["'=name", "plain", "n", "mixed"]
    assert out["'=name"].tolist() == ["'=1", "a"] and out["mixed"].tolist() == ["'-cmd", 3]
    pd.testing.assert_frame_equal(df, before)
