"""The reader's tables and sentences of :mod:`govreports.analysis.timeliness`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...analysis.timeliness import by_level, current_rule, deadline, rules
from ...vocabulary import LEVELS, NO_RULE, TIMELINESS, UNKNOWN_LEVEL
from ..labels import FIELD_LABELS, TIMELINESS_LABELS


def deadline_text(level: str, year_covered: int | None = None) -> str:
    """A level's deadline for prose: "4 月 1 日" (under the current rule unless a year covered is given);
    "无适用期限" when no rule sets one."""
    year = current_rule().first if year_covered is None else year_covered
    due = deadline(level, year)
    return f"{due.month} 月 {due.day} 日" if due else TIMELINESS_LABELS[NO_RULE]


def rules_table() -> pd.DataFrame:
    """The reader's table of the rules: one row per rule, with its source, the years it governs and the
    deadline of each level, levels sharing a deadline named together (four columns, so it fits a phone)."""
    rows = []
    for r in rules():
        table = dict(r.deadlines)
        by_due: dict[str, list[str]] = {}
        for level in LEVELS:
            due = table.get(level)
            by_due.setdefault(f"次年 {int(due[:2])} 月 {int(due[3:])} 日前" if due else "无期限", []).append(level)
        rows.append({"规定": f"《{r.title}》", "出处": f"{r.issuer}，{r.number}，{r.date} 施行，{r.article}",
                     "适用于": r.years_text,
                     "公开期限": "；".join(f"{'、'.join(levels)}：{due}" for due, levels in by_due.items())})
    return pd.DataFrame(rows)


def by_level_table(found: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`by_level`: levels as rows, 按时 / 逾期 / 无适用期限 / 日期不详 as columns
    (always all four, in that order), with a total."""
    counts = by_level(found).pivot_table(index="level", columns="status", values="reports", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=list(TIMELINESS), fill_value=0).astype(int)
    order = [lvl for lvl in (*LEVELS, UNKNOWN_LEVEL) if lvl in counts.index]
    counts = counts.loc[order]
    counts.loc["合计"] = counts.sum()
    return counts.rename(columns=TIMELINESS_LABELS).rename_axis(index=FIELD_LABELS["level"], columns=None)


def sentence(found: pd.DataFrame) -> str:
    """One sentence on the corpus in hand, true whatever it holds. Reports under no rule (无适用期限) are
    counted apart, never as late or on time."""
    counts = found["status"].value_counts()
    on, late, no_rule, unknown = (int(counts.get(s, 0)) for s in TIMELINESS)
    judged = on + late
    if judged == 0 and no_rule == 0:
        return "本语料中没有一份报告写明日期，无从判断是否按时公开。"
    caveat = "（日期取自落款，没有落款的取网页的发布日期，转载网页的日期可能晚于原始公开的日期）" if late else ""
    if no_rule == 0:
        text = f"{len(found)} 份报告中，{judged} 份写明了日期，其中 {on} 份在期限之前、{late} 份逾期{caveat}"
        return text + (f"；另有 {unknown} 份没有可用的日期，无从判断。" if unknown else "。")
    first = rules()[0].first
    parts = [f"{len(found)} 份报告中，"]
    if judged:
        parts.append(f"{judged} 份有适用的期限并写明了日期，其中 {on} 份在期限之前、{late} 份逾期{caveat}；")
    parts.append(f"{no_rule} 份所述年度或层级没有本书可引的公开期限（最早的规定适用于 {first} 年度起的报告），不论早晚")
    if unknown:
        parts.append(f"；另有 {unknown} 份没有可用的日期，无从判断")
    return "".join(parts) + "。"
