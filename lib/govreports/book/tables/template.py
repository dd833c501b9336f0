"""The reader's tables and sentences of :mod:`govreports.analysis.template`: Chinese headers and labels on its tidy results."""
from __future__ import annotations

import pandas as pd

from ...analysis.template import Similarity, pair_histogram
from ...corpus import Corpus
from ...limits import REPORTS_SHOWN
from ..labels import FORMULA_FORM_LABELS


def shared_table(corpus: Corpus, shared: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`shared_passages`: passage, length, reports (labelled), first seen."""
    t = shared.head(max_rows) if max_rows else shared
    labels = corpus.labels()
    return pd.DataFrame({"片段": t["passage"], "字数": t["chars"], "报告数": t["n_reports"],
                         "报告": ["、".join(labels[r] for r in rs) for rs in t["report_ids"]],
                         "出处示例": [f"{labels[r]} @{s}" for r, s in zip(t["first_report_id"], t["first_start"])]}
                        ).set_index("片段")


def repeated_table(corpus: Corpus, repeated: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`repeated_within`."""
    t = repeated.head(max_rows) if max_rows else repeated
    return pd.DataFrame({"报告": t["report_id"].map(corpus.labels()), "片段": t["passage"], "字数": t["chars"],
                         "位置": ["、".join(map(str, ps)) for ps in t["starts"]]}).set_index("报告")


def similarity_table(corpus: Corpus, sim: Similarity) -> pd.DataFrame:
    """The reader's similarity matrix (reports by label), of a corpus small enough for :func:`similarity` to keep it."""
    if sim.matrix is None:
        raise ValueError(f"no similarity matrix is kept for {len(sim.ids)} reports (similarity's matrix_rows)")
    labels = [corpus.labels()[r] for r in sim.matrix.index]
    return pd.DataFrame(sim.matrix.to_numpy(), index=labels, columns=labels)


SIMILARITY_BINS = 40  # bins of the histogram of all pairs that stands for the matrix of a large corpus
LOWER_COLUMN, UPPER_COLUMN, PAIRS_COLUMN = "相似度下限", "相似度上限", "报告对数"


def similarity_shown(corpus: Corpus, sim: Similarity, max_rows: int = REPORTS_SHOWN) -> pd.DataFrame:
    """What the similarity figure shows, which is also the data published with it: up to ``max_rows`` reports the
    matrix itself; beyond, the histogram of every pair (each bin's bounds and its pairs). The matrix of 10,000
    reports took a minute to write as a 480 MB CSV that the figure did not show."""
    if len(sim.ids) <= max_rows:
        return similarity_table(corpus, sim)
    counts, edges = pair_histogram(sim.value_counts, bins=SIMILARITY_BINS)
    return pd.DataFrame({LOWER_COLUMN: edges[:-1], UPPER_COLUMN: edges[1:], PAIRS_COLUMN: counts})


def formula_table(formulas: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`formula_phrases`."""
    return pd.DataFrame({"短语": formulas["phrase"], "报告数": formulas["n_reports"], "次数": formulas["count"],
                         "形式": formulas["form"].map(FORMULA_FORM_LABELS)}).set_index("短语")


def pairs_table(corpus: Corpus, pairs: pd.DataFrame, evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reader's table of :func:`top_pairs`, with :func:`pair_evidence` when given."""
    labels = corpus.labels()
    out = pd.DataFrame({"报告甲": pairs["report_a"].map(labels), "报告乙": pairs["report_b"].map(labels),
                        "相似度": pairs["similarity"].round(2)})
    if evidence is not None:
        out["贡献最大的词（甲/乙中的次数）"] = ["、".join(f"{t}（{x}/{y}）" for t, x, y in terms)
                                       for terms in evidence["terms"]]
        out["逐字相同的片段"] = [f"{n} 处，共 {c} 字" if n else "无" for n, c in
                          zip(evidence["passages"], evidence["passage_chars"])]
    return out.set_index(["报告甲", "报告乙"])


def formulas_sentence(formulas: pd.DataFrame) -> str:
    """How many formula phrases the corpus holds, or that it holds none."""
    return f"共 {len(formulas)} 个。" if len(formulas) else "本语料中没有找到这样的套话。"
