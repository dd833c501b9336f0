"""The reader's tables and sentences of :mod:`govreports.analysis.concepts`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...analysis.concepts import ENV_VAR, Concepts
from ..labels import CONCEPT_SUMMARY_LABELS


def summary_table(summary_frame: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`summary`."""
    return summary_frame.rename(columns=CONCEPT_SUMMARY_LABELS).set_index("概念")


def intro(concepts: Concepts, named: bool, summary_frame: pd.DataFrame, reports: int) -> str:
    """The section's opening sentence, from the dictionary and its counts."""
    which = f"读者用 {ENV_VAR} 指定的词典 {concepts.source}" if named else "本书附带的示例词典"
    about = f"（{concepts.about}）" if concepts.about else ""
    used = summary_frame.sort_values("reports", ascending=False, kind="stable").iloc[0]
    found = (f"{reports} 份报告中，出现最广的概念是“{used['concept']}”（{used['reports']} 份报告）。"
             if used["reports"] else f"{reports} 份报告都没有用到词典中的词语。")
    return f"本节按{which}{about}统计 {len(concepts.names)} 个概念，每个概念是一组词语，按第二章的分词作为整词计数。{found}"
