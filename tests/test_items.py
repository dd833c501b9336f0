"""Problems and plans: found against the gold (fuzzy match on the phrase), spans exact, each form handled."""
import json
from pathlib import Path

import pytest

import govreports as gr

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text(encoding="utf-8"))


def bigrams(s):
    s = "".join(ch for ch in s if "\u4e00" <= ch <= "\u9fff")
    return {s[i:i + 2] for i in range(len(s) - 1)}


def fuzzy(gold_phrase, item_text):
    """Share of the gold phrase's character bigrams found in the item (the gold phrases are paraphrases)."""
    g = bigrams(gold_phrase)
    return len(g & bigrams(item_text)) / len(g)


def matched(gold_items, report, items):
    used, hits = set(), 0
    for phrase in gold_items:
        scores = [(fuzzy(phrase, report.text[it.start:it.body_end]), k) for k, it in enumerate(items) if k not in used]
        best = max(scores, default=(0, None))
        if best[0] >= 0.5:
            used.add(best[1])
            hits += 1
    return hits


@pytest.fixture(scope="module")
def parsed():
    return [(g, gr.parse_file(ROOT / "seeds" / g["file"])) for g in GOLD]


@pytest.mark.parametrize("kind", ["problems", "plans"])
def test_gold_items_are_found(parsed, kind):
    total = sum(len(g[kind]) for g, _ in parsed)
    hits = sum(matched(g[kind], r, getattr(r, kind)) for g, r in parsed)
    print(f"{kind}: {hits}/{total} gold items found")
    assert hits / total >= 0.9
    # No item is invented twice over: each report gives about as many items as the gold.
    assert sum(len(getattr(r, kind)) for _, r in parsed) <= total * 1.2


def test_item_spans_are_exact(parsed):
    for _, r in parsed:
        for it in r.problems + r.plans:
            assert r.text[it.start:it.end] == it.text
            assert it.start < it.end <= it.body_end


def test_json_has_problems_and_plans(parsed):
    s = parsed[1][1].summary()
    assert [p["text"] for p in s["problems"]][:2] == ["法治意识仍需进一步提高", "行政执法规范化水平有待提升"]
    assert set(s["plans"][0]) == {"text", "start", "end"}


BASE = "某县人民政府关于2023年度法治政府建设情况的报告\n一、主要成效\n全年办理行政复议案件12件。\n"


@pytest.mark.parametrize("body, problems, plans", [
    ("二、存在的问题\n一是执法力量薄弱。二是制度不健全，落实不到位。\n三、下一步安排\n一是加强培训；二是完善制度。\n",
     ["执法力量薄弱", "制度不健全，落实不到位"], ["加强培训", "完善制度"]),
    ("二、存在的问题\n主要表现为：基层执法人员不足；执法监督不到位。\n三、下一步计划\n（一）强化队伍建设。培训全员。\n（二）健全监督机制。\n",
     ["基层执法人员不足", "执法监督不到位"], ["强化队伍建设", "健全监督机制"]),
    ("二、存在的问题和下一步打算\n但还存在一些问题，执法队伍有待加强，信息化水平还需提升。\n下一步，我县将继续推进依法行政。一是加强学习。二是严格执法。\n",
     ["执法队伍有待加强", "信息化水平还需提升"], ["加强学习", "严格执法"]),
])
def test_item_forms(body, problems, plans):
    r = gr.parse_text(BASE + body)
    assert [it.text for it in r.problems] == problems
    assert [it.text for it in r.plans] == plans
