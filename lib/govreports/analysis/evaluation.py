"""Accuracy of the parser against the hand-made gold annotations: the seeds' and the real development set's
of web excerpts, scored as ../shared/tools/score.py does.

The same measures as the tests, gathered for the methods appendix of the book. Where the annotations are is
passed in (:class:`Gold`): the book keeps them in its tests/ folder (:func:`govreports.book.chapters.gold`), and
nothing here looks for them.
"""
from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import load_corpus
from ..pipeline import parse_cached
from .kept_rows import kept_frame
from .problems import bigrams
from .themes import Scoring, decide, evidence, heading_paths, taxonomy, units, weigh

FIELDS = ["title", "issuer", "place", "level", "province", "prefecture", "year_covered", "published"]


@dataclass(frozen=True)
class Gold:
    """Where the hand-made annotations and the texts they annotate are."""

    seeds: Path  # the seed reports
    seeds_gold: Path  # their gold (seeds.json)
    real: Path  # the development set: reports/, negatives/ and gold.json
    mapping: Path  # the canonical indicator of every gold metric the definitions were written from
    mapping_heldout: Path  # … and of every gold metric of the held-out third, annotated blind
    structure: Path  # the development set's structure labels (dev_structure.json)
    themes: Path  # units of the seeds and the development set labelled with their themes by meaning

    @classmethod
    def in_folder(cls, book: Path, seeds: Path) -> Gold:
        """The annotations as a book keeps them, in its tests/ folder."""
        tests = book / "tests"
        return cls(seeds, tests / "gold" / "seeds.json", tests / "real", tests / "labels" / "indicator_annotation_train.tsv",
                   tests / "labels" / "indicator_annotation_heldout.tsv",
                   tests / "labels" / "dev_structure.json", tests / "labels" / "themes_by_meaning.json")


def scores(gold_files: Gold) -> pd.DataFrame:
    """One row per measure: what is measured, right, total and the share right."""
    gold = json.loads(gold_files.seeds_gold.read_text(encoding="utf-8"))
    meta = sections = sec_total = tp = found = gold_metrics = items_hit = items_total = 0
    for g in gold:
        r = parse_cached(gold_files.seeds / g["file"])
        s = r.summary()
        meta += sum(s[f] == g[f] for f in FIELDS)
        for k, gs in enumerate(g["sections"]):
            sec_total += 4
            if k < len(r.sections):
                sec = r.sections[k]
                sections += sum(getattr(sec, key) == gs[key] for key in ("numbering", "heading", "role", "start"))
        used: set[int] = set()
        for m in r.metrics:
            for i, gm in enumerate(g["metrics"]):
                if i not in used and gm["start"] < m.end and m.start < gm["start"] + len(gm["text"]) \
                        and float(gm["value"]) == float(m.value):
                    used.add(i)
                    break
        tp += len(used)
        found += len(r.metrics)
        gold_metrics += len(g["metrics"])
        for kind in ("problems", "plans"):
            items = getattr(r, kind)
            taken: set[int] = set()
            for phrase in g[kind]:
                items_total += 1
                gb = bigrams(phrase)
                best = max(((len(gb & bigrams(r.text[it.start:it.body_end])) / len(gb), k)
                            for k, it in enumerate(items) if k not in taken), default=(0, None))
                if best[0] >= 0.5:
                    taken.add(best[1])
                    items_hit += 1
    rows = [
        ("元数据（标题、发文机关、地方、层级、省、市、年度、发布日期）", meta, len(gold) * len(FIELDS)),
        ("一级标题（编号、标题、作用、位置）", sections, sec_total),
        ("指标召回率", tp, gold_metrics),
        ("指标精确率", tp, found),
        ("问题与计划（模糊匹配）", items_hit, items_total),
    ]
    out = pd.DataFrame(rows, columns=["测量", "正确", "总数"])
    out["比例"] = (out["正确"] / out["总数"]).round(3)
    return out.set_index("测量")


# --- the real development set (tests/real/) ---------------------------------------------------------------

REAL_FIELDS = ["issuer", "level", "province", "year_covered", "title"]


