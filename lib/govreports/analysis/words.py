"""Words: content tokens of the reports, their frequencies, distinctive terms, keyword in context.

Frequencies are counted on the analysable text only (preamble, headings, paragraphs; never page
chrome, the title or the signature), after removing stopwords (stopwordsiso's Chinese list plus
``data/stopwords_domain.tsv``), numbers, punctuation and single characters.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import stopwordsiso

from ..cache import TokenStore, text_key
from ..corpus import Corpus
from ..limits import MIN_GROUP
from ..model import Report
from ..parse.gazetteer import gazetteer
from ..pipeline import PARALLEL_FROM, code_version, default_workers, process_pool
from ..resources import data_path
from ..vocabulary import UNKNOWN_LEVEL
from . import segment
from .term_matrix import TermMatrix

HAS_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def stopwords_general() -> frozenset[str]:
    """stopwordsiso's Chinese list (MIT)."""
    return frozenset(stopwordsiso.stopwords("zh"))


@cache
def stopwords() -> frozenset[str]:
    """The general list plus the domain list, whose every entry carries a reason."""
    domain = set()
    for ln in data_path("stopwords_domain.tsv").read_text(encoding="utf-8").splitlines():
        if ln.strip() and not ln.startswith("#"):
            word, _, reason = ln.partition("\t")
            if not reason.strip():
                raise ValueError(f"stopwords_domain.tsv: {word!r} has no reason")
            domain.add(word.strip())
    return stopwords_general() | domain


@cache
def place_names() -> frozenset[str]:
    """Names of administrative divisions: a report naming its own place says nothing about its content."""
    return frozenset(gazetteer().by_name)


def is_content(token: str) -> bool:
    """A word that can count: two or more characters, Chinese, not a stopword, not a place name."""
    return (len(token) >= 2 and bool(HAS_HAN.search(token)) and token not in stopwords()
            and token not in place_names())


@dataclass(frozen=True)
class Compact:
    """One report's tokens in little memory: offsets as arrays, each distinct word once."""

    starts: np.ndarray  # int32
    ends: np.ndarray  # int32
    vocab: list[str]  # the report's distinct words, in order of first use
    codes: np.ndarray  # int32 index into vocab, one per token


def compact(tokens: list[tuple[int, int, str]]) -> Compact:
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(t, len(index)) for _, _, t in tokens), dtype=np.int32, count=len(tokens))
    return Compact(np.fromiter((s for s, _, _ in tokens), dtype=np.int32, count=len(tokens)),
                   np.fromiter((e for _, e, _ in tokens), dtype=np.int32, count=len(tokens)), list(index), codes)


def report_tokens(report: Report, extra_terms: frozenset[str] = frozenset()):
    """(start, end, token) of every content token of a report, offsets into the report's text.

    The report's own place name (新蔡县, and 新蔡 alone) is left out like the names of the gazetteer.
    """
    return span_tokens(report.place, report.text, report.analysable_spans(), extra_terms)


