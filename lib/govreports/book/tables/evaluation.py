"""The reader's tables and sentences of :mod:`govreports.analysis.evaluation`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ..labels import FIELD_LABELS, MAPPING_MEASURE_LABELS, MAPPING_SET_LABELS, REAL_MEASURE_LABELS


def real_scores_table(scores: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`real_scores`."""
    out = scores.assign(measure=scores["measure"].map(REAL_MEASURE_LABELS))
    return out.rename(columns={"measure": "测量", "right": "正确", "total": "总数", "share": "比例"}).set_index("测量")


def real_misses_table(results: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of the fields the parser gets wrong on the development set."""
    miss = results[~results["right"]].fillna("（无）")
    miss = miss.assign(field=miss["field"].map(FIELD_LABELS))
    return miss.rename(columns={"file": "文件", "field": "字段", "wanted": "标注", "got": "程序结果"})[
        ["文件", "字段", "标注", "程序结果"]].set_index("文件")






def mapping_scores_table(scores: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`mapping_scores`: one row per set and measure, the share with its interval."""
    out = pd.DataFrame({
        "标注集": scores["set"].map(MAPPING_SET_LABELS), "测量": scores["measure"].map(MAPPING_MEASURE_LABELS),
        "分子": scores["right"], "分母": scores["total"],
        "比例（95% 区间）": ["—" if pd.isna(s) else f"{s:.2f}（{lo:.2f}–{hi:.2f}）"
                       for s, lo, hi in zip(scores["share"], scores["low"], scores["high"])]})
    return out.set_index(["标注集", "测量"])


def mapping_misses_table(results: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of the annotated figures the mapping gets wrong, with their set and the annotator's note."""
    miss = results[(results["got"].notna() | results["wanted"].notna()) & (results["got"] != results["wanted"])]
    miss = miss.fillna({"wanted": "（不归类）", "got": "（不归类）"}).replace({"note": {"": "—"}})
    miss = miss.assign(set=miss["set"].map(MAPPING_SET_LABELS))
    return miss.rename(columns={"set": "标注集", "file": "文件", "text": "数字", "wanted": "标注", "got": "程序结果",
                                "note": "标注说明"})[["标注集", "文件", "数字", "标注", "程序结果", "标注说明"]].set_index("文件")
