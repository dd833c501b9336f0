"""The place × year panel, its Stata file and the long document-term table, on the development set and the seeds."""
from pathlib import Path

import pandas as pd

import govreports as gr
from govreports.analysis import export, place_year, words
from govreports.book import tables
from govreports.vocabulary import GOVERNMENT, YEAR

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"


def test_the_panel_has_one_row_per_issuer_and_year_and_codes_for_every_place():
    corpus = gr.load_corpus(REAL, cache=False)
    p = place_year.panel(corpus)
    assert not p.duplicated(["author", "year_covered"]).any()
    with_year = corpus.table.dropna(subset=["year_covered"])
    authors = {(gr.corpus.report_author(r, pl, i, lv), y) for r, pl, i, lv, y in
               zip(with_year["report_id"], with_year["place"], with_year["issuer"], with_year["level"],
                   with_year["year_covered"])}
    assert len(p) == len(authors)
    placed = corpus.table[corpus.table["place"].notna() & corpus.table["province"].notna()]
    assert placed["province_code"].notna().all() and placed["province_code"].str.fullmatch(r"\d{6}").all()
    towns = corpus.table[corpus.table["level"] == "乡镇级"]
    assert towns["town_code"].str.fullmatch(r"\d{9}").all() and towns["county_code"].notna().all()
    assert set(p["part2"]) <= {"section", "mentioned", "absent", "not_reached"}
    assert set(tables.place_year.labels()) >= set(p.columns)


def test_the_stata_file_keeps_labels_and_codes(tmp_path):
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    p = place_year.panel(corpus)
    tables.place_year.write_stata(p, tmp_path / "panel.dta")
    back = pd.read_stata(tmp_path / "panel.dta")
    assert list(back["county_code"]) == [c if isinstance(c, str) else "" for c in p["county_code"]]
    assert set(back["part1"].astype(str)) <= {"独立成节", "仅有提及", "缺失", "未覆盖"}
    long = p.assign(issuer="很长的发文机关" * 400)  # 8,400 bytes: beyond a fixed-width Stata string
    tables.place_year.write_stata(long, tmp_path / "long.dta")
    assert pd.read_stata(tmp_path / "long.dta")["issuer"].iloc[0] == long["issuer"].iloc[0]
    with pd.io.stata.StataReader(tmp_path / "panel.dta") as reader:
        variable = reader.variable_labels()
    assert variable["year_covered"] == "所述年度" and variable["theme01"].startswith("主题占正文比例")


def test_the_document_term_table_sums_to_chapter_2s_tokens():
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    w = words.analyse(corpus)
    terms = export.document_terms(w.matrix)
    assert int(terms["count"].sum()) == len(w.tokens)
    assert not terms.duplicated(["report_id", "term"]).any()
    grouped = w.tokens.groupby(["report_id", "term"], sort=True).size().rename("count").reset_index()
    assert terms.equals(grouped.astype({"count": "int64"}))  # what the table was when made from the tokens


def test_a_folder_without_a_year_gives_an_empty_panel_in_every_format(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("某县人民政府关于法治政府建设情况的报告\n某县坚持依法行政，推进法治政府建设。\n",
                                           encoding="utf-8")
    corpus = gr.load_corpus(tmp_path / "in", cache=False)
    assert place_year.panel(corpus).empty
    written = {p.name for p in tables.export.export(corpus, tmp_path / "out")}
    assert {"panel.dta", "panel.csv", "panel.parquet"} <= written
    assert pd.read_stata(tmp_path / "out" / "panel.dta").empty


def test_every_exported_csv_opens_in_excel_and_reads_back_unchanged(tmp_path):
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    frames = export.tables(corpus)
    for path in tables.export.export(corpus, tmp_path, formats=("csv",)):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name  # Excel's UTF-8 mark
        back = pd.read_csv(path, dtype=str, keep_default_na=False)
        if path.stem in frames:
            assert list(back.columns) == list(frames[path.stem].columns), path.name


def test_the_stata_files_time_stamp_is_fixed_so_two_exports_are_the_same_bytes(tmp_path, monkeypatch):
    panel = place_year.panel(gr.load_corpus())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    tables.place_year.write_stata(panel, tmp_path / "a.dta")
    assert b"01 Jan 1970 00:00" in (tmp_path / "a.dta").read_bytes()[:200]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(365 * 86400 + 3 * 3600 + 25 * 60))
    tables.place_year.write_stata(panel, tmp_path / "b.dta")
    assert b"01 Jan 1971 03:25" in (tmp_path / "b.dta").read_bytes()[:200]


def test_each_indicator_column_holds_the_reports_first_government_figure_of_the_year():
    """Read back from the per-report objects, figure by figure: the first metric of each canonical indicator about
    the government's own work in the year (in its base unit where it has one); none, empty."""
    corpus = gr.load_corpus(REAL, cache=False)
    p = place_year.panel(corpus).set_index("report_id")
    by_id = dict(zip(corpus.ids, corpus.reports))
    checked = 0
    for rid, row in p.iterrows():
        for column, name in place_year.indicator_columns():
            first = next((m for m in by_id[rid].metrics if m.indicator == name and m.scope == GOVERNMENT
                          and m.period == YEAR), None)
            if first is None:
                assert pd.isna(row[f"{column}_value"]) and pd.isna(row[f"{column}_unit"])
                continue
            value = first.value_base if first.value_base is not None else first.value
            unit = first.unit_base if first.unit_base is not None else first.unit
            assert row[f"{column}_value"] == value and row[f"{column}_unit"] == unit, (rid, name)
            checked += 1
    assert checked >= 30  # not vacuous: the development set has 50 such figures
