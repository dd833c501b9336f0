"""Template language: text shared between reports, text repeated within one, similarity, formula phrases."""
from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from jieba import posseg

from . import segment
from .corpus import Corpus
from .words import Words, stopwords

WIDTH = str.maketrans("，：；（）！？", ",:;()!?")
REPEAT = re.compile(r"([\u4e00-\u9fff])([\u4e00-\u9fff])\1([\u4e00-\u9fff])|([\u4e00-\u9fff])([\u4e00-\u9fff])([\u4e00-\u9fff])\5")


def _normalised(corpus: Corpus) -> list[tuple[str, list[int]]]:
    """Per report: analysable text with punctuation widths unified and spaces dropped, and the offset of
    each of its characters in the file. Spans are joined by a separator that no n-gram may cross."""
    out = []
    for r in corpus.reports:
        chars, offsets = [], []
        for s, e in r.analysable_spans():
            for i in range(s, e):
                ch = r.text[i]
                if not ch.isspace():
                    chars.append(ch.translate(WIDTH))
                    offsets.append(i)
            chars.append("\0")
            offsets.append(e)
        out.append(("".join(chars), offsets))
    return out


def _runs(marked: list[int], n: int) -> list[tuple[int, int]]:
    """Merge n-gram start positions into (start, end) passages."""
    runs = []
    for i in marked:
        if runs and i <= runs[-1][1] - n + 1:
            runs[-1] = (runs[-1][0], i + n)
        else:
            runs.append((i, i + n))
    return runs


def shared_passages(corpus: Corpus, n: int = 12) -> pd.DataFrame:
    """Passages of at least ``n`` characters that two or more reports share word for word."""
    texts = _normalised(corpus)
    where: dict[str, set[int]] = defaultdict(set)
    for k, (s, _) in enumerate(texts):
        for i in range(len(s) - n + 1):
            g = s[i:i + n]
            if "\0" not in g:
                where[g].add(k)
    found: dict[str, set[int]] = defaultdict(set)
    first: dict[str, tuple[int, int]] = {}
    for k, (s, offs) in enumerate(texts):
        marked = [i for i in range(len(s) - n + 1) if len(where.get(s[i:i + n], ())) > 1]
        for a, b in _runs(marked, n):
            passage = s[a:b]
            found[passage] |= set().union(*(where[s[i:i + n]] for i in range(a, b - n + 1)))
            first.setdefault(passage, (k, offs[a]))
    ids = corpus.ids
    kept: list[tuple[str, set[int]]] = []
    for p, ks in sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if not any(p in q and ks <= qs for q, qs in kept):  # a piece of a longer shared passage
            kept.append((p, ks))
    rows = [{"passage": p, "chars": len(p), "n_reports": len(ks), "report_ids": tuple(ids[k] for k in sorted(ks)),
             "first_report_id": ids[first[p][0]], "first_start": first[p][1]} for p, ks in kept]
    out = pd.DataFrame(rows, columns=SHARED_COLUMNS).astype({"chars": "int64", "n_reports": "int64", "first_start": "int64"})
    return out.sort_values(["n_reports", "chars", "passage"], ascending=[False, False, True]).drop_duplicates(
        "passage").reset_index(drop=True)


SHARED_COLUMNS = ["passage", "chars", "n_reports", "report_ids", "first_report_id", "first_start"]


