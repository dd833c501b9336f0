"""Every table of a corpus, tidy and in a fixed order, and the CSV writer (the files, with their data dictionary,
are written by :mod:`govreports.book.tables.export`).

CSV files are opened in spreadsheets, which run a cell that begins like a formula: every CSV the package
writes goes through :func:`write_csv`, which puts a ``'`` before a text cell beginning with ``=``, ``+``,
``-`` (unless the cell is a plain number), ``@``, a tab or a carriage return, as OWASP recommends. Numbers stay
numbers, and Parquet keeps the raw text.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import Corpus
from . import concepts as concept_counts
from . import place_year, problems, themes, words
from .concepts import Concepts
from .term_matrix import TermMatrix


def report_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The tables whose rows belong each to one report and depend on nothing else in the corpus (the store's
    tables, :mod:`govreports.store`), in a fixed order."""
    return {name: make() for name, make in _report_tables(corpus)}


def _report_tables(corpus: Corpus) -> list[tuple[str, Callable[[], pd.DataFrame]]]:
    def theme_table() -> pd.DataFrame:
        pt = themes.paragraph_themes(corpus)
        ids = [t.id for t in themes.taxonomy()[0]]
        return pd.DataFrame({
            "paragraph_id": pt["paragraph_id"], "report_id": pt["report_id"], "start": pt["start"],
            "chars": pt["chars"], "themes": pt["themes"].map(";".join),
            "scores": [";".join(f"{t}:{v:g}" for t, v in zip(ids, row) if v)
                       for row in pt.reindex(columns=ids).itertuples(index=False)],
        })

    return [("reports", lambda: corpus.table), ("sections", lambda: corpus.sections),
            ("paragraphs", lambda: corpus.paragraphs), ("sentences", lambda: corpus.sentences),
            ("metrics", lambda: corpus.metrics), ("themes", theme_table),
            ("items", lambda: problems.items_table(corpus).drop(columns=["categories"])),
            ("compliance", lambda: corpus.compliance)]


def tables(corpus: Corpus, concepts: Concepts | None = None) -> dict[str, pd.DataFrame]:
    """The exported tables, in a fixed order, each sorted so that two exports are byte-identical: the
    per-report tables, the panel and the document-term table; with a reader's ``concepts``, their counts (long,
    and as columns of the panel)."""
    return {name: make() for name, make in _tables(corpus, concepts)}


def each_table(corpus: Corpus, concepts: Concepts | None = None) -> Iterator[tuple[str, pd.DataFrame]]:
    """The tables of :func:`tables`, one at a time and in its order, for a caller that writes each and lets it go:
    what a table is made from (the corpus's paragraphs, its themes …) is kept only if it was already built
    (:meth:`Corpus.passing`), so the export of 10,000 reports never holds every table at once. What several tables
    read (the reports, sections and compliance tables, the units' themes, the concepts' counts: about 11 KB a
    report) is made once, before them, and let go after the last."""
    with corpus.passing():
        for shared in ("table", "sections", "compliance"):
            getattr(corpus, shared)
        if concepts is not None:
            concept_counts.count(corpus, concepts)
        with corpus.passing(keep=("unit_themes",)):  # the paragraphs it is made from are let go
            themes.unit_themes(corpus)
        for name, make in _tables(corpus, concepts):
            with corpus.passing():
                frame = make()
            yield name, frame
            del frame


def _tables(corpus: Corpus, concepts: Concepts | None) -> list[tuple[str, Callable[[], pd.DataFrame]]]:
    out = [*_report_tables(corpus), ("panel", lambda: place_year.panel(corpus, concepts)),
           ("document_terms", lambda: document_terms(words.analyse(corpus).matrix))]
    if concepts is not None:
        out.append(("concepts", lambda: concept_counts.count(corpus, concepts)))
    return out


def document_terms(matrix: TermMatrix) -> pd.DataFrame:
    """The long document-term table (report_id, term, count) that R's quanteda and tidytext read: the words of
    chapter 2, counted per report, sorted so that two exports are identical."""
    order = np.argsort(matrix.ids.to_numpy(dtype=object), kind="stable")
    at = np.concatenate([np.arange(matrix.indptr[k], matrix.indptr[k + 1]) for k in order]) if len(order) else \
        np.zeros(0, dtype=np.int64)
    return pd.DataFrame({"report_id": pd.Series(matrix.ids[matrix.rows[at]], dtype="str"),
                         "term": pd.Series(matrix.vocab[matrix.columns[at]], dtype="str"),
                         "count": matrix.counts[at].astype(np.int64)})


# a cell that begins a formula; a plain negative number (-3, -1.5%, -.5, -4e-10, -1,234) does not: after its
# minus a digit, or a point and a digit
FORMULA_START = re.compile(r"[=+@\t\r]|-(?!(?:[0-9]|\.[0-9])[0-9.,]*(?:[eE][+-]?[0-9]+)?%?$)")
NEUTRALISE = "'"


def safe_cell(value: object) -> object:
    """A cell as a spreadsheet may open it: text that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return NEUTRALISE + value
    return value


FORMULA_FIRST = ["=", "+", "@", "\t", "\r", "-"]  # every match of FORMULA_START begins with one of these


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell (and text column name) passed through :func:`safe_cell`; numbers untouched.
    Only cells whose first character may start a formula are looked at (a cell at a time took seconds for the
    20 million cells of 10,000 reports). The frame given is left as it was; only the columns that change are
    copied (copy-on-write), not the whole table (the figures of 10,000 reports are 0.2 GB)."""
    out = df.copy(deep=False)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            maybe = first_character_in(out[col], FORMULA_FIRST)
            if maybe is None:
                out[col] = out[col].map(safe_cell, na_action="ignore")
            elif maybe.any():
                out.loc[maybe, col] = out.loc[maybe, col].map(safe_cell)
    return out.rename(columns=safe_cell)


def first_character_in(column: pd.Series, chars: list[str]) -> pd.Series | None:
    """Whether each cell is text beginning with one of ``chars`` (vectorised), or None for a column whose cells
    the ``.str`` accessor cannot take (then each cell is looked at)."""
    try:
        return column.str[:1].isin(chars).fillna(False).astype(bool)
    except (AttributeError, TypeError):
        return None


def write_csv(df: pd.DataFrame, path: str | Path, excel: bool = False) -> Path:
    """Write ``df`` as CSV, safe for spreadsheets; ``excel`` adds the byte-order mark Excel needs to read UTF-8.

    Rows end in CRLF (RFC 4180), so that a cell holding a carriage return is quoted: a spreadsheet reading a
    bare CR as the end of a row would otherwise start a new row, and a new cell, after it."""
    spreadsheet_safe(df).to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8", lineterminator="\r\n")
    return Path(path)


