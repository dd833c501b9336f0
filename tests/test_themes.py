"""Themes: scoring rules, the hand-labelled agreement, coverage and examples."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import govreports as gr
from govreports.analysis import evaluation, themes
from govreports.analysis.evaluation import Gold
from govreports.book import tables

GOLD = Gold.in_folder(Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "seeds")


@pytest.fixture(scope="module")
def corpus():
    return gr.load_corpus(gr.corpus.seeds_path())


def test_taxonomy_is_the_outline_with_part_ten_split_and_legal_education_apart():
    ts, scoring = themes.taxonomy()
    assert len(ts) == 11 and all(t.threshold > 0 for t in ts) and 0 < scoring.relative <= 1
    assert ts[0].name == "健全政府机构职能体系" and ts[8].name.startswith("加强党的领导")
    by_id = {t.id: t for t in ts}
    # legal education and officials' training are not "party leadership" (issue: findings a reader can trust)
    assert "普法" in by_id["普法"].terms and "学法" in by_id["能力"].terms
    assert not {"普法", "学法", "培训", "公共法律服务"} & set(by_id["领导"].terms + by_id["领导"].weak)
    mapped = [a for t in ts for a in t.areas_2015]
    assert len(mapped) == 7  # the seven areas of the 2015–2020 outline each map to one theme
    assert all(t.source for t in ts)


def test_scoring_counts_terms_weak_terms_and_headings():
    weak, bonus = themes.taxonomy()[1].weak_weight, themes.taxonomy()[1].heading_bonus
    s = themes.score("全面推行行政执法“三项制度”，规范执法行为。")
    assert s["执法"] == 3  # 行政执法, 三项制度, 执法行为; the 执法 inside them is not counted again
    s = themes.score("全面推行“三项制度”。")
    assert s["执法"] == 1
    s = themes.score("加强检查。")
    assert s["执法"] == weak
    assert themes.score("加强检查。", headings="四、严格规范公正文明执法")["执法"] == weak + bonus


def test_labels_keep_themes_over_their_threshold_and_near_the_best_score():
    ts, scoring = themes.taxonomy()
    by_id = {t.id: t for t in ts}
    best = max(by_id["执法"].threshold, by_id["职能"].threshold) / scoring.relative  # both near enough the best
    assert themes.labels({"执法": best, "职能": by_id["职能"].threshold, "监督": 0}) == ["职能", "执法"]
    below = by_id["职能"].threshold - 0.5
    assert "职能" not in themes.labels({"职能": below, "执法": 0})
    far = by_id["监督"].threshold
    assert "监督" not in themes.labels({"执法": far / scoring.relative * 2, "监督": far})  # a passing mention


def test_units_are_the_enumerated_items_and_tile_the_paragraph():
    text = "全面推进依法行政：一是加强领导，压实责任；二是严格执法。三是强化监督。统一是原则。"
    parts = themes.units(text)
    assert [text[a:b][:3] for a, b in parts] == ["全面推", "一是加", "二是严", "三是强"]  # 统一是 is no item
    assert parts[0][0] == 0 and parts[-1][1] == len(text) and all(b == c for (_, b), (c, _) in zip(parts, parts[1:]))
    assert themes.units("加强领导。") == [(0, 5)] and themes.units("一是加强领导。") == [(0, 7)]


@pytest.fixture(scope="module")
def units():
    return evaluation.theme_units(GOLD)


def test_the_labels_are_units_of_many_reports(units):
    """At least 350 units labelled by meaning, from the seeds and the development set's reports."""
    t = units.table
    assert len(t) >= 350 and set(t["set"]) == {"seeds", "real"} and t["report"].nunique() >= 60
    assert units.gold.shape == (len(t), 11) and (t["end"] > t["start"]).all()
    assert units.gold.any(axis=1).mean() > 0.9  # most units are about some theme of the taxonomy


