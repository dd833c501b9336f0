"""Every table of a corpus as CSV and Parquet, with a data dictionary (``data/data_dictionary.toml``)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .corpus import Corpus
from .resources import load_toml


def tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The exported tables, in a fixed order, each sorted so that two exports are byte-identical."""
    from . import problems, themes  # heavier modules, imported when needed

    pt = themes.paragraph_themes(corpus)
    ids = [t.id for t in themes.taxonomy()[0]]
    theme_table = pd.DataFrame({
        "paragraph_id": pt["paragraph_id"], "report_id": pt["report_id"], "start": pt["start"], "chars": pt["chars"],
        "themes": pt["themes"].map(";".join),
        "scores": [";".join(f"{t}:{v:g}" for t, v in zip(ids, row) if v)
                   for row in pt.reindex(columns=ids).itertuples(index=False)],
    })
    items = problems.items_table(corpus).drop(columns=["categories"])
    return {
        "reports": corpus.table, "sections": corpus.sections, "paragraphs": corpus.paragraphs,
        "sentences": corpus.sentences, "metrics": corpus.metrics, "themes": theme_table, "items": items,
        "compliance": corpus.compliance,
    }


def data_dictionary(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Table, column, type and description of every exported column."""
    spec = load_toml("data_dictionary.toml")
    rows = []
    for name, df in frames.items():
        cols = spec[name]["columns"]
        for col in df.columns:
            if col not in cols:
                raise KeyError(f"data_dictionary.toml describes no column {name}.{col}")
            rows.append({"table": name, "column": col, "dtype": str(df[col].dtype), "description": cols[col]})
    return pd.DataFrame(rows)


DTYPES_ZH = {"int64": "整数", "Int64": "整数（可为空）", "float64": "小数", "bool": "是/否", "boolean": "是/否（可为空）",
             "object": "文本", "str": "文本", "string": "文本"}


def dictionary_table(dictionary: pd.DataFrame, name: str) -> pd.DataFrame:
    """The reader's view of one table's data dictionary: the column as it is named in the files, its type and
    what it holds, in Chinese."""
    rows = dictionary[dictionary["table"] == name]
    return pd.DataFrame({"列名": rows["column"], "类型": rows["dtype"].map(lambda d: DTYPES_ZH.get(d, "文本")),
                         "说明": rows["description"]}).set_index("列名")


def describe(name: str) -> str:
    return load_toml("data_dictionary.toml")[name]["description"]


def export(corpus: Corpus, folder: str | Path, formats: tuple[str, ...] = ("csv", "parquet")) -> list[Path]:
    """Write every table (and the data dictionary) to ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    frames = tables(corpus)
    written = []
    for name, df in {**frames, "data_dictionary": data_dictionary(frames)}.items():
        if "csv" in formats:
            path = folder / f"{name}.csv"
            df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
            written.append(path)
        if "parquet" in formats:
            path = folder / f"{name}.parquet"
            df.to_parquet(path, index=False)
            written.append(path)
    return written
