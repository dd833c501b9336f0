"""A corpus that reads its per-report tables from the store instead of building them from its reports.

A chapter of 10,000 reports built each table it read (the reports, sections, paragraphs, sentences, figures and
parts) from every report read back from the parse cache, 7–10 s a table on a 2-core machine; from the store it reads
each in under a second. The store is brought up to date with the corpus's folder first (incrementally: when nothing
changed it only lists and hashes the files), and used only when it holds exactly the corpus's reports, in its
order, and only while it is the store it was then: a table is read under the store's lock, and when another build
has changed the store since (the folder changed, or the same store was named for another folder), the corpus
builds that table from its reports, as it does without a store. Both ways give the same frames (a test compares
them on many folders).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import limits
from ..cache import ParseEntry
from ..corpus import SET_ASIDE_COLUMNS, Corpus, ReportList
from ..pipeline import Stored, cache_folder, code_version
from ..read.reader import list_files
from .dataset import MANIFEST, StoreError, build_store, locked, read_table
from .schema import storable


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class StoreTables:
    """The per-report tables of the store at ``out`` while its manifest is the one of digest ``manifest`` (the
    manifest is written last by every build): a table of that store, or None once another build has changed it."""

    out: Path
    manifest: str

    def __call__(self, name: str) -> pd.DataFrame | None:
        try:
            with locked(self.out, shared=True):
                return read_table(self.out, name) if _digest(self.out / MANIFEST) == self.manifest else None
        except (OSError, pa.ArrowException):
            return None


def use_store(corpus: Corpus, out: str | os.PathLike, workers: int | None = None, cache: bool = True) -> bool:
    """Bring the store at ``out`` up to date with ``corpus``'s folder and have the corpus read its per-report tables
    from it. False, and the corpus left as it was, when the store cannot be written there (inside the corpus folder,
    say) or does not hold exactly the corpus's reports in its order (a file changed between the two readings)."""
    if not corpus.ids:
        return False
    out = Path(out)
    try:
        build_store(corpus.path, out, workers, cache=cache)
        with locked(out, shared=True):
            ids = pq.read_table(out / MANIFEST, columns=["report_id"]).column(0).drop_null().to_pylist()
            manifest = _digest(out / MANIFEST)
    except (StoreError, OSError, pa.ArrowException):
        return False
    if ids != list(corpus.ids):
        return False
    corpus.source = StoreTables(out, manifest)
    return True


def load_from_store(folder: Path, out: str | os.PathLike, workers: int | None = None, cache: bool = True
                    ) -> Corpus | None:
    """The corpus of a folder of more than ``limits.REPORTS_HELD`` readable files as its store knows it, with its
    tables read from the store: which files are reports, duplicates, look-alikes or unreadable, and the reports'
    ids, come from the store's manifest (brought up to date first), and each report is kept in the parse cache
    (:class:`pipeline.Stored`) without being read back: loading 10,000 reports read every one back from the parse
    cache to learn that (8 s on 2 cores, every parse cached), in every chapter. None (load the folder as without a
    store) for a folder whose reports are held in memory, when the store cannot be written there, when a name had to
    be escaped to be stored, or when a file changed after the store was brought up to date."""
    entries = list_files(folder)
    readable = [e for e in entries if e.problem is None]
    if not cache or len(readable) <= limits.REPORTS_HELD:
        return None
    out = Path(out)
    try:
        build_store(folder, out, workers, cache=cache)
        with locked(out, shared=True):
            files = pq.read_table(out / MANIFEST).to_pandas()
            manifest = _digest(out / MANIFEST)
        parse_cache = cache_folder()
    except (StoreError, OSError, pa.ArrowException):
        return None
    if [e.rel for e in entries] != list(files["file"]) or any(storable(e.rel) != e.rel for e in entries):
        return None
    code = code_version()
    reports, ids, skipped, aside = [], [], [], []
    for e, row in zip(entries, files.itertuples(index=False)):
        if row.status == "ok":
            try:
                data = e.path.read_bytes()
            except OSError:
                return None
            entry = ParseEntry.of(parse_cache, data, e.rel, code)
            if entry.sha256 != row.sha256:
                return None
            reports.append(Stored(entry, e.path))
            ids.append(row.report_id)
        elif row.status == "not a report":
            aside.append((row.file, row.title or None, row.genre or None, row.genre_reason, row.format))
        else:
            skipped.append((row.file, row.reason))
    return Corpus(folder, ReportList(reports), ids, pd.DataFrame(skipped, columns=["file", "reason"]),
                  pd.DataFrame(aside, columns=SET_ASIDE_COLUMNS), keeps_rows=cache,
                  source=StoreTables(out, manifest))
