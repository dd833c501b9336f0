"""The caches cannot lie: nothing on disk is unpickled, and an entry that is crafted, damaged, truncated or
copied from another report is rejected with one log line and made again, so every command's output is the
same as without the cache."""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import pickle
import random
import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports import cache, pipeline
from govreports.analysis import words
from govreports.cache import ParseEntry
from govreports.cli import main
from govreports.model import Report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The seeds, a copy of the first (a duplicate) and a binary file (its reason is cached too)."""
    out = tmp_path_factory.mktemp("corpus")
    for p in SEEDS:
        shutil.copy(p, out / p.name)
    shutil.copy(SEEDS[0], out / "copy_of_first.txt")
    (out / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return out


def run_check(folder: Path, capsys) -> tuple[int, str, str]:
    code = main(["check", str(folder)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def uncached(folder, tmp_path_factory) -> tuple[int, str, str]:
    """``check``'s exit code, stdout and stderr with an empty cache (every file parsed)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    mp = pytest.MonkeyPatch()
    mp.setenv("GOVREPORTS_CACHE", str(tmp_path_factory.mktemp("cold")))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["check", str(folder)])
    mp.undo()
    return code, out.getvalue(), err.getvalue()


def entries(root: Path, suffix: str = ".json") -> list[Path]:
    return sorted(p for p in root.rglob(f"*{suffix}") if p.is_file())


class Touch:
    """Unpickling this runs a shell command that creates ``marker``."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch '{self.marker}'",)


def mutate_json(entry: bytes, change: Callable[[dict], None]) -> bytes:
    data = json.loads(entry)
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


def wrong_types(k: int) -> Callable[[dict], None]:
    """The k-th of several edits that keep the JSON valid but put a value of the wrong type somewhere."""
    def edit(data: dict) -> None:
        if data["kind"] == "error":
            data["reason"] = 42
            return
        r = data["report"]
        edits = [
            lambda: r.update(year_covered="2023"),
            lambda: r["lines"]["start"].__setitem__(0, "0"),
            lambda: r.update(sections=[]),
            lambda: r.update(place_inferred={"province": "yes"}),
            lambda: r.update(is_report=1),
            lambda: r.update(pages=[[1, 2, 3]]),
            lambda: r.update(lines={"start": [0]}),
            lambda: r.update(extra_field=True),
        ]
        edits[k % len(edits)]()
    return edit


def token_wrong_types(entry: bytes, k: int) -> bytes:
    """A token entry whose header is valid JSON with a value of the wrong type (or a count that does not fit)."""
    head, body = entry.split(b"\n", 1)
    header = json.loads(head)
    edits = [lambda: header.update(vocab=list(range(len(header["vocab"])))),
             lambda: header.update(tokens=str(header["tokens"])), lambda: header.update(tokens=header["tokens"] + 1),
             lambda: header.update(signature=None), lambda: header.update(vocab=header["vocab"][:1])]
    edits[k % len(edits)]()
    return json.dumps(header, ensure_ascii=False).encode() + b"\n" + body


ATTACKS = ["pickle", "pickled int", "another report's entry", "garbage", "wrong types", "truncated", "empty",
           "JSON that is not an object"]


def attack(kind: str, paths: list[Path], marker: Path) -> None:
    """Overwrite every entry in ``paths``."""
    valid = [p.read_bytes() for p in paths]
    rng = random.Random(29)
    for k, p in enumerate(paths):
        if kind == "pickle":
            data = pickle.dumps(Touch(marker))
            p.with_suffix(".pkl").write_bytes(data)  # where the old cache kept it: never read either
        elif kind == "pickled int":
            data = pickle.dumps(42)
        elif kind == "another report's entry":
            data = valid[k - 1]
        elif kind == "garbage":
            data = rng.randbytes(rng.randrange(1, 5000))
        elif kind == "wrong types" and p.suffix == ".tokens":
            data = token_wrong_types(valid[k], k)
        elif kind == "wrong types":
            data = mutate_json(valid[k], wrong_types(k))
        elif kind == "truncated":
            data = valid[k][:rng.randrange(1, len(valid[k]))]
        elif kind == "empty":
            data = b""
        else:
            data = b"[1, 2, 3]"
        p.write_bytes(data)


def test_the_pickle_attack_is_real(tmp_path):
    """The crafted entry of the tests does run a command when unpickled (as the old cache would have)."""
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(Touch(marker)))
    assert marker.exists()


@pytest.mark.parametrize("kind", ATTACKS)
def test_check_is_unchanged_whatever_the_parse_entries_hold(kind, folder, uncached, tmp_path, monkeypatch, capsys,
                                                            caplog):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    marker = tmp_path / "marker"
    assert run_check(folder, capsys) == uncached
    stored = entries(tmp_path / "cache" / "reports")
    assert len(stored) == len(list(folder.iterdir()))
    attack(kind, stored, marker)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="govreports.cache"):
        assert run_check(folder, capsys) == uncached
    assert not marker.exists()
    rejected = [r for r in caplog.records if r.name == "govreports.cache"]
    assert len(rejected) == len(stored) and all("rejected" in r.getMessage() for r in rejected)
    assert all("\n" not in r.getMessage() for r in rejected)
    # Every entry was written again, valid: a third run parses nothing.
    monkeypatch.setattr(pipeline, "parse_bytes", lambda *a, **k: pytest.fail("parsed although cached"))
    caplog.clear()
    assert run_check(folder, capsys) == uncached
    assert not caplog.records


def test_the_command_line_reads_a_poisoned_cache_without_a_trace(folder, uncached, tmp_path):
    env = {**os.environ, "GOVREPORTS_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "govreports", "check", str(folder)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    marker = tmp_path / "marker"
    attack("pickle", entries(tmp_path / "cache" / "reports"), marker)
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert (first.returncode, first.stdout, first.stderr) == uncached
    assert "Traceback" not in second.stderr and not marker.exists()


def test_another_reports_entry_gives_neither_its_content_nor_a_duplicate(folder, tmp_path, monkeypatch):
    """The case the old cache got wrong: one valid entry copied over another's file."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    first = pipeline.read_folder(folder, workers=1)
    by_name = {r.rel: r for r in first}
    a, b = SEEDS[0].name, SEEDS[1].name
    path = {name: entry for entry in entries(tmp_path / "reports")
            for name in (a, b) if json.loads(entry.read_bytes())["file"] == name}
    path[b].write_bytes(path[a].read_bytes())
    second = {r.rel: r for r in pipeline.read_folder(folder, workers=1)}
    assert second[b].status == "ok" and second[b].report == by_name[b].report
    assert second[b].report.text != by_name[a].report.text


