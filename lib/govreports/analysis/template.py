"""Template language: text shared between reports, text repeated within one, similarity, formula phrases."""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..limits import REPORTS_SHOWN
from . import segment
from .kept_rows import kept
from .term_matrix import TermMatrix
from .words import Words, stopwords

WIDTH = str.maketrans("，：；（）！？", ",:;()!?")
REPEAT = re.compile(r"([\u4e00-\u9fff])([\u4e00-\u9fff])\1([\u4e00-\u9fff])|([\u4e00-\u9fff])([\u4e00-\u9fff])([\u4e00-\u9fff])\5")


NON_SPACE = re.compile(r"\S+")
# n-grams are compared by a 64-bit polynomial hash (numpy arithmetic wraps modulo 2**64): with a few hundred
# million n-grams the chance that two different ones collide anywhere is below one in ten thousand.
HASH_BASE = np.uint64(0x100000001B3)


def _normalise(report) -> tuple[str, np.ndarray]:
    """A report's analysable text with punctuation widths unified and spaces dropped, and the offset of each of
    its characters in the file (an int32 array: a list of Python ints took 36 bytes a character). Spans are
    joined by a separator that no n-gram may cross."""
    pieces, offsets = [], []
    for s, e in report.analysable_spans():
        for m in NON_SPACE.finditer(report.text, s, e):
            pieces.append(m.group().translate(WIDTH))
            offsets.append(np.arange(m.start(), m.end(), dtype=np.int32))
        pieces.append("\0")
        offsets.append(np.array([e], dtype=np.int32))
    return "".join(pieces), np.concatenate(offsets) if offsets else np.zeros(0, dtype=np.int32)


def _normalised(corpus: Corpus):
    """:func:`_normalise` of each report in turn (one at a time: the offsets of 10,000 reports take 240 MB)."""
    return (_normalise(r) for r in corpus.reports)


GRAMS_AT_ONCE = 8_000_000  # n-grams sorted at once when indexing a corpus's (8 bytes each, and their index)


def _shared_grams(texts: list[str], n: int) -> tuple[np.ndarray, ...]:
    """The n-grams (hashes) that two or more of ``texts`` hold: (keys, sorted; starts and counts of each key's
    holders in ``owners``; a fingerprint of each key's set of holders, a sum of random 64-bit numbers, one per
    report; owners, the holders of each key in increasing order).

    The hash space is cut into ranges taken one at a time, and only one range's n-grams are held at once: each
    text's distinct n-grams in that range (:func:`_range_grams`), their sort and its copies. At 10,000 reports
    the corpus holds 60 million distinct n-grams, 480 MB a copy; a range holds at most ``GRAMS_AT_ONCE``. The
    texts are hashed again for each range (a corpus that fits in one range is hashed once)."""
    salt = np.random.default_rng(0).integers(0, 2 ** 63, size=max(len(texts), 1), dtype=np.uint64)
    total = sum(max(0, len(s) - n + 1) for s in texts)  # n-grams, at least as many as distinct ones
    bits = max(0, math.ceil(math.log2(max(total, 1) / GRAMS_AT_ONCE)))
    keys, counts, prints, owners = [], [], [], []
    for k in range(2 ** bits):
        parts = [_range_grams(s, n, bits, k) for s in texts]
        hashes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
        holder = np.repeat(np.arange(len(parts), dtype=np.int32), [len(x) for x in parts])
        del parts
        order = np.argsort(hashes, kind="stable")
        hashes, holder = hashes[order], holder[order]  # within one n-gram, its reports in increasing order
        del order
        first_of_run = np.ones(len(hashes), dtype=bool)
        first_of_run[1:] = hashes[1:] != hashes[:-1]
        starts = np.flatnonzero(first_of_run)
        runs = np.diff(np.append(starts, len(hashes)))
        shared = runs > 1
        prints.append(np.add.reduceat(salt[holder], starts)[shared] if len(starts) else np.zeros(0, np.uint64))
        keys.append(hashes[starts][shared])
        counts.append(runs[shared])
        owners.append(holder[np.repeat(shared, runs)])
    counts_ = np.concatenate(counts)
    starts_ = np.concatenate([[0], np.cumsum(counts_)[:-1]]).astype(np.int64) if len(counts_) else counts_
    return np.concatenate(keys), starts_, counts_, np.concatenate(prints), np.concatenate(owners)


