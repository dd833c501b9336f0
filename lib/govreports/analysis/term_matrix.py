"""A report × term count matrix held sparse: memory grows with the distinct (report, word) pairs, not with
reports times vocabulary. The vocabulary grows with the corpus (the 65 reports of the development set use 1,968
content words, 9,245 synthetic reports 3,729, though these reuse the seeds' words); a dense frame of 64-bit counts
takes 8 bytes per report and word (10,000 reports of 50,000 words: 4 GB), and as much again for the rates.

Rows are in corpus order, columns in sorted term order (as ``groupby`` sorts them), row by row (CSR): row ``k``'s
columns are ``columns[indptr[k]:indptr[k + 1]]``, ascending, with their ``counts``. Pure numpy.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

DENSE_BLOCK_BYTES = 128 * 2 ** 20  # a block of rows made dense at once (for products) holds at most this much
BLOCK_ROWS = 16, 2048  # and has this many rows at least and at most (the product of two: 2048² cells, 32 MB)


@dataclass(frozen=True, eq=False)
class TermMatrix:
    """report × term counts, sparse by rows."""

    ids: pd.Index  # report ids, one per row
    vocab: pd.Index  # terms, one per column, sorted
    indptr: np.ndarray  # int64, len(ids) + 1
    columns: np.ndarray  # int64, one per stored count
    counts: np.ndarray  # int64, one per stored count (never 0)

    @classmethod
    def from_codes(cls, ids: list[str], owners: np.ndarray, codes: np.ndarray, vocab: list[str]) -> TermMatrix:
        """The matrix of tokens given as (row index, index into ``vocab``) pairs, one per token."""
        v = len(vocab)
        order = sorted(range(v), key=vocab.__getitem__)
        rank = np.empty(v, dtype=np.int64)
        rank[order] = np.arange(v)
        key = owners.astype(np.int64) * max(v, 1) + (rank[codes] if len(codes) else codes.astype(np.int64))
        pairs, counts = np.unique(key, return_counts=True)
        rows = pairs // max(v, 1)
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(ids)), out=indptr[1:])
        return cls(pd.Index(ids, name="report_id", dtype="str"),
                   pd.Index([vocab[k] for k in order], name="term", dtype="str"),
                   indptr, pairs % max(v, 1), counts.astype(np.int64))

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.ids), len(self.vocab)

    @cached_property
    def rows(self) -> np.ndarray:
        """The row of each stored count."""
        return np.repeat(np.arange(len(self.ids), dtype=np.int64), np.diff(self.indptr))

    def row(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(columns, counts) of row ``k``."""
        a, b = self.indptr[k], self.indptr[k + 1]
        return self.columns[a:b], self.counts[a:b]

    def column_sums(self, values: np.ndarray | None = None) -> np.ndarray:
        """Sum of each column of the stored ``values`` (default: the counts), added in row order."""
        return np.bincount(self.columns, weights=self.counts if values is None else values, minlength=self.shape[1])

    def document_frequency(self) -> np.ndarray:
        """Rows in which each column is not zero."""
        return np.bincount(self.columns, minlength=self.shape[1])

    def group_sums(self, groups: np.ndarray, n_groups: int, values: np.ndarray | None = None) -> np.ndarray:
        """groups × columns sums of the stored ``values`` (default: the counts); ``groups[k]`` is row k's group."""
        cells = groups[self.rows] * self.shape[1] + self.columns
        weights = self.counts if values is None else values
        return np.bincount(cells, weights=weights, minlength=n_groups * self.shape[1]).reshape(n_groups, self.shape[1])

    def dense(self, start: int = 0, stop: int | None = None, values: np.ndarray | None = None,
              columns: np.ndarray | None = None) -> np.ndarray:
        """Rows ``start:stop`` as a dense array (of ``values``, default the counts; of some ``columns`` only)."""
        stop = len(self.ids) if stop is None else stop
        a, b = self.indptr[start], self.indptr[stop]
        vals = (self.counts if values is None else values)[a:b]
        rows = self.rows[a:b] - start
        cols = self.columns[a:b]
        width = self.shape[1]
        if columns is not None:
            where = np.full(width, -1, dtype=np.int64)
            where[columns] = np.arange(len(columns))
            keep = where[cols] >= 0
            rows, cols, vals, width = rows[keep], where[cols[keep]], vals[keep], len(columns)
        out = np.zeros((stop - start, width), dtype=vals.dtype if len(vals) else np.float64)
        out[rows, cols] = vals
        return out

    def block_rows(self) -> int:
        """How many rows :meth:`dense` may make at once within ``DENSE_BLOCK_BYTES`` (and ``BLOCK_ROWS``): 2,048
        rows of 4,000 words, 335 of 50,000 (fewer rows, more blocks, each dense block filled again)."""
        least, most = BLOCK_ROWS
        return min(most, max(least, DENSE_BLOCK_BYTES // (8 * max(self.shape[1], 1))))

    def frame(self) -> pd.DataFrame:
        """The whole matrix as a dense frame (zeros filled): for small corpora and checks only."""
        return pd.DataFrame(self.dense(), index=self.ids, columns=self.vocab)