def span_tokens(place: str | None, text: str, spans: list[tuple[int, int]],
                extra_terms: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """:func:`report_tokens` from what it reads of a report: its place, its text and its analysable spans."""
    own = {place, re.sub(r"(县|市|区|镇|乡|旗)$", "", place)} if place else set()
    out = []
    memo = _CONTENT
    for start, end in spans:
        piece = text[start:end]
        for s, e in segment.cut_spans(piece, extra_terms):
            if e - s < 2:  # most tokens: single characters and punctuation
                continue
            token = piece[s:e]
            keep = memo.get(token)
            if keep is None:
                keep = memo[token] = is_content(token)
            if keep and token not in own:
                out.append((start + s, start + e, token))
    return out


# is_content of every token seen in this process: a corpus has far fewer distinct words than tokens
_CONTENT: dict[str, bool] = {}


def content_tokens(report: Report, extra_terms: frozenset[str] = frozenset()) -> list[str]:
    """The words of a report that count: ``cut`` on its analysable text, minus stopwords and the like."""
    return [t for _, _, t in report_tokens(report, extra_terms)]


def report_terms(report: Report) -> set[str]:
    """Candidate terms grown from a report: short quoted expressions and titles (added to the dictionary with
    those of every other report of the corpus: :attr:`Words.grown`)."""
    found: set[str] = set()
    for s, e in report.analysable_spans():
        found |= segment.text_terms(report.text[s:e])
    return found


@dataclass
class Words:
    """Content tokens of a corpus and the statistics made from them. The tokens are held as arrays of codes and
    the counts as a sparse :class:`TermMatrix`: no step keeps a Python object per token or a cell per report and
    word of the vocabulary (10,000 reports: 10 million tokens)."""

    corpus: Corpus
    owners: np.ndarray  # int32: the report (index into corpus.ids) of each token, in report order
    starts: np.ndarray  # int32: each token's offsets into its report's text
    ends: np.ndarray
    codes: np.ndarray  # int32: each token's index into vocab
    vocab: list[str]  # the distinct terms, in order of first reading
    cache_hits: int = 0
    cache_misses: int = 0
    grown: frozenset[str] = frozenset()  # the terms grown from the corpus and added to the dictionary

    @property
    def n_tokens(self) -> int:
        return len(self.codes)

    @property
    def n_terms(self) -> int:
        """Distinct terms (every term of the vocabulary occurs)."""
        return len(self.vocab)

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """report_id, start, end, term: one row per token, made on demand (the book's statistics do not need it).
        Built in Arrow, without a Python object per row."""
        def strings(values: list[str], index: np.ndarray) -> pd.Series:
            return pd.Series(pc.take(pa.array(values, pa.large_string()), pa.array(index)), dtype="str")

        return pd.DataFrame({"report_id": strings(list(self.corpus.ids), self.owners),
                             "start": self.starts.astype(np.int64), "end": self.ends.astype(np.int64),
                             "term": strings(self.vocab, self.codes)})

    @cached_property
    def matrix(self) -> TermMatrix:
        """report × term counts, sparse."""
        return TermMatrix.from_codes(list(self.corpus.ids), self.owners, self.codes, self.vocab)

    @cached_property
    def chars(self) -> pd.Series:
        return self.corpus.table.set_index("report_id")["chars"]

    @cached_property
    def _row_chars(self) -> np.ndarray:
        return self.chars.reindex(self.matrix.ids).to_numpy(dtype=np.float64)

    @cached_property
    def rate_values(self) -> np.ndarray:
        """The rate per 10,000 characters of each stored count of :attr:`matrix`."""
        m = self.matrix
        with np.errstate(divide="ignore", invalid="ignore"):
            return m.counts / self._row_chars[m.rows] * 10_000

    @cached_property
    def _rated(self) -> np.ndarray:
        """Rows that have a rate: a report with no analysable character has none (0/0), as in the dense frame."""
        return self._row_chars != 0

    @property
    def counts(self) -> pd.DataFrame:
        """report × term counts as a dense frame (zeros filled; terms sorted): reports × vocabulary cells, for
        a small corpus or a check. The statistics below read :attr:`matrix`."""
        return self.matrix.frame()

    @property
    def rates(self) -> pd.DataFrame:
        """report × term occurrences per 10,000 characters of analysable text, dense (see :attr:`counts`)."""
        return self.counts.div(self.chars.reindex(self.matrix.ids), axis=0) * 10_000

    def _mean_rates(self, groups: np.ndarray, n_groups: int) -> np.ndarray:
        """groups × terms mean rate over each group's rated reports."""
        sums = self.matrix.group_sums(groups, n_groups, self.rate_values)
        rated = np.bincount(groups[self._rated], minlength=n_groups).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            return sums / rated[:, None]

    def _whole(self) -> np.ndarray:
        return np.zeros(len(self.matrix.ids), dtype=np.int64)

    def top_terms(self, n: int = 30) -> pd.DataFrame:
        """Corpus-wide top terms by mean rate per 10,000 characters (each report weighs the same), indexed
        by term: rate (the mean rate), reports (how many use it), count (occurrences)."""
        m = self.matrix
        out = pd.DataFrame({"rate": self._mean_rates(self._whole(), 1)[0], "reports": m.document_frequency(),
                            "count": m.column_sums().astype(np.int64)}, index=m.vocab)
        out = out.sort_values(["rate", "count"], ascending=False, kind="stable").head(n)
        out.index.name = "term"
        return out.round({"rate": 1})

    def report_rates(self, report_id: str) -> pd.Series:
        """One report's terms and their rates per 10,000 characters, highest first (ties in term order)."""
        m = self.matrix
        k = m.ids.get_loc(report_id)
        a, b = m.indptr[k], m.indptr[k + 1]
        rates = pd.Series(self.rate_values[a:b], index=m.vocab[m.columns[a:b]], name=report_id)
        return rates.sort_values(ascending=False, kind="stable")

    def groups(self, max_groups: int = 12) -> pd.Series:
        """Group of each report for side-by-side views: the report's id, or its level in a large corpus."""
        t = self.corpus.table.set_index("report_id").loc[self.corpus.ids]
        if len(t) <= max_groups:
            return pd.Series(t.index, index=t.index)
        return t["level"].fillna(UNKNOWN_LEVEL)

    def _group_codes(self, max_groups: int) -> tuple[pd.Series, np.ndarray, pd.Index]:
        """(groups, each row's group code, the groups in sorted order)."""
        g = self.groups(max_groups)
        codes, names = pd.factorize(g.reindex(self.matrix.ids), sort=True)
        return g, codes.astype(np.int64), pd.Index(names)

    def group_label(self, group: str) -> str:
        """What a reader sees for a group: the report's label, or the level."""
        return self.corpus.labels().get(group, group)

    def top_by_group(self, n: int = 10, max_groups: int = 12) -> pd.DataFrame:
        """Top terms of each group (report, or level for a large corpus), tidy: group, rank, term, rate."""
        g, codes, names = self._group_codes(max_groups)
        rates = pd.DataFrame(self._mean_rates(codes, len(names)), index=names, columns=self.matrix.vocab)
        rows = []
        for name in dict.fromkeys(g):
            row = rates.loc[name].sort_values(ascending=False, kind="stable").head(n)
            rows += [(name, k, t, float(v)) for k, (t, v) in enumerate(row.items(), 1)]
        return pd.DataFrame(rows, columns=["group", "rank", "term", "rate"])

    def frequencies(self, group: str | None = None, max_groups: int = 12) -> dict[str, float]:
        """Term → rate per 10,000 characters, for the corpus or one group (for wordclouds)."""
        if group is None:
            mean = self._mean_rates(self._whole(), 1)[0]
        else:
            _, codes, names = self._group_codes(max_groups)
            mean = self._mean_rates((codes == names.get_loc(group)).astype(np.int64), 2)[1]
        mean = pd.Series(mean, index=self.matrix.vocab)
        return {t: float(v) for t, v in mean[mean > 0].sort_values(ascending=False).items()}

    def distinctive(self, n: int = 8, min_count: int = 2, max_groups: int = 12) -> pd.DataFrame:
        """Distinctive terms of each group: weighted log-odds with an informative Dirichlet prior.

        Monroe, Colaresi & Quinn (2008), "Fightin' Words", with the whole corpus as the prior:
        a term's z-score compares its share in the group with its share in the rest of the corpus.
        """
        g, codes, names = self._group_codes(max_groups)
        counts = pd.DataFrame(self.matrix.group_sums(codes, len(names)).astype(np.int64), index=names,
                              columns=self.matrix.vocab)
        prior = counts.sum()
        a0 = prior.sum()
        out = {}
        for name in dict.fromkeys(g):
            y_i = counts.loc[name]
            y_j = prior - y_i
            n_i, n_j = y_i.sum(), y_j.sum()
            delta = (((y_i + prior) / (n_i + a0 - y_i - prior)).map(math.log)
                     - ((y_j + prior) / (n_j + a0 - y_j - prior)).map(math.log))
            z = delta / (1 / (y_i + prior) + 1 / (y_j + prior)) ** 0.5
            z = z[y_i >= min_count].sort_values(ascending=False, kind="stable").head(n)
            out[name] = list(z.items())
        rows = [(name, k, t, float(v)) for name, terms in out.items() for k, (t, v) in enumerate(terms, 1)]
        return pd.DataFrame(rows, columns=["group", "rank", "term", "z"])

    def side_by_side(self, frame: pd.DataFrame, value: str, fmt: str, n: int) -> pd.DataFrame:
        """The reader's table of :meth:`top_by_group` or :meth:`distinctive`: rank × group, 词（数值）."""
        cols = {}
        for name in dict.fromkeys(self.groups()):
            g = frame[frame["group"] == name]
            cells = [f"{t}（{v:{fmt}}）" for t, v in zip(g["term"], g[value])]
            cols[self.group_label(name)] = cells + [""] * (n - len(cells))
        return pd.DataFrame(cols, index=pd.RangeIndex(1, n + 1, name="名次"))

    def key_terms(self, n: int = 12) -> list[str]:
        """The domain-dictionary terms that occur most in the corpus (for co-occurrence and trends)."""
        vocab = self.matrix.vocab
        known = [t for t in segment.dictionary_terms() if t in vocab]
        totals = pd.Series(self.matrix.column_sums()[vocab.get_indexer(known)].astype(np.int64), index=known)
        totals = totals.sort_values(ascending=False, kind="stable")
        return list(totals[totals > 0].head(n).index)

    def by_year(self, terms: list[str]) -> pd.DataFrame:
        """Mean rate per 10,000 characters of some terms by year_covered (a cross-section of places), for the
        years with at least ``limits.MIN_GROUP`` reports; ``reports`` counts them."""
        years = self.corpus.table.set_index("report_id")["year_covered"]
        m = self.matrix
        where = m.vocab.get_indexer(terms)
        found = m.dense(values=self.rate_values, columns=where[where >= 0])
        values = np.zeros((len(m.ids), len(terms)))
        values[:, where >= 0] = found
        values[~self._rated] = np.nan  # 0/0, as in the dense frame
        rates = pd.DataFrame(values, index=m.ids, columns=terms)
        key = years.reindex(rates.index)
        out = rates.groupby(key).mean().round(1)
        out.insert(0, "reports", rates.groupby(key).size())
        out.index.name = "year_covered"
        return out[out["reports"] >= MIN_GROUP]

    def cooccurrence(self, terms: list[str]) -> pd.DataFrame:
        """Number of sentences that contain both terms (diagonal: sentences that contain the term).

        Occurrences are read leftmost-longest without overlap, so a term inside a longer term of the list is
        not a second term: 综合行政执法 holds no 行政执法 of its own."""
        sents = self.corpus.sentences["text"]
        rx = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        found = sents.str.findall(rx) if terms else pd.Series([[]] * len(sents), index=sents.index)
        present = pd.DataFrame({t: found.map(lambda hits, t=t: t in hits) for t in terms}, index=sents.index).astype(int)
        m = present.T @ present
        m.index.name = m.columns.name = None
        return m


Reading = tuple[str | None, str, list[tuple[int, int]]]  # what segmentation reads of a report (span_tokens)


def _compact_tokens(job: tuple[list[Reading], frozenset[str]]) -> list[Compact]:
    readings, extra = job
    return [compact(span_tokens(place, text, spans, extra)) for place, text, spans in readings]


Reading = tuple[str | None, str, list[tuple[int, int]]]  # what segmentation reads of a report: place, text, spans


def reading(report: Report) -> Reading:
    return report.place, report.text, report.analysable_spans()


def _segment(readings: list[Reading], extra: frozenset[str]) -> Iterator[Compact]:
    """Compact tokens of reports not in the cache, in order, over all cores when there are many. A worker is sent
    what it reads of each report (:func:`reading`), not the parsed report: its sections, sentences and figures
    were several times the text, copied into every worker. The tokens are handed on as each worker's part comes
    back, not kept for the whole corpus (10,000 reports' word lists took 400 MB at once)."""
    workers = default_workers()
    if len(readings) < PARALLEL_FROM or workers == 1:
        for place, text, spans in readings:
            yield compact(span_tokens(place, text, spans, extra))
        return
    size = max(1, len(readings) // (workers * 4))
    jobs = [(readings[k:k + size], extra) for k in range(0, len(readings), size)]
    with process_pool(workers) as pool:
        for part in pool.map(_compact_tokens, jobs):
            yield from part


def analyse(corpus: Corpus, use_cache: bool = True) -> Words:
    """Segment a corpus (cached on disk) and return its content tokens. The table is built column by column
    from each report's compact tokens: a Python object per token would take gigabytes for 10,000 reports."""
    found: set[str] = set()
    keys = []  # each report's text key, length and file: the token cache is read after one pass over the reports
    for r in corpus.reports:
        found |= report_terms(r)
        keys.append((text_key(r.place, r.text), len(r.text), r.file))
    extra = frozenset(found)
    signature = hashlib.sha256((code_version() + segment.dictionary_signature(tuple(extra))).encode()).hexdigest()
    cache = TokenStore(signature) if use_cache else None
    vocab: dict[str, int] = {}
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = []

    def coded(c: Compact) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A report's tokens with codes into the corpus's vocabulary (its own word list is let go at once)."""
        remap = np.fromiter((vocab.setdefault(t, len(vocab)) for t in c.vocab), dtype=np.int32, count=len(c.vocab))
        return c.starts, c.ends, remap[c.codes] if len(c.codes) else c.codes.astype(np.int32)

    for key, chars, name in keys:  # one report at a time: 10,000 reports' word lists would take 400 MB at once
        t = cache.load(key, chars, name) if cache else None
        parts.append(None if t is None else coded(Compact(*t)))
    todo = [k for k, c in enumerate(parts) if c is None]
    readings = [reading(corpus.reports[k]) for k in todo]  # the texts only: a report may be read back on use
    for k, (place, text, _), c in zip(todo, readings, _segment(readings, extra)):
        parts[k] = coded(c)
        if cache:
            cache.store(place, text, corpus.ids[k], (c.starts, c.ends, c.vocab, c.codes))

    def joined(column: int) -> np.ndarray:
        return np.concatenate([p[column] for p in parts]).astype(np.int32, copy=False) if parts else \
            np.zeros(0, dtype=np.int32)

    owners = np.repeat(np.arange(len(corpus.ids), dtype=np.int32), [len(p[2]) for p in parts])
    return Words(corpus, owners, joined(0), joined(1), joined(2), list(vocab),
                 cache.hits if cache else 0, cache.misses if cache else 0, extra)


def kwic(corpus: Corpus, term: str, width: int = 18, limit: int | None = None) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` in the analysable text, with its offsets.

    ``start``/``end`` are offsets into the report's decoded text: ``text[start:end] == term``.
    """
    rows: list[tuple] = []
    for rid, r in zip(corpus.ids, corpus.reports):
        for s0, e0 in r.analysable_spans():
            pos = r.text.find(term, s0, e0)
            while pos != -1:
                left = r.text[max(s0, pos - width):pos]
                right = r.text[pos + len(term):min(e0, pos + len(term) + width)]
                rows.append((rid, pos, pos + len(term), left, term, right))
                pos = r.text.find(term, pos + len(term), e0)
        if limit and len(rows) >= limit:  # the first ``limit`` found: the rest of the corpus is not read
            break
    out = pd.DataFrame(rows, columns=["report_id", "start", "end", "left", "term", "right"])
    return out.head(limit) if limit else out


