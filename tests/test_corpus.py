import shutil
from pathlib import Path

import pandas as pd
import pytest

import govreports as gr


def test_load_corpus_defaults_to_seeds_with_stable_ids(seed_files, monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    assert c.ids == [f.stem for f in seed_files]
    assert list(c.table["report_id"]) == c.ids
    assert c.skipped.empty
    assert set(c.table["level"]) == {"县级", "乡镇级"}


def test_tables_point_back_into_the_text(monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    texts = dict(zip(c.ids, (r.text for r in c.reports)))
    for row in c.paragraphs.itertuples():
        assert texts[row.report_id][row.start:row.end] == row.text
    for row in c.sentences.itertuples():
        assert texts[row.report_id][row.start:row.end] == row.text
    assert c.paragraphs["paragraph_id"].is_unique and c.sentences["sentence_id"].is_unique
    assert c.sections["section_id"].is_unique
    assert set(c.sections["parent_id"].dropna()) <= set(c.sections["section_id"])
    shares = c.role_shares()
    assert shares.sum(axis=1).round(9).eq(1).all()
    assert c.compliance.groupby("report_id").size().eq(5).all()


def test_environment_variable_names_another_folder_and_bad_files_are_listed(tmp_path, seed_files, monkeypatch):
    for f in seed_files[:2]:
        shutil.copy(f, tmp_path / f.name)
    shutil.copy(seed_files[0], tmp_path / "copy_of_000.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    sub = tmp_path / "2023"
    sub.mkdir()
    (sub / "gbk.txt").write_bytes(seed_files[4].read_text(encoding="utf-8").encode("gbk"))
    monkeypatch.setenv("GOVREPORTS_CORPUS", str(tmp_path))
    c = gr.load_corpus()
    assert c.ids == ["000_dfd90d9831338273", "001_2567c0c2073b691d", "2023/gbk"]
    reasons = dict(zip(c.skipped["file"], c.skipped["reason"]))
    assert reasons == {
        "copy_of_000.txt": "duplicate of 000_dfd90d9831338273.txt",
        "empty.txt": "empty file",
        "scan.pdf": "truncated PDF: the file stops before its end; download it again",
    }
    assert c.table.set_index("report_id").loc["2023/gbk", "encoding"] == "gb18030"


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        gr.load_corpus(tmp_path / "nope")


def test_labels_fall_back_to_the_report_id_without_a_place(tmp_path):
    (tmp_path / "no_place.txt").write_text("关于2023年度法治政府建设情况的报告\n一、主要成效\n办理复议案件3件。\n", encoding="utf-8")
    c = gr.load_corpus(tmp_path)
    assert gr.corpus.report_labels(c.table) == ["no_place（2023）"]


def test_labels_name_a_department_by_itself_and_a_report_without_a_place_by_its_issuer_or_file():
    import pandas as pd

    table = pd.DataFrame({
        "report_id": ["sub/a", "sub/b", "sub/c", "sub/d", "sub/e"],
        "place": ["四川省", "四川省", None, None, "九龙坡区"],
        "issuer": ["四川省人民政府", "四川省教育厅", "司法部", None, None],
        "level": ["省级", "部门", "部门", "县级", "部门"],
        "year_covered": [2025, 2025, 2020, None, 2025]})
    assert gr.corpus.report_labels(table) == [
        "四川省（2025）", "四川省教育厅（2025）", "司法部（2020）", "d（年份不详）", "九龙坡区（2025）"]


def test_complete_reports_have_all_four_required_parts_as_sections(monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    assert c.whole().all()  # every seed file holds its whole report
    assert list(c.all_parts()) == [True, True, False, False, False]  # 002-004 lack a 第一责任人 section


def test_fold_matches_rows_to_reports_by_id_not_position():
    import pandas as pd

    reports = [gr.parse_text(f"某县人民政府关于2023年度法治政府建设情况的报告\n2023年，第{k}县坚持依法行政。\n") for k in range(40)]
    for k, r in enumerate(reports):
        r.level = "县级" if k < 35 else "乡镇级"
    ids = [f"r{k:02d}" for k in range(40)]
    c = gr.Corpus(Path("."), reports, ids)
    # a table for 33 of the 40 reports, in reverse order, indexed by id: the five towns say 1, the counties 0
    some = [i for k, i in enumerate(ids) if k % 6 or k >= 35][::-1]
    frame = pd.DataFrame({"x": [1.0 if int(i[1:]) >= 35 else 0.0 for i in some]}, index=some)
    folded = c.fold(frame)
    assert folded.loc[folded.index.str.startswith("乡镇级"), "x"].item() == 1.0
    assert folded.loc[folded.index.str.startswith("县级"), "x"].item() == 0.0
    assert folded.index.str.contains("（5份）").any() and folded.index.str.contains(f"（{len(some) - 5}份）").any()


def test_report_ids_stay_unique_and_sections_find_their_parents(tmp_path, seed_files):
    """a.txt beside a.html (different texts) are two reports; a dot in a name does not cut a section's id."""
    text = seed_files[4].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.html").write_text("<html><body>" + "".join(f"<p>{ln}</p>" for ln in
                                     seed_files[0].read_text(encoding="utf-8").splitlines()) + "</body></html>",
                                     encoding="utf-8")
    (tmp_path / "v1.2").mkdir()
    (tmp_path / "v1.2" / "report.final.txt").write_text(text.replace("新蔡", "汝南"), encoding="utf-8")
    c = gr.load_corpus(tmp_path, cache=False)
    assert c.ids == ["a", "a.txt", "v1.2/report.final"]
    s = c.sections
    assert s["parent_id"].dropna().isin(s["section_id"]).all()
    assert (s.loc[s["depth"] == 1, "parent_id"].isna()).all()


def test_the_corpus_statement_says_what_the_corpus_is(tmp_path, seed_files, monkeypatch):
    from govreports.book.chapters import SEEDS_NOTE, corpus_statement

    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    seeds = corpus_statement(gr.load_corpus())
    assert seeds.startswith("本书当前读取的语料是 5 份报告（县级 4 份、乡镇级 1 份）") and SEEDS_NOTE in seeds
    assert "2020–2024 年" in seeds and "河南省" in seeds
    shutil.copy(seed_files[4], tmp_path / "one.txt")
    own = corpus_statement(gr.load_corpus(tmp_path, cache=False))
    assert "1 份报告（县级 1 份）" in own and "2022 年" in own and SEEDS_NOTE not in own and "读者指定" in own
    assert "只是关于这些报告的发现" in own


def test_provinces_are_listed_in_administrative_code_order():
    from hypothesis import given
    from hypothesis import strategies as st

    from govreports.parse.gazetteer import province_key

    order = ["北京市", "天津市", "河北省", "上海市", "浙江省", "河南省", "广东省", "四川省", "新疆维吾尔自治区"]

    @given(st.permutations(order + [None, "省份不详"]))
    def sorted_by_code(names):
        got = sorted(names, key=province_key)
        assert got[:len(order)] == order and set(got[len(order):]) == {None, "省份不详"}

    sorted_by_code()


def test_a_shared_corpus_is_given_again_until_a_file_changes(tmp_path, monkeypatch):
    """share_loaded (the book's kernels): the same corpus, with what it computed, while the folder's files are the
    ones read; a new one once a file is added, changed or removed; off, every call reads the folder again."""
    from govreports import corpus as corpus_mod

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "reports"
    folder.mkdir()
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    for p in seeds[:2]:
        shutil.copy(p, folder / p.name)
    assert gr.load_corpus(folder) is not gr.load_corpus(folder)  # off by default
    corpus_mod.share_loaded()
    try:
        first = gr.load_corpus(folder)
        assert gr.load_corpus(folder) is first and gr.load_corpus(str(folder)) is first
        shutil.copy(seeds[2], folder / seeds[2].name)
        added = gr.load_corpus(folder)
        assert added is not first and len(added.reports) == 3
        with (folder / seeds[0].name).open("a", encoding="utf-8") as fh:
            fh.write("\n本报告补充一句。\n")
        changed = gr.load_corpus(folder)
        assert changed is not added and changed.reports[0].text != added.reports[0].text
        (folder / seeds[2].name).unlink()
        assert len(gr.load_corpus(folder).reports) == 2
    finally:
        corpus_mod.share_loaded(False)
    assert gr.load_corpus(folder) is not gr.load_corpus(folder)


def test_a_table_built_in_chunks_equals_one_frame_of_all_its_rows():
    """The corpus's large tables (paragraphs, sentences, figures) become a frame every few thousand rows, so that
    their rows are not all Python objects at once; the frame is the one all rows would give, types included, even
    where a part's values alone would be inferred otherwise (a text column with no text in one part, whole numbers
    in one part and fractions or gaps in another). A column holds one kind of value (text, numbers, truth values)
    and gaps, as every column of those tables does."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from govreports.corpus import Columns

    kinds = [st.text(max_size=3), st.integers(-5, 5), st.floats(allow_nan=False), st.booleans()]
    kinds.append(st.one_of(st.integers(-5, 5), st.floats(allow_nan=False)))  # numbers, some whole
    # a column's cells are each of its kind or missing, as in the tables: a figure's value, page, consistency …

    @settings(max_examples=200, deadline=None)
    @given(st.data(), st.integers(1, 4), st.integers(0, 15), st.integers(1, 6))
    def check(data, width, n_rows, chunk):
        cells = [st.one_of(st.none(), data.draw(st.sampled_from(kinds))) for _ in range(width)]
        rows = [tuple(data.draw(c) for c in cells) for _ in range(n_rows)]
        names = [f"c{k}" for k in range(width)]
        cols = Columns(names, chunk=chunk)
        for row in rows:
            cols.add(*row)
        whole = pd.DataFrame({n: [row[k] for row in rows] for k, n in enumerate(names)}, columns=names) if rows else \
            pd.DataFrame([], columns=names)
        pd.testing.assert_frame_equal(cols.frame(), whole)

    check()
