"""The key findings of the corpus in hand: one sentence each, computed from the data, each naming the chart or
chapter behind it. Every sentence is true whatever the corpus holds (no problems, no dates, no rates)."""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis import evaluation, indicators, problems, themes, timeliness
from ..corpus import Corpus
from ..vocabulary import PROBLEMS, PROBLEMS_AND_PLANS
from . import tables
from .chapters import gold, share_text


@dataclass(frozen=True)
class Finding:
    key: str  # glue key
    sentence: str
    source: str  # a figure label (fig-…) or a chapter document


def key_findings(corpus: Corpus) -> list[Finding]:
    """Seven findings: compliance, the problems' share of the text, figures and their consistency, the largest
    sound theme, formulaic problems, problems no plan answers, timeliness."""
    out = [Finding("complete", parts_sentence(corpus), "fig-compliance")]

    out.append(Finding("problem_share", problem_share_sentence(corpus), "fig-role-share"))

    checks = indicators.checks(corpus)
    wrong = int((~checks["consistent"]).sum())
    rates = (f"能用同句计数重算的 {len(checks)} 个比率中，{wrong} 个与报告自己的数字不符" if len(checks)
             else "没有哪个比率能用同句的计数重算")
    out.append(Finding("figures", f"报告中共有 {len(corpus.metrics):,} 个用阿拉伯数字写出的量；{rates}。", "fig-richness"))

    cov = themes.coverage(corpus)
    weak = evaluation.uncertain_themes(evaluation.theme_scores(gold()))
    sound = [t for t in cov.columns if t != "未归类" and t not in weak]
    mean = cov[sound].mean().sort_values(ascending=False) if sound else None
    if mean is not None and len(mean) and mean.iloc[0] > 0:
        name = themes.short_names()[mean.index[0]]
        out.append(Finding("theme", f"在准确度合格的主题中，篇幅最多的是“{name}”，平均占正文的 {mean.iloc[0]:.0%}"
                                    + _whole_note(corpus, "（{cut} 份文件不完整，只计了文件中有的部分）") + "。",
                           "fig-theme-coverage"))
    else:
        out.append(Finding("theme", "没有一个准确度合格的主题在本语料中出现。", "fig-theme-coverage"))

    items = problems.items_table(corpus)
    probs = items[items["kind"] == PROBLEMS]
    if len(probs):
        formulaic = share_text(int(probs["formulaic"].sum()), len(probs), "条")
        out.append(Finding("formulaic", f"{len(probs)} 条承认的问题中，既无数字、也不点名具体单位的套话式表述有 {formulaic}。",
                           "fig-candour"))
        lonely, _ = problems.unanswered(items, problems.match_plans(corpus, items))
        out.append(Finding("unanswered", f"{len(lonely)} 条问题在同一份报告的下一年安排中找不到回应的计划。",
                           "problems"))
    elif not corpus.whole().any():
        out.append(Finding("formulaic", "报告的文件都不完整，没有一份写到问题部分，无从判断问题写得是否具体。", "fig-candour"))
        out.append(Finding("unanswered", "同样，无从看计划是否回应问题。", "problems"))
    else:
        out.append(Finding("formulaic", "没有一份报告写出可以识别的问题" + _whole_note(corpus) + "。", "fig-candour"))
        out.append(Finding("unanswered", "没有问题，也就无从看计划是否回应问题。", "problems"))

    out.append(Finding("timely", tables.timeliness.sentence(timeliness.timeliness(corpus)), "corpus"))
    return out


def _whole_note(corpus: Corpus, template: str = "（{cut} 份文件不完整，可能没有写到问题部分）") -> str:
    """A note for a count over files some of which do not hold the whole report ("" when all do)."""
    cut = int((~corpus.whole()).sum())
    return template.format(cut=cut) if cut else ""


def parts_sentence(corpus: Corpus) -> str:
    """How many reports have every required part as a section of its own, counted over the files that hold
    the whole report, saying how many were left out."""
    n, whole = len(corpus.reports), int(corpus.whole().sum())
    if not whole:
        return (f"{n} 份报告的文件都不完整（摘要、节选或中途中断），看不出哪些报告缺少规定的部分。" if n > 1 else
                "这份报告的文件不完整（摘要、节选或中途中断），看不出它是否缺少规定的部分。")
    left_out = f"；另有 {n - whole} 份文件不完整，不计入" if n > whole else ""
    return f"{whole} 份完整的报告中，规定的四个必备部分都独立成节的有 {int(corpus.all_parts().sum())} 份{left_out}。"


def problem_share_sentence(corpus: Corpus) -> str:
    """The share of the text that problems take, over the reports whose file is whole (a page cut short may
    stop before its problems part)."""
    whole = corpus.whole()
    shares = corpus.role_shares().loc[whole[whole].index]
    if shares.empty:
        return "问题部分所占的比例只能在完整的报告上计算，本语料没有完整的报告。"
    cols = [c for c in (PROBLEMS, PROBLEMS_AND_PLANS) if c in shares.columns]
    left_out = f"（只计完整的 {len(shares)} 份报告）" if len(shares) < len(whole) else ""
    if not cols or not shares[cols].to_numpy().any():
        return f"没有一份报告有独立成节的问题部分{left_out}。"
    share = shares[cols].sum(axis=1)
    if len(share) == 1:
        return f"问题部分占正文的 {share.iloc[0]:.0%}{left_out}。"
    return f"问题部分在正文中所占比例的中位数是 {share.median():.0%}，最低的一份是 {share.min():.0%}{left_out}。"
