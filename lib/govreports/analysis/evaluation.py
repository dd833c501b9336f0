"""Accuracy of the parser against the hand-made gold annotations: the seeds' and the real development set's
of web excerpts, scored as ../shared/tools/score.py does.

The same measures as the tests, gathered for the methods appendix of the book. Where the annotations are is
passed in (:class:`Gold`): the book keeps them in its tests/ folder (:func:`govreports.book.chapters.gold`), and
nothing here looks for them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..corpus import load_corpus
from ..parse.report import parse_file
from ..resources import data_path
from .problems import bigrams
from .themes import paragraph_themes, taxonomy

FIELDS = ["title", "issuer", "place", "level", "province", "prefecture", "year_covered", "published"]


@dataclass(frozen=True)
class Gold:
    """Where the hand-made annotations and the texts they annotate are."""

    seeds: Path  # the seed reports
    seeds_gold: Path  # their gold (seeds.json)
    real: Path  # the development set: reports/, negatives/ and gold.json
    mapping: Path  # the canonical indicator of every gold metric (indicator_mapping.tsv)
    structure: Path  # the development set's structure labels (dev_structure.json)

    @classmethod
    def in_folder(cls, book: Path, seeds: Path) -> Gold:
        """The annotations as a book keeps them, in its tests/ folder."""
        tests = book / "tests"
        return cls(seeds, tests / "gold" / "seeds.json", tests / "real", tests / "gold" / "indicator_mapping.tsv",
                   tests / "labels" / "dev_structure.json")


def scores(gold_files: Gold) -> pd.DataFrame:
    """One row per measure: what is measured, right, total and the share right."""
    gold = json.loads(gold_files.seeds_gold.read_text(encoding="utf-8"))
    meta = sections = sec_total = tp = found = gold_metrics = items_hit = items_total = 0
    for g in gold:
        r = parse_file(gold_files.seeds / g["file"])
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
        r = parse_file(folder / g["file"])
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


# --- mapping figures onto canonical indicators (tests/gold/indicator_mapping.tsv) --------------------------

def mapping_results(gold: Gold) -> pd.DataFrame:
    """One row per annotated gold metric: set (seeds/real), file, text, the indicator wanted (None for none) and
    the one the parser gives (None when unmapped or when the figure is not found)."""
    wanted = pd.read_csv(gold.mapping, sep="\t", comment="#", dtype=str, keep_default_na=False)
    folders = {"seeds": gold.seeds, "real": gold.real}
    parsed: dict[tuple[str, str], tuple] = {}
    got = []
    for row in wanted.itertuples(index=False):
        key = (row.set, row.file)
        if key not in parsed:
            path = folders[row.set] / row.file
            parsed[key] = (path.read_text(encoding="utf-8"), parse_file(path))
        raw, report = parsed[key]
        s = raw.find(row.text)
        e = s + len(row.text)
        m = next((x for x in report.metrics if x.start < e and s < x.end), None) if s >= 0 else None
        got.append(m.indicator if m is not None else None)
    out = wanted.assign(wanted=wanted["indicator"].replace("", None), got=got)
    return out[["set", "file", "text", "wanted", "got", "note"]]


def mapping_scores(results: pd.DataFrame) -> pd.DataFrame:
    """Precision (a figure put on an indicator measures it) and recall (a figure that measures an indicator is
    put on it) of the mapping, per set and overall (tidy)."""
    rows = []
    for name, part in [*results.groupby("set", sort=False), ("all", results)]:
        mapped = part["got"].notna()
        right = mapped & (part["got"] == part["wanted"])
        rows.append((name, "precision", int(right.sum()), int(mapped.sum())))
        rows.append((name, "recall", int(right.sum()), int(part["wanted"].notna().sum())))
    out = pd.DataFrame(rows, columns=["set", "measure", "right", "total"])
    out["share"] = (out["right"] / out["total"].where(out["total"] > 0)).round(3)
    return out


# --- themes: the classifier against the hand labels of paragraphs (data/theme_labels.json) ------------------

def theme_hand_labels() -> list[dict]:
    """The hand-labelled paragraphs of the seeds and the development set (data/theme_labels.json)."""
    return json.loads(data_path("theme_labels.json").read_text(encoding="utf-8"))["labels"]


def theme_predictions(seeds: Path, real: Path) -> pd.DataFrame:
    """Every hand-labelled paragraph with its hand themes and the classifier's (tidy: set, file, start, split,
    gold, predicted). ``seeds`` and ``real``: the folders of the labelled texts (the seeds, and the development
    set's reports), whatever corpus the book is built on."""
    folders = {"seeds": seeds, "real": real}
    labels = theme_hand_labels()
    rows = []
    for name, folder in folders.items():
        wanted = [lab for lab in labels if lab["set"] == name]
        if not wanted:
            continue
        corpus = load_corpus(folder)
        pt = paragraph_themes(corpus)
        paras = corpus.paragraphs.assign(themes=pt["themes"].to_numpy())
        files = {r.file: rid for rid, r in zip(corpus.ids, corpus.reports)}  # the path in the folder, with /
        by_key = {(rid, int(start)): (text, themes) for rid, start, text, themes in
                  zip(paras["report_id"], paras["start"], paras["text"], paras["themes"])}
        for lab in wanted:
            rid = files.get(lab["file"])
            text, themes = by_key.get((rid, lab["start"]), ("", None))
            if themes is None or not text.startswith(lab["opening"]):
                raise ValueError(f"hand label matches no paragraph: {lab['file']} {lab['start']} {lab['opening']}")
            rows.append({"set": name, "file": lab["file"], "start": lab["start"], "split": lab["split"],
                         "gold": list(lab["themes"]), "predicted": list(themes)})
    return pd.DataFrame(rows, columns=["set", "file", "start", "split", "gold", "predicted"])


def theme_scores(seeds: Path, real: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement of the classifier with the hand labels (texts in ``seeds`` and ``real``, as
    :func:`theme_predictions`): (the held-out 'test' labels, all labels)."""
    lp = theme_predictions(seeds, real)
    test = lp[lp["split"] == "test"]
    return agreement(list(test["predicted"]), list(test["gold"])), agreement(list(lp["predicted"]), list(lp["gold"]))


MIN_PRECISION = 0.7  # a theme below this held-out precision is shown with a caveat and never headlined


MIN_LABELS = 5  # a theme with fewer held-out labels than this cannot be judged: shown with the same caveat


def uncertain_themes(held_out: pd.DataFrame) -> list[str]:
    """The themes whose held-out precision is below ``MIN_PRECISION`` (or not measurable) or that have fewer
    than ``MIN_LABELS`` held-out labels: the chapter marks them and headlines none of them."""
    rows = held_out.drop(index=ALL, errors="ignore")
    weak = rows["precision"].isna() | (rows["precision"] < MIN_PRECISION) | (rows["labels"] < MIN_LABELS)
    return list(rows.index[weak])


def agreement(predicted: list[list[str]], gold: list[list[str]]) -> pd.DataFrame:
    """Precision, recall and F1 per theme id and overall (row ``all``, micro-average), from predicted and
    hand labels (tidy: English columns; NaN where a measure has no denominator)."""
    themes, _ = taxonomy()
    rows = []
    tp_all = fp_all = fn_all = 0
    for t in themes:
        tp = sum(t.id in p and t.id in g for p, g in zip(predicted, gold))
        fp = sum(t.id in p and t.id not in g for p, g in zip(predicted, gold))
        fn = sum(t.id not in p and t.id in g for p, g in zip(predicted, gold))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        rows.append(_prf(t.id, tp, fp, fn))
    rows.append(_prf(ALL, tp_all, fp_all, fn_all))
    return pd.DataFrame(rows).set_index("theme")


ALL = "all"  # the row of :func:`agreement` over all themes (micro-average)


def _prf(name: str, tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp else 0.0 if tp + fp + fn else float("nan")
    return {"theme": name, "labels": tp + fn, "precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2)}
