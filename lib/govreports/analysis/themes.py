"""Themes: each paragraph, item by item, scored against the taxonomy of the 2021–2025 纲要 (``data/themes.toml``).

Dictionary scoring, documented in the data file: a paragraph is cut into its enumerated items (一是…二是…),
every occurrence of a theme's term in a unit counts 1 (a weak term less), a unit under a heading that names
the theme gets a bonus, and a unit takes every theme that reaches the theme's threshold and is near enough its
best score. The numbers are fitted on units labelled by meaning and measured out of fold
(:mod:`govreports.analysis.evaluation`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ..corpus import COLUMN_CHUNK, Columns, Corpus
from ..limits import MIN_GROUP
from ..resources import load_toml
from .kept_rows import kept


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
    threshold: float  # the least score of a unit on this theme


@dataclass(frozen=True)
class Scoring:
    """How scores become themes (``data/themes.toml``): weights and the share of the best score to reach."""

    weak_weight: float
    heading_bonus: float
    relative: float
    enumeration: re.Pattern


@cache
def taxonomy() -> tuple[tuple[Theme, ...], Scoring]:
    data = load_toml("themes.toml")
    themes = tuple(Theme(t["id"], t["short"], t["name"], tuple(t["terms"]), tuple(t["weak"]), re.compile(t["heading"]),
                         tuple(t["areas_2015"]), t["source"], float(t["threshold"])) for t in data["theme"])
    return themes, Scoring(float(data["weak_weight"]), float(data["heading_bonus"]), float(data["relative"]),
                           re.compile(data["enumeration"]))


@cache
def _all_terms() -> tuple[re.Pattern, dict[str, tuple[tuple[str, bool], ...]]]:
    """One pattern of every theme's terms, longest first, and term → ((theme id, weak?), …)."""
    weights: dict[str, list[tuple[str, bool]]] = {}
    for t in taxonomy()[0]:
        for term in t.terms:
            weights.setdefault(term, []).append((t.id, False))
        for term in t.weak:
            weights.setdefault(term, []).append((t.id, True))
    rx = re.compile("|".join(map(re.escape, sorted(weights, key=len, reverse=True))))
    return rx, {k: tuple(v) for k, v in weights.items()}


def evidence(text: str, headings: str = "") -> np.ndarray:
    """A unit's evidence per theme, in the taxonomy's order: rows are its terms, its weak terms (read
    leftmost-longest across all themes: a longer term hides the shorter ones inside it, whichever theme they
    belong to, so 行政执法监督 is 监督's, not 执法's too) and whether a heading above it names the theme."""
    themes, _ = taxonomy()
    index = {t.id: k for k, t in enumerate(themes)}
    rx, weights = _all_terms()
    out = np.zeros((3, len(themes)))
    for m in rx.findall(text):
        for theme, weak in weights[m]:
            out[1 if weak else 0, index[theme]] += 1
    if headings:
        for k, t in enumerate(themes):
            out[2, k] = bool(t.heading.search(headings) or any(a in headings for a in t.areas_2015))
    return out


def weigh(found: np.ndarray, scoring: Scoring) -> np.ndarray:
    """Scores from evidence (one unit, 3 × themes, or many, units × 3 × themes)."""
    return found[..., 0, :] + scoring.weak_weight * found[..., 1, :] + scoring.heading_bonus * found[..., 2, :]


def decide(scores: np.ndarray, thresholds: np.ndarray, relative: float) -> np.ndarray:
    """Units × themes: whether each unit takes each theme (at least its threshold, and at least ``relative``
    times the unit's best score)."""
    scores = np.atleast_2d(scores)
    return (scores >= thresholds[None, :]) & (scores >= relative * scores.max(axis=1, keepdims=True))


def thresholds() -> np.ndarray:
    return np.array([t.threshold for t in taxonomy()[0]])


def score(text: str, headings: str = "") -> dict[str, float]:
    """Theme → score of a unit (``headings``: the headings of the sections that hold it)."""
    themes, scoring = taxonomy()
    return dict(zip((t.id for t in themes), weigh(evidence(text, headings), scoring).tolist()))


