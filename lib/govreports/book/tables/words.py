"""The reader's tables and sentences of :mod:`govreports.analysis.words`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...corpus import Corpus
from ..labels import TOP_TERMS_LABELS
from .common import groups_table


def kwic_table(corpus: Corpus, k: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`kwic`."""
    return pd.DataFrame({"报告": k["report_id"].map(corpus.labels()), "起": k["start"], "止": k["end"],
                         "左": k["left"], "词": k["term"], "右": k["right"]}).set_index("报告")




def by_year_table(by_year: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :meth:`Words.by_year`: terms down the side, one column per year."""
    return groups_table(by_year, "年度", "词")


def top_terms_table(top: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :meth:`Words.top_terms`."""
    return top.rename(columns=TOP_TERMS_LABELS).rename_axis("词")
