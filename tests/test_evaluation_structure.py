"""The accuracy table of the methods appendix for structure, parts, completeness, items, timeliness and shared
passages: computed against the labels, each measure marked in or out of sample."""
import json
from pathlib import Path

from govreports.analysis import evaluation_structure as es
from govreports.analysis.evaluation import Gold
from govreports.book import tables
from govreports.book.labels import STRUCTURE_MEASURE_LABELS, STRUCTURE_SET_LABELS

GOLD = Gold.in_folder(Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "seeds")


def test_scores_against_the_labels():
    found = es.scores(GOLD)
    by = found.set_index(["set", "measure"])
    assert set(found["measure"]) == set(STRUCTURE_MEASURE_LABELS) and set(found["set"]) <= set(STRUCTURE_SET_LABELS)
    assert (found["right"] <= found["total"]).all() and found["in_sample"].map(type).eq(bool).all()
    labels = json.loads(GOLD.structure.read_text(encoding="utf-8"))
    reports = [x for x in labels if x["completeness"] != "not_report"]
    assert by.loc[("development", "completeness"), "total"] == len(reports)
    assert by.loc[("development", "heading_recall"), "total"] == sum(len(x["sections"]) for x in reports)
    # a part a file cannot show is never counted as missing; every shared passage is in every report it names
    for measure in ("unreached_not_missing",):
        assert by.loc[("development", measure), "share"] == 1.0
    for measure in ("shared_precision", "shared_recall"):
        assert by.loc[("seeds+development", measure), "share"] == 1.0
    table = tables.evaluation_structure.scores_table(found)
    assert not table.isna().any().any() and set(table["样本"]) == {"样本内", "样本外"}


def test_headings_match_without_punctuation_or_numbering():
    assert es._same_heading("坚持党的领导,坚决扛牢法治政府建设政治责任", "坚持党的领导，坚决扛牢法治政府建设政治责任")
    assert not es._same_heading("存在的问题", "下一步工作打算")
    assert es._sections([("甲乙丙丁戊己庚辛", "成效"), ("子丑寅卯辰巳午未", "计划")],
                        [("子丑寅卯辰巳午未申", "计划"), ("天地玄黄宇宙洪荒", "成效")]) == (1, 1, 1)
