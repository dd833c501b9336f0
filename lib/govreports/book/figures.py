"""Figures a paper can use: each chart of the book is published beside its page with its data.

A chapter's figure cell calls :func:`publish` with the figure's name (the ``name`` of its cell's figure
metadata), the figure, the table it draws and a short alt text. Written to the book's ``_build/figures/``:
``NAME.csv`` (UTF-8 with the byte-order mark, safe for spreadsheets), ``NAME.svg`` and ``NAME.json`` (alt text,
corpus, number of reports). The Sphinx extension :mod:`govreports.book.sphinx_figures` copies them into the HTML
and puts the links, the alt text and a source line under every figure. Nothing is displayed, so a chapter's
outputs stay the same from one execution to the next; outside a book (a notebook copied elsewhere) nothing is
written.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from ..analysis.export import write_csv
from ..corpus import Corpus
from ..resources import book_folder

FOLDER = Path("_build") / "figures"  # under the book's folder
NAME = re.compile(r"fig-[a-z0-9-]+")


def folder() -> Path | None:
    """Where figures are published: ``_build/figures`` of the book being built, or None outside a book."""
    book = book_folder()
    return book / FOLDER if book is not None else None


def publish(name: str, fig, data: pd.DataFrame, alt: str, corpus: Corpus | None) -> None:
    """Write the figure's data (CSV), the figure (SVG) and its description (JSON). Returns nothing, so that
    a cell ending with it shows only the figure.
    ``corpus`` is None for a figure that does not depend on it (a diagram of the method)."""
    if not NAME.fullmatch(name):
        raise ValueError(f"a figure's name is fig- and lower-case letters, digits and dashes: {name!r}")
    out = folder()
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    table = data.reset_index() if not isinstance(data.index, pd.RangeIndex) else data
    write_csv(table, out / f"{name}.csv", excel=True)
    fig.savefig(out / f"{name}.svg", format="svg", metadata={"Date": None}, bbox_inches="tight")
    about = {"alt": alt, "corpus": None, "reports": None}
    if corpus is not None:
        about |= {"corpus": corpus.path.name or str(corpus.path), "reports": len(corpus.reports)}
    (out / f"{name}.json").write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")


def long_frequencies(frequencies: dict[str, dict[str, float]]) -> pd.DataFrame:
    """The data of a grid of wordclouds, tidy: group, term, rate (per 10,000 characters)."""
    rows = [(group, term, round(rate, 2)) for group, terms in frequencies.items() for term, rate in terms.items()]
    return pd.DataFrame(rows, columns=["group", "term", "rate"])