def test_entries_are_json_and_tokens_hold_no_pickle(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    words.analyse(gr.load_corpus(folder, workers=1))
    parses, tokens = entries(tmp_path / "reports"), entries(tmp_path / "tokens", ".tokens")
    assert parses and tokens and not list(tmp_path.rglob("*.pkl"))
    for p in parses:
        head = json.loads(p.read_bytes())
        assert {"schema", "code", "sha256", "file", "kind"} <= head.keys()
        assert head["schema"] == cache.PARSE_SCHEMA and head["code"] == pipeline.code_version()
    for p in tokens:
        header = json.loads(p.read_bytes().split(b"\n", 1)[0])
        assert header["schema"] == cache.TOKENS_SCHEMA


# --- the token cache ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_corpus(folder):
    return gr.load_corpus(folder, workers=1, cache=False)


@pytest.fixture(scope="module")
def seed_tokens(seed_corpus, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(pipeline.WORKERS_VAR, "1")
    tokens = words.analyse(seed_corpus, use_cache=False).tokens
    mp.undo()
    return tokens


@pytest.mark.parametrize("kind", ATTACKS)
def test_words_are_unchanged_whatever_the_token_entries_hold(kind, seed_corpus, seed_tokens, tmp_path,
                                                             monkeypatch, caplog):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    monkeypatch.setenv(pipeline.WORKERS_VAR, "1")
    marker = tmp_path / "marker"
    assert words.analyse(seed_corpus).tokens.equals(seed_tokens)
    stored = entries(tmp_path / "tokens", ".tokens")
    assert len(stored) == len(seed_corpus.reports)
    attack(kind, stored, marker)
    with caplog.at_level(logging.WARNING, logger="govreports.cache"):
        second = words.analyse(seed_corpus)
    assert second.tokens.equals(seed_tokens) and not marker.exists()
    assert second.cache_hits == 0 and second.cache_misses == len(stored)
    rejected = [r for r in caplog.records if r.name == "govreports.cache"]
    assert len(rejected) == len(stored) and all("rejected" in r.getMessage() for r in rejected)
    third = words.analyse(seed_corpus)
    assert third.cache_hits == len(stored) and third.tokens.equals(seed_tokens)


def test_token_entries_are_checked_against_the_report(seed_corpus):
    r = seed_corpus.reports[0]
    c = words.compact(words.report_tokens(r))
    key = cache.text_key(r.place, r.text)
    entry = cache.encode_tokens(c.starts, c.ends, c.vocab, c.codes, "sig", key)
    starts, ends, vocab, codes = cache.decode_tokens(entry, "sig", key, len(r.text))
    assert (starts == c.starts).all() and (ends == c.ends).all() and vocab == c.vocab and (codes == c.codes).all()
    other = seed_corpus.reports[1]
    for args in [("other-signature", key, len(r.text)), ("sig", cache.text_key(other.place, other.text), len(r.text)),
                 ("sig", key, int(c.ends.max()) - 1)]:
        with pytest.raises(cache.EntryError):
            cache.decode_tokens(entry, *args)
    bad_code = cache.encode_tokens(c.starts, c.ends, c.vocab[:-1], c.codes, "sig", key)
    with pytest.raises(cache.EntryError):
        cache.decode_tokens(bad_code, "sig", key, len(r.text))


# --- the codec ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_reports() -> list[Report]:
    return [gr.parse_bytes(p.read_bytes(), file=p.name) for p in SEEDS]


def test_seed_reports_round_trip(seed_reports):
    for r in seed_reports:
        assert cache.from_data(json.loads(json.dumps(cache.to_data(r))), Report) == r
        entry = cache.encode_parse(r, "v", "h" * 64, r.file)
        back = cache.decode_parse(entry, "v", "h" * 64, r.file)
        assert back == r and back.summary() == r.summary() and back.paragraphs() == r.paragraphs()
    assert cache.decode_parse(cache.encode_parse("not text", "v", "h", "x.txt"), "v", "h", "x.txt") == "not text"


def test_a_name_that_is_not_utf8_round_trips(seed_reports):
    name = os.fsdecode(b"\xff\xfe report.txt")
    r = gr.parse_bytes(SEEDS[0].read_bytes(), file=name)
    assert cache.decode_parse(cache.encode_parse(r, "v", "h", name), "v", "h", name) == r


def test_a_value_of_the_wrong_type_is_never_stored(seed_reports):
    r = dataclasses.replace(seed_reports[0], year_covered="2023")
    with pytest.raises(cache.EntryError):
        cache.encode_parse(r, "v", "h", r.file)
    r = dataclasses.replace(seed_reports[0], pages=[(0, 1)])  # a list where the model says tuple
    with pytest.raises(cache.EntryError):
        cache.encode_parse(r, "v", "h", r.file)


# any text, lone surrogates included (a file name that is not UTF-8 reaches the model as one)
TEXT = st.lists(st.one_of(st.characters(), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
                max_size=8).map("".join)


def strategy(tp: Any) -> st.SearchStrategy:
    """Values of any annotation of the model, read from the type hints as the codec reads them."""
    if tp is int:
        return st.integers()
    if tp is float:
        return st.floats(allow_nan=False)
    if tp is str:
        return TEXT
    if tp is bool:
        return st.booleans()
    if tp is type(None):
        return st.none()
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {f.name: strategy(hints[f.name]) for f in dataclasses.fields(tp) if f.init}
        return st.builds(tp, **fields)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*map(strategy, args))
    if origin is list:
        if args[0] is gr.Section:  # recursive: sections hold sections
            return st.lists(SECTION, max_size=1)
        return st.lists(strategy(args[0]), max_size=3)
    if origin is tuple and args[-1] is Ellipsis:
        return st.lists(strategy(args[0]), max_size=3).map(tuple)
    if origin is tuple:
        return st.tuples(*map(strategy, args))
    if origin is dict:
        return st.dictionaries(strategy(args[0]), strategy(args[1]), max_size=3)
    raise TypeError(tp)


SECTION = st.deferred(lambda: strategy(gr.Section))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(strategy(Report))
def test_generated_reports_round_trip(report):
    entry = cache.encode_parse(report, "v", "h", report.file)
    assert cache.decode_parse(entry, "v", "h", report.file) == report


# --- mutations of a valid entry ----------------------------------------------------------------------------

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=8)


@st.composite
def json_edit(draw, data: Any) -> Any:
    """``data`` with one node, drawn anywhere in the tree, replaced by any JSON value."""
    path, node = [], data
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    new = draw(JSON)
    if not path:
        return new
    out = json.loads(json.dumps(data))
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


def load(folder: Path, data: bytes, rel: str) -> Report | str | None:
    """What the reader makes of a cache file holding ``data`` for the first seed under the name ``rel``."""
    source = SEEDS[0].read_bytes()
    e = ParseEntry.of(folder, source, rel, pipeline.code_version())
    e.path.parent.mkdir(parents=True, exist_ok=True)
    e.path.write_bytes(data)
    return e.load()


@pytest.fixture(scope="module")
def valid_entry(tmp_path_factory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("entries")
    source = SEEDS[0].read_bytes()
    e = ParseEntry.of(folder, source, SEEDS[0].name, pipeline.code_version())
    e.store(gr.parse_bytes(source, file=SEEDS[0].name))
    data = e.path.read_bytes()
    assert e.load() == gr.parse_bytes(source, file=SEEDS[0].name)
    return folder, data


def well_typed(found: Report | str | None) -> bool:
    """None (rejected), or an outcome that fits the model's types (it would be stored as it is)."""
    if found is None or isinstance(found, str):
        return True
    cache.encode_parse(found, "v", "h", found.file)
    return found.file == SEEDS[0].name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_mutated_entry_is_rejected_or_well_typed(valid_entry, data):
    folder, entry = valid_entry
    how = data.draw(st.sampled_from(["truncate", "flip", "insert", "delete", "json", "header"]))
    if how == "truncate":
        cut = data.draw(st.integers(0, len(entry) - 1))
        assert load(folder, entry[:cut], SEEDS[0].name) is None
        return
    if how in ("flip", "insert", "delete"):
        at = data.draw(st.integers(0, len(entry) - 1))
        byte = bytes([data.draw(st.integers(0, 255))])
        mutated = {"flip": entry[:at] + byte + entry[at + 1:], "insert": entry[:at] + byte + entry[at:],
                   "delete": entry[:at] + entry[at + 1:]}[how]
        assert well_typed(load(folder, mutated, SEEDS[0].name))
        return
    parsed = json.loads(entry)
    if how == "header":
        field = data.draw(st.sampled_from(["schema", "code", "sha256", "file", "kind"]))
        value = data.draw(JSON.filter(lambda v, f=field: v != parsed[f]))
        parsed[field] = value
        assert load(folder, json.dumps(parsed).encode(), SEEDS[0].name) is None
        return
    mutated = data.draw(json_edit(parsed))
    assert well_typed(load(folder, json.dumps(mutated).encode(), SEEDS[0].name))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_any_bytes_are_rejected(valid_entry, data):
    folder, _ = valid_entry
    assert load(folder, data, SEEDS[0].name) is None


def test_deep_nesting_is_rejected_without_a_trace(valid_entry):
    folder, _ = valid_entry
    assert load(folder, b"[" * 100_000 + b"]" * 100_000, SEEDS[0].name) is None
    assert load(folder, b'{"x":' * 100_000 + b"1" + b"}" * 100_000, SEEDS[0].name) is None


def test_token_arrays_survive_the_round_trip():
    rng = np.random.default_rng(29)
    starts = np.sort(rng.integers(0, 1000, 50)).astype(np.int32)
    ends = starts + 2
    codes = rng.integers(0, 5, 50).astype(np.int32)
    vocab = ["甲乙", "丙丁", "戊己", "\udcff", "庚辛"]
    s, e, v, c = cache.decode_tokens(cache.encode_tokens(starts, ends, vocab, codes, "s", "k"), "s", "k", 2000)
    assert (s == starts).all() and (e == ends).all() and v == vocab and (c == codes).all()


@pytest.mark.parametrize("k", range(8))
def test_each_wrong_type_is_caught_by_the_schema(seed_reports, k):
    r = seed_reports[0]
    entry = mutate_json(cache.encode_parse(r, "v", "h", r.file), wrong_types(k))
    with pytest.raises(cache.EntryError):
        cache.decode_parse(entry, "v", "h", r.file)


def test_a_rejected_entry_is_one_line_in_the_log_and_nothing_on_stderr(valid_entry, caplog, capfd):
    folder, entry = valid_entry
    with caplog.at_level(logging.WARNING, logger="govreports.cache"):
        assert load(folder, entry[:-1], "a\nname.txt") is None
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    message = caplog.records[0].getMessage()
    assert "\n" not in message and "rejected" in message, message
    assert capfd.readouterr().err == ""


def test_entries_written_by_workers_are_read_back(folder, tmp_path, monkeypatch):
    """The parallel path stores what the serial path loads, and both give the uncached outcome."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path))
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    uncached = pipeline.read_folder(folder, workers=1, cache=False)
    cold = pipeline.read_folder(folder, workers=2)
    assert len(entries(tmp_path / "reports")) == len(cold)
    monkeypatch.setattr(pipeline, "parse_bytes", lambda *a, **k: pytest.fail("parsed although cached"))
    warm = pipeline.read_folder(folder, workers=1)
    assert [(r.rel, r.status, r.reason, r.report) for r in warm] == [(r.rel, r.status, r.reason, r.report)
                                                                      for r in cold] == [
        (r.rel, r.status, r.reason, r.report) for r in uncached]


def test_equal_strings_of_a_decoded_report_are_one_object(seed_reports):
    """A loaded report holds each repeated string once (a figure's unit, kind, section and sentence), and the
    memo that shares them is emptied after each report."""
    r = max(seed_reports, key=lambda x: len(x.metrics))
    back = cache.decode_parse(cache.encode_parse(r, "v", "h" * 64, r.file), "v", "h" * 64, r.file)
    assert back == r
    units = [m.unit for m in back.metrics]
    assert len(units) > len(set(units))
    assert len({id(u) for u in units}) == len(set(units))
    sentences = {s.text: s.text for p in back.paragraphs() for s in p.sentences}
    shared = [m for m in back.metrics if m.sentence in sentences]
    assert shared and all(m.sentence is sentences[m.sentence] for m in shared)
    assert not cache._SHARED
