"""Themes: scoring rules, the hand-labelled agreement, coverage and examples."""
from pathlib import Path

import pytest

import govreports as gr
from govreports.analysis import evaluation, themes
from govreports.analysis.evaluation import Gold
from govreports.book import tables
from govreports.book.labels import LABEL_SET_LABELS

GOLD = Gold.in_folder(Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "seeds")


@pytest.fixture(scope="module")
def corpus():
    return gr.load_corpus(gr.corpus.seeds_path())


def test_taxonomy_is_the_outline_with_part_ten_split_and_legal_education_apart():
    ts, threshold = themes.taxonomy()
    assert len(ts) == 11 and threshold > 0
    assert ts[0].name == "健全政府机构职能体系" and ts[8].name.startswith("加强党的领导")
    by_id = {t.id: t for t in ts}
    # legal education and officials' training are not "party leadership" (issue: findings a reader can trust)
    assert "普法" in by_id["普法"].terms and "学法" in by_id["能力"].terms
    assert not {"普法", "学法", "培训", "公共法律服务"} & set(by_id["领导"].terms + by_id["领导"].weak)
    mapped = [a for t in ts for a in t.areas_2015]
    assert len(mapped) == 7  # the seven areas of the 2015–2020 outline each map to one theme
    assert all(t.source for t in ts)


def test_scoring_counts_terms_weak_terms_and_headings():
    s = themes.score("全面推行行政执法“三项制度”，规范执法行为。")
    assert s["执法"] == 3  # 行政执法, 三项制度, 执法行为; the 执法 inside them is not counted again
    s = themes.score("全面推行“三项制度”。")
    assert s["执法"] == 1
    s = themes.score("加强检查。")
    assert s["执法"] == 0.5
    assert themes.score("加强检查。", headings="四、严格规范公正文明执法")["执法"] == 1.5


def test_labels_keep_themes_near_the_best_score():
    assert themes.labels({"执法": 6, "监督": 1, "职能": 2.5}) == ["执法", "职能"]
    assert themes.labels({"执法": 0.5, "监督": 0}) == []


def test_agreement_with_the_hand_labels(capsys):
    """At least 150 hand-labelled paragraphs of the seeds and the development set, a held-out part of them."""
    labels = evaluation.theme_hand_labels()
    assert len(labels) >= 150 and {lab["set"] for lab in labels} == {"seeds", "real"}
    assert sum(lab["split"] == "test" for lab in labels) >= 60
    held_out, everything = evaluation.theme_scores(GOLD.seeds, GOLD.real)
    f1 = held_out.loc[evaluation.ALL, "f1"]
    print(f"theme agreement on the held-out labels: F1 {f1}; on all labels: {everything.loc[evaluation.ALL, 'f1']}")
    assert tables.themes.agreement_table(held_out).loc["全部（微平均）", "F1"] == f1
    assert f1 >= 0.75


def test_themes_below_the_precision_floor_are_flagged():
    table = evaluation.agreement([["执法"], ["执法", "监督"], ["普法"]] * 5, [["执法"], ["执法"], ["普法"]] * 5)
    flagged = evaluation.uncertain_themes(table)
    assert "监督" in flagged and "执法" not in flagged and "普法" not in flagged  # 普法: 5 labels, precision 1
    assert "职能" in flagged  # no label at all: cannot be judged


def test_agreement_arithmetic():
    table = evaluation.agreement([["执法"], ["执法", "监督"], []], [["执法"], ["执法"], ["监督"]])
    row = table.loc[evaluation.ALL]
    assert (row["precision"], row["recall"]) == (round(2 / 3, 2), round(2 / 3, 2))


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


def test_split_files_name_every_labelled_file_of_the_split_in_runs():
    import re

    for split in ("tune", "test"):
        text = tables.themes.split_files(split)
        named: set[tuple[str, int]] = set()
        for set_name, spans in re.findall(r"(种子报告|开发集) ([\d–、]+?)(?=、种子报告|、开发集|$)", text):
            for span in spans.split("、"):
                a, _, b = span.partition("–")
                named |= {(set_name, n) for n in range(int(a), int(b or a) + 1)}
        files = {(LABEL_SET_LABELS[lab["set"]], int(re.match(r"\d+", lab["file"].split("/")[-1]).group(0)))
                 for lab in evaluation.theme_hand_labels() if lab["split"] == split}
        assert named == files, split
    assert tables.themes.split_files("tune") != tables.themes.split_files("test")
