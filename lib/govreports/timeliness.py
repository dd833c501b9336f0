"""Was each report published on time? Its date (the signing date, else the web page's date) against the
deadline of its level (``data/timeliness.toml``): before 1 April of the next year for governments, earlier
for departments. Reports without a date or a year are "unknown", never guessed."""
from __future__ import annotations

from datetime import date

import pandas as pd

from .corpus import Corpus
from .model import LEVELS
from .resources import load_toml

STATUSES = ("on_time", "late", "unknown")
STATUS_ZH = {"on_time": "按时", "late": "逾期", "unknown": "日期不详"}


def deadline(level: str | None, year_covered: int) -> date:
    """The publication deadline of a report on ``year_covered`` at ``level`` (a government's when unknown)."""
    table = load_toml("timeliness.toml")["deadline"]
    month, day = map(int, table.get(level or "县级", table["县级"]).split("-"))
    return date(year_covered + 1, month, day)


def deadline_text(level: str) -> str:
    """A level's deadline for prose: "4 月 1 日"."""
    due = deadline(level, 2000)
    return f"{due.month} 月 {due.day} 日"


def timeliness(corpus: Corpus) -> pd.DataFrame:
    """One row per report (tidy): report_id, level, published, deadline, days_before (positive when early),
    status (on_time, late, unknown)."""
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        due = deadline(r.level, r.year_covered) if r.year_covered else None
        try:
            published = date.fromisoformat(r.published) if r.published else None
        except ValueError:
            published = None
        if due is None or published is None:
            rows.append((rid, r.level, published, due, None, "unknown"))
        else:
            days = (due - published).days
            rows.append((rid, r.level, published, due, days, "on_time" if days > 0 else "late"))
    out = pd.DataFrame(rows, columns=["report_id", "level", "published", "deadline", "days_before", "status"])
    return out.astype({"days_before": "Int64"})


def by_level(found: pd.DataFrame) -> pd.DataFrame:
    """Reports per level and status (tidy counts: level, status, reports)."""
    levels = found["level"].fillna("层级不详")
    return found.groupby([levels, "status"]).size().rename("reports").reset_index()


def by_level_table(found: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`by_level`: levels as rows, 按时 / 逾期 / 日期不详 as columns, with a total."""
    counts = by_level(found).pivot_table(index="level", columns="status", values="reports", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0).astype(int)
    order = [lvl for lvl in (*LEVELS, "层级不详") if lvl in counts.index]
    counts = counts.loc[order]
    counts.loc["合计"] = counts.sum()
    return counts.rename(columns=STATUS_ZH).rename_axis(index="层级", columns=None)


def sentence(found: pd.DataFrame) -> str:
    """One sentence on the corpus in hand, true whatever it holds."""
    dated = found[found["status"] != "unknown"]
    if dated.empty:
        return "本语料中没有一份报告写明日期，无从判断是否按时公开。"
    late = int((dated["status"] == "late").sum())
    text = f"{len(found)} 份报告中，{len(dated)} 份写明了日期，其中 {len(dated) - late} 份在期限之前、{late} 份逾期"
    unknown = len(found) - len(dated)
    return text + (f"；另有 {unknown} 份没有日期，无从判断。" if unknown else "。")
