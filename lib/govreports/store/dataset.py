"""The store on disk, and its incremental build.

Layout of a store folder::

    store.json                          the store's format and the code version that wrote it
    files.parquet                       every file of the corpus folder and what became of it (nothing is dropped)
    reports/year=2023/part-0000-of-0001.parquet
    sections/year=2023/…                one folder per table of :data:`TABLES`, one per year (``year=unknown``
    …                                   when the year covered is not known), a year's reports spread over parts

A year's reports are spread over a power of two of parts by a hash of their report id, about
:data:`PART_REPORTS` reports to a part, so that changing one report writes one part of each table again, and a
task never holds more than one part's reports.

A build (:func:`build_store`) lists the folder and hashes each file. A file whose name and bytes are those of the
last build keeps its row of ``files.parquet`` and is not parsed; the others are parsed (through the parse cache,
:mod:`govreports.cache`). The duplicates, the texts that are not reports and the report ids are then decided for
the whole folder, as :func:`govreports.pipeline.read_folder` decides them for the book. A part is written again
when the reports it holds (their ids, names and bytes) differ from the last build's, and the files of a part that
no longer exists are removed. ``files.parquet`` is written last, so a build stopped half-way is finished by the
next one. A store written by another version of the code its tables depend on (:func:`tables_version`) or of the
store's format is built again whole.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import math
import os
import shutil
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..analysis.export import report_tables
from ..cache import ParseEntry
from ..corpus import Corpus, report_ids
from ..model import Report
from ..pipeline import (
    NOT_ANALYSIS,
    Fate,
    _parse,
    analysis_version,
    cache_folder,
    code_version,
    fates,
)
from ..read.reader import list_files
from . import schedule
from .schema import schemas, storable, to_arrow

STORE_FORMAT = 1  # the layout and the manifest's columns; a store of another format is built again whole
META = "store.json"
MANIFEST = "files.parquet"
LOCK = ".store.lock"
PART_REPORTS = 500  # a part holds about this many reports at most (a year of more is spread over more parts)
UNKNOWN_YEAR = "unknown"  # the partition of reports whose year covered is not known
TABLES = tuple(schemas())  # reports, sections, paragraphs, sentences, metrics, themes, items, compliance


NOT_TABLES = NOT_ANALYSIS  # a chart or a label changed does not rebuild a store of 100,000 reports


def tables_version() -> str:
    """Hash of the package's code and data that the store's tables are made by."""
    return analysis_version()


@dataclass(frozen=True)
class Parsed:
    """What the build keeps of one file's parse (the parse itself stays in the parse cache)."""

    file: str  # name in the folder, as stored (:func:`schema.storable`)
    sha256: str
    error: str  # why the file is not text ("" when it is)
    key: str  # :class:`pipeline.Fate`: the text's identity, whether it is a report and why not
    is_report: bool
    genre_reason: str
    year: int | None  # the year covered
    title: str
    genre: str
    format: str


MANIFEST_SCHEMA = pa.schema([
    ("file", pa.string()), ("sha256", pa.string()), ("status", pa.string()), ("reason", pa.string()),
    ("report_id", pa.string()), ("part", pa.string()), ("error", pa.string()), ("key", pa.string()),
    ("is_report", pa.bool_()), ("genre_reason", pa.string()), ("year", pa.int64()), ("title", pa.string()),
    ("genre", pa.string()), ("format", pa.string()),
])


@dataclass
class StoreResult:
    """What one build did."""

    files: int  # listed in the folder
    reports: int  # analysed (status "ok")
    parsed: int  # files parsed (new or changed since the last build)
    parts_written: int
    parts_removed: int
    lost: int  # reports left out of their part: their file changed or went while the store was written
    seconds: float
    rebuilt: bool  # the whole store was built again (new, or another version's)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def parse_task(job: tuple[str, str, str]) -> Parsed:
    """Parse one file (path, name in the folder, parse-cache folder or ""), through the cache."""
    path, rel, folder = job
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return _unread(rel, "", f"cannot read: {exc.strerror or exc}")
    outcome = _cached_parse(data, rel, folder)
    sha = hashlib.sha256(data).hexdigest()
    if isinstance(outcome, str):
        return _unread(rel, sha, outcome)
    fate = Fate.of(outcome)
    return Parsed(storable(rel), sha, "", fate.key, fate.is_report, fate.genre_reason, outcome.year_covered,
                  storable(outcome.title or ""), outcome.genre or "", outcome.format or "")


def _unread(rel: str, sha: str, why: str) -> Parsed:
    return Parsed(storable(rel), sha, why, "", False, "", None, "", "", "")


def _cached_parse(data: bytes, rel: str, folder: str) -> Report | str:
    entry = ParseEntry.of(Path(folder), data, rel, code_version()) if folder else None
    outcome = entry.load() if entry is not None else None
    if outcome is None:
        outcome = _parse(data, rel)
        if entry is not None:
            entry.store(outcome)
    return outcome


