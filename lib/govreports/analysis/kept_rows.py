"""Per-report rows kept between runs: an analysis whose rows each belong to one report, and depend on that report
alone, is computed again only for the reports that are new or changed since the last run on the same folder.

:func:`kept` wraps such an analysis (``make(corpus) -> DataFrame`` with a ``report_id`` column). The rows of the
last run on the folder are read back from the cache (one Parquet file per folder and analysis, under
:func:`govreports.cache.cache_dir` and the version of the analysis code), those of reports that left the folder
are dropped, the reports not seen before (a report is seen when its id, file name and text are those of a report
of the last run) are computed as a corpus of their own, and the whole is put back in the corpus's order: the
result equals ``make(corpus)`` row for row (tests/test_kept_rows.py). Changing one report of a thousand thus costs
one report's work, for every chapter that reads the table and for the profile pages.

Only a corpus loaded with the cache (``Corpus.keeps_rows``) whose reports are all held in memory keeps rows: a
larger one would read every report back from the parse cache to know it, which is what computing costs. A file
that cannot be read, or whose columns differ from those the analysis makes now, is ignored; one that cannot be
written only costs time. Nothing read is unpickled: Parquet holds typed columns, and the columns of a row table
are those of plain numbers and text."""
from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..cache import cache_dir, versioned_folder, write_entry
from ..corpus import Corpus
from ..pipeline import analysis_version

KIND = "rows"
KEY = "_report_key"  # the column of each row's report key in a kept file
META = b"govreports_reports"  # the file's metadata: the keys of every report computed (with rows or none)


def keeps(corpus: Corpus) -> bool:
    """Whether ``corpus`` keeps its analyses' rows between runs."""
    return corpus.keeps_rows and corpus.holds_reports


def report_keys(corpus: Corpus) -> list[str]:
    """Each report's key: a hash of its id, file name and text (what a report's rows may depend on)."""
    def key(rid: str, r) -> str:
        h = hashlib.sha256()
        for part in (rid, r.file, r.text):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()
    return corpus.memo("report_keys", lambda: [key(rid, r) for rid, r in zip(corpus.ids, corpus.reports)])


def kept(corpus: Corpus, name: str, make: Callable[[Corpus], pd.DataFrame]) -> pd.DataFrame:
    """``make(corpus)``, computed only for the reports whose rows the last run on this folder did not keep
    (``name`` names the analysis and whatever else its rows depend on, such as a dictionary's hash)."""
    if not keeps(corpus) or not len(corpus.ids):
        return make(corpus)
    keys = report_keys(corpus)
    try:
        path = _path(corpus, name)
    except OSError:  # no cache folder can be made: nothing is kept
        return make(corpus)
    old, had = _read(path)
    missing = [k for k, key in enumerate(keys) if key not in had]
    rows = old[old[KEY].isin(set(keys))] if old is not None and len(missing) < len(keys) else None
    if missing:
        everything = rows is None
        part = corpus if everything else \
            Corpus(corpus.path, [corpus.reports[k] for k in missing], [corpus.ids[k] for k in missing])
        new = _keyed(make(part), part.ids, [keys[k] for k in missing])
        if not everything and not rows.dtypes.equals(new.dtypes):  # made by other code, or its types vary
            everything = True
            new = _keyed(make(corpus), corpus.ids, keys)
        rows = new if everything else pd.concat([rows, new], ignore_index=True)
    order = pd.Series(range(len(keys)), index=keys)
    rows = rows.iloc[order.loc[rows[KEY]].to_numpy().argsort(kind="stable")]
    if missing or len(had) != len(keys):
        _write(path, rows, keys)
    return rows.drop(columns=KEY).reset_index(drop=True)


def _keyed(rows: pd.DataFrame, ids: list[str], keys: list[str]) -> pd.DataFrame:
    """``rows`` with each row's report key (from its report id)."""
    rows[KEY] = rows["report_id"].map(dict(zip(ids, keys)))
    return rows


def kept_frame(name: str, inputs: Iterable[Path], make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``make()``, a table that depends only on the analysis code and the files ``inputs`` (such as a fit on the
    labelled development set, which every build would otherwise compute again in each kernel that shows it), read
    back from the cache while the code and the files' names and bytes are those it was made from."""
    h = hashlib.sha256(name.encode())
    for source in sorted(Path(p) for p in inputs):
        h.update(str(source).encode("utf-8", "surrogatepass") + b"\0")
        h.update(hashlib.sha256(source.read_bytes()).digest())
    try:
        kept_at = versioned_folder(KIND, analysis_version(), root=cache_dir()) / f"frame-{h.hexdigest()[:32]}.parquet"
    except OSError:  # no cache folder can be made: nothing is kept
        return make()
    try:
        return pq.read_table(kept_at).to_pandas()
    except (OSError, ValueError, TypeError, pa.ArrowException):
        pass
    out = make()
    try:
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pandas(out), buffer)
        write_entry(kept_at, buffer.getvalue())
    except (pa.ArrowException, ValueError, TypeError, UnicodeError):
        pass
    return out


def _path(corpus: Corpus, name: str) -> Path:
    folder = hashlib.sha256(str(Path(corpus.path).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return versioned_folder(KIND, analysis_version(), root=cache_dir()) / \
        f"{folder}-{hashlib.sha256(name.encode()).hexdigest()[:16]}.parquet"


def _read(path: Path) -> tuple[pd.DataFrame | None, set[str]]:
    """The rows kept in ``path`` and the keys of the reports they were computed for; (None, empty) when there is
    no such file or it cannot be read as one."""
    try:
        table = pq.read_table(path)
        had = json.loads((table.schema.metadata or {})[META])
        if KEY not in table.column_names or not isinstance(had, list) or not all(isinstance(k, str) for k in had):
            return None, set()
        rows = table.to_pandas()
        if not set(rows[KEY]) <= set(had):
            return None, set()
        return rows, set(had)
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
        return None, set()


def _write(path: Path, rows: pd.DataFrame, keys: list[str]) -> None:
    try:
        table = pa.Table.from_pandas(rows, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), META: json.dumps(keys)})
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
    except (pa.ArrowException, ValueError, TypeError, UnicodeError):
        return  # rows Parquet cannot hold (a name of odd bytes): computed again next time
    write_entry(path, buffer.getvalue())