def norm(s) -> str | None:
    """As ../shared/tools/score.py: NFKC, without spaces and the separators 、 , ， ·."""
    return None if s is None else re.sub(r"[\s、,，·]", "", unicodedata.normalize("NFKC", str(s)))


def norm_place(s) -> str | None:
    s = norm(s)
    return re.sub(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$", "", s) if s else s


def same(field: str, want, got) -> bool:
    """Whether a parsed field equals its gold value, compared as ../shared/tools/score.py compares them."""
    f = norm_place if field == "province" else str if field == "year_covered" else norm
    return (want is None and got is None) or (want is not None and got is not None and f(want) == f(got))


def real_max_bytes(folder: Path) -> int:
    """Size of the longest file of the development set ``folder`` (its excerpts are cut after about 2,000 bytes)."""
    return max(p.stat().st_size for sub in ("reports", "negatives") for p in (folder / sub).glob("*.txt"))


def metric_found(report, raw: str, gold_metric: dict) -> bool:
    """Whether the parser found a gold metric: an extracted figure overlaps its text with the same value."""
    s = raw.find(gold_metric["text"])
    e = s + len(gold_metric["text"])
    value = float(gold_metric["value"])
    return any(x.start < e and s < x.end and value in (float(x.value), float(x.value_base or -1)) for x in report.metrics)


def real_results(folder: Path) -> pd.DataFrame:
    """One row per scored field of the development set in ``folder``: file, field, wanted, got, right (tidy)."""
    rows = []
    for g in json.loads((folder / "gold.json").read_text(encoding="utf-8")):
        r = parse_cached(folder / g["file"])
        name = Path(g["file"]).name
        rows.append({"file": name, "field": "is_report", "wanted": str(g["is_report"]), "got": str(r.is_report),
                     "right": r.is_report is g["is_report"]})
        if not g["is_report"]:
            continue
        for f in REAL_FIELDS:
            if f == "title" and not (g.get("title_in_text") and not g.get("title_inferred")):
                continue
            want, got = g[f], getattr(r, f)
            ok = same(f, want, got)
            rows.append({"file": name, "field": f, "wanted": want, "got": got, "right": ok})
        raw = (folder / g["file"]).read_text(encoding="utf-8")
        for m in g["metrics"]:
            rows.append({"file": name, "field": "metric", "wanted": m["text"], "got": None,
                         "right": metric_found(r, raw, m)})
    return pd.DataFrame(rows, columns=["file", "field", "wanted", "got", "right"])


HELD_OUT_EVERY = 3  # files whose number is a multiple of this were set aside before the rules of issue 22 were written


# Files of the third set aside that were read while a rule was written, and so are no longer held out: 27 and 63,
# read after a reader's review of the book named them (the rules for a town or street as the opening's subject
# and for a department named by its level alone, 市市场监管局, came from them).
HELD_OUT_SEEN = frozenset({27, 63})


def held_out(file: str) -> bool:
    """Whether a development-set file belongs to the third set aside (by its number, fixed: 03, 06, … 63) and
    was never read while a rule was written (:data:`HELD_OUT_SEEN`)."""
    m = re.match(r"\d+", file)
    return bool(m) and int(m.group()) % HELD_OUT_EVERY == 0 and int(m.group()) not in HELD_OUT_SEEN


def real_scores(results: pd.DataFrame) -> pd.DataFrame:
    """Right, total and share per measure of :func:`real_results` (tidy, English names)."""
    meta = results["field"].isin(REAL_FIELDS)
    measures = [
        ("metadata", meta),
        ("reports_kept", (results["field"] == "is_report") & (results["wanted"] == "True")),
        ("lookalikes_rejected", (results["field"] == "is_report") & (results["wanted"] == "False")),
        ("metric_recall", results["field"] == "metric"),
    ]
    out = pd.DataFrame([(name, int(results.loc[mask, "right"].sum()), int(mask.sum())) for name, mask in measures],
                       columns=["measure", "right", "total"])
    out["share"] = (out["right"] / out["total"]).round(3)
    return out


# --- mapping figures onto canonical indicators (tests/labels/indicator_annotation_*.tsv) -------------------

def mapping_results(gold: Gold) -> pd.DataFrame:
    """One row per annotated gold metric: set (``seeds`` and ``real``: the figures the indicators' definitions
    were written from; ``heldout``: the development set's held-out third, annotated blind), file, text, the
    indicator wanted (None for none) and the one the parser gives (None when unmapped or not found)."""
    parts = []
    for path, heldout in ((gold.mapping, False), (gold.mapping_heldout, True)):
        part = pd.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False)
        parts.append(part.assign(set="heldout") if heldout else part)
    wanted = pd.concat(parts, ignore_index=True)
    folders = {"seeds": gold.seeds, "real": gold.real, "heldout": gold.real}
    parsed: dict[tuple[str, str], tuple] = {}
    got = []
    for row in wanted.itertuples(index=False):
        key = (row.set, row.file)
        if key not in parsed:
            path = folders[row.set] / row.file
            parsed[key] = (path.read_text(encoding="utf-8"), parse_cached(path))
        raw, report = parsed[key]
        s = raw.find(row.text)
        e = s + len(row.text)
        m = next((x for x in report.metrics if x.start < e and s < x.end), None) if s >= 0 else None
        got.append(m.indicator if m is not None else None)
    out = wanted.assign(wanted=wanted["indicator"].replace("", None), got=got)
    return out[["set", "file", "text", "wanted", "got", "note"]]


