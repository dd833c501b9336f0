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

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..corpus import Corpus, report_author
from ..limits import COMPARED_PAIRS
from ..model import Report
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

    achievements = [(p.text, bigrams(p.text)) for top in rb.sections if top.role in ("成效", "亮点", "第一责任人")
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


def figures_table(c: Comparison, labels: dict[str, str]) -> pd.DataFrame:
    """The reader's table of the figures both reports give: the same indicator, unit, scope and period."""
    f = c.figures
    return pd.DataFrame({"规范指标": f["indicator"], "单位": f["unit"], labels[c.earlier]: f["value_earlier"],
                         labels[c.later]: f["value_later"], "变化": f["change"],
                         "变化（%）": f["change_pct"].map(lambda x: "—" if pd.isna(x) else f"{x:+.1f}")}).set_index("规范指标")


def summary_table(c: Comparison, labels: dict[str, str]) -> pd.DataFrame:
    """The reader's one-table summary of a comparison (chapter 7)."""
    later = labels[c.later]
    return pd.DataFrame({"项目": ["两年都给出的规范指标", "逐字沿用的文字", "再次出现的问题", "兑现为成效的计划"],
                         "结果": [f"{len(c.figures)} 个",
                                  f"{len(c.carried)} 段，共 {int(c.carried['chars'].sum())} 字（占{later}正文的 "
                                  f"{c.carried_share:.0%}）", _items(len(c.recurring), "条", c.whole),
                                  _items(len(c.kept), "项", c.whole)]}
                        ).set_index("项目").rename_axis(f"{labels[c.earlier]} → {later}")


def _items(n: int, unit: str, whole: bool) -> str:
    """A count of problems or plans; none in files that are not whole is not a finding (未覆盖)."""
    return f"{n} {unit}" if n or whole else "未覆盖（文件不完整，可能没有写到问题和计划）"


def markdown(c: Comparison, labels: dict[str, str]) -> str:
    """The comparison as a Markdown page (Chinese): what ``python -m govreports compare`` writes."""
    a, b = labels[c.earlier], labels[c.later]
    lines = [f"# {a} 与 {b}", ""]
    lines += ["## 两年都给出的规范指标", "",
              f"同一规范指标、同一单位、同一主体、同一期间的数字共 {len(c.figures)} 个。", ""]
    if len(c.figures):
        t = figures_table(c, labels).reset_index()
        lines += ["| " + " | ".join(t.columns) + " |", "|" + "---|" * len(t.columns)]
        lines += ["| " + " | ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in row) + " |"
                  for row in t.itertuples(index=False)]
        lines.append("")
    lines += ["## 逐字沿用的文字", "",
              f"{b}中有 {len(c.carried)} 段（共 {int(c.carried['chars'].sum())} 字，占正文的 {c.carried_share:.0%}）"
              f"与{a}逐字相同（每段至少 {CARRIED_FROM} 字）。", ""]
    lines += [f"- {p}" for p in c.carried["passage"].head(20)]
    partial = "" if c.whole else "（两份文件不都完整，问题和计划可能在文件没有保存的部分，这里的条数不能说明报告本身。）"
    lines += ["", "## 再次出现的问题", "", f"{b}承认的问题中，有 {len(c.recurring)} 条在{a}中已经出现过。{partial}", ""]
    lines += [f"- {r.later}（前一年：{r.earlier}）" for r in c.recurring.itertuples()]
    lines += ["", "## 上一年的计划与下一年的成效", "", f"{a}的计划中，有 {len(c.kept)} 项在{b}的成效部分再次出现。", ""]
    lines += [f"- {r.plan}" for r in c.kept.itertuples()]
    return "\n".join(lines) + "\n"


def panel_sentence(pairs: list[tuple[str, str, str]], years: Mapping[str, float] | None = None) -> str:
    """Chapter 7's opening count of the places (or departments) in two or more years, or that there is none.
    With the years each report covers, it says how many pairs are of adjacent years (2022 and 2023), never
    calling 2020 and 2023 adjacent."""
    if not pairs:
        return ("本语料中没有同一地方两个以上年度的报告，本章无从比较；用含有同一地方多个年度报告的文件夹重新生成本书，"
                "这里就会列出同一地方先后两份报告的比较。")
    shown = f"下面列出前 {COMPARED_PAIRS} 对。" if len(pairs) > COMPARED_PAIRS else ""
    said = f"本语料中有 {len({who for who, _, _ in pairs})} 个地方有两个以上年度的报告，可以比较的先后两份报告共 {len(pairs)} 对"
    if years is not None:
        adjacent = sum(1 for _, a, b in pairs if years.get(b, 0) - years.get(a, 0) == 1)
        said += ("，都是相邻年度" if adjacent == len(pairs) else f"，其中相邻年度 {adjacent} 对" if adjacent
                 else "，没有一对是相邻年度")
    return f"{said}。{shown}"
