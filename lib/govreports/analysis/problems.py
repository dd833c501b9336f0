"""Problems and plans compared: categories, which plan answers which problem, candour."""
from __future__ import annotations

import bisect
import re
from functools import cache

import pandas as pd

from ..corpus import Corpus
from ..limits import ITEMS_PAIRED
from ..resources import load_toml
from ..vocabulary import ACHIEVING_ROLES, OTHER_CATEGORY, PLANS, PROBLEMS

NAMED_UNIT = re.compile(r"[\u4e00-\u9fff]{2,10}(局|委员会|办公室|中心|司法所|派出所|法院|检察院|街道|镇|乡)(?![\u4e00-\u9fff]{0,2}(政府|干部))")
FORMULA_END = re.compile(r"(有待|还需|仍需|尚需|亟需|亟待|不够|不足|不强|不高|进一步)[\u4e00-\u9fff]{0,6}$")


@cache
def categories() -> list[tuple[str, re.Pattern]]:
    return [(c["name"], re.compile(c["pattern"])) for c in load_toml("problem_categories.toml")["category"]]


def categorise(text: str) -> list[str]:
    return [name for name, rx in categories() if rx.search(text)]


def bigrams(s: str) -> set[str]:
    s = "".join(ch for ch in s if "\u4e00" <= ch <= "\u9fff")
    return {s[i:i + 2] for i in range(len(s) - 1)}


def items_table(corpus: Corpus) -> pd.DataFrame:
    """Every problem and plan (tidy): report, kind, phrase, offsets, categories, specificity. Computed once
    per corpus."""
    return corpus.memo("items", lambda: _items_table(corpus))


def _items_table(corpus: Corpus) -> pd.DataFrame:
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        starts = sorted(m.start for m in r.metrics)  # figures inside an item: two bisections, not a scan
        for kind, items in ((PROBLEMS, r.problems), (PLANS, r.plans)):
            for n, it in enumerate(items, 1):
                body = r.text[it.start:it.body_end]
                cats = categorise(it.text) or categorise(body[:120]) or [OTHER_CATEGORY]
                figures = max(0, bisect.bisect_left(starts, it.body_end) - bisect.bisect_left(starts, it.start))
                named = bool(NAMED_UNIT.search(body))
                rows.append({"item_id": f"{rid}/{'P' if kind == PROBLEMS else 'A'}{n}", "report_id": rid, "kind": kind, "text": it.text, "start": it.start, "end": it.end,
                             "body_end": it.body_end, "category": cats[0], "categories": cats, "figures": figures,
                             "named_unit": named,
                             "specific": figures > 0 or named,
                             "formulaic": figures == 0 and not named and bool(FORMULA_END.search(it.text))})
    return pd.DataFrame(rows, columns=ITEM_COLUMNS).astype({"figures": "int64", "named_unit": "bool", "specific": "bool",
                                                            "formulaic": "bool"})


ITEM_COLUMNS = ["item_id", "report_id", "kind", "text", "start", "end", "body_end", "category", "categories", "figures",
                "named_unit", "specific", "formulaic"]


def match_plans(corpus: Corpus, items: pd.DataFrame | None = None, min_overlap: float = 0.25) -> pd.DataFrame:
    """Problem × plan pairs of each report where the plan answers the problem: a shared main category,
    or character-bigram overlap (Jaccard) of at least ``min_overlap`` between the two phrases. Only the first
    ``limits.ITEMS_PAIRED`` problems and plans of a report are compared."""
    items = items_table(corpus) if items is None else items
    rows = []
    by_report: dict[str, tuple[list, list]] = {}  # report → (problems, plans), each (id, bigrams, category, categories)
    for item_id, rid, kind, text, category, cats in zip(items["item_id"], items["report_id"], items["kind"],
                                                         items["text"], items["category"], items["categories"]):
        side = by_report.setdefault(rid, ([], []))[0 if kind == PROBLEMS else 1]
        side.append((item_id, bigrams(text), category, cats))
    for rid, (probs, plans) in by_report.items():
        for p_id, bp, p_category, p_cats in probs[:ITEMS_PAIRED]:
            for a_id, ba, _, a_cats in plans[:ITEMS_PAIRED]:
                union = len(bp | ba)
                jac = len(bp & ba) / union if union else 0.0
                shared = sorted(set(p_cats) & set(a_cats) - {OTHER_CATEGORY}, key=p_cats.index)
                if (shared and shared[0] == p_category) or jac >= min_overlap:
                    rows.append({"report_id": rid, "problem": p_id, "plan": a_id,
                                 "category": shared[0] if shared else "", "overlap": round(jac, 2)})
    return pd.DataFrame(rows, columns=["report_id", "problem", "plan", "category", "overlap"])


def unanswered(items: pd.DataFrame, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(problems that no plan answers, plans that answer no problem), as rows of :func:`items_table`."""
    probs = items[(items["kind"] == PROBLEMS) & ~items["item_id"].isin(pairs["problem"])]
    plans = items[(items["kind"] == PLANS) & ~items["item_id"].isin(pairs["plan"])]
    return probs.reset_index(drop=True), plans.reset_index(drop=True)


def candour(corpus: Corpus, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per report (tidy): text on problems against text on achievements, and how specific the problems are."""
    items = items_table(corpus) if items is None else items
    paras = corpus.paragraphs
    achieved = paras[paras["role"].isin(ACHIEVING_ROLES)].groupby("report_id")["chars"].sum()
    probs = items[items["kind"] == PROBLEMS]
    prob_chars = (probs["body_end"] - probs["start"]).groupby(probs["report_id"]).sum()
    out = pd.DataFrame({"report_id": corpus.ids})
    out["problems"] = probs.groupby("report_id").size().reindex(corpus.ids, fill_value=0).to_numpy().astype("int64")
    out["problem_chars"] = prob_chars.reindex(corpus.ids, fill_value=0).to_numpy().astype("int64")
    out["achievement_chars"] = achieved.reindex(corpus.ids, fill_value=0).to_numpy().astype("int64")
    out["problem_to_achievement"] = (out["problem_chars"] / out["achievement_chars"].where(out["achievement_chars"] > 0)
                                     ).round(3).astype("float64")
    for kind in ("specific", "formulaic"):
        out[kind] = probs.groupby("report_id")[kind].sum().reindex(corpus.ids, fill_value=0).to_numpy().astype("int64")
        out[f"share_{kind}"] = probs.groupby("report_id")[kind].mean().reindex(corpus.ids).round(2).to_numpy(float)
    return out


def category_matrix(corpus: Corpus, items: pd.DataFrame, kind: str = PROBLEMS) -> pd.DataFrame:
    """Report × category (tidy, indexed by report_id, every report of the corpus): items of that main category."""
    sub = items[items["kind"] == kind]
    out = pd.crosstab(sub["report_id"], sub["category"]).reindex(index=corpus.ids, fill_value=0)
    out.index.name, out.columns.name = "report_id", None
    return out


