"""Themes: each paragraph scored against the taxonomy of the 2021–2025 纲要 (``data/themes.toml``).

Dictionary scoring, documented in the data file: every occurrence of a theme's term counts 1 (a weak
term 0.5), a paragraph under a heading that names the theme gets 1 more, and a paragraph takes every
theme that reaches the threshold. The agreement with a hand-labelled set is measured in the tests and
reported in the book.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..limits import MIN_GROUP
from ..resources import load_toml


@dataclass(frozen=True)
class Theme:
    id: str
    short: str  # a label short enough for a chart axis
    name: str
    terms: tuple[str, ...]
    weak: tuple[str, ...]
    heading: re.Pattern
    areas_2015: tuple[str, ...]
    source: str  # where the theme comes from (a part of the 纲要, or another document)


@cache
def taxonomy() -> tuple[tuple[Theme, ...], float]:
    data = load_toml("themes.toml")
    themes = tuple(Theme(t["id"], t["short"], t["name"], tuple(t["terms"]), tuple(t["weak"]), re.compile(t["heading"]),
                         tuple(t["areas_2015"]), t["source"]) for t in data["theme"])
    return themes, float(data["threshold"])


@cache
def relative() -> float:
    return float(load_toml("themes.toml")["relative"])


@cache
def _all_terms() -> tuple[re.Pattern, dict[str, tuple[tuple[str, float], ...]]]:
    """One pattern of every theme's terms, longest first, and term → ((theme id, weight), …)."""
    weights: dict[str, list[tuple[str, float]]] = {}
    for t in taxonomy()[0]:
        for term in t.terms:
            weights.setdefault(term, []).append((t.id, 1.0))
        for term in t.weak:
            weights.setdefault(term, []).append((t.id, 0.5))
    rx = re.compile("|".join(map(re.escape, sorted(weights, key=len, reverse=True))))
    return rx, {k: tuple(v) for k, v in weights.items()}


def _counts(text: str) -> dict[str, float]:
    """Theme id → terms counted 1 and weak terms 0.5, read leftmost-longest across all themes: a longer term
    hides the shorter ones inside it, whichever theme they belong to (行政执法监督 is 监督's, not 执法's too)."""
    rx, weights = _all_terms()
    out: dict[str, float] = {}
    for m in rx.findall(text):
        for theme, w in weights[m]:
            out[theme] = out.get(theme, 0.0) + w
    return out


def short_names() -> dict[str, str]:
    """Theme id → short label (for charts and tables)."""
    return {t.id: t.short for t in taxonomy()[0]}


def score(text: str, headings: str = "") -> dict[str, float]:
    """Theme → score of a paragraph (``headings``: the headings of the sections that hold it)."""
    themes, _ = taxonomy()
    counts = _counts(text)
    out = {}
    for t in themes:
        s = counts.get(t.id, 0.0)
        if headings and (t.heading.search(headings) or any(a in headings for a in t.areas_2015)):
            s += 1
        out[t.id] = s
    return out


def labels(scores: dict[str, float]) -> list[str]:
    """The themes of a paragraph: scores at or above the threshold and near enough its best score."""
    _, threshold = taxonomy()
    floor = max(threshold, relative() * max(scores.values(), default=0))
    return [k for k, v in scores.items() if v >= floor]


