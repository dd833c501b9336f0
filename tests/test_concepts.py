"""A reader's dictionary of concepts: counted as words, equal to a hand count, in the panel and the exports, and
refused in one line when it cannot be read."""
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.analysis import concepts as cc
from govreports.analysis.place_year import panel
from govreports.book.tables.place_year import write_stata

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TWO = '''about = "two concepts for the test"
[concepts]
"复议与诉讼" = ["行政复议", "行政诉讼", "行政应诉", "出庭应诉"]
"数字政府" = ["数字政府", "一网通办", "互联网+监管", "大数据", "信息化"]
'''
# Counted by hand, reading every occurrence in the seeds (a term inside a longer word of the domain dictionary,
# such as 出庭应诉 in 出庭应诉率, is that longer word and does not count):
# 000  行政复议 ×1 (充分发挥行政复议化解行政争议), 行政诉讼 ×2 (推进行政诉讼“双下降”; 行政诉讼败诉率),
#      出庭应诉 ×1 (复议机关出庭应诉35起; the second, 出庭应诉率, is the rate) → 4;
#      一网通办 ×1 (一网通办率达100%: 一网通办 and 率), 信息化 ×2 (规范化标准化信息化; 执法信息化) → 3.
# 002  行政复议 ×10 (行政执法、行政复议、行政应诉; 县政府行政复议工作规则; 充实行政复议队伍; 行政复议决定书 ×3;
#      行政复议意见书; 行政复议案卷评查; 行政复议机构; 对行政复议工作的干预 — and 行政复议、诉讼等有机衔接 is the
#      tenth), 行政应诉 ×1, 出庭应诉 ×1 (没有按规定出庭应诉) → 12; no term of 数字政府 → 0.
HAND = {("000", "复议与诉讼"): 4, ("000", "数字政府"): 3, ("002", "复议与诉讼"): 12, ("002", "数字政府"): 0}


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    path = tmp_path_factory.mktemp("dict") / "two.toml"
    path.write_text(TWO, encoding="utf-8")
    return cc.load(path)


@pytest.fixture(scope="module")
def seeds():
    return gr.load_corpus(SEEDS)


def test_counts_equal_a_hand_count_on_two_seeds(two, seeds):
    counts = cc.count(seeds, two)
    got = {(rid[:3], c): n for rid, c, n in zip(counts["report_id"], counts["concept"], counts["count"])}
    assert {k: got[k] for k in HAND} == HAND
    chars = seeds.table.set_index("report_id")["chars"]
    row = counts[(counts["report_id"].str.startswith("002")) & (counts["concept"] == "复议与诉讼")].iloc[0]
    assert row["per_10k"] == pytest.approx(12 / chars[row["report_id"]] * 10_000)


def test_a_term_counts_as_a_word_not_inside_a_longer_one(tmp_path):
    (tmp_path / "d.toml").write_text('[concepts]\n"复议" = ["复议"]\n"双随机" = ["双随机、一公开"]\n', encoding="utf-8")
    d = cc.load(tmp_path / "d.toml")
    text = "全年办理行政复议案件5件，复议纠错2件。推行“双随机、一公开”监管。"
    assert cc.report_counts(text, [(0, len(text))], d) == [1, 1]  # 复议 of 复议纠错, not of 行政复议


@settings(max_examples=40, deadline=None)
@given(term=st.text(st.sampled_from("数字法治政府监督执法公开复议清单改革网办"), min_size=2, max_size=6),
       left=st.sampled_from(["，", "。", "；", "\n", "（"]), right=st.sampled_from(["，", "。", "；", "）"]))
def test_a_term_standing_alone_is_always_counted_and_never_more_than_its_substrings(tmp_path_factory, term, left,
                                                                                      right):
    path = tmp_path_factory.mktemp("d") / "d.toml"
    path.write_text(f'[concepts]\n"c" = ["{term}"]\n', encoding="utf-8")
    d = cc.load(path)
    text = f"开展工作{left}{term}{right}取得成效"
    (n,) = cc.report_counts(text, [(0, len(text))], d)
    assert 1 <= n <= text.count(term)


