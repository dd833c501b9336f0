"""Stage 5: the columnar store, a Parquet dataset of every report's tables, partitioned by year.

:func:`build_store` parses a folder into the store incrementally (only new or changed files are parsed, and only
the partitions they fall in are written again; removed files leave it), in local processes or on a Dask cluster
(:mod:`.schedule`). :func:`connect` opens it in DuckDB, one view per table. :func:`.source.use_store` has a loaded
corpus read its per-report tables from it (what ``govreports.load_corpus`` does when ``$GOVREPORTS_STORE`` names a
store, as in the book's build). The dataset is read without this package by pandas, R's arrow, DuckDB and Spark
(README, "The store").

In: a folder of report files (parsed through :mod:`govreports.pipeline` and the parse cache).
Out: a folder of Parquet files (``files.parquet`` and one dataset per table of
:func:`govreports.analysis.export.report_tables`), and DuckDB's answers over it as data frames.
"""
from .dataset import TABLES, StoreError, StoreResult, build_store, read_table
from .query import connect, query
from .schedule import SCHEDULER_VAR

__all__ = ["TABLES", "SCHEDULER_VAR", "StoreError", "StoreResult", "build_store", "connect", "query", "read_table"]