def mapping_scores(results: pd.DataFrame) -> pd.DataFrame:
    """Per set (tidy): precision (a figure put on an indicator measures it), recall (a figure that measures an
    indicator is put on it) and coverage (the share of all the figures put on an indicator), with the 95 %
    Wilson interval of each."""
    rows = []
    for name in [s for s in ("seeds", "real", "heldout") if s in set(results["set"])]:
        part = results[results["set"] == name]
        mapped = part["got"].notna()
        right = mapped & (part["got"] == part["wanted"])
        for measure, k, n in (("precision", right.sum(), mapped.sum()), ("recall", right.sum(), part["wanted"].notna().sum()),
                              ("coverage", mapped.sum(), len(part))):
            rows.append((name, measure, int(k), int(n), *wilson(int(k), int(n))))
    out = pd.DataFrame(rows, columns=["set", "measure", "right", "total", "low", "high"])
    out.insert(4, "share", (out["right"] / out["total"].where(out["total"] > 0)).round(3))
    return out


# --- themes: the classifier against units labelled by meaning (tests/labels/themes_by_meaning.json) --------

MIN_PRECISION = 0.75  # a theme below this out-of-fold precision is shown with a caveat and never headlined
MIN_LABELS = 10  # a theme with fewer labelled units than this cannot be judged: shown with the same caveat
PRECISION_TARGET = 0.9  # the fit keeps each theme's precision on the units it is fitted on at this
FOLDS = 5  # grouped cross-validation: no report has units on both sides
# The values the fit tries (data/themes.toml says what each does); a threshold of 99 never takes the theme
WEAK_WEIGHTS = (0.0, 0.5)
HEADING_BONUSES = (0.5, 1.0, 2.0)
RELATIVES = (0.2, 0.34, 0.5, 0.67)
THRESHOLDS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 99.0)
ALL = "all"  # the row of :func:`theme_scores` over all themes (micro-average)


@dataclass(frozen=True)
class ThemeUnits:
    """The labelled units: a paragraph, or each enumerated item of a paragraph that enumerates (the text before
    its first item is not labelled), with its evidence per theme and its themes by meaning."""

    table: pd.DataFrame  # set, file, report, start, end, unit ("paragraph" or "item"), text
    evidence: np.ndarray  # units × 3 × themes (themes.evidence)
    gold: np.ndarray  # units × themes, bool


@dataclass(frozen=True)
class Fit:
    """Scoring parameters fitted on labelled units (the fields of data/themes.toml)."""

    weak_weight: float
    heading_bonus: float
    relative: float
    thresholds: tuple[float, ...]  # per theme, in the taxonomy's order

    def predict(self, evidence: np.ndarray) -> np.ndarray:
        scoring = Scoring(self.weak_weight, self.heading_bonus, self.relative, taxonomy()[1].enumeration)
        return decide(weigh(evidence, scoring), np.array(self.thresholds), self.relative)


