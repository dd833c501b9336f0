"""The reader's tables and sentences of :mod:`govreports.analysis.problems`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...corpus import Corpus
from ...limits import ITEMS_LISTED
from ...vocabulary import PROBLEMS
from ..labels import CANDOUR_LABELS
from .common import share_text


def items_reader_table(corpus: Corpus, items: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`items_table`: report label, kind, phrase, category."""
    t = items.head(max_rows) if max_rows else items
    return pd.DataFrame({"报告": t["report_id"].map(corpus.labels()), "类型": t["kind"], "内容": t["text"],
                         "类别": t["category"]}).set_index("报告")


def unanswered_table(corpus: Corpus, rows: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of one side of :func:`unanswered`: report label, phrase, category."""
    t = rows.head(max_rows) if max_rows else rows
    return pd.DataFrame({"报告": t["report_id"].map(corpus.labels()), "内容": t["text"],
                         "类别": t["category"]}).set_index("报告")




def candour_table(corpus: Corpus, cand: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`candour`: one row per report, labelled, Chinese headers. Specific and
    formulaic problems are counts: a report admits a handful of problems, too few for a percentage."""
    out = cand.set_index("report_id")[list(CANDOUR_LABELS)].rename(columns=CANDOUR_LABELS)
    out.index = pd.Index(out.index.map(corpus.labels()), name="报告")
    return out


def candour_scatter(corpus: Corpus, cand: pd.DataFrame) -> pd.DataFrame:
    """The two measures of :func:`candour` that the chapter plots, by report label (reports without problems
    left out: they have no share of formulaic problems)."""
    out = cand.set_index("report_id")[["problem_to_achievement", "share_formulaic"]].dropna()
    out.columns = ["问题/成效", "套话式问题占比"]
    out.index = pd.Index(out.index.map(corpus.labels()), name="报告")
    return out


def items_note(items: pd.DataFrame) -> str:
    """Chapter 5's clause on what its table of items lists."""
    if items.empty:
        return "本语料没有条目可列"
    return f"下表列出前 {ITEMS_LISTED} 条及其类别" if len(items) > ITEMS_LISTED else "下表列出每一条及其类别"


def category_sentence(items: pd.DataFrame) -> str:
    """The most common category of the problems admitted, or why there is none."""
    top = items.loc[items["kind"] == PROBLEMS, "category"].value_counts()
    if top.empty:
        return "本语料的报告中没有抽取出问题，无从归类。"
    return f"最常见的类别是“{top.index[0]}”（{int(top.iloc[0])} 条）。"


def unanswered_sentence(items: pd.DataFrame, lonely_problems: pd.DataFrame, lonely_plans: pd.DataFrame) -> str:
    """How many problems no plan answers and how many plans answer no problem, or why that cannot be said."""
    if items.empty:
        return "本语料的报告中没有抽取出问题和计划，无从比较。"
    return f"按此标准，有 {len(lonely_problems)} 条问题没有任何计划回应，{len(lonely_plans)} 条计划不对应任何已承认的问题。"


def candour_sentence(corpus: Corpus, cand: pd.DataFrame, items: pd.DataFrame) -> str:
    """The problems' share of the text against achievements and how specific they are, in words; percentages
    only of counts large enough (:func:`book.share_text`)."""
    probs = items[items["kind"] == PROBLEMS]
    if probs.empty:
        return "本语料的报告中没有抽取出问题，下表只有写成效的字数可看。"
    ratio = cand.set_index("report_id")["problem_to_achievement"]
    head = (f"问题与成效的字数之比，中位数为 {ratio.median():.2f}，最高的是{corpus.labels()[ratio.idxmax()]}"
            f"（{ratio.max():.2f}）。" if ratio.notna().any() else "")
    n = len(probs)
    return (head + f"全部 {n} 条问题中，具体的 {share_text(int(probs['specific'].sum()), n, '条')}，"
            f"套话式的 {share_text(int(probs['formulaic'].sum()), n, '条')}。")
