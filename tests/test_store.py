"""The Parquet store (govreports.store): the same tables as the corpus gives, kept up to date incrementally, the
same on a Dask cluster as locally, and answered by DuckDB as pandas answers."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.analysis.export import report_tables
from govreports.corpus import load_corpus
from govreports.pipeline import read_folder
from govreports.store import TABLES, build_store, query, read_table, schedule
from govreports.store.dataset import MANIFEST, PART_REPORTS, assign_parts
from govreports.store.schema import schemas, to_arrow

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
NOT_A_REPORT = "关于召开全县安全生产工作会议的通知\n各乡镇人民政府：\n定于下周一召开会议，请准时参加。\n县政府办公室\n"


def expected(folder: Path) -> dict[str, pd.DataFrame]:
    """What the store must hold: the corpus's per-report tables, as the declared schema types them."""
    frames = report_tables(load_corpus(folder))
    return {t: to_arrow(frames[t], t).to_pandas() for t in TABLES}


def assert_store_is(store: Path, folder: Path) -> None:
    want = expected(folder)
    for table in TABLES:
        pd.testing.assert_frame_equal(read_table(store, table), want[table], obj=table)
    files = read_table(store, "files")
    reads = read_folder(folder)
    assert list(files["file"]) == [r.rel for r in reads]
    assert list(files["status"]) == [r.status for r in reads]
    assert list(files["reason"]) == [r.reason for r in reads]


def test_the_declared_schema_is_that_of_the_tables_the_corpus_gives():
    frames = report_tables(load_corpus(ROOT / "seeds"))
    assert list(frames) == list(TABLES)
    for table, df in frames.items():
        assert list(df.columns) == schemas()[table].names, table
        assert to_arrow(df, table).num_rows == len(df)
    with pytest.raises(ValueError, match="not the declared"):
        to_arrow(frames["reports"].drop(columns="title"), "reports")