@cache
def theme_units(gold: Gold) -> ThemeUnits:
    """The labelled units of the seeds and the development set's reports, found in the texts (a label that
    matches no paragraph or item raises ValueError: the labels belong to other texts). Computed once per set of
    annotations: the chapters that report the fit and count the units share it."""
    data = json.loads(gold.themes.read_text(encoding="utf-8"))
    ids = [t.id for t in taxonomy()[0]]
    if data["themes"] != ids:
        raise ValueError(f"the labels' themes {data['themes']} are not the taxonomy's {ids}")
    rows, found, wanted = [], [], []
    for name, folder in (("seeds", gold.seeds), ("real", gold.real / "reports")):
        labels = [lab for lab in data["labels"] if lab["set"] == name]
        if not labels:
            continue
        corpus = load_corpus(folder)
        files = {r.file: rid for rid, r in zip(corpus.ids, corpus.reports)}
        paths = heading_paths(corpus)
        paras = {(rid, int(st)): (text, sid) for rid, st, text, sid in zip(
            corpus.paragraphs["report_id"], corpus.paragraphs["start"], corpus.paragraphs["text"],
            corpus.paragraphs["section_id"])}
        items = {(lab["file"], lab["start"]): lab for lab in labels if lab["unit"] == "item"}
        for lab in labels:
            if lab["unit"] != "paragraph":
                continue
            key = (files.get(lab["file"]), lab["start"])
            text, sid = paras.get(key, ("", None))
            if not text.startswith(lab["opening"]):
                raise ValueError(f"theme label matches no paragraph: {lab['file']} {lab['start']} {lab['opening']}")
            path = paths[sid] if isinstance(sid, str) else ""
            parts = units(text)
            if len(parts) > 1:  # the items are the units; the text before the first one is not labelled
                parts = parts if taxonomy()[1].enumeration.match(text) else parts[1:]
                named = {s for f, s in items if f == lab["file"] and lab["start"] <= s < lab["start"] + len(text)}
                if {lab["start"] + a for a, _ in parts} != named:
                    raise ValueError(f"the items labelled in {lab['file']} at {lab['start']} are not its items")
                units_here = [(a, b, items[lab["file"], lab["start"] + a]["themes"], "item") for a, b in parts]
            else:
                units_here = [(0, len(text), lab["themes"], "paragraph")]
            for a, b, themes_, kind in units_here:
                rows.append((name, lab["file"], f"{name}/{lab['file']}", lab["start"] + a, lab["start"] + b, kind,
                             text[a:b]))
                found.append(evidence(text[a:b], path))
                wanted.append([t in themes_ for t in ids])
    table = pd.DataFrame(rows, columns=["set", "file", "report", "start", "end", "unit", "text"])
    return ThemeUnits(table, np.array(found).reshape(len(rows), 3, len(ids)), np.array(wanted, dtype=bool).reshape(
        len(rows), len(ids)))


def _precision_recall(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, int]:
    tp = int((predicted & gold).sum())
    taken, wanted = int(predicted.sum()), int(gold.sum())
    return (tp / taken if taken else 0.0), (tp / wanted if wanted else 0.0), tp


def _best(candidates: list[np.ndarray], gold: np.ndarray) -> int:
    """The candidate with the highest recall among those at the precision target, the lowest when several
    (candidates go from the least to the most demanding); else the most precise."""
    scored = [_precision_recall(c, gold) for c in candidates]
    ok = [k for k, (p, _, tp) in enumerate(scored) if p >= PRECISION_TARGET and tp > 0]
    if ok:
        return max(ok, key=lambda k: (scored[k][1], -k))
    return max(range(len(scored)), key=lambda k: (scored[k][0], -k))


