"""The reader's tables and sentences of :mod:`govreports.analysis.themes`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...analysis.evaluation import ALL
from ...analysis.themes import short_names, taxonomy
from ...corpus import Corpus
from ..labels import AGREEMENT_LABELS, PROFILE_AXIS_LABELS
from .common import groups_table


def names() -> pd.DataFrame:
    """The themes: short label, name, where the theme comes from and the 2015 areas mapped onto it."""
    return pd.DataFrame([(t.short, t.name, t.source, "、".join(t.areas_2015) or "—") for t in taxonomy()[0]],
                        columns=["简称", "主题", "来源", "对应的2015－2020年纲要方面"]).set_index("简称")




def emphasis_table(emph: pd.DataFrame, leave_out: list[str], k: int = 2) -> pd.DataFrame:
    """The reader's summary of a (folded) emphasis table: for each row, the ``k`` themes most above the
    average and the ``k`` most below it, with their percentage points. Themes in ``leave_out`` (those the
    chapter does not draw conclusions from) and 未归类 are not named; the full table is a download."""
    names = short_names()
    shown = emph.drop(columns=[*leave_out, "未归类"], errors="ignore")

    def listed(row: pd.Series, above: bool) -> str:
        picked = row[row > 0].nlargest(k) if above else row[row < 0].nsmallest(k)
        return "、".join(f"{names.get(t, t)}（{v:+.1f}）" for t, v in picked.items()) or "—"

    return pd.DataFrame({"比平均更侧重（百分点）": [listed(r, True) for _, r in shown.iterrows()],
                         "比平均着墨更少（百分点）": [listed(r, False) for _, r in shown.iterrows()]},
                        index=shown.index)


def profile_table(profile: pd.DataFrame, axis: str, marked: dict[str, str]) -> pd.DataFrame:
    """The reader's table of :func:`profile_by`: themes down the side, one column per group, percentages."""
    shares = (profile.drop(columns="reports") * 100).round(1).rename(columns=marked)
    return groups_table(shares.assign(reports=profile["reports"]), PROFILE_AXIS_LABELS[axis], "主题")


def examples_table(corpus: Corpus, ex: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`examples`."""
    return pd.DataFrame({"主题": ex["theme"].map(short_names()), "报告": ex["report_id"].map(corpus.labels()),
                         "位置": ex["start"], "句子": ex["sentence"]}).set_index("主题")




def agreement_table(table: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`evaluation.agreement`: themes by short name, each measure with its 95 %
    interval (0.82（0.59–0.94）), Chinese headers; a measure without a denominator is —."""
    def with_interval(value, low, high) -> str:
        return "—" if pd.isna(value) else f"{value:.2f}（{low:.2f}–{high:.2f}）"

    out = pd.DataFrame({
        "labels": table["labels"], "taken": table["taken"],
        "precision": [with_interval(*v) for v in zip(table["precision"], table["precision_low"], table["precision_high"])],
        "recall": [with_interval(*v) for v in zip(table["recall"], table["recall_low"], table["recall_high"])],
        "f1": table["f1"].map(lambda v: "—" if pd.isna(v) else f"{v:.2f}"),
    }, index=table.index)
    names = short_names() | {ALL: "全部（微平均）"}
    return out.rename(index=names, columns=AGREEMENT_LABELS).rename_axis("主题")
