"""Template language: text shared between reports, text repeated within one, similarity, formula phrases."""
from __future__ import annotations

import math
import re
from collections import defaultdict

import numpy as np
import pandas as pd

from jieba import posseg

from . import segment
from .corpus import Corpus, report_labels
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
    labels = report_labels(corpus.table, corpus.ids)
    kept: list[tuple[str, set[int]]] = []
    for p, ks in sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if not any(p in q and ks <= qs for q, qs in kept):  # a piece of a longer shared passage
            kept.append((p, ks))
    rows = [{"片段": p, "字数": len(p), "报告数": len(ks), "报告": "、".join(labels[k] for k in sorted(ks)),
             "首见": f"{labels[first[p][0]]} @{first[p][1]}"} for p, ks in kept]
    out = pd.DataFrame(rows, columns=["片段", "字数", "报告数", "报告", "首见"])
    return out.sort_values(["报告数", "字数", "片段"], ascending=[False, False, True]).drop_duplicates("片段").reset_index(drop=True)


def repeated_within(corpus: Corpus, n: int = 12) -> pd.DataFrame:
    """Passages of at least ``n`` characters that one report writes twice or more."""
    labels = report_labels(corpus.table, corpus.ids)
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
            rows.append({"报告": labels[k], "片段": s[a:b], "字数": b - a, "位置": "、".join(map(str, seen))})
    return pd.DataFrame(rows, columns=["报告", "片段", "字数", "位置"])


def similarity(words: Words) -> pd.DataFrame:
    """Cosine similarity of the reports' TF-IDF vectors of content tokens (idf smoothed: log((1+N)/(1+df))+1)."""
    counts = words.counts
    n = len(counts)
    df = (counts > 0).sum()
    idf = np.log((1 + n) / (1 + df)) + 1
    x = counts * idf
    norms = np.sqrt((x ** 2).sum(axis=1)).replace(0, 1)
    x = x.div(norms, axis=0)
    sim = x @ x.T
    labels = report_labels(words.corpus.table, counts.index)
    return pd.DataFrame(sim.to_numpy().round(3), index=labels, columns=labels)


def most_similar_pair(sim: pd.DataFrame) -> tuple[str, str, float]:
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
    rows = [{"短语": p, "报告数": len(rs), "次数": total[p], "形式": "重叠式" if REPEAT.fullmatch(p) else "修饰+动词"}
            for p, rs in found.items() if len(rs) >= need]
    out = pd.DataFrame(rows, columns=["短语", "报告数", "次数", "形式"])
    return out.sort_values(["报告数", "次数", "短语"], ascending=[False, False, True]).reset_index(drop=True)


def top_pairs(sim: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The n most similar pairs of reports."""
    m = sim.to_numpy()
    i, j = np.triu_indices(len(m), k=1)
    order = np.lexsort((j, i, -m[i, j]))[:n]
    return pd.DataFrame({"报告甲": sim.index[i[order]], "报告乙": sim.columns[j[order]],
                         "相似度": m[i[order], j[order]]}).set_index(["报告甲", "报告乙"])