def _range_grams(s: str, n: int, bits: int, k: int) -> np.ndarray:
    """The distinct whole n-grams (hashes, sorted) of ``s`` in the k-th of 2**bits ranges of the hash space."""
    h, ok = _gram_hashes(s, n)
    h = h[ok]
    if bits:
        h = h[(h >> np.uint64(64 - bits)) == np.uint64(k)]
    return np.unique(h)


def _gram_hashes(s: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every n-gram of ``s`` (by start) and whether it is whole (crosses no separator)."""
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes) - n + 1
    if size <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    h = np.zeros(size, dtype=np.uint64)
    for j in range(n):
        h = h * HASH_BASE + codes[j:j + size]
    seps = np.concatenate([[0], np.cumsum(codes == 0)])
    return h, (seps[n:] - seps[:size]) == 0


def _runs(marked: np.ndarray, n: int) -> list[tuple[int, int]]:
    """Merge n-gram start positions (sorted) into (start, end) passages: consecutive starts make one."""
    if not len(marked):
        return []
    breaks = np.flatnonzero(np.diff(marked) > 1)
    firsts = np.concatenate([[0], breaks + 1])
    lasts = np.concatenate([breaks, [len(marked) - 1]])
    return [(int(marked[a]), int(marked[b]) + n) for a, b in zip(firsts, lasts)]


def _run_key(s: str, a: int, b: int) -> bytes:
    """A digest of a run of shared n-grams ``s[a:b]`` and of what else decides the passages it proposes: whether
    a digit stands just before and just after it (:func:`_whole_numbers`). Which n-grams are shared, and by which
    reports, depends on the text alone, so a run met again, in any report, proposes nothing new (templates
    repeat the same runs in thousands of reports)."""
    around = ("d" if a > 0 and s[a - 1].isdigit() else "-") + ("d" if b < len(s) and s[b].isdigit() else "-")
    return hashlib.blake2b((around + s[a:b]).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _whole_numbers(s: str, a: int, b: int) -> tuple[int, int]:
    """(a, b) narrowed so that the passage neither starts nor ends inside a number (1000多场次 and 2000多场次
    share 000多场次: the passage is 多场次…, not a number cut in two)."""
    while a < b and a > 0 and s[a].isdigit() and s[a - 1].isdigit():
        a += 1
    while b > a and b < len(s) and s[b - 1].isdigit() and s[b].isdigit():
        b -= 1
    return a, b


def shared_passages(corpus: Corpus, n: int = 12) -> pd.DataFrame:
    """Passages of at least ``n`` characters that two or more reports share word for word.

    A passage's reports are exactly the reports whose normalised text (:func:`_normalise`: punctuation
    widths unified, spaces dropped) contains it. The n-grams of all reports are hashed and sorted, a range of
    hashes at a time (numpy, :func:`_shared_grams`), so time and memory grow with the corpus's length, not
    with its square. In each report, a run of
    n-grams that other reports share is cut into blocks over which the set of reports holding the n-gram
    stays the same; a passage is a stretch of consecutive blocks that two or more reports hold all of (the
    stretch is widened block by block until that set would shrink). The hash index only proposes
    candidates: each candidate report is then searched for the passage itself, so a report holding the
    passage's n-grams scattered, or another text's n-grams by a hash collision, is never credited.
    Passages nest: one that three reports hold is listed apart from the longer one that two of them share
    (a passage inside a longer one that the same reports hold is dropped); :func:`pair_passages` gives what
    two reports share with nested pieces left out, for counts and sums per pair."""
    # each report's normalised text; its offsets are made again for the few reports that need them, and its
    # n-grams whenever they are needed (held for every report at once, they were several times the texts)
    texts = [_normalise(r)[0] for r in corpus.reports]
    keys, starts, counts, prints, owners = _shared_grams(texts, n)
    found: dict[str, np.ndarray] = {}  # passage → its reports (sorted int32: a set of ints took 50 bytes each)
    tried: set[str] = set()  # candidates held by fewer than two reports
    first: dict[str, tuple[int, int]] = {}

    def holders(g: int) -> np.ndarray:
        return owners[starts[g]:starts[g] + counts[g]]

    def common(x: np.ndarray, y: np.ndarray) -> np.ndarray:  # of two sorted sets (intersect1d sorts again)
        if len(x) > len(y):
            x, y = y, x
        at_y = np.minimum(np.searchsorted(y, x), len(y) - 1) if len(y) else np.zeros(0, dtype=np.int64)
        return x[y[at_y] == x] if len(y) else y

    def reports_of(p: str, candidates: np.ndarray) -> np.ndarray:
        return np.array([x for x in candidates.tolist() if p in texts[x]], dtype=np.int32)

    seen: set[bytes] = set()  # the runs met before (:func:`_run_key`): another report's run proposes the same
    for s in texts:
        h, ok = _gram_hashes(s, n)
        at = np.minimum(np.searchsorted(keys, h), max(len(keys) - 1, 0))
        marked = np.flatnonzero(ok & (keys[at] == h)) if len(keys) else np.zeros(0, dtype=np.int64)
        for a, b in _runs(marked, n):
            key = _run_key(s, a, b)
            if key in seen:
                continue
            seen.add(key)
            pos = np.arange(a, b - n + 1)
            fp = prints[at[pos]]
            cut = np.flatnonzero(fp[1:] != fp[:-1]) + 1
            block_first = np.concatenate([[0], cut]) + a  # n-gram starts of each block, first and last
            block_last = np.concatenate([cut - 1, [len(pos) - 1]]) + a
            sets = [holders(int(at[x])) for x in block_first]
            for i in range(len(sets)):
                held = sets[i]
                if i and len(common(held, sets[i - 1])) == len(held):
                    continue  # every report holding block i holds the block before: begin there instead
                for j in range(i, len(sets)):
                    wider = common(held, sets[j + 1]) if j + 1 < len(sets) else held[:0]
                    if len(wider) == len(held):
                        continue  # the next block is held by the same reports: widen
                    pa, pb = _whole_numbers(s, int(block_first[i]), int(block_last[j]) + n)
                    if pb - pa >= n:
                        p = s[pa:pb]
                        if p not in found and p not in tried:
                            # trimming a number's digits may only add reports: propose all holders of its n-grams
                            cand = held
                            if (pa, pb) != (block_first[i], block_last[j] + n):
                                cand = holders(int(at[pa]))
                                for g in np.unique(at[pa:pb - n + 1]).tolist():
                                    cand = common(cand, holders(g))
                            ks = reports_of(p, cand)
                            if len(ks) > 1:
                                found[p] = ks
                            else:
                                tried.add(p)
                    if len(wider) < 2:
                        break
                    held = wider
    by_report: dict[int, list[str]] = defaultdict(list)
    for p, ks in found.items():
        by_report[int(ks[0])].append(p)
    for x, passages in sorted(by_report.items()):
        s, offs = _normalise(corpus.reports[x])
        for p in passages:
            first[p] = (x, int(offs[s.index(p)]))
    ids = corpus.ids
    kept: list[tuple[str, np.ndarray]] = []
    # Kept passages are indexed by their m-grams (m = n/2) at every step-th position only (indexing every
    # n-gram took gigabytes for 10,000 reports). A passage p inside a kept q holds at least step m-grams
    # (it has n characters or more), so one of p's first step m-grams sits at an indexed position of q.
    m = max(1, n // 2)
    step = n - m + 1
    containing: dict[str, list[int]] = defaultdict(list)
    for p, ks in sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        candidates = {x for j in range(min(step, len(p) - m + 1)) for x in containing.get(p[j:j + m], ())}
        if any(p in kept[x][0] and np.isin(ks, kept[x][1]).all() for x in sorted(candidates)):
            continue  # a piece of a longer shared passage, shared by no other report
        for i in range(0, len(p) - m + 1, step):
            bucket = containing[p[i:i + m]]
            if not bucket or bucket[-1] != len(kept):
                bucket.append(len(kept))
        kept.append((p, ks))
    rows = [{"passage": p, "chars": len(p), "n_reports": len(ks), "report_ids": tuple(ids[k] for k in ks),
             "first_report_id": ids[first[p][0]], "first_start": first[p][1]} for p, ks in kept]
    out = pd.DataFrame(rows, columns=SHARED_COLUMNS).astype({"chars": "int64", "n_reports": "int64", "first_start": "int64"})
    return out.sort_values(["n_reports", "chars", "passage"], ascending=[False, False, True]).drop_duplicates(
        "passage").reset_index(drop=True)


SHARED_COLUMNS = ["passage", "chars", "n_reports", "report_ids", "first_report_id", "first_start"]


def repeated_within(corpus: Corpus, n: int = 12) -> pd.DataFrame:
    """Passages of at least ``n`` characters that one report writes twice or more (tidy): n-grams written
    twice at least ``n`` characters apart, merged into passages, with the offsets of each occurrence."""
    out = kept(corpus, f"repeated within {n}", lambda part: _repeated_within(part, n))
    out["starts"] = [tuple(map(int, s.split(";"))) for s in out["starts"]]
    return out


def _repeated_within(corpus: Corpus, n: int) -> pd.DataFrame:
    """:func:`repeated_within` with each passage's offsets as one text (``12;480``), as rows are kept."""
    rows = []
    for k, (s, offs) in enumerate(_normalised(corpus)):
        h, ok = _gram_hashes(s, n)
        where = np.flatnonzero(ok)
        if not len(where):
            continue
        keys, inverse, counts = np.unique(h[where], return_inverse=True, return_counts=True)
        firsts = np.full(len(keys), len(s)); np.minimum.at(firsts, inverse, where)
        lasts = np.full(len(keys), -1); np.maximum.at(lasts, inverse, where)
        repeated = (counts > 1) & (lasts - firsts >= n)
        # the positions of each distinct n-gram, in order, grouped once (searching all of them for every
        # passage made a long report quadratic)
        grouped = where[np.argsort(inverse, kind="stable")]
        group_start = np.concatenate([[0], np.cumsum(counts)[:-1]])
        for a, b in _runs(np.sort(firsts[repeated]), n):
            a, b = _whole_numbers(s, a, b)
            if b - a < n:
                continue
            g = int(np.searchsorted(keys, h[a]))
            at = grouped[group_start[g]:group_start[g] + counts[g]] if g < len(keys) and keys[g] == h[a] else []
            seen = [int(offs[p]) for p in at]
            rows.append({"report_id": corpus.ids[k], "passage": s[a:b], "chars": b - a,
                         "starts": ";".join(map(str, seen))})
    return pd.DataFrame(rows, columns=["report_id", "passage", "chars", "starts"]).astype(
        {"report_id": "str", "passage": "str", "chars": "int64", "starts": "str"})


