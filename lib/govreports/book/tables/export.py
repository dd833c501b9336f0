"""The downloads: every table as CSV and Parquet with its data dictionary (``data/data_dictionary.toml``,
descriptions and types in Chinese), and the panel for Stata."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...analysis.concepts import Concepts
from ...analysis.export import tables, write_csv
from ...corpus import Corpus
from ...resources import load_toml
from ...store.schema import storable_frame
from ..labels import DTYPE_LABELS
from .place_year import labels


def data_dictionary(frames: dict[str, pd.DataFrame], concepts: Concepts | None = None) -> pd.DataFrame:
    """Table, column, type and description of every exported column."""
    spec = load_toml("data_dictionary.toml")
    rows = []
    for name, df in frames.items():
        cols = spec[name]["columns"] | (labels(concepts) if name == "panel" else {})
        for col in df.columns:
            if col not in cols:
                raise KeyError(f"data_dictionary.toml describes no column {name}.{col}")
            rows.append({"table": name, "column": col, "dtype": str(df[col].dtype), "description": cols[col]})
    return pd.DataFrame(rows)




def dictionary_table(dictionary: pd.DataFrame, name: str) -> pd.DataFrame:
    """The reader's view of one table's data dictionary: the column as it is named in the files, its type and
    what it holds, in Chinese."""
    rows = dictionary[dictionary["table"] == name]
    return pd.DataFrame({"列名": rows["column"], "类型": rows["dtype"].map(lambda d: DTYPE_LABELS.get(d, "文本")),
                         "说明": rows["description"]}).set_index("列名")


def describe(name: str) -> str:
    return load_toml("data_dictionary.toml")[name]["description"]


def csv_note() -> str:
    """What a reader of the CSV files should know: formula-like text cells carry a leading ``'``."""
    return load_toml("data_dictionary.toml")["csv_note"]


def export(corpus: Corpus, folder: str | Path, formats: tuple[str, ...] = ("csv", "parquet", "dta"),
           concepts: Concepts | None = None, frames: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Write every table (and the data dictionary) to ``folder``: CSV in UTF-8 with a byte-order mark (Excel reads
    Chinese only with it; pandas, R's readr and DuckDB skip it), Parquet, and the panel also for Stata (``dta``);
    returns the files written. ``frames``: the corpus's tables (``analysis.export.tables``) when the caller
    already has them, so they are not computed twice."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    frames = tables(corpus, concepts) if frames is None else frames
    written = []
    for name, df in {**frames, "data_dictionary": data_dictionary(frames, concepts)}.items():
        if name == "panel" and "dta" in formats:
            from .place_year import write_stata

            path = folder / "panel.dta"
            write_stata(df, path, concepts)
            written.append(path)
        if "csv" in formats:
            path = folder / f"{name}.csv"
            written.append(write_csv(df, path, excel=True))  # with the byte-order mark Excel needs
        if "parquet" in formats:
            path = folder / f"{name}.parquet"
            storable_frame(df).to_parquet(path, index=False)  # Parquet text is UTF-8: odd bytes of names escaped
            written.append(path)
    return written
