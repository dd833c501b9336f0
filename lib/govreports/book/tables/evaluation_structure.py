"""The reader's tables and sentences of :mod:`govreports.analysis.evaluation_structure`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ..labels import STRUCTURE_MEASURE_LABELS, STRUCTURE_SET_LABELS


def scores_table(found: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`scores`."""
    return pd.DataFrame({
        "测量": found["measure"].map(STRUCTURE_MEASURE_LABELS), "数据": found["set"].map(STRUCTURE_SET_LABELS),
        "样本": found["in_sample"].map({True: "样本内", False: "样本外"}),
        "正确": found["right"], "总数": found["total"],
        "比例": [f"{s:.1%}" if s is not None and s == s else "—" for s in found["share"]],
    }).set_index("测量")
