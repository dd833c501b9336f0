"""Helpers that the chapters of the book call: what a chapter shows when the corpus holds no report."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from ..analysis.evaluation import Gold
from ..corpus import Corpus, seeds_path
from ..limits import MIN_GROUP
from ..parse.gazetteer import province_key
from ..resources import book_folder
from ..vocabulary import CUT_SHORT, EXCERPT, UNKNOWN_LEVEL
from .labels import FORMAT_LABELS, OUTCOME_LABELS, reason_zh
from .messages import zh
from .tables.common import groups_table, share_text  # noqa: F401  (the chapters import them from here)

GLUE_KEY = re.compile(r"\{glue(?::[a-z]+)?\}`([^`:]+)")
PLACEHOLDER = "—"


def glue_keys(notebook: str | Path) -> set[str]:
    """The glue keys that a notebook's Markdown cells cite."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return {k for c in nb["cells"] if c["cell_type"] == "markdown" for k in GLUE_KEY.findall("".join(c["source"]))}


def unread_files(corpus: Corpus) -> pd.DataFrame:
    """Every file of the folder that is not analysed, with its reason in Chinese (reader's table)."""
    aside = pd.DataFrame({"文件": corpus.set_aside["file"], "原因": corpus.set_aside["genre"].map(reason_zh)})
    skipped = skipped_table(corpus).reset_index()
    skipped["原因"] = "未能读取：" + skipped["原因"]
    return pd.concat([aside, skipped], ignore_index=True).set_index("文件")


def warnings_table(corpus: Corpus) -> pd.DataFrame:
    """The reader's table of :meth:`Corpus.warnings`: reports by place and year, warnings in Chinese."""
    w = corpus.warnings()
    return pd.DataFrame({"报告": w["report_id"].map(corpus.labels()), "提示": w["warning"].map(zh)})


def skipped_table(corpus: Corpus) -> pd.DataFrame:
    """The reader's table of :attr:`Corpus.skipped`: each file not read and why, in Chinese."""
    return pd.DataFrame({"文件": corpus.skipped["file"], "原因": corpus.skipped["reason"].map(zh)}).set_index("文件")




def format_table(corpus: Corpus) -> pd.DataFrame:
    """Files per format and outcome (reader's table: formats as rows, outcomes as columns, counts)."""
    tidy = corpus.file_formats()
    table = tidy.pivot_table(index="format", columns="outcome", values="files", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=list(OUTCOME_LABELS), fill_value=0).astype(int)
    order = [f for f in FORMAT_LABELS if f in table.index] + sorted(f for f in table.index if f not in FORMAT_LABELS)
    table = table.loc[order]
    table.index = [FORMAT_LABELS.get(f, f".{f} 文件" if f else "无扩展名") for f in table.index]
    table.loc["合计"] = table.sum()
    return table.rename(columns=OUTCOME_LABELS).rename_axis(index="格式", columns=None)


def stop_if_empty(corpus: Corpus, notebook: str) -> bool:
    """In a chapter, right after loading the corpus: when it holds no report, say so and why (the files and
    their reasons), give every glue key of the chapter a dash, and make the chapter's later code cells do
    nothing. Returns whether the chapter stops."""
    if corpus.reports:
        return False
    from IPython import get_ipython
    from IPython.display import Markdown, display
    from myst_nb import glue

    for key in sorted(glue_keys(notebook)):
        glue(key, PLACEHOLDER, display=False)
    n_aside, n_skipped = len(corpus.set_aside), len(corpus.skipped)
    display(Markdown(f"**这个语料中没有法治政府建设年度报告，本章没有可以分析的内容。** 文件夹中有 {n_aside} 个文件"
                     f"读得出但不是年度报告，{n_skipped} 个文件未能读取；原因如下。请把年度报告放进这个文件夹后重新生成本书。"))
    if n_aside or n_skipped:
        with pd.option_context("display.max_colwidth", None, "display.max_rows", 200):
            display(unread_files(corpus))
    shell = get_ipython()
    if shell is not None:
        shell.input_transformers_cleanup.append(_placeholder_cell)
    return True


FIGURE_CELL = re.compile(r"^\s*fig\s*=", re.M)
NO_FIGURE = "本语料中没有年度报告，无从作图。"


def _placeholder_cell(lines: list[str]) -> list[str]:
    """The code a later cell runs instead of its own: nothing, or for a figure cell (``fig = …``) a figure
    that says why it is empty, so that the figure's number and the references to it stay valid."""
    if FIGURE_CELL.search("".join(lines)):
        return ["from govreports.book.plotting import message_figure as _message\n", f"fig = _message({NO_FIGURE!r})\n"]
    return []


def group_sizes(corpus: Corpus, column: str) -> pd.Series:
    """Reports per value of a report attribute (``level``, ``year_covered``); reports without it left out."""
    return corpus.table[column].dropna().value_counts().sort_index()


