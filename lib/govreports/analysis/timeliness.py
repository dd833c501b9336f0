"""Was each report published on time? Its date (the signing date, else the web page's date) against the
deadline of the rule in force for the year it covers (``data/timeliness.toml``): each rule carries the years
covered it governs, a deadline per level and its source. The statuses:

- ``on_time`` (按时): dated before the rule's deadline;
- ``late`` (逾期): dated on or after it;
- ``no_rule`` (无适用期限): no rule the book can cite sets a deadline for that year (before the 2015 纲要) or
  for that level (towns under the 纲要) — never judged late or on time;
- ``unknown`` (日期不详): a rule applies but the report has no date, or one before the year it reports on had
  ended (not the date it was published), or the year covered is unknown.

Nothing is guessed: a report without a year is "unknown", not judged by today's rule."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd

from ..corpus import Corpus
from ..model import FIELD_LABELS, LEVELS, UNKNOWN_LEVEL
from ..resources import load_toml

STATUSES = ("on_time", "late", "no_rule", "unknown")
TIMELINESS_ZH = {"on_time": "按时", "late": "逾期", "no_rule": "无适用期限", "unknown": "日期不详"}
COLUMNS = ["report_id", "level", "published", "deadline", "days_before", "status", "year_covered", "rule"]
SOURCE_FIELDS = ("title", "issuer", "number", "date", "article")
GOVERNMENT = "县级"  # the level whose deadline a report of unknown level is held to


@dataclass(frozen=True)
class Rule:
    """One rule setting a publication deadline: the years covered it governs (``last`` None while in force),
    the deadline per level ("MM-DD" of the next year) and its source."""
    id: str
    title: str
    issuer: str
    number: str
    date: str
    article: str
    first: int
    last: int | None
    deadlines: tuple[tuple[str, str], ...]
    published: str = ""
    note: str = ""

    def governs(self, year_covered: int) -> bool:
        return self.first <= year_covered and (self.last is None or year_covered <= self.last)

    def deadline(self, level: str | None, year_covered: int) -> date | None:
        """The deadline of a report on ``year_covered`` at ``level``; None when the rule sets none for it."""
        table = dict(self.deadlines)
        due = table.get(level or GOVERNMENT)
        if due is None or not self.governs(year_covered):
            return None
        month, day = map(int, due.split("-"))
        return date(year_covered + 1, month, day)

    @property
    def years_text(self) -> str:
        return f"{self.first} 年度起" if self.last is None else f"{self.first}—{self.last} 年度"

    @property
    def citation(self) -> str:
        """For prose: 《title》（issuer，number）article."""
        return f"《{self.title}》（{self.issuer}，{self.number}）{self.article}"


@cache
def rules() -> tuple[Rule, ...]:
    """The rules of ``timeliness.toml``, oldest first."""
    out = []
    for raw in load_toml("timeliness.toml")["rule"]:
        first, last = raw["years"]
        out.append(Rule(id=raw["id"], title=raw["title"], issuer=raw["issuer"], number=raw["number"],
                        date=raw["date"], article=raw["article"], first=int(first), last=int(last) or None,
                        deadlines=tuple(raw["deadline"].items()), published=raw.get("published", ""),
                        note=raw.get("note", "")))
    return tuple(sorted(out, key=lambda r: r.first))


def rule_for(year_covered: int | None) -> Rule | None:
    """The rule governing reports on ``year_covered``; None before the first rule (or without a year)."""
    if year_covered is None:
        return None
    return next((r for r in rules() if r.governs(year_covered)), None)


def deadline(level: str | None, year_covered: int) -> date | None:
    """The publication deadline of a report on ``year_covered`` at ``level`` (a government's when unknown);
    None when no rule sets one."""
    rule = rule_for(year_covered)
    return rule.deadline(level, year_covered) if rule else None


def current_rule() -> Rule:
    """The rule in force today (the latest)."""
    return rules()[-1]


def deadline_text(level: str, year_covered: int | None = None) -> str:
    """A level's deadline for prose: "4 月 1 日" (under the current rule unless a year covered is given);
    "无适用期限" when no rule sets one."""
    year = current_rule().first if year_covered is None else year_covered
    due = deadline(level, year)
    return f"{due.month} 月 {due.day} 日" if due else TIMELINESS_ZH["no_rule"]


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


def _judge(level: str | None, year_covered: int | None, published: date | None) -> tuple:
    """(deadline, days_before, status, rule id) of one report."""
    if year_covered is None:
        return None, None, "unknown", None
    rule = rule_for(year_covered)
    due = rule.deadline(level, year_covered) if rule else None
    if due is None:
        return None, None, "no_rule", rule.id if rule else None
    if published is None or published.year <= year_covered:
        # no date, or one before the year reported on had ended: not the date the report was published
        return due, None, "unknown", rule.id
    days = (due - published).days
    return due, days, "on_time" if days > 0 else "late", rule.id


def timeliness(corpus: Corpus) -> pd.DataFrame:
    """One row per report (tidy): report_id, level, published, deadline, days_before (positive when early),
    status (one of :data:`STATUSES`), year_covered, rule (the id of the rule applied; None when none)."""
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        try:
            published = date.fromisoformat(r.published) if r.published else None
        except ValueError:
            published = None
        due, days, status, rule = _judge(r.level, r.year_covered, published)
        rows.append((rid, r.level, published, due, days, status, r.year_covered, rule))
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"days_before": "Int64", "year_covered": "Int64"})


def by_level(found: pd.DataFrame) -> pd.DataFrame:
    """Reports per level and status (tidy counts: level, status, reports)."""
    levels = found["level"].fillna(UNKNOWN_LEVEL)
    return found.groupby([levels, "status"]).size().rename("reports").reset_index()


def by_level_table(found: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`by_level`: levels as rows, 按时 / 逾期 / 无适用期限 / 日期不详 as columns
    (always all four, in that order), with a total."""
    counts = by_level(found).pivot_table(index="level", columns="status", values="reports", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0).astype(int)
    order = [lvl for lvl in (*LEVELS, UNKNOWN_LEVEL) if lvl in counts.index]
    counts = counts.loc[order]
    counts.loc["合计"] = counts.sum()
    return counts.rename(columns=TIMELINESS_ZH).rename_axis(index=FIELD_LABELS["level"], columns=None)


def sentence(found: pd.DataFrame) -> str:
    """One sentence on the corpus in hand, true whatever it holds. Reports under no rule (无适用期限) are
    counted apart, never as late or on time."""
    counts = found["status"].value_counts()
    on, late, no_rule, unknown = (int(counts.get(s, 0)) for s in STATUSES)
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