def fit_scoring(found: np.ndarray, gold: np.ndarray) -> Fit:
    """The scoring parameters for labelled units: for each weak weight, heading bonus and relative share,
    each theme's threshold is chosen in turn (twice round) as the lowest that keeps the theme's precision at
    ``PRECISION_TARGET``; of these, the one with the highest micro recall at the target (else precision)."""
    n = gold.shape[1]
    best = None
    for w, h, rel in itertools.product(WEAK_WEIGHTS, HEADING_BONUSES, RELATIVES):
        thr = [1.0] * n
        for _ in range(2):
            for k in range(n):
                tried = [Fit(w, h, rel, tuple(thr[:k] + [t] + thr[k + 1:])).predict(found)[:, k] for t in THRESHOLDS]
                thr[k] = THRESHOLDS[_best(tried, gold[:, k])]
        fit = Fit(w, h, rel, tuple(thr))
        p, r, _ = _precision_recall(fit.predict(found), gold)
        key = (p >= PRECISION_TARGET, r if p >= PRECISION_TARGET else p)
        if best is None or key > best[0]:
            best = (key, fit)
    return best[1]


def report_folds(reports: pd.Series, folds: int = FOLDS) -> np.ndarray:
    """A fold for each unit such that every report's units are in one fold: reports from the most units to the
    fewest (by name among equals), each to the fold with the fewest units so far."""
    sizes = reports.value_counts()
    order = sorted(sizes.index, key=lambda r: (-sizes[r], r))
    load = [0] * folds
    fold_of = {}
    for r in order:
        k = min(range(folds), key=lambda f: (load[f], f))
        fold_of[r] = k
        load[k] += sizes[r]
    return reports.map(fold_of).to_numpy()


def cross_validated(units_: ThemeUnits, folds: int = FOLDS) -> np.ndarray:
    """Units × themes: each unit's themes as predicted by a fit on the other folds' reports."""
    fold = report_folds(units_.table["report"], folds)
    out = np.zeros_like(units_.gold)
    for k in range(folds):
        test = fold == k
        out[test] = fit_scoring(units_.evidence[~test], units_.gold[~test]).predict(units_.evidence[test])
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson interval of a proportion k/n (NaN when n is 0)."""
    if not n:
        return float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(float(centre - half), 2), round(float(centre + half), 2)


def agreement(predicted: np.ndarray, gold: np.ndarray) -> pd.DataFrame:
    """Per theme id and over all (row ``all``, micro-average): labelled units, units taken, precision and
    recall with their 95 % intervals, and F1 (tidy: English columns; NaN where a measure has no denominator)."""
    ids = [t.id for t in taxonomy()[0]]
    rows = []
    for name, p, g in [*((t, predicted[:, k], gold[:, k]) for k, t in enumerate(ids)), (ALL, predicted, gold)]:
        tp, taken, wanted = int((p & g).sum()), int(p.sum()), int(g.sum())
        prec = tp / taken if taken else float("nan")
        rec = tp / wanted if wanted else float("nan")
        f1 = 2 * tp / (taken + wanted) if taken + wanted else float("nan")
        rows.append({"theme": name, "labels": wanted, "taken": taken, "precision": round(prec, 2),
                     "precision_low": wilson(tp, taken)[0], "precision_high": wilson(tp, taken)[1],
                     "recall": round(rec, 2), "recall_low": wilson(tp, wanted)[0], "recall_high": wilson(tp, wanted)[1],
                     "f1": round(f1, 2)})
    return pd.DataFrame(rows).set_index("theme")


@cache
def theme_scores(gold: Gold) -> pd.DataFrame:
    """The classifier's agreement with the units labelled by meaning, out of fold (:func:`cross_validated`)."""
    def fit() -> pd.DataFrame:
        units_ = theme_units(gold)
        return agreement(cross_validated(units_), units_.gold)

    # what the fit is made from: the labels and the texts they label (and the code: kept_frame's version)
    texts = [p for folder in (gold.seeds, gold.real / "reports") for p in folder.rglob("*") if p.is_file()]
    return kept_frame("theme scores", [gold.themes, *texts], fit)


def uncertain_themes(scores_: pd.DataFrame) -> list[str]:
    """The themes whose out-of-fold precision is below ``MIN_PRECISION`` (or not measurable) or that have fewer
    than ``MIN_LABELS`` labelled units: the chapter marks them and headlines none of them."""
    rows = scores_.drop(index=ALL, errors="ignore")
    weak = rows["precision"].isna() | (rows["precision"] < MIN_PRECISION) | (rows["labels"] < MIN_LABELS)
    return list(rows.index[weak])
