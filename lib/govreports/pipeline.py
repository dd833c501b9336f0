"""One reader of corpus folders, the path every command and every chapter takes.

:func:`read_folder` lists a folder (:func:`reader.list_files`), parses the readable files over all cores,
detects duplicates and says for every file what became of it. ``load_corpus``, ``check``, ``add``,
``export`` and ``profiles`` all read folders through it, so they see the same files the same way.

Parsed reports are cached on disk, one file per report, keyed on the file's bytes, its name in the folder and
a hash of the package's code and data (any change to either misses the cache). The cache lives in
:func:`cache.cache_dir` (the book's ``_build/.cache``, else ``$GOVREPORTS_CACHE``, else the user's
cache folder), never inside the package, so the chapters of one build parse each file once between them
and a second build of an unchanged corpus parses nothing.

An entry is JSON (:mod:`.cache`), never a pickle: it names its schema, the code version, the hash of the
bytes it was parsed from and the file's name, and is used only when all four match and its payload fits the
model's types. Anything else (a damaged, truncated, foreign or crafted entry) is parsed again, with one line
on the ``govreports.cache`` logger.

A large folder's parses need not stay in memory: :func:`read_folder` can hand each cached one back as
:class:`Stored`, read from its entry again when it is used (``load_corpus`` does beyond ``limits.REPORTS_HELD``).
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .cache import ParseEntry, versioned_folder
from .model import Report
from .parse.report import parse_bytes
from .read.decode import DecodeError
from .read.reader import dedupe_key, list_files
from .settings import SettingError

WORKERS_VAR = "GOVREPORTS_WORKERS"
# Fewer files than this to parse are parsed in this process: starting workers would cost more.
PARALLEL_FROM = 16



SOURCE_SUFFIXES = {".py", ".toml", ".txt", ".tsv", ".json", ".csv"}


def package_files(without: tuple[str, ...] = ()) -> list[Path]:
    """Every source and data file of the package, sorted, but those under the folders or files ``without``
    (paths relative to the package)."""
    root = Path(__file__).parent
    return [p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in SOURCE_SUFFIXES
            and not any(p.relative_to(root).as_posix() == w or p.relative_to(root).as_posix().startswith(w + "/")
                        for w in without)]


def files_version(files: list[Path]) -> str:
    """Hash of the names (relative to the package) and bytes of ``files``."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for p in files:
        h.update(p.relative_to(root).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


# What the analyses do not depend on: the reader's pages and the command line (no stage below book imports book/,
# tests/test_architecture.py), so that changing a chart or a label keeps the store and the kept rows
NOT_ANALYSIS = ("book", "cli.py", "__main__.py")


@cache
def analysis_version() -> str:
    """Hash of the package's code and data that the analyses' tables are made by (all but :data:`NOT_ANALYSIS`)."""
    return files_version(package_files(without=NOT_ANALYSIS))


@cache
def code_version() -> str:
    """Hash of every source and data file of the package."""
    return files_version(package_files())


def default_workers() -> int:
    """``$GOVREPORTS_WORKERS`` when set (1 parses in this process), else every core this process may use."""
    value = os.environ.get(WORKERS_VAR, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise SettingError(f"{WORKERS_VAR} must be a whole number of at least 1, not {value!r}")
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes, for a ``with`` block. A process with one thread (a script, the command line, even one
    read from stdin or without a ``__main__`` guard) is forked. A process with more threads (a Jupyter kernel)
    is not, since a child forked from it can hang on a lock another thread held: its workers come from a fresh
    server process, which imports the kernel's main module by name, safely.

    While the block runs, the parent's objects are frozen out of the garbage collector (``gc.freeze``): a forked
    worker's collections would otherwise write to, and so copy page by page, the whole heap it shares with the
    parent (with the parsed reports they were sent, workers forked by the profile step of 10,000 reports reached
    1.2 GB each as PSS; with neither, 0.7 GB, most of it the parent's pages they share)."""
    linux = sys.platform.startswith("linux")
    method = "fork" if linux and threading.active_count() == 1 else "forkserver" if linux else None
    if method == "fork":
        gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
            yield pool
    finally:
        if method == "fork":
            gc.unfreeze()


class CorpusChanged(RuntimeError):
    """A report of a loaded corpus that can no longer be read back as it was loaded (its file changed or went)."""


@dataclass(frozen=True)
class Stored:
    """A report kept in the parse cache instead of in memory (:func:`read_folder` of a large folder): each
    :meth:`load` reads its entry back, checked as any entry is. Should the entry be gone (a build of another code
    version cleared the folder) or rejected, the file is parsed again, if its bytes are still those first parsed;
    else :class:`CorpusChanged`."""

    entry: ParseEntry
    path: Path

    def load(self) -> Report:
        outcome = self.entry.load()
        if outcome is None:
            try:
                data = self.path.read_bytes()
            except OSError as exc:
                raise CorpusChanged(f"{self.entry.rel}: cannot be read again ({exc.strerror or exc}); "
                                    "load the corpus again") from None
            if hashlib.sha256(data).hexdigest() != self.entry.sha256:
                raise CorpusChanged(f"{self.entry.rel}: changed since the corpus was loaded; load the corpus again")
            outcome = _parse(data, self.entry.rel)
        if not isinstance(outcome, Report):
            raise CorpusChanged(f"{self.entry.rel}: no longer reads as a report ({outcome})")
        return outcome


@dataclass
class Read:
    """What became of one file of a folder."""

    rel: str  # path in the folder, with /
    status: str  # "ok", "not a report", "duplicate", "skipped" (not read) or "error" (not text)
    reason: str  # why the status is not "ok" ("" when it is)
    report: Report | Stored | None  # the parse, for every file that could be read (duplicates and non-reports too)

    def parsed(self) -> Report | None:
        """The parse, read back from the cache when it is :class:`Stored`."""
        return self.report.load() if isinstance(self.report, Stored) else self.report


def _parse(data: bytes, rel: str) -> Report | str:
    """The outcome of parsing one file: a Report, or the one-line reason it is not text."""
    try:
        return parse_bytes(data, file=rel)
    except DecodeError as exc:
        return str(exc)


def _job(job: tuple[str, str, ParseEntry | None]) -> Report | str:
    """One file parsed in a worker: read, parse, store in the cache; the outcome goes back to the parent
    (pickled by the process pool: IPC between the package's own processes, never read from disk)."""
    path, rel, entry = job
    try:
        data = Path(path).read_bytes()
    except OSError as exc:  # gone or unreadable since it was listed
        return f"cannot read: {exc.strerror or exc}"
    if entry is not None and entry.sha256 != hashlib.sha256(data).hexdigest():
        entry = None  # changed since it was listed: its parse is not stored under the old bytes' hash
    outcome = _parse(data, rel)
    if entry is not None:
        entry.store(outcome)
    return outcome


def cache_folder(root: Path | None = None) -> Path:
    """The folder of this code version's parses (older versions' folders are removed when it is made)."""
    return versioned_folder("reports", code_version(), root=root)


def _as_is(outcome: Report | str, entry: ParseEntry | None, path: Path) -> Report | str:
    return outcome


def parse_cached(path: str | os.PathLike) -> Report:
    """:func:`parse.report.parse_file` through the parse cache: the same Report, loaded when this code has parsed these bytes
    under this name before (the evaluations parse the same few hundred labelled files in every chapter that
    shows a score). Raises DecodeError, as parse_file does, for a file that is not text."""
    path = Path(path)
    (outcome,) = parse_files([(path, path.name)], workers=1)
    if isinstance(outcome, str):
        raise DecodeError(outcome)
    return outcome


def parse_files(files: list[tuple[Path, str]], workers: int | None = None, cache: bool = True,
                cache_root: Path | None = None, keep: Callable[[Report | str, ParseEntry | None, Path], Any] = _as_is
                ) -> list[Any]:
    """The parse of each (path, name in the folder), in order: a Report, or why the file is not text
    (a DecodeError's message, or ``cannot read: …``). Cached parses are loaded; the rest are spread over
    ``workers`` processes (default :func:`default_workers`). ``keep(outcome, entry, path)`` is what is kept of
    each parse as it arrives (by default the parse itself), so a caller need not hold every report at once."""
    workers = default_workers() if workers is None else max(1, workers)
    try:
        folder = cache_folder(cache_root) if cache else None
    except OSError:  # no cache folder can be made: every file is parsed, nothing is stored
        folder = None
    out: list[Any] = [None] * len(files)
    todo: list[tuple[int, bytes, Path, str, ParseEntry | None]] = []
    gc.disable()  # loading many cached reports: the collector would walk them again and again
    try:
        for k, (path, rel) in enumerate(files):
            try:
                data = path.read_bytes()
            except OSError as exc:
                out[k] = keep(f"cannot read: {exc.strerror or exc}", None, path)
                continue
            entry = ParseEntry.of(folder, data, rel, code_version()) if folder is not None else None
            outcome = entry.load() if entry is not None else None
            if outcome is None:
                todo.append((k, data, path, rel, entry))
            else:
                out[k] = keep(outcome, entry, path)
        if len(todo) < PARALLEL_FROM or workers == 1:
            for k, data, path, rel, entry in todo:
                outcome = _parse(data, rel)
                if entry is not None:
                    entry.store(outcome)
                out[k] = keep(outcome, entry, path)
        else:
            jobs = [(str(path), rel, entry) for _, _, path, rel, entry in todo]
            slots = [(k, path, entry) for k, _, path, _, entry in todo]
            del todo  # the workers read the files themselves
            with process_pool(min(workers, len(jobs))) as pool:
                chunk = max(1, len(jobs) // (workers * 8))
                for (k, path, entry), outcome in zip(slots, pool.map(_job, jobs, chunksize=chunk)):
                    out[k] = keep(outcome, entry, path)
    finally:
        gc.enable()
    return out


@dataclass(frozen=True)
class Fate:
    """What a parsed file's fate in its folder depends on: its text's identity (for duplicates) and its genre."""

    key: str  # the dedupe key's hash: equal for two copies of one report
    is_report: bool
    genre_reason: str

    @classmethod
    def of(cls, report: Report) -> Fate:
        return cls(hashlib.sha256(dedupe_key(report.text).encode("utf-8", "surrogatepass")).hexdigest(),
                   report.is_report, report.genre_reason)


def fates(files: list[tuple[str, str | None, Fate | str | None]]) -> list[tuple[str, str]]:
    """(status, reason) of each (name in the folder, why it is not read or None, its :class:`Fate` or why it is
    not text), in order: a text equal (without whitespace) to an earlier file's is a duplicate of it; a text that
    is not an annual report is "not a report" with the genre's reason."""
    seen: dict[str, str] = {}
    out = []
    for rel, problem, fate in files:
        if problem:
            out.append(("skipped", problem))
        elif isinstance(fate, str) or fate is None:
            out.append(("error", fate or "not parsed"))
        elif fate.key in seen:
            out.append(("duplicate", f"duplicate of {seen[fate.key]}"))
        else:
            seen[fate.key] = rel
            out.append(("ok", "") if fate.is_report else ("not a report", fate.genre_reason))
    return out


def read_folder(folder: Path, workers: int | None = None, cache: bool = True, hold_up_to: int | None = None
                ) -> list[Read]:
    """Every file of ``folder`` and what became of it (:func:`fates`), in the order of :func:`reader.list_files`.
    When the folder has more than ``hold_up_to`` readable files, a parse that is in the cache is not kept in
    memory: its :class:`Read` has it :class:`Stored`, read back on use (10,000 reports held took 1 GB)."""
    entries = list_files(folder)
    readable = [e for e in entries if e.problem is None]
    hold = hold_up_to is None or len(readable) <= hold_up_to

    def keep(outcome: Report | str, entry: ParseEntry | None, path: Path) -> tuple[Fate | str, Report | Stored | None]:
        if isinstance(outcome, str):
            return outcome, None
        stored = not hold and entry is not None and entry.path.is_file()
        return Fate.of(outcome), Stored(entry, path) if stored else outcome

    kept = dict(zip((e.rel for e in readable), parse_files([(e.path, e.rel) for e in readable], workers, cache,
                                                          keep=keep)))
    outcomes = [kept.get(e.rel, (None, None)) for e in entries]
    listed = [(e.rel, e.problem, fate) for e, (fate, _) in zip(entries, outcomes)]
    return [Read(e.rel, status, reason, report)
            for e, (_, report), (status, reason) in zip(entries, outcomes, fates(listed))]
