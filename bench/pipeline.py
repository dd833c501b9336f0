"""Benchmark: the whole pipeline over N synthetic reports against raw jieba on the same text, in one run.

Prints the figures, then one JSON line: reports, bytes, jieba_s, pipeline_s, ratio (pipeline over raw
jieba), parallel_s, parallel_speedup (all cores), warm_s, warm_speedup (second run, cache hit), peak_rss_mb.
Usage: python bench/pipeline.py --reports N [--folder DIR]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import jieba

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_corpus  # noqa: E402

from govreports import pipeline, segment  # noqa: E402
from govreports.decode import decode  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--folder", type=Path, default=None, help="where to write the synthetic corpus")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govreports-bench-"))
    folder = a.folder or work / "corpus"
    paths = [str(p) for p in synthetic_corpus(a.reports, folder)]
    texts = [decode(Path(p).read_bytes()).text for p in paths]
    n_bytes = sum(Path(p).stat().st_size for p in paths)

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    segment.tokenizer().initialize()  # both dictionaries loaded before timing
    pipeline.process(paths[0])  # warm imports and compiled patterns

    jieba_s, _ = timed(lambda: [jieba.lcut(t) for t in texts])
    pipeline_s, records = timed(lambda: pipeline.run(paths))
    workers = os.cpu_count() or 1
    parallel_s, parallel = timed(lambda: pipeline.run(paths, workers=workers))
    assert [r.get("summary") for r in parallel] == [r.get("summary") for r in records]
    cache = work / "cache"
    cold_s, _ = timed(lambda: pipeline.run(paths, cache_dir=cache))
    warm_s, warm = timed(lambda: pipeline.run(paths, cache_dir=cache))
    assert [r.get("tokens") for r in warm] == [r.get("tokens") for r in records]
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    result = {
        "reports": len(paths), "bytes": n_bytes,
        "jieba_s": round(jieba_s, 3), "pipeline_s": round(pipeline_s, 3), "ratio": round(pipeline_s / jieba_s, 3),
        "parallel_s": round(parallel_s, 3), "parallel_speedup": round(pipeline_s / parallel_s, 2),
        "warm_s": round(warm_s, 3), "warm_speedup": round(pipeline_s / warm_s, 1),
        "peak_rss_mb": round(rss / 1024, 1),
    }
    print(f"{len(paths)} reports, {n_bytes / 1e6:.1f} MB, {workers} cores")
    print(f"raw jieba.lcut      {jieba_s:8.2f} s")
    print(f"pipeline, 1 core    {pipeline_s:8.2f} s   ratio {result['ratio']}")
    print(f"pipeline, {workers} cores   {parallel_s:8.2f} s   speed-up {result['parallel_speedup']}")
    print(f"pipeline, cold cache{cold_s:8.2f} s; warm {warm_s:.2f} s   speed-up {result['warm_speedup']}")
    print(f"peak RSS            {result['peak_rss_mb']:8.1f} MB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
