"""Benchmark: ``template.shared_passages`` on N synthetic reports (bench/synthetic.py), the method of the
book against the one it replaced (a passage credited to every report sharing any of its n-grams; copied
below, for this benchmark only), side by side: wall time, peak RSS of the process (each method runs in a
process of its own, on the same corpus; ``rss_before_mb`` is the RSS with the corpus loaded, before the call),
passages and report attributions in the output.
Usage: python bench/shared_passages.py [--reports N] [--only new|old --folder DIR]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_corpus  # noqa: E402

from govreports.analysis import template  # noqa: E402
from govreports.analysis.template import SHARED_COLUMNS, _gram_hashes, _normalised, _runs, _whole_numbers  # noqa: E402
from govreports.corpus import load_corpus  # noqa: E402


def _ranges(starts: np.ndarray, counts: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The positions ``starts[w] … starts[w] + counts[w] - 1`` of every ``w`` in ``which``, concatenated."""
    lengths = counts[which]
    offsets = np.repeat(starts[which] - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return offsets + np.arange(lengths.sum())


def old_shared_passages(corpus, n: int = 12) -> pd.DataFrame:
    """The method before: a passage's reports are those sharing any of its n-grams (wrong; kept to compare)."""
    from collections import defaultdict
    texts = _normalised(corpus)
    uniq = []
    for s, _ in texts:
        h, ok = _gram_hashes(s, n)
        uniq.append(np.unique(h[ok]))
    sizes = [len(u) for u in uniq]
    hashes = np.concatenate(uniq) if uniq else np.zeros(0, dtype=np.uint64)
    del uniq
    owners = np.repeat(np.arange(len(texts), dtype=np.int32), sizes)
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    del order
    first_of_run = np.ones(len(hashes), dtype=bool)
    first_of_run[1:] = hashes[1:] != hashes[:-1]
    starts = np.flatnonzero(first_of_run)
    counts = np.diff(np.append(starts, len(hashes)))
    keys = hashes[starts]
    del hashes, first_of_run
    shared = counts > 1
    keys, starts, counts = keys[shared], starts[shared], counts[shared]
    found, first = {}, {}
    for k, (s, offs) in enumerate(texts):
        h, ok = _gram_hashes(s, n)
        at = np.minimum(np.searchsorted(keys, h), max(len(keys) - 1, 0))
        marked = np.flatnonzero(ok & (keys[at] == h)) if len(keys) else np.zeros(0, dtype=np.int64)
        for a, b in _runs(marked, n):
            a, b = _whole_numbers(s, a, b)
            if b - a < n:
                continue
            passage = s[a:b]
            if passage not in found:
                hit = np.zeros(len(texts), dtype=bool)
                hit[owners[_ranges(starts, counts, np.unique(at[a:b - n + 1]))]] = True
                found[passage] = np.flatnonzero(hit).astype(np.int32)
            first.setdefault(passage, (k, int(offs[a])))
    ids = corpus.ids
    kept = []
    m = max(1, n // 2)
    step = n - m + 1
    containing = defaultdict(list)
    for p, ks in sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        candidates = {x for j in range(min(step, len(p) - m + 1)) for x in containing.get(p[j:j + m], ())}
        if any(p in kept[x][0] and np.isin(ks, kept[x][1]).all() for x in sorted(candidates)):
            continue
        for i in range(0, len(p) - m + 1, step):
            bucket = containing[p[i:i + m]]
            if not bucket or bucket[-1] != len(kept):
                bucket.append(len(kept))
        kept.append((p, ks))
    rows = [{"passage": p, "chars": len(p), "n_reports": len(ks), "report_ids": tuple(ids[k] for k in ks),
             "first_report_id": ids[first[p][0]], "first_start": first[p][1]} for p, ks in kept]
    out = pd.DataFrame(rows, columns=SHARED_COLUMNS)
    return out.sort_values(["n_reports", "chars", "passage"], ascending=[False, False, True]).drop_duplicates(
        "passage").reset_index(drop=True)


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(fn, corpus) -> dict:
    before = rss_mb()
    t = time.perf_counter()
    out = fn(corpus)
    seconds = time.perf_counter() - t
    return {"seconds": round(seconds, 2), "rss_before_mb": before, "peak_rss_mb": rss_mb(),
            "passages": len(out), "attributions": int(out["n_reports"].sum())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--only", choices=["new", "old"], default=None)
    ap.add_argument("--folder", type=Path, default=None)
    a = ap.parse_args()
    if a.only:
        corpus = load_corpus(a.folder, cache=False)
        fn = template.shared_passages if a.only == "new" else old_shared_passages
        print(json.dumps(measure(fn, corpus)))
        return
    folder = Path(tempfile.mkdtemp(prefix="govreports-bench-shared-")) / "corpus"
    synthetic_corpus(a.reports, folder)
    result = {"reports": a.reports}
    for name in ["old", "new"]:
        run = subprocess.run([sys.executable, __file__, "--only", name, "--folder", str(folder)],
                             capture_output=True, text=True, check=True)
        result[name] = json.loads(run.stdout.strip().splitlines()[-1])
    keys = ["seconds", "rss_before_mb", "peak_rss_mb", "passages", "attributions"]
    print(f"{a.reports} synthetic reports")
    print(f"{'':16}{'old':>12}{'new':>12}")
    for k in keys:
        print(f"{k:16}{result['old'][k]:>12}{result['new'][k]:>12}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
