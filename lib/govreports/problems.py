"""Problems and plans compared: categories, which plan answers which problem, candour."""
from __future__ import annotations

import re
from functools import cache

import pandas as pd

from .corpus import Corpus, report_labels
from .resources import load_toml

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
    """Every problem and plan: report, kind, phrase, offsets, categories, specificity."""
    rows = []
    labels = dict(zip(corpus.ids, report_labels(corpus.table, corpus.ids)))
    for rid, r in zip(corpus.ids, corpus.reports):
        starts = [m.start for m in r.metrics]
        for kind, items in (("问题", r.problems), ("计划", r.plans)):
            for n, it in enumerate(items, 1):
                body = r.text[it.start:it.body_end]
                cats = categorise(it.text) or categorise(body[:120]) or ["其他"]
                figures = sum(it.start <= s < it.body_end for s in starts)
                named = bool(NAMED_UNIT.search(body))
                rows.append({"item_id": f"{rid}/{'P' if kind == '问题' else 'A'}{n}", "report_id": rid,
                             "报告": labels[rid], "kind": kind, "text": it.text, "start": it.start, "end": it.end,
                             "body_end": it.body_end, "category": cats[0], "categories": cats, "figures": figures,
                             "named_unit": named,
                             "specific": figures > 0 or named,
                             "formulaic": figures == 0 and not named and bool(FORMULA_END.search(it.text))})
    return pd.DataFrame(rows, columns=["item_id", "report_id", "报告", "kind", "text", "start", "end", "body_end",
                                       "category", "categories", "figures", "named_unit", "specific", "formulaic"])


def match_plans(corpus: Corpus, items: pd.DataFrame | None = None, min_overlap: float = 0.25) -> pd.DataFrame:
    """Problem × plan pairs of each report where the plan answers the problem: a shared main category,
    or character-bigram overlap (Jaccard) of at least ``min_overlap`` between the two phrases."""
    items = items_table(corpus) if items is None else items
    rows = []
    for rid, g in items.groupby("report_id", sort=False):
        probs, plans = g[g["kind"] == "问题"], g[g["kind"] == "计划"]
        for p in probs.itertuples():
            for a in plans.itertuples():
                bp, ba = bigrams(p.text), bigrams(a.text)
                jac = len(bp & ba) / len(bp | ba) if bp | ba else 0.0
                shared = sorted(set(p.categories) & set(a.categories) - {"其他"}, key=p.categories.index)
                if (shared and shared[0] == p.category) or jac >= min_overlap:
                    rows.append({"report_id": rid, "problem": p.item_id, "plan": a.item_id,
                                 "category": shared[0] if shared else "", "overlap": round(jac, 2)})
    return pd.DataFrame(rows, columns=["report_id", "problem", "plan", "category", "overlap"])


def unanswered(items: pd.DataFrame, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(problems that no plan answers, plans that answer no problem)."""
    probs = items[(items["kind"] == "问题") & ~items["item_id"].isin(pairs["problem"])]
    plans = items[(items["kind"] == "计划") & ~items["item_id"].isin(pairs["plan"])]
    cols = ["报告", "text", "category"]
    rename = {"text": "内容", "category": "类别"}
    return probs[cols].rename(columns=rename).reset_index(drop=True), plans[cols].rename(columns=rename).reset_index(drop=True)


def candour(corpus: Corpus, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per report: text on problems against text on achievements, and how specific the problems are."""
    items = items_table(corpus) if items is None else items
    paras = corpus.paragraphs
    achieved = paras[paras["role"].isin(["成效", "亮点", "第一责任人"])].groupby("report_id")["chars"].sum()
    probs = items[items["kind"] == "问题"]
    prob_chars = (probs["body_end"] - probs["start"]).groupby(probs["report_id"]).sum()
    out = pd.DataFrame(index=corpus.ids)
    out["问题条数"] = probs.groupby("report_id").size().reindex(corpus.ids, fill_value=0)
    out["问题字数"] = prob_chars.reindex(corpus.ids, fill_value=0).astype(int)
    out["成效字数"] = achieved.reindex(corpus.ids, fill_value=0).astype(int)
    out["问题/成效"] = (out["问题字数"] / out["成效字数"].where(out["成效字数"] > 0)).round(3)
    spec = probs.groupby("report_id")["specific"].mean().reindex(corpus.ids)
    form = probs.groupby("report_id")["formulaic"].mean().reindex(corpus.ids)
    out["具体问题占比"] = spec.round(2)
    out["套话式问题占比"] = form.round(2)
    out.index = report_labels(corpus.table, corpus.ids)
    out.index.name = "报告"
    return out


def category_matrix(items: pd.DataFrame, kind: str = "问题") -> pd.DataFrame:
    """Report × category: number of items of that main category."""
    sub = items[items["kind"] == kind]
    return pd.crosstab(sub["报告"], sub["category"]).reindex(index=list(dict.fromkeys(items["报告"])), fill_value=0)
