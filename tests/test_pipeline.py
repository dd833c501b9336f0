"""The one folder reader: parallel and serial parses are identical, the cache is used and invalidated,
and the worker setting is checked."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from govreports import pipeline
from govreports.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"  # the development set, as the repository keeps it (a clean clone has no ../shared)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Seeds, the development set (reports and look-alikes), a duplicate and a binary file."""
    out = tmp_path_factory.mktemp("mixed")
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(p, out / p.name)
    if REAL.is_dir():
        for p in sorted(REAL.rglob("*")):
            if p.is_file() and p.suffix in (".txt", ".html"):
                shutil.copy(p, out / f"real_{p.name}")
    first = sorted((ROOT / "seeds").glob("*.txt"))[0]
    shutil.copy(first, out / "copy_of_first.txt")
    (out / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return out


def _outcome(reads) -> list:
    return [(r.rel, r.status, r.reason, json.dumps(r.report.summary(), ensure_ascii=False) if r.report else None)
            for r in reads]


def test_parallel_and_serial_reads_are_identical(folder, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    serial = pipeline.read_folder(folder, workers=1, cache=False)
    parallel = pipeline.read_folder(folder, workers=2, cache=False)
    assert _outcome(parallel) == _outcome(serial)
    assert [r.report.text if r.report else None for r in parallel] == [r.report.text if r.report else None
                                                                       for r in serial]
    statuses = {r.status for r in serial}
    assert {"ok", "duplicate", "error"} <= statuses
    assert len(serial) >= 6


def test_second_read_comes_from_the_cache(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    first = pipeline.read_folder(folder, workers=1)
    stored = list((tmp_path / "reports").rglob("*.json"))
    assert len(stored) == sum(1 for r in first if r.status != "skipped")

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again although cached")

    monkeypatch.setattr(pipeline, "parse_bytes", refuse)
    second = pipeline.read_folder(folder, workers=1)
    assert _outcome(second) == _outcome(first)


def test_a_changed_file_or_a_new_code_version_misses_the_cache(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    work = tmp_path / "corpus"
    shutil.copytree(folder, work)
    pipeline.read_folder(work, workers=1)
    calls = []
    real_parse = pipeline.parse_bytes
    monkeypatch.setattr(pipeline, "parse_bytes", lambda data, file: calls.append(file) or real_parse(data, file))
    name = sorted(work.glob("0*.txt"))[0]
    name.write_text(name.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    pipeline.read_folder(work, workers=1)
    assert calls == [name.name]
    # Another version of the package's code or data: every file is parsed again, the old entries go.
    pipeline.code_version.cache_clear()
    monkeypatch.setattr(pipeline, "code_version", lambda: "another-version")
    calls.clear()
    pipeline.read_folder(work, workers=1)
    assert len(calls) == len(list(work.iterdir()))  # the binary file too: its reason is cached as well
    assert [p.name for p in (tmp_path / "cache" / "reports").iterdir()] == ["another-version"]


def test_a_damaged_cache_entry_is_parsed_again(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    first = pipeline.read_folder(folder, workers=1)
    for p in (tmp_path / "reports").rglob("*.json"):
        p.write_bytes(b"not an entry")
    assert _outcome(pipeline.read_folder(folder, workers=1)) == _outcome(first)


def test_load_corpus_takes_the_same_path(folder):
    corpus = load_corpus(folder, workers=1, cache=False)
    reads = pipeline.read_folder(folder, workers=1, cache=False)
    assert corpus.ids == [r.rel.rsplit(".", 1)[0] for r in reads if r.status == "ok"]
    assert sorted(corpus.skipped["file"]) == sorted(r.rel for r in reads if r.status in ("skipped", "error", "duplicate"))
    assert sorted(corpus.set_aside["file"]) == sorted(r.rel for r in reads if r.status == "not a report")


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_a_bad_worker_setting_is_a_clear_error(value, monkeypatch):
    monkeypatch.setenv(pipeline.WORKERS_VAR, value)
    with pytest.raises(ValueError, match=pipeline.WORKERS_VAR):
        pipeline.default_workers()


def test_the_worker_setting_is_honoured(monkeypatch):
    monkeypatch.setenv(pipeline.WORKERS_VAR, "3")
    assert pipeline.default_workers() == 3
    monkeypatch.delenv(pipeline.WORKERS_VAR)
    assert pipeline.default_workers() >= 1


def test_the_commands_stop_on_a_bad_worker_setting_in_one_line(monkeypatch, capsys):
    from govreports.cli import main

    monkeypatch.setenv(pipeline.WORKERS_VAR, "many")
    monkeypatch.chdir(ROOT)
    for command in (["ready"], ["check", str(ROOT / "seeds")]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: GOVREPORTS_WORKERS"), err


def test_tokens_segmented_in_parallel_equal_the_serial_ones(folder, monkeypatch):
    from govreports.analysis import words

    corpus = load_corpus(folder, workers=1, cache=False)
    monkeypatch.setenv(pipeline.WORKERS_VAR, "1")
    serial = words.analyse(corpus, use_cache=False).tokens
    monkeypatch.setenv(pipeline.WORKERS_VAR, "2")
    monkeypatch.setattr(words, "PARALLEL_FROM", 2)
    parallel = words.analyse(corpus, use_cache=False).tokens
    assert len(serial) > 1000 and parallel.equals(serial)


def _frozen_in_worker(_: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_forked_workers_do_not_collect_the_parents_objects():
    """A forked worker inherits the parent's heap with its objects frozen out of the garbage collector (its
    collections would copy every page they walk); the parent's objects are collectable again after the block."""
    import gc
    import threading

    if threading.active_count() > 1:
        pytest.skip("a process with threads takes its workers from a fork server, which shares no heap")
    held = [{"n": k} for k in range(10_000)]  # objects the garbage collector tracks
    with pipeline.process_pool(2) as pool:
        frozen = list(pool.map(_frozen_in_worker, range(4)))
    assert min(frozen) >= len(held)
    assert gc.get_freeze_count() == 0


def test_a_cache_that_cannot_be_written_only_costs_time(folder, tmp_path, monkeypatch):
    from govreports.analysis import words

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("GOVREPORTS_CACHE", str(blocked / "cache"))
    monkeypatch.setattr("govreports.cache.cache_dir", lambda: blocked / "cache")
    reads = pipeline.read_folder(folder, workers=1)
    assert _outcome(reads) == _outcome(pipeline.read_folder(folder, workers=1, cache=False))
    corpus = load_corpus(folder, workers=1)
    assert len(words.analyse(corpus).tokens) > 1000


@pytest.mark.parametrize("how", ["stdin", "script without a main guard"])
def test_parallel_reading_works_from_any_kind_of_script(folder, tmp_path, how):
    import subprocess
    import sys

    code = f"import govreports as gr\nc = gr.load_corpus({str(folder)!r}, cache=False)\nprint(len(c.reports))\n"
    env = {**__import__("os").environ, pipeline.WORKERS_VAR: "2"}
    if how == "stdin":
        run = subprocess.run([sys.executable, "-"], input=code, capture_output=True, text=True, env=env, timeout=300)
    else:
        script = tmp_path / "explore.py"
        script.write_text(code, encoding="utf-8")
        run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300)
    expected = len(load_corpus(folder, workers=1, cache=False).reports)
    assert run.returncode == 0 and run.stderr == "" and run.stdout.strip() == str(expected), run.stderr[-500:]


@pytest.mark.parametrize("value", ["lots", "3X", "-1G", "0", "100K", "G", "3 G B x"])
def test_a_bad_memory_budget_is_a_clear_error(value):
    from govreports.settings import MEMORY_VAR, SettingError, memory_budget

    with pytest.raises(SettingError, match=MEMORY_VAR):
        memory_budget(value)


def test_a_memory_budget_reads_its_units():
    from hypothesis import given
    from hypothesis import strategies as st

    from govreports.settings import memory_budget

    units = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}

    @given(st.integers(1, 4096), st.sampled_from(sorted(units)), st.sampled_from(["", "B", "iB"]), st.booleans())
    def check(n, unit, suffix, lower):
        text = f"{n}{unit}{suffix if unit else ''}"
        text = text.lower() if lower else text
        if n * units[unit] < 2**20:
            return
        assert memory_budget(text) == n * units[unit]

    check()
    assert memory_budget("2.5G") == int(2.5 * 2**30) and memory_budget("") is None


def _tables(corpus) -> dict:
    return {name: getattr(corpus, name) for name in ("table", "sections", "paragraphs", "sentences", "compliance",
                                                      "metrics", "skipped", "set_aside")}


def test_a_large_corpus_reads_its_reports_back_from_the_cache_with_the_same_tables(folder, tmp_path, monkeypatch):
    import govreports.corpus as corpus_module
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    held = load_corpus(folder, workers=2)
    assert held.reports.held == len(held.reports) > 5
    monkeypatch.setattr(corpus_module, "REPORTS_HELD", 3)
    shutil.rmtree(tmp_path / "reports")  # parsed afresh in the workers: their entries are what is read back
    stored = load_corpus(folder, workers=2)
    assert stored.reports.held == 0 and len(stored.reports) == len(held.reports)
    assert [r.summary() for r in stored.reports] == [r.summary() for r in held.reports]
    assert stored.reports[-1].text == held.reports[-1].text and [r.file for r in stored.reports[1:3]] == [
        r.file for r in held.reports[1:3]]
    for name, frame in _tables(held).items():
        pd.testing.assert_frame_equal(getattr(stored, name), frame, obj=name)
    # Without a cache there is nowhere to read a report back from: all are held.
    assert load_corpus(folder, workers=1, cache=False).reports.held == len(held.reports)


def test_a_report_read_back_is_parsed_again_when_its_entry_is_lost_and_refused_when_its_file_changed(
        folder, tmp_path, monkeypatch):
    import govreports.corpus as corpus_module
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(corpus_module, "REPORTS_HELD", 0)
    work = tmp_path / "corpus"
    shutil.copytree(folder, work)
    corpus = load_corpus(work, workers=1)
    before = [r.summary() for r in corpus.reports]
    shutil.rmtree(tmp_path / "cache")  # as a build of another code version would
    assert [r.summary() for r in corpus.reports] == before
    changed = work / corpus.reports[0].file
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    with pytest.raises(pipeline.CorpusChanged, match=f"^{changed.name}: changed since"):
        corpus.reports[0]
    assert corpus.reports[1].summary() == before[1]