SIMILARITY_DECIMALS = 3  # similarities are rounded to this many decimals, so they take 10**3 + 1 values
PAIRS_KEPT = 10  # the most similar pairs :func:`similarity` keeps (ties broken by the reports' order)


@dataclass(frozen=True, eq=False)
class Similarity:
    """Cosine similarity of every pair of reports, kept as what the book shows of it: how many pairs have each
    (rounded) value, the most similar pairs, and for a small corpus the report × report matrix itself. The
    matrix of 10,000 reports would hold 100 million cells (800 MB)."""

    ids: pd.Index
    value_counts: np.ndarray  # int64: pairs (a before b) whose similarity is k / 10**SIMILARITY_DECIMALS, k = 0, 1, …
    best: pd.DataFrame  # the most similar pairs, most similar first: report_a, report_b, similarity
    matrix: pd.DataFrame | None  # report_id × report_id, when there are at most ``matrix_rows`` reports


def _tfidf(m: TermMatrix) -> np.ndarray:
    """Each stored count of ``m`` as its weight in the report's unit TF-IDF vector (idf smoothed:
    log((1+N)/(1+df))+1)."""
    idf = np.log((1 + len(m.ids)) / (1 + m.document_frequency())) + 1
    x = m.counts * idf[m.columns]
    norms = np.sqrt(np.bincount(m.rows, weights=x ** 2, minlength=len(m.ids)))
    norms[norms == 0] = 1
    return x / norms[m.rows]