def groups_note(sizes: pd.Series, what: str) -> str:
    """One sentence on which groups a breakdown shows: those with at least ``limits.MIN_GROUP`` reports."""
    kept, small = (sizes >= MIN_GROUP).sum(), (sizes < MIN_GROUP).sum()
    if not kept:
        return f"本语料中没有哪个{what}有 {MIN_GROUP} 份以上的报告，因此不按{what}列表。"
    note = f"表中只列出有 {MIN_GROUP} 份以上报告的{what}（{kept} 个）"
    return note + (f"，另有 {small} 个{what}的报告不足 {MIN_GROUP} 份，没有列出。" if small else "。")


SEEDS_NOTE = ("这是本书附带的种子语料：项目起步时给定的五份报告，从政府网站照原样保存下来。它们不是随机抽样，"
              "也不代表全国的报告；解析器和本书的规则正是对照这五份报告（以及一个真实报告摘录的开发集）写出的，"
              "所以程序在它们上面的准确度不能说明它对其他报告的准确度，附录一另给出开发集上的分数。")
OTHER_NOTE = "这些报告来自读者指定的文件夹，本书不知道它们是如何收集和选出的。"


def corpus_statement(corpus: Corpus) -> str:
    """What the corpus in hand is, in a few sentences for the opening page and the methods appendix: how many
    reports of which levels, provinces and years, where they come from, and that findings are about them."""
    t = corpus.table
    if not len(t):
        return "本书当前的语料中没有年度报告。"
    levels = t["level"].fillna(UNKNOWN_LEVEL).value_counts()
    provinces = sorted(set(t["province"].dropna()), key=province_key)  # in administrative-code order
    years = t["year_covered"].dropna().astype(int)
    where = ("、".join(provinces) if len(provinces) <= 6 else f" {len(provinces)} 个省份") if provinces else "省份不详"
    span = (f"{years.min()} 年" if years.min() == years.max() else f"{years.min()}–{years.max()} 年") if len(years) else "不详"
    text = (f"本书当前读取的语料是 {len(t)} 份报告（" + "、".join(f"{lvl} {n} 份" for lvl, n in levels.items())
            + f"），来自{where}，所述年度为 {span}。" + completeness_sentence(t))
    try:
        seeds = corpus.path.resolve() == seeds_path().resolve()
    except FileNotFoundError:
        seeds = False
    text += SEEDS_NOTE if seeds else OTHER_NOTE
    return text + "书中的每个发现都只是关于这些报告的发现，不能推及其他地方、其他年度的报告。"


def completeness_clause(table) -> str:
    """How many files hold the whole report and what the others are, without a full stop (only what there is)."""
    counts = table["completeness"].value_counts()
    whole = int(counts.get("complete", 0))
    if whole == len(table):
        return "这些文件都是完整的报告" if len(table) > 1 else "这份文件是完整的报告"
    others = [f"{int(counts[s])} 份{label}" for s, label in ((EXCERPT, "是摘要或节选"), (CUT_SHORT, "中途中断（如只保存了网页的开头）"))
              if counts.get(s, 0)]
    return (f"其中完整的报告 {whole} 份，" if whole else "这些文件都不完整：") + "，".join(others)


def completeness_sentence(table) -> str:
    """:func:`completeness_clause`, and when some file is not whole, how the book treats the parts it lacks."""
    clause = completeness_clause(table)
    if table["completeness"].eq("complete").all():
        return clause + "。"
    return clause + "；这些文件没有写到的部分记为“未覆盖”，不算作报告缺少的部分，关于缺少哪些部分的统计只计完整的报告。"


def left_out_sentence(corpus: Corpus, where: str = "本章末尾") -> str:
    """The sentence on the files not analysed, naming only what there is ("" when every file is a report)."""
    parts = []
    if len(corpus.skipped):
        parts.append(f"{len(corpus.skipped)} 个文件未能读取")
    if len(corpus.set_aside):
        parts.append(f"{len(corpus.set_aside)} 个文件读得出但不是法治政府建设年度报告（如工作要点、新闻、解读）")
    if not parts:
        return "文件夹中的文件都是可以读取的年度报告。"
    return f"另有{'，'.join(parts)}，都列在{where}，不计入任何分析。"


def citation() -> dict[str, str]:
    """Title, authors, version and date from the book's CITATION.cff (the one place they are kept)."""
    folder = book_folder()
    text = (folder / "CITATION.cff").read_text(encoding="utf-8") if folder else ""
    out = {}
    for key in ("title", "version", "date-released"):
        m = re.search(rf'^{key}:\s*"?([^"\n]*)"?', text, re.M)
        out[key] = m.group(1) if m else ""
    m = re.search(r'^\s*- name:\s*"?([^"\n]*)"?', text, re.M)
    out["authors"] = m.group(1) if m else ""
    return out


def citation_text() -> str:
    """How to cite the book, in one line (Chinese conventions: authors, title, version, date)."""
    c = citation()
    title = c["title"].split(" (")[0]
    return f"{c['authors'].split(' (')[0]}：《{title}》，版本 {c['version']}，{c['date-released']}。"


def gold() -> Gold:
    """The hand-made annotations the methods appendix scores against: the book's tests/ folder (gold of the seeds,
    the development set, indicator and structure labels). Outside a book, FileNotFoundError."""
    book = book_folder()
    if book is None:
        raise FileNotFoundError("the gold annotations are in the book's folder (tests/): run inside it")
    return Gold.in_folder(book, seeds_path())
