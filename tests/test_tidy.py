"""Analysis functions return tidy data; the reader's tables are a separate, last step.

Each analysis result is keyed by report (a ``report_id`` column or index, or the ids of the reports a row
is about), has English column names, and holds numbers as numbers: no cell is a number formatted into a
string (98%, 词（3.2）). The chapters compute from these tables, never from display labels.
"""
import json
import re
from pathlib import Path

import pytest

import govreports as gr
from govreports.analysis import indicators, problems, template, themes, words

ROOT = Path(__file__).resolve().parents[1]
FORMATTED_NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?%?$|（-?\d+(\.\d+)?）$")
ASCII_NAME = re.compile(r"^[a-z_0-9]+$")
REPORT_KEYS = {"report_id", "report_ids", "report_a", "first_report_id", "group"}


@pytest.fixture(scope="module")
def corpus():
    return gr.load_corpus(ROOT / "seeds")


def _results(c):
    w = words.analyse(c)
    items = problems.items_table(c)
    sim = template.similarity(w.matrix)
    return {
        "table": c.table, "sections": c.sections, "paragraphs": c.paragraphs, "sentences": c.sentences,
        "metrics": c.metrics, "compliance": c.compliance, "role_shares": c.role_shares(), "warnings": c.warnings(),
        "richness": indicators.richness(c), "checks": indicators.checks(c),
        "indicator_values": indicators.indicator_values(c), "items": items, "pairs": problems.match_plans(c, items),
        "candour": problems.candour(c, items), "category_matrix": problems.category_matrix(c, items),
        "paragraph_themes": themes.paragraph_themes(c), "coverage": themes.coverage(c),
        "examples": themes.examples(c, 2), "shared": template.shared_passages(c), "repeated": template.repeated_within(c),
        "similarity": sim.matrix, "top_pairs": template.top_pairs(sim, 5), "formulas": template.formula_phrases(w),
        "top_by_group": w.top_by_group(5), "distinctive": w.distinctive(5), "kwic": words.kwic(c, "行政复议"),
    }


def test_every_analysis_result_is_tidy(corpus):
    for name, frame in _results(corpus).items():
        keys = set(frame.columns) | {frame.index.name}
        if name not in ("formulas",):  # formula phrases are about the corpus, not one report
            assert keys & REPORT_KEYS, f"{name} is not keyed by report"
        for col in frame.columns:
            if name not in ("role_shares", "coverage", "category_matrix", "similarity", "paragraph_themes"):
                # (those tables have one column per role, theme, category or report: data labels)
                assert ASCII_NAME.match(str(col)), f"{name}: column {col!r} is not an English name"
            if col == "text" or str(col).endswith("_code"):
                continue  # the figure as printed (98.8%) and division codes (identifiers, 0-led) are text by definition
            strings = [v for v in frame[col].dropna() if isinstance(v, str)]
            formatted = [v for v in strings if FORMATTED_NUMBER.search(v)]
            assert not (strings and len(formatted) == len(strings)), f"{name}.{col} holds numbers formatted as strings"


def test_group_results_name_reports_by_id(corpus):
    res = _results(corpus)
    assert set(res["top_by_group"]["group"]) == set(corpus.ids)
    assert set(res["richness"]["report_id"]) == set(corpus.ids)
    assert list(res["category_matrix"].index) == corpus.ids  # every report, with zeros where it has no item


CHINESE_LABEL_LOOKUP = re.compile(r"\.loc\[\s*['\"][^'\"]*[\u4e00-\u9fff]|==\s*['\"][是否]['\"]|\[\s*['\"]报告['\"]\s*\]")


def test_no_chapter_computes_from_display_labels():
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                assert not CHINESE_LABEL_LOOKUP.search(source), f"{nb.name}: {source[:120]}"