def _first_pairs(values: np.ndarray, n: int, i: np.ndarray | None = None, j: np.ndarray | None = None,
                 width: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, similarity) of the n pairs that come first: most similar, then by report a, then report b. The
    pairs' reports are ``i`` and ``j``, or else the row and column of each value of a block ``width`` wide."""
    if len(values) > n:  # only those at least as similar as the n-th can come first
        floor = np.partition(values, len(values) - n)[len(values) - n]
        (keep,) = np.nonzero(values >= floor)
    else:
        keep = np.arange(len(values))
    a, b = (i[keep], j[keep]) if i is not None else np.divmod(keep, width)
    first = np.lexsort((b, a, -values[keep]))[:n]
    return a[first], b[first], values[keep[first]]


def similarity(m: TermMatrix, keep: int = PAIRS_KEPT, matrix_rows: int = REPORTS_SHOWN) -> Similarity:
    """Cosine similarity of the reports' TF-IDF vectors of content tokens, rounded to ``SIMILARITY_DECIMALS``,
    computed a block of reports against a block at a time from the sparse counts: memory grows with a block,
    not with the square of the reports or with reports times vocabulary (``Words.matrix`` is the book's)."""
    n = len(m.ids)
    x = _tfidf(m)
    steps = 10 ** SIMILARITY_DECIMALS
    value_counts = np.zeros(steps + 1, dtype=np.int64)
    cand_i, cand_j, cand_v = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
    size = m.block_rows()
    for a0 in range(0, n, size):
        a1 = min(n, a0 + size)
        left = m.dense(a0, a1, x)
        for b0 in range(a0, n, size):
            b1 = min(n, b0 + size)
            block = left @ (left if b0 == a0 else m.dense(b0, b1, x)).T
            np.round(block, SIMILARITY_DECIMALS, out=block)
            if b0 == a0:  # the pairs within a block: above its diagonal
                i, j = np.triu_indices(a1 - a0, 1)
                values = block[i, j]
                a, b, v = _first_pairs(values, keep, i, j)
            else:
                values = block.ravel()
                a, b, v = _first_pairs(values, keep, width=b1 - b0)
            value_counts += np.bincount(np.clip(np.rint(values * steps).astype(np.int64), 0, steps),
                                        minlength=steps + 1)[:steps + 1]
            cand_i.append(a + a0)
            cand_j.append(b + b0)
            cand_v.append(v)
    i, j, v = _first_pairs(np.concatenate(cand_v), keep, np.concatenate(cand_i), np.concatenate(cand_j))
    best = pd.DataFrame({"report_a": m.ids[i], "report_b": m.ids[j], "similarity": v})
    matrix = None
    if n <= matrix_rows:
        dense = m.dense(values=x)
        full = dense @ dense.T
        np.round(full, SIMILARITY_DECIMALS, out=full)
        matrix = pd.DataFrame(full, index=m.ids, columns=m.ids)
    return Similarity(m.ids, value_counts, best, matrix)


