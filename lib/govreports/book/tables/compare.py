"""The reader's tables and sentences of :mod:`govreports.analysis.compare`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ...analysis.compare import CARRIED_FROM, Comparison
from ...limits import COMPARED_PAIRS


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