def test_the_data_file_holds_the_fit_on_every_label(units):
    """data/themes.toml is what tools/tune_themes.py prints: the fit on all labelled units."""
    fit = evaluation.fit_scoring(units.evidence, units.gold)
    ts, scoring = themes.taxonomy()
    assert fit.thresholds == tuple(t.threshold for t in ts)
    assert (fit.weak_weight, fit.heading_bonus, fit.relative) == (
        scoring.weak_weight, scoring.heading_bonus, scoring.relative)


# A theme whose out-of-fold precision is below the floor although it has enough labels: reported in the book
# (marked †, never headlined). 监督's terms (监督, 督察, 人大 …) name oversight in passing in sentences about other
# work; with 11 labelled units the fit cannot tell them apart. Update when it changes.
KNOWN_WEAK = {"监督"}


def test_agreement_out_of_fold_with_the_labels(units, capsys):
    """Grouped cross-validation over reports: micro precision at least 0.85, and every theme with enough labels
    at least MIN_PRECISION, but for the known misses."""
    found = evaluation.theme_scores(GOLD)
    print(found.to_string())
    overall = found.loc[evaluation.ALL]
    assert overall["precision"] >= 0.85 and overall["labels"] == units.gold.sum()
    judged = found.drop(index=evaluation.ALL)
    judged = judged[judged["labels"] >= evaluation.MIN_LABELS]
    assert set(judged.index[judged["precision"] < evaluation.MIN_PRECISION]) == KNOWN_WEAK
    assert set(evaluation.uncertain_themes(found)) >= KNOWN_WEAK
    assert (found["precision_low"] <= found["precision"]).all() and (found["precision"] <= found["precision_high"]).all()
    assert tables.themes.agreement_table(found).loc["全部（微平均）", "F1"] == f"{overall['f1']:.2f}"


def test_the_folds_keep_each_report_on_one_side(units):
    fold = evaluation.report_folds(units.table["report"])
    assert units.table.assign(fold=fold).groupby("report")["fold"].nunique().eq(1).all()
    sizes = pd.Series(fold).value_counts()
    assert len(sizes) == evaluation.FOLDS and sizes.max() - sizes.min() <= units.table["report"].value_counts().max()


def test_themes_below_the_precision_floor_are_flagged():
    ids = [t.id for t in themes.taxonomy()[0]]

    def matrix(rows):
        return np.array([[t in r for t in ids] for r in rows])

    table = evaluation.agreement(matrix([["执法"], ["执法", "监督"], ["普法"]] * 10),
                                 matrix([["执法"], ["执法"], ["普法"]] * 10))
    flagged = evaluation.uncertain_themes(table)
    assert "监督" in flagged and "执法" not in flagged and "普法" not in flagged  # 普法: 10 labels, precision 1
    assert "职能" in flagged  # no label at all: cannot be judged
    few = evaluation.agreement(matrix([["普法"]] * 9), matrix([["普法"]] * 9))
    assert "普法" in evaluation.uncertain_themes(few)  # precision 1, but 9 labels are too few to judge


def test_agreement_arithmetic():
    ids = [t.id for t in themes.taxonomy()[0]]
    pred = np.array([[t in r for t in ids] for r in [["执法"], ["执法", "监督"], []]])
    gold = np.array([[t in r for t in ids] for r in [["执法"], ["执法"], ["监督"]]])
    row = evaluation.agreement(pred, gold).loc[evaluation.ALL]
    assert (row["precision"], row["recall"], row["f1"]) == (round(2 / 3, 2), round(2 / 3, 2), round(2 / 3, 2))
    assert evaluation.wilson(0, 0) != evaluation.wilson(0, 0)  # NaN: no interval without a denominator
    low, high = evaluation.wilson(9, 10)
    assert (low, high) == (0.6, 0.98)  # Wilson's interval for 9 of 10, as tabulated