def labels(scores: dict[str, float]) -> list[str]:
    """The themes of a unit from its scores."""
    themes, scoring = taxonomy()
    taken = decide(np.array([scores.get(t.id, 0.0) for t in themes]), thresholds(), scoring.relative)[0]
    return [t.id for t, yes in zip(themes, taken) if yes]


def units(text: str) -> list[tuple[int, int]]:
    """A paragraph's units: its enumerated items (一是…二是…), and the text before the first one when there is
    any; the whole paragraph when it enumerates nothing. Offsets into ``text``; they tile it."""
    starts = [m.start() for m in taxonomy()[1].enumeration.finditer(text)]
    if not starts or starts == [0]:
        return [(0, len(text))]
    bounds = ([0] if starts[0] > 0 else []) + starts + [len(text)]
    return list(zip(bounds, bounds[1:]))


def short_names() -> dict[str, str]:
    """Theme id → short label (for charts and tables)."""
    return {t.id: t.short for t in taxonomy()[0]}


def paragraph_themes(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph: its scores per theme (summed over its units) and its themes (those of any of its
    units). Computed once per corpus."""
    return corpus.memo("paragraph_themes", lambda: _paragraph_themes(unit_themes(corpus), corpus))


def unit_themes(corpus: Corpus) -> pd.DataFrame:
    """One row per unit of a paragraph (:func:`units`): unit_id, paragraph_id, report_id, start, end, chars,
    scores per theme and its themes (multi-label). Computed once per corpus."""
    return corpus.memo("unit_themes", lambda: _with_themes(kept(corpus, "unit_scores", _unit_scores)))


def heading_paths(corpus: Corpus) -> dict[str, str]:
    """Section id → its heading and its ancestors' headings (innermost first): what a unit under it is about."""
    secs = corpus.sections
    heading = dict(zip(secs["section_id"], secs["heading"]))
    parent = dict(zip(secs["section_id"], secs["parent_id"]))
    paths: dict[str, str] = {}
    for sid in secs["section_id"]:  # parents come before their children
        up = parent[sid]
        paths[sid] = heading[sid] if not isinstance(up, str) else heading[sid] + " " + paths[up]
    return paths


def _unit_scores(corpus: Corpus) -> pd.DataFrame:
    """Each unit's rows and scores per theme (a report's depend on that report alone: kept between runs)."""
    paths = heading_paths(corpus)
    themes, scoring = taxonomy()
    ids = [t.id for t in themes]
    paras = corpus.paragraphs
    # built a block of units at a time (Columns; the scores as arrays): 10,000 reports' units as tuples and
    # evidence arrays took about 0.3 GB at once
    cols = Columns(["unit_id", "paragraph_id", "report_id", "start", "end", "chars"], chunk=COLUMN_CHUNK)
    blocks: list[np.ndarray] = []
    found: list[np.ndarray] = []
    for pid, rid, start, text, sid in zip(paras["paragraph_id"], paras["report_id"], paras["start"], paras["text"],
                                          paras["section_id"]):
        path = paths[sid] if isinstance(sid, str) else ""
        for k, (a, b) in enumerate(units(text)):
            cols.add(f"{pid}/u{k}", pid, rid, start + a, start + b, b - a)
            found.append(evidence(text[a:b], path))
            if len(found) == COLUMN_CHUNK:
                blocks.append(weigh(np.array(found), scoring))
                found = []
    out = cols.frame().astype({c: "int64" for c in ("start", "end", "chars")})
    blocks.append(weigh(np.array(found).reshape(len(found), 3, len(ids)), scoring))
    scores = np.concatenate(blocks)
    out[ids] = scores
    return out


def _taken(ut: pd.DataFrame) -> np.ndarray:
    """Units × themes: whether each unit takes each theme, from its scores."""
    ids = [t.id for t in taxonomy()[0]]
    return decide(ut[ids].to_numpy(dtype=float), thresholds(), taxonomy()[1].relative) if len(ut) else \
        np.zeros((0, len(ids)), dtype=bool)


def _with_themes(ut: pd.DataFrame) -> pd.DataFrame:
    ids = [t.id for t in taxonomy()[0]]
    ut["themes"] = [[t for t, yes in zip(ids, row) if yes] for row in _taken(ut).tolist()]
    return ut


def _paragraph_themes(ut: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    ids = [t.id for t in taxonomy()[0]]
    paras = corpus.paragraphs
    sums = ut.groupby("paragraph_id", sort=False)[ids].sum()
    union = pd.DataFrame(_taken(ut), columns=ids, index=ut["paragraph_id"]).groupby(level=0, sort=False).max()
    out = pd.DataFrame({"paragraph_id": paras["paragraph_id"], "report_id": paras["report_id"],
                        "start": paras["start"], "chars": paras["chars"]})
    for t in ids:
        out[t] = out["paragraph_id"].map(sums[t]).fillna(0.0).astype(float) if len(ut) else pd.Series(dtype=float)
    if len(ut):
        taken = union.reindex(out["paragraph_id"], fill_value=False).to_numpy(dtype=bool)
        out["themes"] = [[t for t, yes in zip(ids, row) if yes] for row in taken.tolist()]
    else:
        out["themes"] = pd.Series(dtype=object)
    return out


def coverage(corpus: Corpus, ut: pd.DataFrame | None = None) -> pd.DataFrame:
    """Report × theme (indexed by report_id): share of the report's paragraph characters on each theme (a unit
    of a paragraph with k themes gives 1/k of its characters to each; 未归类 holds units with none)."""
    pt = unit_themes(corpus) if ut is None else ut
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


def _example_sentences(corpus: Corpus) -> pd.DataFrame:
    """The sentences that may serve as examples (12 to 120 characters). Once per corpus: the scores and the
    examples both start from it, and it is most of the sentences table (0.2 GB at 10,000 reports)."""
    def make() -> pd.DataFrame:
        sents = corpus.sentences
        return sents[sents["text"].str.len().between(12, 120)]
    return corpus.memo("example_sentences", make)


def _sentence_scores(corpus: Corpus) -> pd.DataFrame:
    """Each example sentence's score per theme, on its own words (a report's rows depend on it alone: kept)."""
    sents = _example_sentences(corpus)
    ids = [t.id for t in taxonomy()[0]]
    matrix = np.zeros((len(sents), len(ids)))  # each sentence scored once, kept as one array
    for k, text in enumerate(sents["text"]):
        sc = score(text)
        matrix[k] = [sc[t] for t in ids]
    out = pd.DataFrame({"sentence_id": sents["sentence_id"].astype(object).to_numpy(),
                        "report_id": sents["report_id"].astype(object).to_numpy()})
    out[ids] = matrix
    return out


def examples(corpus: Corpus, n: int = 2) -> pd.DataFrame:
    """The n sentences that score highest on each theme (one per report at most), tidy: theme id, report,
    offset, sentence, score. A sentence is an example of a theme only inside a paragraph classified under
    it, and only when it holds one of the theme's terms itself: a theme with no paragraph has no example."""
    themes, _ = taxonomy()
    pt = paragraph_themes(corpus)
    theme_of = dict(zip(pt["paragraph_id"], pt["themes"]))
    sents = _example_sentences(corpus)
    ids = [t.id for t in themes]
    scored = kept(corpus, "sentence scores", _sentence_scores)
    if not scored["sentence_id"].equals(sents["sentence_id"].reset_index(drop=True).astype(scored["sentence_id"].dtype)):
        raise AssertionError("the kept sentence scores are not those of the corpus's sentences")
    scores = pd.DataFrame(scored[ids].to_numpy(), index=sents.index, columns=ids)
    rows = []
    # each sentence's paragraph's themes, one row per (sentence, theme)
    labelled = sents["paragraph_id"].map(theme_of).dropna().explode().dropna()
    for t in themes:
        score_of = scores[t.id].to_numpy()
        take = (score_of > 0) & sents.index.isin(labelled.index[labelled.to_numpy() == t.id])
        cand = sents[take].assign(score=score_of[take])  # values: a Series would give an empty frame its index
        cand = cand.sort_values(["score", "sentence_id"], ascending=[False, True]).drop_duplicates("report_id")
        for r in cand.head(n).itertuples():
            rows.append({"theme": t.id, "report_id": r.report_id, "start": int(r.start), "sentence": r.text,
                         "score": float(r.score)})
    return pd.DataFrame(rows, columns=["theme", "report_id", "start", "sentence", "score"])