def pair_histogram(value_counts: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """(pairs per bin, bin edges) of ``bins`` equal bins from the lowest similarity of a pair to the highest,
    from :attr:`Similarity.value_counts`: the same as ``np.histogram`` of every pair's value."""
    (present,) = np.nonzero(value_counts)
    values = np.arange(len(value_counts)) / 10 ** SIMILARITY_DECIMALS
    lo = values[present].min() if len(present) else 0.0
    hi = values[present].max() if len(present) else 1.0
    edges = np.histogram_bin_edges([], bins=bins, range=(lo, hi if hi > lo else lo + 1e-9))
    counts = np.histogram(values[present], bins=edges, weights=value_counts[present])[0]
    return np.rint(counts).astype(np.int64), edges


def most_similar_pair(sim: Similarity) -> tuple[str, str, float]:
    """(report id, report id, similarity) of the most similar pair; a lone report is paired with itself at
    -1 (no pair)."""
    if not len(sim.best):
        return sim.ids[0], sim.ids[0], -1.0
    a, b, s = sim.best.iloc[0]
    return a, b, float(s)


FORMULA_SHARE = 0.2  # a formula phrase is written by at least this share of the reports (and two at least)


def formula_phrases(words: Words, min_share: float = FORMULA_SHARE) -> pd.DataFrame:
    """Four-character formula phrases found in the corpus: repeated-character forms (压紧压实, 应审尽审) and
    a formula modifier plus a verb (全面推行, 积极探索), written by at least two reports (or ``min_share``
    of them, whichever is more). Ranked by the number of reports, then by occurrences."""
    n_reports = len(words.corpus.reports)
    need = max(2, math.ceil(min_share * n_reports))
    found: dict[str, set[str]] = defaultdict(set)
    total: dict[str, int] = defaultdict(int)
    repeats = kept(words.corpus, "formula repeats " + segment.dictionary_signature(), _repeat_phrases)
    for rid, phrase, count in zip(repeats["report_id"], repeats["phrase"], repeats["count"].tolist()):
        found[phrase].add(rid)
        total[phrase] += count
    verbs = segment.two_character_verbs()
    formula = np.array([len(t) == 4 and t[:2] in stopwords() and t[2:] in verbs and t[2:] not in stopwords()
                        for t in words.vocab], dtype=bool)
    (at,) = np.nonzero(formula[words.codes]) if len(words.codes) else (np.zeros(0, np.int64),)
    for owner, code in zip(words.owners[at].tolist(), words.codes[at].tolist()):
        term = words.vocab[code]
        found[term].add(words.corpus.ids[owner])
        total[term] += 1
    rows = [{"phrase": p, "n_reports": len(rs), "count": total[p], "form": "repeat" if REPEAT.fullmatch(p) else "modifier_verb"}
            for p, rs in found.items() if len(rs) >= need]
    out = pd.DataFrame(rows, columns=["phrase", "n_reports", "count", "form"]).astype({"n_reports": "int64", "count": "int64"})
    return out.sort_values(["n_reports", "count", "phrase"], ascending=[False, False, True]).reset_index(drop=True)


def _repeat_phrases(corpus: Corpus) -> pd.DataFrame:
    """Each report's repeated-character phrases (压紧压实) written as whole words that are not dictionary words
    (法律法规): report_id, phrase, count (a report's rows depend on it alone: kept between runs)."""
    dictionary = segment.dictionary_words(REPEAT.pattern)
    rows = []
    for rid, r in zip(corpus.ids, corpus.reports):
        counts: dict[str, int] = {}
        for s, e in r.analysable_spans():
            matches = list(REPEAT.finditer(r.text, s, e))
            if not matches:  # most spans: no need to segment them
                continue
            bounds = {s + a for a, _ in segment.cut_spans(r.text[s:e])} | {e}
            for m in matches:
                # whole words only (not 等法律法 of 等法律法规), and not a dictionary word (法律法规, 政务服务)
                if m.start() in bounds and m.end() in bounds and m.group() not in dictionary:
                    counts[m.group()] = counts.get(m.group(), 0) + 1
        rows += [(rid, phrase, n) for phrase, n in counts.items()]
    return pd.DataFrame(rows, columns=["report_id", "phrase", "count"]).astype(
        {"report_id": "str", "phrase": "str", "count": "int64"})


def top_pairs(sim: Similarity, n: int = 10) -> pd.DataFrame:
    """The n most similar pairs of reports (tidy: report_a, report_b, similarity), ties in the reports' order."""
    if n > len(sim.best) and len(sim.best) < len(sim.ids) * (len(sim.ids) - 1) // 2:
        raise ValueError(f"{n} pairs asked for; similarity() kept {len(sim.best)} (its keep=)")
    return sim.best.head(n).reset_index(drop=True)


def pair_passages(shared: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The rows of :func:`shared_passages` that reports ``a`` and ``b`` both hold, less those inside a longer
    one of them: 党政主要负责人履行推进法治建设第一责任人职责, held by three reports, is listed apart from the
    longer sentence that two of them share, and would otherwise be counted twice for that pair."""
    mask = shared["report_ids"].map(lambda ids: a in ids and b in ids).astype(bool) if len(shared) else []
    both = shared[mask] if len(shared) else shared
    longest_first = both.sort_values("chars", ascending=False, kind="stable")
    kept: list[str] = []
    for p in longest_first["passage"]:
        if not any(p in q for q in kept):
            kept.append(p)
    return both[both["passage"].isin(kept)]


def pair_evidence(words: Words, shared: pd.DataFrame, pairs: pd.DataFrame, k: int = 6) -> pd.DataFrame:
    """What makes each pair of :func:`top_pairs` similar, so that a reader can judge it (tidy, one row per
    pair): the ``k`` content words that add most to their cosine (``terms``: list of (word, count in a, count
    in b)), and the passages the two share word for word (``passages``, ``passage_chars``)."""
    m = words.matrix
    idf = pd.Series(np.log((1 + len(m.ids)) / (1 + m.document_frequency())) + 1, index=m.vocab)
    rows = []
    for a, b in zip(pairs["report_a"], pairs["report_b"]):
        ka, kb = m.ids.get_loc(a), m.ids.get_loc(b)
        ca = pd.Series(m.dense(ka, ka + 1)[0], index=m.vocab)
        cb = pd.Series(m.dense(kb, kb + 1)[0], index=m.vocab)
        xa, xb = ca * idf, cb * idf
        part = (xa * xb) / (np.sqrt((xa ** 2).sum()) * np.sqrt((xb ** 2).sum()) or 1)
        top = part[part > 0].sort_values(ascending=False, kind="stable").head(k)
        both = pair_passages(shared, a, b)
        rows.append({"report_a": a, "report_b": b,
                     "terms": [(t, int(ca[t]), int(cb[t])) for t in top.index],
                     "passages": len(both), "passage_chars": int(both["chars"].sum())})
    return pd.DataFrame(rows, columns=["report_a", "report_b", "terms", "passages", "passage_chars"])