def test_the_store_of_the_seeds_holds_their_tables_partitioned_by_year(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    result = build_store(folder, tmp_path / "store")
    assert (result.files, result.reports, result.parsed, result.rebuilt) == (5, 5, 5, True)
    assert_store_is(tmp_path / "store", folder)
    years = {p.name for p in (tmp_path / "store" / "reports").iterdir()}
    want = {f"year={y}" for y in load_corpus(folder).table["year_covered"].dropna()}
    assert years == want and result.parts_written == len(want)
    # read without this package: pyarrow's dataset (as pandas, R's arrow and Spark read it) sees every row
    assert pq.ParquetDataset(tmp_path / "store" / "paragraphs").read().num_rows == len(expected(folder)["paragraphs"])


def test_a_report_without_its_year_is_stored_under_year_unknown_and_pandas_reads_every_table(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    text = re.sub(r"20[12]\d年度?", "", SEEDS[4].read_text(encoding="utf-8"))  # no year left to read
    (folder / "no_year.txt").write_text(text, encoding="utf-8")
    build_store(folder, tmp_path / "store")
    assert_store_is(tmp_path / "store", folder)
    reports = pd.read_parquet(tmp_path / "store" / "reports")  # pandas alone, the partition folders as a column
    assert dict(zip(reports["report_id"], reports["year"].astype(str))) == {
        SEEDS[0].stem: str(load_corpus(folder).table.set_index("report_id").loc[SEEDS[0].stem, "year_covered"]),
        "no_year": "unknown"}
    for table in TABLES:
        assert len(pd.read_parquet(tmp_path / "store" / table)) == len(read_table(tmp_path / "store", table))


def test_a_second_build_parses_and_writes_nothing_and_one_change_writes_one_part(tmp_path):
    folder, store = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(ROOT / "seeds", folder)
    build_store(folder, store)
    again = build_store(folder, store)
    assert (again.parsed, again.parts_written, again.parts_removed, again.rebuilt) == (0, 0, 0, False)
    changed = SEEDS[2].name
    with (folder / changed).open("a", encoding="utf-8") as fh:
        fh.write("\n全年办理行政复议案件99件。\n")
    after = build_store(folder, store)
    assert (after.parsed, after.parts_written, after.parts_removed) == (1, 1, 0)
    assert_store_is(store, folder)
    (folder / SEEDS[0].name).unlink()
    gone = build_store(folder, store)
    assert gone.parsed == 0 and gone.parts_written + gone.parts_removed == 1
    assert_store_is(store, folder)


def test_every_file_is_in_the_manifest_with_what_became_of_it(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    shutil.copy(SEEDS[0], folder / "copy.txt")
    (folder / "notice.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    build_store(folder, tmp_path / "store")
    assert_store_is(tmp_path / "store", folder)
    files = read_table(tmp_path / "store", "files").set_index("file")
    assert files.loc["copy.txt", "status"] == "duplicate"
    assert files.loc["notice.txt", "status"] == "not a report"
    assert files.loc["broken.pdf", "status"] == "error"
    assert files.loc["image.png", "status"] == "skipped"
    assert files["report_id"].notna().sum() == 5


def test_a_name_that_is_not_utf8_is_stored_escaped(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / b"\xff\xfe.txt".decode("utf-8", "surrogateescape"))
    build_store(folder, tmp_path / "store")
    reports = read_table(tmp_path / "store", "reports")
    assert list(reports["report_id"]) == ["\\xff\\xfe"]
    assert read_table(tmp_path / "store", "paragraphs")["report_id"].eq("\\xff\\xfe").all()


def test_a_store_of_another_code_version_is_built_again_whole(tmp_path):
    folder, store = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(ROOT / "seeds", folder)
    build_store(folder, store)
    (store / "store.json").write_text('{"format": 1, "code": "older"}\n', encoding="utf-8")
    stale = store / "reports" / "year=1999" / "part-0000-of-0001.parquet"
    stale.parent.mkdir()
    shutil.copy(next((store / "reports").glob("year=*/*.parquet")), stale)
    result = build_store(folder, store)
    assert result.rebuilt and not stale.exists()
    assert_store_is(store, folder)


def test_a_years_reports_are_spread_over_parts_of_bounded_size():
    n = 3 * PART_REPORTS + 7
    ids = [f"r{k}" for k in range(n)] + ["x", "y"]
    parts = assign_parts(ids, [2023] * n + [None, 2024])
    sizes = pd.Series(parts[:n]).value_counts()
    assert set(p.split("-of-")[1] for p in parts[:n]) == {"0004"}  # a power of two: ceil(n / PART_REPORTS) = 4
    assert len(sizes) == 4 and sizes.max() < 1.5 * n / 4
    assert parts[n:] == ["year=unknown/part-0000-of-0001", "year=2024/part-0000-of-0001"]


OPERATIONS = st.lists(st.tuples(st.sampled_from(["add", "change", "remove", "notice", "copy"]),
                                st.integers(0, 4), st.integers(0, 3)), min_size=1, max_size=5)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_after_any_changes_the_incremental_store_equals_one_built_afresh(tmp_path_factory, operations):
    """Files added, changed, removed, copied and replaced by non-reports between builds: the store kept up to date
    holds what a store built once from the final folder holds."""
    tmp = tmp_path_factory.mktemp("ops")
    folder, store, fresh = tmp / "corpus", tmp / "store", tmp / "fresh"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    build_store(folder, store)
    for op, seed, slot in operations:
        name = folder / f"n{slot}.txt"
        if op == "add":
            shutil.copy(SEEDS[seed], name)
        elif op == "change" and name.exists():
            with name.open("a", encoding="utf-8") as fh:
                fh.write(f"\n新建法律援助工作站{seed + 2}个。\n")
        elif op == "remove":
            name.unlink(missing_ok=True)
        elif op == "notice":
            name.write_text(NOT_A_REPORT, encoding="utf-8")
        elif op == "copy":  # another file of the folder copied over this name: a duplicate of it
            others = sorted(p for p in folder.glob("*.txt") if p != name)
            shutil.copy(others[seed % len(others)], name)
        build_store(folder, store)
    build_store(folder, fresh)
    for table in (*TABLES, "files"):
        pd.testing.assert_frame_equal(read_table(store, table), read_table(fresh, table), obj=table)
    assert sorted(p.relative_to(store) for p in store.rglob("*.parquet")) == \
        sorted(p.relative_to(fresh) for p in fresh.rglob("*.parquet"))


def test_on_a_dask_cluster_the_store_is_the_same_as_locally(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    (folder / "notice.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    local = build_store(folder, tmp_path / "local", workers=1, cache=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = build_store(folder, tmp_path / "cluster", scheduler=cluster.scheduler_address, cache=False)
    assert (remote.parsed, remote.parts_written) == (local.parsed, local.parts_written) == (6, 4)
    for table in (*TABLES, "files"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "cluster", table), read_table(tmp_path / "local", table),
                                      obj=table)


def test_a_scheduler_that_does_not_answer_is_named_in_one_line(tmp_path, monkeypatch):
    from govreports.settings import SettingError

    monkeypatch.setattr(schedule, "CONNECT_TIMEOUT", "1s")
    monkeypatch.setenv(schedule.SCHEDULER_VAR, "tcp://127.0.0.1:9")
    with pytest.raises(SettingError, match=r"GOVREPORTS_SCHEDULER='tcp://127.0.0.1:9': no Dask scheduler answers"):
        build_store(ROOT / "seeds", tmp_path / "store", cache=False)


def test_duckdb_answers_the_chapters_queries_as_pandas_does(tmp_path):
    build_store(ROOT / "seeds", tmp_path / "store")
    corpus = load_corpus(ROOT / "seeds")
    t = corpus.table
    by_year = t.groupby(["year_covered", "level"]).size().rename("reports").reset_index()
    got = query(tmp_path / "store", "reports_by_year_level")
    assert got.astype({"year_covered": "int64"}).to_dict("records") == by_year.astype(
        {"year_covered": "int64"}).to_dict("records")

    c = corpus.compliance.merge(t[["report_id", "completeness"]])
    c = c[c["completeness"] == "complete"]
    parts = c.groupby("part").agg(with_section=("status", lambda s: int((s == "section").sum())),
                                  reports=("status", "size")).reset_index()
    assert query(tmp_path / "store", "parts_with_section").to_dict("records") == parts.to_dict("records")

    m = corpus.metrics[corpus.metrics["indicator"].fillna("") != ""]
    ind = m.groupby("indicator").agg(figures=("report_id", "size"), reports=("report_id", "nunique")).reset_index()
    ind = ind.sort_values(["figures", "indicator"], ascending=[False, True], ignore_index=True)
    assert query(tmp_path / "store", "figures_by_indicator").to_dict("records") == ind.to_dict("records")

    from govreports.analysis import problems, themes

    pt = themes.paragraph_themes(corpus).explode("themes").dropna(subset=["themes"])
    th = pt.groupby("themes").agg(paragraphs=("paragraph_id", "size"), chars=("chars", "sum")).reset_index()
    th = th.rename(columns={"themes": "theme"}).sort_values(["paragraphs", "theme"], ascending=[False, True],
                                                            ignore_index=True)
    got = query(tmp_path / "store", "paragraphs_by_theme").astype({"chars": "int64"})
    assert got.to_dict("records") == th.to_dict("records")

    items = problems.items_table(corpus)
    it = items.groupby(["kind", "category"]).agg(items=("item_id", "size"), specific=("specific", "sum")).reset_index()
    it = it.sort_values(["kind", "items", "category"], ascending=[True, False, True], ignore_index=True)
    assert query(tmp_path / "store", "items_by_category").to_dict("records") == it.to_dict("records")


def test_an_empty_store_has_every_table_with_no_rows(tmp_path):
    (tmp_path / "corpus").mkdir()
    build_store(tmp_path / "corpus", tmp_path / "store")
    for table in TABLES:
        assert query(tmp_path / "store", f"SELECT * FROM {table}").columns.tolist() == schemas()[table].names
        assert read_table(tmp_path / "store", table).empty
    assert (tmp_path / "store" / MANIFEST).is_file()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "govreports", *args], capture_output=True, text=True, cwd=ROOT)


def test_the_command_line_builds_a_store_and_answers_sql(tmp_path):
    done = run_cli("store", "seeds", "--out", str(tmp_path / "store"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("5 files, 5 reports: ") and done.stderr.count("\n") == 1
    answer = run_cli("query", str(tmp_path / "store"), "SELECT count(*) AS n FROM paragraphs")
    assert answer.returncode == 0 and answer.stdout.splitlines()[1] == str(len(load_corpus(ROOT / "seeds").paragraphs))
    assert "figures_by_indicator" in run_cli("query", str(tmp_path / "store")).stdout
    for args, message in ((("query", str(tmp_path / "store"), "SELECT nothing FROM nowhere"), "error: query: "),
                          (("query", str(tmp_path / "none")), None),
                          (("store", str(tmp_path / "missing"), "--out", str(tmp_path / "s2")), "error: corpus folder")):
        bad = run_cli(*args)
        if message is None:  # listing the named queries needs no store
            assert bad.returncode == 0
            continue
        assert bad.returncode == 2 and bad.stderr.startswith(message) and bad.stderr.count("\n") == 1, bad.stderr


def test_the_stores_version_covers_every_module_its_tables_can_reach():
    """tables_version leaves out book/ and the command line; it may only because nothing it hashes imports them."""
    from test_architecture import PACKAGE, imported

    from govreports.pipeline import package_files
    from govreports.store.dataset import NOT_TABLES

    hashed = package_files(without=NOT_TABLES)
    names = {p.relative_to(PACKAGE).as_posix() for p in hashed}
    assert {"analysis/export.py", "store/dataset.py", "data/store_schema.toml", "corpus.py"} <= names
    assert not any(n.startswith("book/") or n in ("cli.py", "__main__.py") for n in names)
    reaching = {str(p.relative_to(PACKAGE)): sorted(t for t in imported(p) if t.split(".")[0] in ("book", "cli"))
                for p in hashed if p.suffix == ".py"}
    assert not {k: v for k, v in reaching.items() if v}


def test_the_store_is_built_again_whole_when_what_its_tables_depend_on_changes_and_only_then(tmp_path, monkeypatch):
    from govreports.store import dataset

    build_store(ROOT / "seeds", tmp_path / "store")
    monkeypatch.setattr(dataset, "tables_version", lambda: "another")
    assert build_store(ROOT / "seeds", tmp_path / "store").rebuilt  # what its tables depend on changed
    assert not build_store(ROOT / "seeds", tmp_path / "store").rebuilt


def test_a_store_is_written_only_where_it_can_harm_nothing(tmp_path):
    from govreports.store import StoreError

    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    documents = tmp_path / "documents"  # a folder of the user's, with a folder named as a table
    (documents / "reports").mkdir(parents=True)
    (documents / "reports" / "mine.txt").write_text("我的文件", encoding="utf-8")
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    for out, message in ((folder / "store", "inside the corpus folder"), (folder, "inside the corpus folder"),
                         (tmp_path, "is inside the store"), (documents, "holds files and no store"),
                         (tmp_path / "a_file", "is not a folder")):
        with pytest.raises(StoreError, match=message):
            build_store(folder, out)
    assert (documents / "reports" / "mine.txt").read_text(encoding="utf-8") == "我的文件"
    assert not (folder / "store").exists()
    (tmp_path / "empty").mkdir()
    assert build_store(folder, tmp_path / "empty").reports == 5  # a new or empty folder, then the store itself
    assert build_store(folder, tmp_path / "empty").parsed == 0
    refused = run_cli("store", str(folder), "--out", str(documents))
    assert refused.returncode == 2 and refused.stderr.startswith("error: ") and refused.stderr.count("\n") == 1
