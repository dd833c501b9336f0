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
from ..resources import load_toml
from ..vocabulary import COUNTY, LATE, NO_RULE, ON_TIME, UNKNOWN_DATE, UNKNOWN_LEVEL

COLUMNS = ["report_id", "level", "published", "deadline", "days_before", "status", "year_covered", "rule"]
SOURCE_FIELDS = ("title", "issuer", "number", "date", "article")
DEFAULT_LEVEL = COUNTY  # the level whose deadline a report of unknown level is held to


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
        due = table.get(level or DEFAULT_LEVEL)
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


def _judge(level: str | None, year_covered: int | None, published: date | None) -> tuple:
    """(deadline, days_before, status, rule id) of one report."""
    if year_covered is None:
        return None, None, UNKNOWN_DATE, None
    rule = rule_for(year_covered)
    due = rule.deadline(level, year_covered) if rule else None
    if due is None:
        return None, None, NO_RULE, rule.id if rule else None
    if published is None or published.year <= year_covered:
        # no date, or one before the year reported on had ended: not the date the report was published
        return due, None, UNKNOWN_DATE, rule.id
    days = (due - published).days
    return due, days, ON_TIME if days > 0 else LATE, rule.id


def timeliness(corpus: Corpus) -> pd.DataFrame:
    """One row per report (tidy): report_id, level, published, deadline, days_before (positive when early),
    status (one of :data:`TIMELINESS`), year_covered, rule (the id of the rule applied; None when none)."""
    t = corpus.table  # what it reads of each report is in the reports table: the reports are not read again
    rows = []
    for rid, level, when, year in zip(t["report_id"], t["level"], t["published"], t["year_covered"]):
        level = level if isinstance(level, str) else None
        year = None if pd.isna(year) else int(year)
        try:
            published = date.fromisoformat(when) if isinstance(when, str) and when else None
        except ValueError:
            published = None
        due, days, status, rule = _judge(level, year, published)
        rows.append((rid, level, published, due, days, status, year, rule))
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"days_before": "Int64", "year_covered": "Int64"})


def by_level(found: pd.DataFrame) -> pd.DataFrame:
    """Reports per level and status (tidy counts: level, status, reports)."""
    levels = found["level"].fillna(UNKNOWN_LEVEL)
    return found.groupby([levels, "status"]).size().rename("reports").reset_index()


