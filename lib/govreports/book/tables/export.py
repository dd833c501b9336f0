"""The downloads: every table as CSV and Parquet with its data dictionary (``data/data_dictionary.toml``,
descriptions and types in Chinese), and the panel for Stata."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...analysis.concepts import Concepts
from ...analysis.export import each_table, write_csv
from ...corpus import Corpus
from ...resources import load_toml
from ...store.schema import storable_frame
from ..labels import DTYPE_LABELS
from .place_year import labels

DICTIONARY_COLUMNS = ["table", "column", "dtype", "description"]


def data_dictionary(frames: dict[str, pd.DataFrame], concepts: Concepts | None = None) -> pd.DataFrame:
    """Table, column, type and description of every exported column."""
    return pd.DataFrame([row for name, df in frames.items() for row in _described(name, df, concepts)],
                        columns=DICTIONARY_COLUMNS)


def _described(name: str, df: pd.DataFrame, concepts: Concepts | None) -> list[dict]:
    """The data dictionary's rows for one table."""
    cols = load_toml("data_dictionary.toml")[name]["columns"] | (labels(concepts) if name == "panel" else {})
    rows = []
    for col in df.columns:
        if col not in cols:
            raise KeyError(f"data_dictionary.toml describes no column {name}.{col}")
        rows.append({"table": name, "column": col, "dtype": str(df[col].dtype), "description": cols[col]})
    return rows


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


@dataclass
class Exported:
    """What :func:`write_tables` wrote: the files, each table's rows and the data dictionary."""

    files: list[Path]
    rows: dict[str, int]  # table → rows, in the export's order
    dictionary: pd.DataFrame


def write_tables(corpus: Corpus, folder: str | Path, formats: tuple[str, ...] = ("csv", "parquet", "dta"),
                 concepts: Concepts | None = None) -> Exported:
    """Write every table (and the data dictionary) to ``folder``: CSV in UTF-8 with a byte-order mark (Excel reads
    Chinese only with it; pandas, R's readr and DuckDB skip it), Parquet, and the panel also for Stata (``dta``).
    The tables are made and written one at a time (``analysis.export.each_table``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    rows: dict[str, int] = {}
    described: list[dict] = []
    for name, df in each_table(corpus, concepts):
        described += _described(name, df, concepts)
        rows[name] = len(df)
        files += _write(name, df, folder, formats, concepts)
    dictionary = pd.DataFrame(described, columns=DICTIONARY_COLUMNS)
    files += _write("data_dictionary", dictionary, folder, formats, concepts)
    return Exported(files, rows, dictionary)


def export(corpus: Corpus, folder: str | Path, formats: tuple[str, ...] = ("csv", "parquet", "dta"),
           concepts: Concepts | None = None) -> list[Path]:
    """The files :func:`write_tables` writes."""
    return write_tables(corpus, folder, formats, concepts).files


def _write(name: str, df: pd.DataFrame, folder: Path, formats: tuple[str, ...], concepts: Concepts | None) -> list[Path]:
    """One table written in each of ``formats`` (the panel also for Stata); returns the files."""
    written = []
    if name == "panel" and "dta" in formats:
        from .place_year import write_stata

        path = folder / "panel.dta"
        write_stata(df, path, concepts)
        written.append(path)
    if "csv" in formats:
        written.append(write_csv(df, folder / f"{name}.csv", excel=True))  # with the byte-order mark Excel needs
    if "parquet" in formats:
        path = folder / f"{name}.parquet"
        storable_frame(df).to_parquet(path, index=False)  # Parquet text is UTF-8: odd bytes of names escaped
        written.append(path)
    return written
