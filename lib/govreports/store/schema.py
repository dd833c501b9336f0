"""The store's tables as Arrow: one declared schema per table (``data/store_schema.toml``), so that every
partition of a table has the same columns and types whatever its rows hold."""
from __future__ import annotations

from functools import cache

import pandas as pd
import pyarrow as pa

from ..read.reader import utf8_name
from ..resources import load_toml

ARROW_TYPES = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}


@cache
def schemas() -> dict[str, pa.Schema]:
    """Table name → its Arrow schema, in the order of the data file."""
    return {name: pa.schema([(col, ARROW_TYPES[typ.rstrip("?")]) for col, typ in cols.items()])
            for name, cols in load_toml("store_schema.toml").items()}


def storable(value: object) -> object:
    """A value as Parquet can hold it: text in UTF-8 (:func:`reader.utf8_name`), anything else unchanged."""
    return utf8_name(value) if isinstance(value, str) else value


def storable_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell :func:`storable` (a copy only where a column needs it). A column of Arrow
    strings is UTF-8 already and is left as it is."""
    out = df
    for col in df.columns:
        if getattr(df[col].dtype, "storage", None) == "pyarrow":
            continue
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col].dtype):
            fixed = df[col].map(storable, na_action="ignore")
            if not fixed.equals(df[col]):
                out = out.copy() if out is df else out
                out[col] = fixed
    return out


def to_arrow(df: pd.DataFrame, table: str) -> pa.Table:
    """``df`` as an Arrow table with ``table``'s declared schema (a column missing or extra is an error: the
    declaration and the code that makes the table disagree)."""
    schema = schemas()[table]
    if list(df.columns) != schema.names:
        raise ValueError(f"store table {table}: columns {list(df.columns)} are not the declared {schema.names}")
    return pa.Table.from_pandas(storable_frame(df), schema=schema, preserve_index=False).replace_schema_metadata(None)