@dataclass(frozen=True)
class PartJob:
    """One part to write: its reports as (path, name in the folder, report id), in corpus order."""

    store: str
    folder: str  # the corpus folder
    part: str
    members: tuple[tuple[str, str, str], ...]
    cache: str  # parse-cache folder or ""


def write_task(job: PartJob) -> dict[str, int]:
    """Write one part of every table; its rows per table. A report whose file can no longer be parsed (changed
    since it was listed) is left out of the part and named in the result as ``lost``."""
    reports, ids, lost = [], [], 0
    for path, rel, rid in job.members:
        try:
            outcome = _cached_parse(Path(path).read_bytes(), rel, job.cache)
        except OSError:
            outcome = "gone"
        if isinstance(outcome, str):
            lost += 1
            continue
        reports.append(outcome)
        ids.append(rid)
    frames = report_tables(Corpus(Path(job.folder), reports, ids))
    rows = {}
    for table in TABLES:
        path = Path(job.store) / table / f"{job.part}.parquet"
        _write_atomic(to_arrow(frames[table], table), path)
        rows[table] = len(frames[table])
    rows["lost"] = lost
    return rows


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    tmp.replace(path)


def part_name(year: int | None, bucket: int, buckets: int) -> str:
    return f"year={UNKNOWN_YEAR if year is None else year}/part-{bucket:04d}-of-{buckets:04d}"