def test_coverage_rows_sum_to_one_and_examples_trace_back(corpus):
    cov = themes.coverage(corpus)
    assert cov.sum(axis=1).round(9).eq(1).all()
    assert list(cov.index) == corpus.ids
    assert list(corpus.fold(cov).index) == gr.corpus.report_labels(corpus.table)  # the reader's table
    ex = themes.examples(corpus, 2)
    texts = dict(zip(corpus.ids, (r.text for r in corpus.reports)))
    for row in ex.itertuples(index=False):
        assert texts[row.report_id][row.start:row.start + len(row.sentence)] == row.sentence
    assert ex.groupby("theme").size().max() <= 2


def test_examples_only_from_paragraphs_of_the_theme_and_none_for_a_theme_without_hits(corpus):
    ex = themes.examples(corpus)
    cov = themes.coverage(corpus)
    pt = themes.paragraph_themes(corpus).set_index("paragraph_id")["themes"]
    sents = corpus.sentences.set_index(["report_id", "start"])["paragraph_id"]
    for row in ex.itertuples():
        assert row.theme in pt[sents[row.report_id, row.start]]  # the paragraph is classified under the theme
    empty = [t for t in cov.columns if t != "未归类" and cov[t].sum() == 0]
    assert not ex["theme"].isin(empty).any()


def test_emphasis_table_names_the_themes_furthest_from_the_average_and_leaves_out_the_unsound():
    import pandas as pd

    emph = pd.DataFrame({"执法": [12.0, -3.0], "监督": [-7.5, 4.0], "普法": [20.0, -20.0], "未归类": [9.0, -9.0],
                         "应急": [0.0, 0.0]}, index=["甲县（2023）", "乙县（2023）"])
    names = themes.short_names()
    table = tables.themes.emphasis_table(emph, ["普法"], k=2)
    assert list(table.index) == list(emph.index)
    first, second = table.iloc[0].tolist(), table.iloc[1].tolist()
    assert first == [f"{names['执法']}（+12.0）", f"{names['监督']}（-7.5）"]  # 普法 and 未归类 never named
    assert second == [f"{names['监督']}（+4.0）", f"{names['执法']}（-3.0）"]
    assert "普法" not in "".join(table.to_numpy().ravel()) and names["普法"] not in "".join(table.to_numpy().ravel())
    assert tables.themes.emphasis_table(emph.drop(columns=["监督", "执法"]), ["普法"]).iloc[0].tolist() == ["—", "—"]


def test_coverage_long_and_profile_table_keep_every_number(corpus):
    cov = themes.coverage(corpus)
    long = themes.coverage_long(cov, corpus.labels())
    assert len(long) == cov.size and set(long.columns) == {
        "report_id", "report", "theme", "theme_name", "share", "above_average"}
    back = long.pivot(index="report_id", columns="theme", values="share").reindex(index=cov.index, columns=cov.columns)
    assert (back == cov).all().all()
    assert (long.groupby("theme")["above_average"].mean().abs() < 0.1).all()  # deviations from the mean
    profile = themes.profile_by(corpus, cov, "level")  # all five seeds are 县级 or 乡镇级: groups of 3+ only
    table = tables.themes.profile_table(profile, "level", themes.short_names())
    assert table.shape == (cov.shape[1], len(profile))  # themes down the side, a column per group
    for col, (group, n) in zip(table.columns, profile["reports"].items()):
        assert col == f"{group}（{n}份）"




@pytest.mark.parametrize("chunk", [1, 7, 50])  # 1: every block ends at a unit, the last too
def test_unit_scores_built_in_blocks_equal_those_built_at_once(corpus, monkeypatch, chunk):
    """The units' rows and scores are built a block of units at a time (so that 10,000 reports' units are never
    all Python objects at once); any block size, including one that ends exactly at the last unit, gives the
    same table as one block."""
    whole = themes._unit_scores(corpus)
    assert len(whole) > 50  # several blocks at every size tried
    monkeypatch.setattr(themes, "COLUMN_CHUNK", chunk)
    parts = themes._unit_scores(corpus)
    pd.testing.assert_frame_equal(parts, whole)
