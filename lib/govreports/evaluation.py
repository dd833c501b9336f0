"""Accuracy of the parser against the hand-made gold annotation of the seeds (tests/gold/seeds.json).

The same measures as the tests, gathered for the methods appendix of the book.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .corpus import seeds_path
from .parse import parse_file
from .problems import bigrams

FIELDS = ["title", "issuer", "place", "level", "province", "prefecture", "year_covered", "published"]


def gold_path() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "gold" / "seeds.json"


def scores() -> pd.DataFrame:
    """One row per measure: what is measured, right, total and the share right."""
    gold = json.loads(gold_path().read_text(encoding="utf-8"))
    meta = sections = sec_total = tp = found = gold_metrics = items_hit = items_total = 0
    for g in gold:
        r = parse_file(seeds_path() / g["file"])
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
