"""Concepts of one's own: a reader's dictionary of concepts, each a list of terms, counted in every report.

A dictionary is a TOML file (example: ``data/concepts_example.toml``)::

    about = "where the terms come from"
    [concepts]
    "数字政府" = ["数字政府", "一网通办", "互联网+监管"]
    "复议与诉讼" = ["行政复议", "行政诉讼"]

Terms are matched as words, as the word chapter counts them: the terms join the domain dictionary of the
segmenter (terms with punctuation are matched before it), and a term counts where segmentation gives it as
one token. 复议 therefore does not count inside 行政复议, which is one word of the domain dictionary. The
analysable text is read (no title, signature or page chrome), and the rate is per 10,000 characters of the
report, as in the word chapter. ``GOVREPORTS_CONCEPTS`` names the book's dictionary.
"""
from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..corpus import Corpus
from ..resources import data_path
from . import segment
from .kept_rows import kept

ENV_VAR = "GOVREPORTS_CONCEPTS"
EXAMPLE = "concepts_example.toml"
MAX_CONCEPTS = 50  # a dictionary is read by people: a chart and a table of more would not be
MAX_TERMS = 500  # terms per concept
MAX_TERM_CHARS = 30
MAX_FILE_BYTES = 1_000_000


class ConceptsError(ValueError):
    """A dictionary that cannot be used, with a one-line reason."""


@dataclass(frozen=True)
class Concepts:
    names: tuple[str, ...]  # in the dictionary's order
    terms: tuple[tuple[str, ...], ...]  # the terms of each concept
    about: str
    source: str  # the file's name, for the reader

    def all_terms(self) -> frozenset[str]:
        return frozenset(t for ts in self.terms for t in ts)


