"""One government over the years: what changed between an earlier and a later report of the same place.

- figures: every canonical indicator both reports give with the same unit, scope and period (the same
  quantity, see :mod:`indicators`), its value in each and the change;
- carried over: passages of the later report copied word for word from the earlier one;
- recurring problems: problems of the later report that the earlier one already admitted;
- plans kept: plans of the earlier report that come back as achievements in the later one.

Text is matched by the Chinese character bigrams it shares (:func:`problems.bigrams`): a problem recurs, or a
plan comes back, when at least ``MATCH`` of its bigrams are in the other text.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..corpus import Corpus, report_author
from ..model import Report
from ..vocabulary import ACHIEVING_ROLES
from .indicators import indicator_values
from .problems import bigrams
from .template import shared_passages

MATCH = 0.5  # share of an item's bigrams found in the other text for it to count as the same
CARRIED_FROM = 20  # characters: shorter shared passages are set phrases, not copied text


@dataclass
class Comparison:
    earlier: str  # report ids
    later: str
    figures: pd.DataFrame  # indicator, unit, scope, period, value_earlier, value_later, change, change_pct
    carried: pd.DataFrame  # passage, chars
    recurring: pd.DataFrame  # later problem, earlier problem, overlap
    kept: pd.DataFrame  # earlier plan, later achievement (paragraph), overlap
    later_chars: int  # characters of the later report's analysable text
    whole: bool = True  # both files hold their whole report (else problems and plans may lie past their end)

    @property
    def carried_share(self) -> float:
        return float(self.carried["chars"].sum()) / self.later_chars if self.later_chars else 0.0


def _pair(reports: list[Report], ids: list[str]) -> tuple[Corpus, str, str]:
    """A corpus of the two reports, the earlier first (by the year covered, then as given)."""
    order = sorted(range(2), key=lambda k: (reports[k].year_covered or 0, k))
    reps, rids = [reports[k] for k in order], [ids[k] for k in order]
    return Corpus(path=None, reports=reps, ids=rids), rids[0], rids[1]


def compare(reports: list[Report], ids: list[str]) -> Comparison:
    """Compare two reports of one place (given in any order)."""
    pair, a, b = _pair(reports, ids)
    ra, rb = pair.reports
    v = indicator_values(pair)
    wide = v.pivot_table(index=["indicator", "unit", "scope", "period"], columns="report_id", values="value",
                         aggfunc="first")
    rows = []
    if a in wide.columns and b in wide.columns:
        both = wide.dropna(subset=[a, b])
        for (ind, unit, scope, period), row in both.iterrows():
            x, y = float(row[a]), float(row[b])
            rows.append((ind, unit, scope, period, x, y, y - x, (y - x) / x * 100 if x else None))
    figures = pd.DataFrame(rows, columns=["indicator", "unit", "scope", "period", "value_earlier", "value_later",
                                          "change", "change_pct"]).astype({"change_pct": "Float64"})

    shared = shared_passages(pair, n=CARRIED_FROM)
    carried = shared[["passage", "chars"]].sort_values("chars", ascending=False, kind="stable").reset_index(drop=True)

    earlier_problems = [ra.text[i.start:i.body_end] for i in ra.problems]
    recurring = []
    for item in rb.problems:
        text = rb.text[item.start:item.body_end]
        grams = bigrams(text)
        if not grams:
            continue
        share, match = max(((len(grams & bigrams(p)) / len(grams), p) for p in earlier_problems), default=(0.0, ""))
        if share >= MATCH:
            recurring.append((text, match, round(share, 2)))
    recurring_df = pd.DataFrame(recurring, columns=["later", "earlier", "overlap"])

    achievements = [(p.text, bigrams(p.text)) for top in rb.sections if top.role in ACHIEVING_ROLES
                    for sec in top.walk() for p in sec.paragraphs]
    kept = []
    for item in ra.plans:
        text = ra.text[item.start:item.body_end]
        grams = bigrams(text)
        best = max(((len(grams & g) / len(grams), p) for p, g in achievements if grams), default=(0.0, ""))
        if best[0] >= MATCH:
            kept.append((text, best[1], round(best[0], 2)))
    kept_df = pd.DataFrame(kept, columns=["plan", "achievement", "overlap"])
    later_chars = sum(e - s for s, e in rb.analysable_spans())
    whole = all(r.completeness == "complete" for r in (ra, rb))
    return Comparison(a, b, figures, carried, recurring_df, kept_df, later_chars, whole)


def panel_pairs(corpus: Corpus) -> list[tuple[str, str, str]]:
    """(who, earlier id, later id) for each government or department with reports on two or more years:
    consecutive pairs of the years it has, one report per year (the first in the corpus). Who wrote a report
    is :func:`corpus.report_author` within its province: a department (某市司法局) is never paired with the
    government of its place (某市), and a report known only by its file name is paired with nothing."""
    t = corpus.table.dropna(subset=["year_covered"])
    t = t.assign(who=[report_author(r, p, i, lv) for r, p, i, lv in zip(t["report_id"], t["place"], t["issuer"], t["level"])])
    t = t[t["place"].notna() | t["issuer"].notna()]
    out = []
    for (_province, who), g in t.groupby(["province", "who"], dropna=False, sort=True):
        firsts = g.sort_values("year_covered", kind="stable").drop_duplicates("year_covered")
        ids = list(firsts["report_id"])
        out.extend((who, x, y) for x, y in zip(ids, ids[1:]))
    return out