def shared_table(corpus: Corpus, shared: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`shared_passages`: passage, length, reports (labelled), first seen."""
    t = shared.head(max_rows) if max_rows else shared
    labels = corpus.labels()
    return pd.DataFrame({"片段": t["passage"], "字数": t["chars"], "报告数": t["n_reports"],
                         "报告": ["、".join(labels[r] for r in rs) for rs in t["report_ids"]],
                         "首见": [f"{labels[r]} @{s}" for r, s in zip(t["first_report_id"], t["first_start"])]}
                        ).set_index("片段")


def repeated_within(corpus: Corpus, n: int = 12) -> pd.DataFrame:
    """Passages of at least ``n`` characters that one report writes twice or more (tidy)."""
    rows = []
    for k, (s, offs) in enumerate(_normalised(corpus)):
        pos: dict[str, list[int]] = defaultdict(list)
        for i in range(len(s) - n + 1):
            g = s[i:i + n]
            if "\0" not in g:
                pos[g].append(i)
        marked = sorted(i for g, ps in pos.items() if len(ps) > 1 and ps[-1] - ps[0] >= n for i in ps[:1])
        for a, b in _runs(marked, n):
            seen = [offs[p] for p in pos[s[a:a + n]]]
            rows.append({"report_id": corpus.ids[k], "passage": s[a:b], "chars": b - a, "starts": tuple(seen)})
    return pd.DataFrame(rows, columns=["report_id", "passage", "chars", "starts"]).astype({"chars": "int64"})


def repeated_table(corpus: Corpus, repeated: pd.DataFrame, max_rows: int | None = None) -> pd.DataFrame:
    """The reader's table of :func:`repeated_within`."""
    t = repeated.head(max_rows) if max_rows else repeated
    return pd.DataFrame({"报告": t["report_id"].map(corpus.labels()), "片段": t["passage"], "字数": t["chars"],
                         "位置": ["、".join(map(str, ps)) for ps in t["starts"]]}).set_index("报告")


def similarity(words: Words) -> pd.DataFrame:
    """Cosine similarity of the reports' TF-IDF vectors of content tokens (idf smoothed: log((1+N)/(1+df))+1),
    report_id × report_id."""
    counts = words.counts
    n = len(counts)
    df = (counts > 0).sum()
    idf = np.log((1 + n) / (1 + df)) + 1
    x = counts * idf
    norms = np.sqrt((x ** 2).sum(axis=1)).replace(0, 1)
    x = x.div(norms, axis=0)
    sim = x @ x.T
    ids = pd.Index(counts.index, name="report_id")
    return pd.DataFrame(sim.to_numpy().round(3), index=ids, columns=ids)


def similarity_table(corpus: Corpus, sim: pd.DataFrame) -> pd.DataFrame:
    """The reader's similarity matrix: reports by label."""
    labels = [corpus.labels()[r] for r in sim.index]
    return pd.DataFrame(sim.to_numpy(), index=labels, columns=labels)


def most_similar_pair(sim: pd.DataFrame) -> tuple[str, str, float]:
    """(report id, report id, similarity) of the most similar pair."""
    m = sim.to_numpy().copy()
    np.fill_diagonal(m, -1)
    i, j = np.unravel_index(np.argmax(m), m.shape)
    return sim.index[i], sim.columns[j], float(m[i, j])


def formula_phrases(words: Words, min_share: float = 0.2) -> pd.DataFrame:
    """Four-character formula phrases found in the corpus: repeated-character forms (压紧压实, 应审尽审) and
    a formula modifier plus a verb (全面推行, 积极探索), written by at least two reports (or ``min_share``
    of them, whichever is more). Ranked by the number of reports, then by occurrences."""
    n_reports = len(words.corpus.reports)
    need = max(2, math.ceil(min_share * n_reports))
    found: dict[str, set[str]] = defaultdict(set)
    total: dict[str, int] = defaultdict(int)
    tok = segment.tokenizer()
    verbs = {w for w, tag in posseg.POSTokenizer(tok).word_tag_tab.items() if tag.startswith("v")}
    for rid, r in zip(words.corpus.ids, words.corpus.reports):
        for s, e in r.analysable_spans():
            bounds = {s + a for a, _ in segment.cut_spans(r.text[s:e])} | {e}
            for m in REPEAT.finditer(r.text, s, e):
                # whole words only (not 等法律法 of 等法律法规), and not a dictionary word (法律法规, 政务服务)
                if m.start() in bounds and m.end() in bounds and not tok.FREQ.get(m.group()):
                    found[m.group()].add(rid)
                    total[m.group()] += 1
    t4 = words.tokens[words.tokens["term"].str.len() == 4]
    for rid, term in t4[["report_id", "term"]].itertuples(index=False):
        if term[:2] in stopwords() and term[2:] in verbs and term[2:] not in stopwords():
            found[term].add(rid)
            total[term] += 1
    rows = [{"phrase": p, "n_reports": len(rs), "count": total[p], "form": "repeat" if REPEAT.fullmatch(p) else "modifier_verb"}
            for p, rs in found.items() if len(rs) >= need]
    out = pd.DataFrame(rows, columns=["phrase", "n_reports", "count", "form"]).astype({"n_reports": "int64", "count": "int64"})
    return out.sort_values(["n_reports", "count", "phrase"], ascending=[False, False, True]).reset_index(drop=True)


FORMS_ZH = {"repeat": "重叠式", "modifier_verb": "修饰+动词"}


def formula_table(formulas: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`formula_phrases`."""
    return pd.DataFrame({"短语": formulas["phrase"], "报告数": formulas["n_reports"], "次数": formulas["count"],
                         "形式": formulas["form"].map(FORMS_ZH)}).set_index("短语")


def top_pairs(sim: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most similar pairs of reports (tidy: report_a, report_b, similarity)."""
    m = sim.to_numpy()
    i, j = np.triu_indices(len(m), k=1)
    order = np.lexsort((j, i, -m[i, j]))[:n]
    return pd.DataFrame({"report_a": sim.index[i[order]], "report_b": sim.columns[j[order]],
                         "similarity": m[i[order], j[order]].astype(float)})


def pairs_table(corpus: Corpus, pairs: pd.DataFrame) -> pd.DataFrame:
    """The reader's table of :func:`top_pairs`."""
    labels = corpus.labels()
    return pd.DataFrame({"报告甲": pairs["report_a"].map(labels), "报告乙": pairs["report_b"].map(labels),
                         "相似度": pairs["similarity"]}).set_index(["报告甲", "报告乙"])