def paragraph_themes(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph: its scores per theme and its themes (multi-label). Computed once per corpus."""
    return corpus.memo("paragraph_themes", lambda: _paragraph_themes(corpus))


def _paragraph_themes(corpus: Corpus) -> pd.DataFrame:
    secs = corpus.sections
    heading = dict(zip(secs["section_id"], secs["heading"]))
    parent = dict(zip(secs["section_id"], secs["parent_id"]))
    paths: dict[str, str] = {}  # section id → its heading and its ancestors' (innermost first)
    for sid in secs["section_id"]:
        up = parent[sid]
        paths[sid] = heading[sid] if not isinstance(up, str) else heading[sid] + " " + paths[up]
    paras = corpus.paragraphs
    ids = [t.id for t in taxonomy()[0]]
    scores = np.zeros((len(paras), len(ids)))  # column by column: no dict per paragraph kept
    found = []
    for k, (text, sid) in enumerate(zip(paras["text"], paras["section_id"])):
        sc = score(text, paths[sid] if isinstance(sid, str) else "")
        scores[k] = [sc[t] for t in ids]
        found.append(labels(sc))
    if not len(paras):
        return pd.DataFrame(columns=["paragraph_id", "report_id", "start", "chars", *ids, "themes"])
    out = pd.DataFrame({"paragraph_id": paras["paragraph_id"], "report_id": paras["report_id"],
                        "start": paras["start"], "chars": paras["chars"]})
    out[ids] = scores
    out["themes"] = found
    return out


def coverage(corpus: Corpus, pt: pd.DataFrame | None = None) -> pd.DataFrame:
    """Report × theme (indexed by report_id): share of the report's paragraph characters on each theme (a
    paragraph with k themes gives 1/k of its characters to each; 未归类 holds paragraphs with none)."""
    pt = paragraph_themes(corpus) if pt is None else pt
    themes, _ = taxonomy()
    ids = [t.id for t in themes] + ["未归类"]
    sums: dict[tuple[str, str], float] = {}
    for rid, chars, ts in zip(pt["report_id"], pt["chars"], pt["themes"]):
        ts = ts or ["未归类"]
        for t in ts:
            sums[rid, t] = sums.get((rid, t), 0.0) + chars / len(ts)
    share = pd.DataFrame(0.0, index=corpus.ids, columns=ids)
    if sums:
        long = pd.Series(sums).unstack(fill_value=0.0)
        share = long.reindex(index=corpus.ids, columns=ids, fill_value=0.0).astype(float)
    share = share.div(share.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
    share.index.name = "report_id"  # the reader's table: Corpus.fold
    return share


def emphasis(cov: pd.DataFrame) -> pd.DataFrame:
    """Percentage points above (stressed) or below (neglected) the corpus average, per report and theme."""
    return ((cov - cov.mean()) * 100).round(1)


def profile_by(corpus: Corpus, cov: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean theme coverage by a report attribute (``level`` or ``year_covered``), for the groups with at
    least ``limits.MIN_GROUP`` reports; ``reports`` counts them."""
    key = corpus.table.set_index("report_id").loc[cov.index, column].to_numpy()
    out = cov.groupby(key).mean()
    out.insert(0, "reports", cov.groupby(key).size())
    out.index.name = column  # the reader's name: PROFILE_AXIS_LABELS
    return out[out["reports"] >= MIN_GROUP]


def coverage_long(cov: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Coverage and emphasis as one tidy table (a row per report and theme), for download: report id and
    label, theme id and short name, share of the text (0–1) and percentage points above the corpus average."""
    names = short_names()
    emph = emphasis(cov)
    long = cov.rename_axis("report_id").reset_index().melt(id_vars="report_id", var_name="theme", value_name="share")
    long["above_average"] = emph.rename_axis("report_id").reset_index().melt(id_vars="report_id")["value"].to_numpy()
    long.insert(1, "report", long["report_id"].map(labels))
    long.insert(3, "theme_name", long["theme"].map(lambda t: names.get(t, t)))
    return long


def examples(corpus: Corpus, n: int = 2) -> pd.DataFrame:
    """The n sentences that score highest on each theme (one per report at most), tidy: theme id, report,
    offset, sentence, score. A sentence is an example of a theme only inside a paragraph classified under
    it, and only when it holds one of the theme's terms itself: a theme with no paragraph has no example."""
    themes, threshold = taxonomy()
    pt = paragraph_themes(corpus)
    theme_of = dict(zip(pt["paragraph_id"], pt["themes"]))
    sents = corpus.sentences
    sents = sents[sents["text"].str.len().between(12, 120)]
    ids = [t.id for t in themes]
    matrix = np.zeros((len(sents), len(ids)))  # each sentence scored once, kept as one array
    for k, text in enumerate(sents["text"]):
        sc = score(text)
        matrix[k] = [sc[t] for t in ids]
    scores = pd.DataFrame(matrix, index=sents.index, columns=ids)
    rows = []
    labelled = sents["paragraph_id"].map(theme_of)
    for t in themes:
        cand = sents.assign(score=scores[t.id])
        cand = cand[(cand["score"] > 0) & labelled.map(lambda ts, t=t: isinstance(ts, list) and t.id in ts)]
        cand = cand.sort_values(["score", "sentence_id"], ascending=[False, True]).drop_duplicates("report_id")
        for r in cand.head(n).itertuples():
            rows.append({"theme": t.id, "report_id": r.report_id, "start": int(r.start), "sentence": r.text,
                         "score": float(r.score)})
    return pd.DataFrame(rows, columns=["theme", "report_id", "start", "sentence", "score"])