@pytest.mark.parametrize("content, reason", [
    ("x = [", "not valid TOML"),
    ("about = 'no table'", "no [concepts] table"),
    ('[concepts]\n"a" = "行政复议"', "non-empty list"),
    ('[concepts]\n"a" = []', "non-empty list"),
    ('[concepts]\n"a" = ["行政 复议"]', "has spaces"),
    ("[concepts]\n" + "".join(f'"c{k}" = ["词{k}"]\n' for k in range(cc.MAX_CONCEPTS + 1)), "at most"),
])
def test_a_bad_dictionary_is_refused_in_one_line(tmp_path, content, reason):
    path = tmp_path / "d.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(cc.ConceptsError, match=reason.replace("[", r"\[")):
        cc.load(path)
    run = subprocess.run([sys.executable, "-m", "govreports", "concepts", str(path), str(SEEDS)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stdout == "" and len(run.stderr.splitlines()) == 1
    assert run.stderr.startswith("error: ") and "Traceback" not in run.stderr


def test_the_command_prints_a_table_and_writes_the_tidy_csv(tmp_path, two, seeds):
    (tmp_path / "two.toml").write_text(TWO, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "govreports", "concepts", str(tmp_path / "two.toml"), str(SEEDS)],
                         capture_output=True, text=True, check=True)
    header, *rows = run.stdout.splitlines()
    assert header.split("\t") == ["file", "复议与诉讼", "复议与诉讼/10k", "数字政府", "数字政府/10k"]
    assert len(rows) == 5 and rows[2].split("\t")[1] == "12"
    subprocess.run([sys.executable, "-m", "govreports", "concepts", str(tmp_path / "two.toml"), str(SEEDS),
                    "--csv", str(tmp_path / "c.csv")], capture_output=True, check=True)
    back = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", dtype={"report_id": str})
    assert list(back.columns) == ["report_id", "concept", "count", "per_10k"] 
    assert back["count"].tolist() == cc.count(seeds, two)["count"].tolist()


def test_concepts_join_the_panel_and_the_stata_file_with_their_labels(two, seeds, tmp_path):
    p = panel(seeds, two)
    assert {"concept_1", "concept_1_per_10k", "concept_2", "concept_2_per_10k"} <= set(p.columns)
    assert p["concept_1"].sum() == cc.count(seeds, two).query("concept == '复议与诉讼'")["count"].sum()
    write_stata(p, tmp_path / "p.dta", two)
    with pd.io.stata.StataReader(tmp_path / "p.dta") as reader:
        labels = reader.variable_labels()
    assert labels["concept_2"] == "概念“数字政府”出现次数"


def test_export_with_a_dictionary_adds_the_concepts_table_and_describes_every_column(tmp_path, two):
    (tmp_path / "two.toml").write_text(TWO, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "govreports", "export", str(SEEDS), "--out", str(tmp_path / "out"),
                          "--formats", "csv", "--concepts", str(tmp_path / "two.toml")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    dictionary = pd.read_csv(tmp_path / "out" / "data_dictionary.csv", encoding="utf-8-sig")
    assert {"concept", "per_10k"} <= set(dictionary.query("table == 'concepts'")["column"])
    assert "concept_2_per_10k" in set(dictionary.query("table == 'panel'")["column"])


def test_the_book_reads_the_dictionary_named_by_the_environment(tmp_path, monkeypatch):
    assert cc.book_dictionary().source == cc.EXAMPLE
    (tmp_path / "mine.toml").write_text(TWO, encoding="utf-8")
    monkeypatch.setenv(cc.ENV_VAR, str(tmp_path / "mine.toml"))
    assert cc.book_dictionary().names == ("复议与诉讼", "数字政府")