def load(path: str | os.PathLike) -> Concepts:
    """Read and check a dictionary; ConceptsError says in one line what is wrong."""
    p = Path(path)
    if not p.is_file():
        raise ConceptsError(f"the concept dictionary {p} does not exist or is not a file")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ConceptsError(f"the concept dictionary {p} is over {MAX_FILE_BYTES:,} bytes")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConceptsError(f"the concept dictionary {p} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConceptsError(f"the concept dictionary {p} is not valid TOML (Chinese names go in quotes: "
                            f"\"数字政府\" = [...]): {exc}") from None
    table = data.get("concepts")
    if not isinstance(table, dict) or not table:
        raise ConceptsError(f"the concept dictionary {p} has no [concepts] table of name = [terms]")
    if len(table) > MAX_CONCEPTS:
        raise ConceptsError(f"the concept dictionary {p} has {len(table)} concepts; at most {MAX_CONCEPTS}")
    names, terms = [], []
    for name, value in table.items():
        if not isinstance(value, list) or not value or not all(isinstance(t, str) for t in value):
            raise ConceptsError(f"concept {name!r} in {p}: give a non-empty list of terms (strings)")
        cleaned = tuple(dict.fromkeys(t.strip() for t in value if t.strip()))
        bad = [t for t in cleaned if len(t) > MAX_TERM_CHARS or any(c.isspace() for c in t)]
        if bad or not cleaned or len(cleaned) > MAX_TERMS:
            what = f"term {bad[0]!r} has spaces or over {MAX_TERM_CHARS} characters" if bad else \
                f"give 1 to {MAX_TERMS} terms"
            raise ConceptsError(f"concept {name!r} in {p}: {what}")
        names.append(name.strip())
        terms.append(cleaned)
    about = data.get("about", "")
    return Concepts(tuple(names), tuple(terms), about if isinstance(about, str) else "", p.name)


def named_dictionary() -> Concepts | None:
    """The dictionary ``$GOVREPORTS_CONCEPTS`` names (added to the panel), or None."""
    named = os.environ.get(ENV_VAR, "").strip()
    return load(named) if named else None


def book_dictionary() -> Concepts:
    """The dictionary the book's word chapter shows: ``$GOVREPORTS_CONCEPTS`` when set, else the example."""
    return named_dictionary() or load(data_path(EXAMPLE))


def report_counts(text: str, spans: list[tuple[int, int]], concepts: Concepts) -> list[int]:
    """Occurrences of each concept's terms as words in the spans of a text."""
    terms = concepts.all_terms()
    protected = frozenset(t for t in terms if not segment.JIEBA_BLOCK.fullmatch(t))
    engine = segment.engine_with(terms)
    found: dict[str, int] = {}
    for start, end in spans:
        piece = text[start:end]
        if not any(t in piece for t in terms):  # a term can only be a token where it is a substring
            continue
        for s, e in segment.cut_spans(piece, protected, tok=engine):
            token = piece[s:e]
            if token in terms:
                found[token] = found.get(token, 0) + 1
    return [sum(found.get(t, 0) for t in ts) for ts in concepts.terms]


def count(corpus: Corpus, concepts: Concepts) -> pd.DataFrame:
    """Tidy: report_id, concept, count, per_10k (per 10,000 characters of the report), one row per report and
    concept, in the corpus's and the dictionary's order. Counted once per corpus and dictionary (the export's
    table and its panel both read it)."""
    return corpus.memo(("concept_counts", concepts), lambda: _count(corpus, concepts))


def _count(corpus: Corpus, concepts: Concepts) -> pd.DataFrame:
    """:func:`count`'s table, kept between runs per report (``kept_rows``) under the dictionary's terms and the
    segmenter's signature."""
    terms = json.dumps([concepts.names, concepts.terms], ensure_ascii=False)
    name = "concepts " + hashlib.sha256((terms + segment.dictionary_signature()).encode()).hexdigest()
    return kept(corpus, name, lambda part: _counts(part, concepts))


def _counts(corpus: Corpus, concepts: Concepts) -> pd.DataFrame:
    chars = corpus.table.set_index("report_id")["chars"]
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        for name, n in zip(concepts.names, report_counts(r.text, r.analysable_spans(), concepts)):
            size = int(chars.get(rid, 0))
            rows.append((rid, name, n, n / size * 10_000 if size else float("nan")))
    out = pd.DataFrame(rows, columns=["report_id", "concept", "count", "per_10k"])
    return out.astype({"report_id": "str", "concept": "str", "count": "int64", "per_10k": "float64"})


def wide(counts: pd.DataFrame, concepts: Concepts) -> pd.DataFrame:
    """One row per report: ``concept_K`` (count) and ``concept_K_per_10k`` for the K-th concept (ASCII names a
    Stata file can hold), with :func:`column_labels` giving their Chinese labels."""
    out = pd.DataFrame(index=pd.Index(counts["report_id"].unique(), name="report_id", dtype="str"))
    for k, name in enumerate(concepts.names, 1):
        part = counts[counts["concept"] == name].set_index("report_id")
        out[f"concept_{k}"] = part["count"].reindex(out.index).astype("int64")
        out[f"concept_{k}_per_10k"] = part["per_10k"].reindex(out.index).round(2)
    return out.reset_index()


def column_labels(concepts: Concepts) -> dict[str, str]:
    labels = {}
    for k, name in enumerate(concepts.names, 1):
        labels[f"concept_{k}"] = f"概念“{name}”出现次数"
        labels[f"concept_{k}_per_10k"] = f"概念“{name}”每万字次数"
    return labels


def summary(counts: pd.DataFrame, concepts: Concepts) -> pd.DataFrame:
    """Per concept: terms, reports that use it, total count, mean rate per 10,000 characters (each report
    weighs the same). Tidy, in the dictionary's order."""
    g = counts.groupby("concept", sort=False)
    out = pd.DataFrame({"concept": list(concepts.names),
                        "terms": ["、".join(ts) for ts in concepts.terms]}).set_index("concept")
    out["reports"] = g["count"].apply(lambda s: int((s > 0).sum())).reindex(out.index).fillna(0).astype("int64")
    out["count"] = g["count"].sum().reindex(out.index).fillna(0).astype("int64")
    out["mean_per_10k"] = g["per_10k"].mean().reindex(out.index).round(1)
    return out.reset_index()


def report_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """report × concept rates per 10,000 characters (wide, for :meth:`Corpus.fold`)."""
    wide_rates = counts.pivot(index="report_id", columns="concept", values="per_10k")
    order = list(dict.fromkeys(counts["concept"]))
    return wide_rates.reindex(index=list(dict.fromkeys(counts["report_id"])), columns=order).round(1)