def assign_parts(ids: list[str], years: list[int | None]) -> list[str]:
    """The part of each report: its year's folder, and a bucket by a hash of its id among a power of two of
    buckets, enough for :data:`PART_REPORTS` reports to a part."""
    per_year: dict[int | None, int] = defaultdict(int)
    for y in years:
        per_year[y] += 1
    buckets = {y: 1 << max(0, math.ceil(math.log2(math.ceil(n / PART_REPORTS)))) for y, n in per_year.items()}
    return [part_name(y, int(hashlib.sha256(rid.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % buckets[y],
                      buckets[y]) for rid, y in zip(ids, years)]


def build_store(folder: str | os.PathLike, out: str | os.PathLike, workers: int | None = None,
                scheduler: str | None = None, cache: bool = True) -> StoreResult:
    """Bring the store at ``out`` up to date with the corpus ``folder`` (see the module's docstring). Tasks run
    where :func:`schedule.run` puts them (``scheduler``: a Dask scheduler's address, default
    ``$GOVREPORTS_SCHEDULER``); parses go through the parse cache unless ``cache`` is false."""
    start = time.perf_counter()
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    check_place(folder, out)
    out.mkdir(parents=True, exist_ok=True)
    with locked(out):
        return _build(folder.resolve(), out.resolve(), workers, scheduler, cache, start)


class StoreError(ValueError):
    """A store that cannot be written where it is asked for (one line on the command line)."""


def check_place(folder: Path, out: Path) -> None:
    """Refuse a store folder that would mix with the corpus (inside it, or holding it) or with other files: a
    build removes the tables' folders of a store it rebuilds, so it writes only into a new or empty folder or
    a store (a folder with ``store.json``)."""
    corpus, store = folder.resolve(), out.resolve()
    if store == corpus or corpus in store.parents:
        raise StoreError(f"the store {out} would be inside the corpus folder {folder}, and read as its files: "
                         "name a folder outside it")
    if store in corpus.parents:
        raise StoreError(f"the corpus folder {folder} is inside the store {out}: name another folder for the store")
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out} is not a folder")
    if out.is_dir() and not (out / META).is_file() and any(p.name != LOCK for p in out.iterdir()):
        raise StoreError(f"{out} holds files and no store ({META}): name a new or empty folder, or a store")


@contextlib.contextmanager
def locked(out: Path, shared: bool = False):
    """The store's lock: exclusive for a build, shared for readers who must not see a build half-way."""
    with open(out / LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield


def _build(folder: Path, out: Path, workers, scheduler, cache: bool, start: float) -> StoreResult:
    meta = {"format": STORE_FORMAT, "code": tables_version()}
    old = _read_manifest(out) if _read_meta(out) == meta else None
    rebuilt = old is None
    if rebuilt:
        for table in TABLES:
            shutil.rmtree(out / table, ignore_errors=True)
        (out / MANIFEST).unlink(missing_ok=True)
        old = pd.DataFrame(columns=MANIFEST_SCHEMA.names)
    try:
        parse_cache = str(cache_folder()) if cache else ""
    except OSError:
        parse_cache = ""
    entries = list_files(folder)
    known = {(f, s): row for f, s, row in zip(old["file"], old["sha256"], old.itertuples(index=False))}
    parsed: dict[str, Parsed] = {}
    todo = []
    for e in entries:
        if e.problem:
            continue
        sha = _sha256(e.path)
        row = known.get((storable(e.rel), sha)) if sha else None
        if row is not None and row.status != "skipped":
            parsed[e.rel] = _from_row(row)
        else:
            todo.append((str(e.path), e.rel, parse_cache))
    for (_, rel, _), p in zip(todo, schedule.run(parse_task, todo, workers, scheduler)):
        parsed[rel] = p

    listed = [(e.rel, e.problem, None if e.problem else (parsed[e.rel].error or _fate(parsed[e.rel])))
              for e in entries]
    statuses = fates(listed)
    ok = [e for e, (status, _) in zip(entries, statuses) if status == "ok"]
    ids = report_ids([e.rel for e in ok])
    parts = assign_parts(ids, [parsed[e.rel].year for e in ok])
    rid_of = {e.rel: (rid, part) for e, rid, part in zip(ok, ids, parts)}

    members: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    new_members: dict[str, set] = defaultdict(set)
    for e, rid, part in zip(ok, ids, parts):
        members[part].append((str(e.path), e.rel, rid))
        new_members[part].add((storable(rid), storable(e.rel), parsed[e.rel].sha256))
    old_members: dict[str, set] = defaultdict(set)
    for row in old.itertuples(index=False):
        if row.status == "ok":
            old_members[row.part].add((row.report_id, row.file, row.sha256))
    dirty = sorted(p for p in members if new_members[p] != old_members.get(p)
                   or not all((out / t / f"{p}.parquet").is_file() for t in TABLES))
    jobs = [PartJob(str(out), str(folder), p, tuple(members[p]), parse_cache) for p in dirty]
    lost = sum(r["lost"] for r in schedule.run(write_task, jobs, workers, scheduler))
    removed = _remove_stale(out, set(members))

    rows = []
    for e, (status, reason) in zip(entries, statuses):
        p = parsed.get(e.rel)
        rid, part = rid_of.get(e.rel, (None, None))
        rows.append({"file": storable(e.rel), "sha256": p.sha256 if p else None, "status": status,
                     "reason": storable(reason), "report_id": storable(rid) if rid else None, "part": part,
                     **({k: v for k, v in asdict(p).items() if k not in ("file", "sha256")} if p else {})})
    manifest = pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA)
    _write_atomic(manifest, out / MANIFEST)
    (out / META).write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return StoreResult(len(entries), len(ok), len(todo), len(dirty), removed, lost,
                       round(time.perf_counter() - start, 2), rebuilt)


def _fate(p: Parsed) -> Fate:
    return Fate(p.key, p.is_report, p.genre_reason)


def _from_row(row) -> Parsed:
    v = row._asdict()
    year = v["year"]
    return Parsed(v["file"], v["sha256"], v["error"] or "", v["key"] or "", bool(v["is_report"]),
                  v["genre_reason"] or "", None if year is None or pd.isna(year) else int(year), v["title"] or "",
                  v["genre"] or "", v["format"] or "")


def _read_meta(out: Path) -> dict | None:
    try:
        return json.loads((out / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_manifest(out: Path) -> pd.DataFrame | None:
    """The last build's files, or None (missing or unreadable: the store is built again whole)."""
    try:
        table = pq.read_table(out / MANIFEST)
    except (OSError, pa.ArrowException):
        return None
    if table.schema != MANIFEST_SCHEMA:
        return None
    df = table.to_pandas().astype(object)
    return df.where(df.notna(), None)


def _remove_stale(out: Path, parts: set[str]) -> int:
    """Remove every table's files of parts that no longer exist (and empty year folders); how many parts."""
    gone = set()
    for table in TABLES:
        for path in (out / table).glob("*/*.parquet"):
            part = f"{path.parent.name}/{path.stem}"
            if part not in parts:
                path.unlink()
                gone.add(part)
        for year in (out / table).glob("*"):
            if year.is_dir() and not any(year.iterdir()):
                year.rmdir()
    return len(gone)


def read_table(out: str | os.PathLike, table: str) -> pd.DataFrame:
    """One table of the store as a pandas frame, its rows in corpus order (by ``files.parquet``) and without the
    partition column; ``files`` is the manifest itself."""
    out = Path(out)
    if table == "files":
        return pq.read_table(out / MANIFEST).to_pandas()
    if table not in TABLES:
        raise ValueError(f"no table {table!r} in the store (tables: files, {', '.join(TABLES)})")
    files = sorted((out / table).glob("*/*.parquet"))
    schema = schemas()[table]
    if not files:
        return schema.empty_table().to_pandas()
    data = pa.concat_tables([pq.read_table(f, schema=schema) for f in files])
    order = {rid: k for k, rid in enumerate(pq.read_table(out / MANIFEST, columns=["report_id"]).column(0).to_pylist())
             if rid is not None}
    # rows put in corpus order in Arrow (a report's rows keep their order), then made a frame once: sorting the
    # frame copied every column of 10,000 reports' sentences a second time
    position = pd.Series(data.column("report_id").to_pandas()).map(order).to_numpy()
    data = data.take(np.argsort(position, kind="stable"))
    frame = data.to_pandas(self_destruct=True)
    del data
    pa.default_memory_pool().release_unused()  # what was read and sorted goes back to the system, not the pool
    return frame
