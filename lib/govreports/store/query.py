"""The store in DuckDB (embedded, no server): one view per table, and the aggregates the chapters show, asked of
the store so that only their answers come into pandas."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ..vocabulary import COMPLETE, SECTION
from .dataset import MANIFEST, TABLES
from .schema import schemas

DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN"}

# What the chapters count, as SQL over the views (tidy answers: ids and English column names).
CHAPTER_QUERIES = {
    # chapter 1: the corpus by year covered and administrative level
    "reports_by_year_level": """
        SELECT year_covered, level, count(*) AS reports
        FROM reports GROUP BY ALL ORDER BY year_covered NULLS LAST, level""",
    # chapter 1: per mandated part, the reports that give it a section of its own, among those holding it whole
    "parts_with_section": f"""
        SELECT c.part, count(*) FILTER (WHERE c.status = '{SECTION}') AS with_section, count(*) AS reports
        FROM compliance c JOIN reports r USING (report_id)
        WHERE r.completeness = '{COMPLETE}'
        GROUP BY c.part ORDER BY c.part""",
    # chapter 3: figures per indicator, and the reports that publish each
    "figures_by_indicator": """
        SELECT indicator, count(*) AS figures, count(DISTINCT report_id) AS reports
        FROM metrics WHERE indicator IS NOT NULL AND indicator <> ''
        GROUP BY indicator ORDER BY figures DESC, indicator""",
    # chapter 4: paragraphs and characters per theme (a paragraph counts for each of its themes)
    "paragraphs_by_theme": """
        SELECT theme, count(*) AS paragraphs, sum(chars) AS chars
        FROM (SELECT unnest(string_split(themes, ';')) AS theme, chars FROM themes WHERE themes <> '')
        GROUP BY theme ORDER BY paragraphs DESC, theme""",
    # chapter 5: problems and plans per category
    "items_by_category": """
        SELECT kind, category, count(*) AS items, count(*) FILTER (WHERE specific) AS specific
        FROM items GROUP BY ALL ORDER BY kind, items DESC, category""",
}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(out: str | os.PathLike, database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a view per table of the store at ``out`` (``files`` and :data:`TABLES`), each with
    exactly its declared columns (the partition folders add none)."""
    out = Path(out)
    if not (out / MANIFEST).is_file():
        raise FileNotFoundError(f"no store at {out} (build one with: python -m govreports store FOLDER --out {out})")
    con = duckdb.connect(database)
    con.execute(f"CREATE VIEW files AS SELECT * FROM read_parquet({_literal(str(out / MANIFEST))})")
    for table in TABLES:
        if any((out / table).glob("*/*.parquet")):
            source = (f"read_parquet({_literal(str(out / table / '*' / '*.parquet'))}, hive_partitioning = false, "
                      "union_by_name = true)")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {source}")
        else:  # no report yet: the declared columns, no rows
            cols = ", ".join(f"CAST(NULL AS {DUCKDB_TYPES[f.type]}) AS {f.name}" for f in schemas()[table])
            con.execute(f"CREATE VIEW {table} AS SELECT {cols} WHERE false")
    return con


def query(out: str | os.PathLike, sql: str) -> pd.DataFrame:
    """The answer to ``sql`` (or to the name of one of :data:`CHAPTER_QUERIES`) over the store at ``out``."""
    with connect(out) as con:
        return con.execute(CHAPTER_QUERIES.get(sql, sql)).df()
