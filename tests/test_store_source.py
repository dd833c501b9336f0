"""govreports.store.source: a corpus reading its per-report tables from the store gives the frames, types included,
that it builds from its reports, on any folder; where the store cannot serve, the corpus builds them as before."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports import corpus as corpus_module
from govreports import limits
from govreports.corpus import load_corpus, table_types
from govreports.settings import STORE_VAR
from govreports.store.source import use_store

ROOT = Path(__file__).resolve().parents[1]
# the seeds and the development set (messy real reports, and look-alikes that are not reports)
FILES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "real" / "reports").glob("*")) + \
    sorted((ROOT / "tests" / "real" / "negatives").glob("*"))
TABLES = {"table": "reports", "sections": "sections", "paragraphs": "paragraphs", "sentences": "sentences",
          "metrics": "metrics", "compliance": "compliance"}


def assert_same_tables(stored: gr.Corpus, built: gr.Corpus) -> None:
    assert stored.ids == built.ids
    pd.testing.assert_frame_equal(stored.skipped, built.skipped, obj="skipped")
    pd.testing.assert_frame_equal(stored.set_aside, built.set_aside, obj="set_aside")
    assert list(stored.reports) == list(built.reports)
    for prop, name in TABLES.items():
        frame = getattr(stored, prop)
        pd.testing.assert_frame_equal(frame, getattr(built, prop), obj=prop)
        assert dict(frame.dtypes.astype(str)) == table_types(name), prop


def fill(folder: Path, picks: list[int]) -> None:
    folder.mkdir()
    for k, pick in enumerate(picks):
        source = FILES[pick % len(FILES)]
        shutil.copy(source, folder / f"{k:02d}_{source.name}")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=6),
       st.lists(st.tuples(st.sampled_from(["add", "change", "remove", "copy"]), st.integers(0, 10_000)), max_size=3),
       st.sampled_from([limits.REPORTS_HELD, 1]))
def test_on_any_folder_and_after_changes_the_stored_corpus_is_the_one_built_from_the_reports(
        tmp_path_factory, monkeypatch, picks, changes, held):
    """Any mix of seeds, real reports and non-reports, then files added, changed, removed or copied (a duplicate):
    after each change, the corpus loaded with ``$GOVREPORTS_STORE`` reads every table from the store (brought up
    to date) and equals the one loaded without it: its reports, ids, files left out and set aside, and tables.
    Above the reports held in memory (``held``), which files are reports comes from the store's manifest too."""
    tmp = tmp_path_factory.mktemp("folder")
    folder, store = tmp / "corpus", tmp / "store"
    fill(folder, picks)
    monkeypatch.setenv(STORE_VAR, str(store))
    monkeypatch.setattr(limits, "REPORTS_HELD", held)
    monkeypatch.setattr(corpus_module, "REPORTS_HELD", held)
    for step in [None, *changes]:
        if step is not None:
            op, pick = step
            files = sorted(folder.iterdir())
            if op == "add":
                shutil.copy(FILES[pick % len(FILES)], folder / f"added_{pick}_{FILES[pick % len(FILES)].name}")
            elif op == "change" and files:
                with files[pick % len(files)].open("ab") as fh:
                    fh.write("\n新建法律援助工作站3个。\n".encode())
            elif op == "remove" and files:
                files[pick % len(files)].unlink()
            elif op == "copy" and files:
                shutil.copy(files[pick % len(files)], folder / f"copy_{pick}.txt")
        stored, built = gr.load_corpus(folder), load_corpus(folder)
        assert (stored.source is not None) == bool(built.ids)
        assert_same_tables(stored, built)


def test_without_the_setting_the_corpus_builds_its_tables_from_its_reports(monkeypatch):
    monkeypatch.delenv(STORE_VAR, raising=False)
    assert gr.load_corpus(ROOT / "seeds").source is None


def test_a_store_that_cannot_be_written_there_leaves_the_corpus_building_its_tables(tmp_path, monkeypatch):
    """A store folder inside the corpus folder would be read as its files: refused, and the corpus works as
    without a store (no error reaches the chapter)."""
    folder = tmp_path / "corpus"
    fill(folder, [0, 1])
    monkeypatch.setenv(STORE_VAR, str(folder / "store"))
    corpus = gr.load_corpus(folder)
    assert corpus.source is None and not (folder / "store").exists()
    assert_same_tables(corpus, load_corpus(folder))


def test_a_store_that_holds_other_reports_than_the_corpus_is_not_used(tmp_path):
    """A report added to the folder after the corpus was read: the store, brought up to date, holds one report
    more than the corpus, which keeps building its tables from its own reports."""
    folder = tmp_path / "corpus"
    fill(folder, [0, 1])
    corpus = load_corpus(folder)
    shutil.copy(FILES[2], folder / "later.txt")
    assert not use_store(corpus, tmp_path / "store")
    assert corpus.source is None and len(corpus.table) == 2


@pytest.mark.parametrize("prop", list(TABLES))
def test_a_table_has_its_declared_types_whatever_its_rows_hold(tmp_path, prop):
    """One report (a column with no value in it is still typed as declared), and no report at all."""
    folder = tmp_path / "corpus"
    fill(folder, [0])
    assert dict(getattr(load_corpus(folder), prop).dtypes.astype(str)) == table_types(TABLES[prop])
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notice.txt").write_text("关于召开全县安全生产工作会议的通知\n各乡镇人民政府：\n请准时参加。\n", encoding="utf-8")
    assert dict(getattr(load_corpus(empty), prop).dtypes.astype(str)) == table_types(TABLES[prop])


def test_a_store_rebuilt_for_another_folder_since_gives_the_first_corpus_its_own_tables(tmp_path, monkeypatch):
    """Two folders named with one store (a reader's setting, or tests sharing it): the first corpus reads no table
    of the second from it, and builds its own from its reports once the store holds the second's."""
    first, second = tmp_path / "first", tmp_path / "second"
    fill(first, [0, 1])
    fill(second, [2, 3, 4])
    monkeypatch.setenv(STORE_VAR, str(tmp_path / "store"))
    a = gr.load_corpus(first)
    assert a.source is not None
    b = gr.load_corpus(second)
    assert b.source is not None
    assert_same_tables(a, load_corpus(first))
    assert_same_tables(b, load_corpus(second))



def test_names_that_are_not_utf8_give_the_same_corpus_from_the_store(tmp_path, monkeypatch):
    """A file whose name is not UTF-8 (kept by Python as lone surrogates; the store and every table write it with
    ``\\xff`` escapes): the same ids, names and tables either way, held in memory or in the parse cache."""
    folder = tmp_path / "corpus"
    fill(folder, [0, 1])
    shutil.copy(FILES[2], folder / os.fsdecode(b"\xb1\xa8\xb8\xe6-gbk-name.txt"))
    monkeypatch.setenv(STORE_VAR, str(tmp_path / "store"))
    for held in (limits.REPORTS_HELD, 1):
        monkeypatch.setattr(limits, "REPORTS_HELD", held)
        monkeypatch.setattr(corpus_module, "REPORTS_HELD", held)
        stored, built = gr.load_corpus(folder), load_corpus(folder)
        assert any("\\x" in rid for rid in built.ids) and stored.source is not None
        assert_same_tables(stored, built)
