"""What each chapter found, in two to four sentences computed from the corpus in hand, for the chapter's opening
(the answer first; method and caveats follow in the chapter). Every sentence is true whatever the corpus holds:
one report, no figures, no problems, no two reports of one place. Each function takes what its chapter has
already computed, so that the opening costs nothing more."""
from __future__ import annotations

import pandas as pd

from ..analysis import timeliness
from ..analysis.template import FORMULA_SHARE
from ..corpus import Corpus
from ..vocabulary import PLANS, PROBLEMS
from . import findings, tables
from .chapters import completeness_clause, share_text


def partial_note(corpus: Corpus) -> str:
    """A sentence for counts over files some of which do not hold the whole report ("" when all do)."""
    cut = int((~corpus.whole()).sum())
    if not cut:
        return ""
    n = len(corpus.reports)
    return ("这些文件都不完整，以上只反映文件中有的部分。" if cut == n else
            f"其中 {cut} 份文件不完整，只反映了文件中有的部分。")


def corpus_answer(corpus: Corpus) -> str:
    """Chapter 1: whether the files are whole, which parts the whole reports hold, problems' share, timeliness."""
    whole = completeness_clause(corpus.table) if corpus.whole().any() else ""
    head = f"本章读取了 {len(corpus.reports)} 份报告" + (f"，{whole}" if whole else "") + "。"
    return "".join([head, findings.parts_sentence(corpus), findings.problem_share_sentence(corpus),
                    tables.timeliness.sentence(timeliness.timeliness(corpus))])


def words_answer(corpus: Corpus, top: pd.DataFrame, distinctive: pd.DataFrame) -> str:
    """Chapter 2: the most frequent terms, and how many terms set one report apart from the others."""
    if top.empty:
        return "本语料的正文中没有可以统计的词。"
    terms = "".join(f"“{t}”" for t in top.index[:3])
    out = [f"{len(corpus.reports)} 份报告的正文中用得最多的词是{terms}，最多的“{top.index[0]}”每万字出现 "
           f"{top['rate'].iloc[0]:.1f} 次。"]
    if len(corpus.reports) > 1:
        marked = int((distinctive["z"] > 2).sum()) if len(distinctive) else 0
        out.append(f"与其他报告相比用得明显多（z 值大于 2）的词共 {marked} 个，列在下文。" if marked else
                   "没有哪个词在某一份报告中用得明显多于其他报告（z 值都不大于 2）。")
    return "".join(out) + partial_note(corpus)


def metrics_answer(corpus: Corpus, metrics: pd.DataFrame, rich: pd.DataFrame, checks: pd.DataFrame) -> str:
    """Chapter 3: how many figures, how many comparable, the densest and sparsest report, the recomputed rates."""
    if metrics.empty:
        return "本语料的报告中没有用阿拉伯数字写出的量，本章无从比较。"
    mapped = int(metrics["indicator"].notna().sum())
    out = [f"{len(corpus.reports)} 份报告共写出 {len(metrics):,} 个用阿拉伯数字表示的量，其中 "
           f"{share_text(mapped, len(metrics))}归入了规范指标，可以在报告之间比较。"]
    whole = corpus.whole()
    per = rich.set_index("report_id")["metrics_per_1000_chars"]
    per = per[per.index.isin(whole[whole].index)]  # an excerpt's density is that of the part saved
    if len(per) > 1:
        labels = corpus.labels()
        if per.max() > per.min():
            out.append(f"数字最密的是{labels[per.idxmax()]}，每千字 {per.max():.1f} 个；最稀的是{labels[per.idxmin()]}，"
                       f"{per.min():.1f} 个。")
    if len(checks):
        wrong = int((~checks["consistent"]).sum())
        out.append(f"能用同句的计数重算的 {len(checks)} 个比率中，{wrong} 个与文中的比率不符。")
    return "".join(out) + partial_note(corpus)


def figures_answer(corpus: Corpus, metrics: pd.DataFrame) -> str:
    """The table of every figure: how many, how many mapped, which report gives most."""
    if metrics.empty:
        return "本语料的报告中没有用阿拉伯数字写出的量，下表为空。"
    mapped = int(metrics["indicator"].notna().sum())
    out = [f"语料中共有 {len(metrics):,} 个数字，其中 {share_text(mapped, len(metrics))}归入了规范指标，其余只能结合原句阅读。"]
    per = metrics["report_id"].value_counts()
    if len(corpus.reports) > 1 and len(per):
        out.append(f"数字最多的一份是{corpus.labels()[per.index[0]]}，有 {per.iloc[0]} 个。")
    return "".join(out)


def themes_answer(corpus: Corpus, mean: pd.Series, names: dict, unlabelled: str, flagged: list) -> str:
    """Chapter 4: the largest and smallest sound theme, the unlabelled paragraphs, the themes left out."""
    if mean.empty or mean.iloc[0] == 0:
        return "本语料中没有一个准确度合格的主题出现。"
    out = [f"在准确度合格的主题中，篇幅最多的是“{names[mean.index[0]]}”，平均占正文的 {mean.iloc[0]:.0%}"]
    if len(mean) > 1:
        out.append(f"，最少的是“{names[mean.index[-1]]}”（{mean.iloc[-1]:.0%}）")
    out.append(f"。没有归入任何主题的段落有 {unlabelled}。")
    if flagged:
        out.append("".join(f"“{names[t]}”" for t in flagged) + "在按报告分组的交叉验证中准确度不够（或标注太少），不参与比较。")
    return "".join(out) + partial_note(corpus)


def problems_answer(corpus: Corpus, items: pd.DataFrame, lonely_problems: pd.DataFrame) -> str:
    """Chapter 5: problems and plans extracted, how formulaic, how many problems no plan answers."""
    probs = items[items["kind"] == PROBLEMS] if len(items) else items
    plans = int((items["kind"] == PLANS).sum()) if len(items) else 0
    if not len(probs):
        cut = int((~corpus.whole()).sum())
        why = (f"{cut} 份文件不完整，可能没有写到这两个部分。" if cut else "")
        return (f"本语料的报告中没有抽取出承认的问题；抽取出的计划有 {plans} 条。" if plans else
                "本语料的报告中既没有抽取出承认的问题，也没有抽取出计划。") + why
    formulaic = share_text(int(probs["formulaic"].sum()), len(probs), "条")
    return (f"报告共承认 {len(probs)} 条问题、承诺 {plans} 条计划。问题中既无数字、也不点名具体单位的套话式表述有 "
            f"{formulaic}；{len(lonely_problems)} 条问题在同一份报告的下一年安排中找不到回应的计划。"
            "这些条数依赖问题和计划的抽取，其准确度只在种子报告上测量过（样本内）。")


def template_answer(corpus: Corpus, shared: pd.DataFrame, pair: tuple[str, str, float],
                    formulas: pd.DataFrame) -> str:
    """Chapter 6: passages shared word for word, the most similar pair, formula phrases."""
    if len(corpus.reports) < 2:
        return "本语料只有一份报告，无从比较报告之间的雷同。"
    out = [f"至少两份报告逐字相同、不少于 12 个字的片段有 {len(shared)} 处"
           + (f"，其中 {int((shared['n_reports'] >= 3).sum())} 处出现在三份或更多报告中。" if len(shared) else "。")]
    a, b, s = pair  # template.most_similar_pair
    labels = corpus.labels()
    out.append(f"用词最相近的两份是{labels[a]}和{labels[b]}（余弦相似度 {s:.2f}）。")
    where = f"{FORMULA_SHARE:.0%}以上的报告中"
    out.append(f"本书识别的四字套话（重叠式和“修饰语+动词”式）中，出现在{where}的有 {len(formulas)} 个。"
               if len(formulas) else f"本书识别的四字套话（重叠式和“修饰语+动词”式）中，没有一个出现在{where}。")
    return "".join(out)
