"""Benchmark: ``load_corpus`` (the path every chapter and command takes) on N synthetic reports, in one run:
cold on 1 core, cold on all cores, warm (every parse cached); the chapters' whole path, parse and content
words, cold on 1 core; and, on the same text, the anchors rjieba alone and jieba.lcut alone. Throughput is
MB of report files per second per core used.

Each cold run gets an empty cache folder of its own. Peak RSS is the largest of this process and of the
worker processes. Prints the figures, then one JSON line.
Usage: python bench/pipeline.py [--reports N] [--folder DIR]
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

from govreports import pipeline  # noqa: E402
from govreports.analysis import segment, words
from govreports.corpus import load_corpus  # noqa: E402
from govreports.read.decode import decode  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--folder", type=Path, default=None, help="where to write the synthetic corpus")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govreports-bench-"))
    folder = a.folder or work / "corpus"
    paths = synthetic_corpus(a.reports, folder)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    texts = [decode(p.read_bytes()).text for p in paths]
    cores = pipeline.default_workers()

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    engine = segment.fast_engine()
    os.environ["GOVREPORTS_CACHE"] = str(work / "warm-up")
    load_corpus(folder, workers=1, cache=False)  # imports, dictionaries and compiled patterns, before timing

    rjieba_s, _ = timed(lambda: [engine.cut(t, False) for t in texts])
    jieba_s, _ = timed(lambda: [jieba.lcut(t) for t in texts])
    os.environ["GOVREPORTS_CACHE"] = str(work / "cache-1")
    serial_s, serial = timed(lambda: load_corpus(folder, workers=1))
    os.environ["GOVREPORTS_CACHE"] = str(work / "cache-n")
    parallel_s, parallel = timed(lambda: load_corpus(folder, workers=cores))
    warm_s, warm = timed(lambda: load_corpus(folder, workers=cores))
    same = [r.summary() for r in serial.reports] == [r.summary() for r in parallel.reports] == [
        r.summary() for r in warm.reports]

    # The chapters' whole path: parse, then the content words of every report (cold, one core).
    os.environ["GOVREPORTS_CACHE"] = str(work / "cache-words")
    os.environ[pipeline.WORKERS_VAR] = "1"
    words_s, _ = timed(lambda: words.analyse(load_corpus(folder, workers=1)))
    del os.environ[pipeline.WORKERS_VAR]
    per_core = mb / serial_s
    result = {
        "reports": len(paths), "mb": round(mb, 2), "cores": cores,
        "rjieba_s": round(rjieba_s, 3), "jieba_s": round(jieba_s, 3),
        "cold_1core_s": round(serial_s, 3), "cold_all_cores_s": round(parallel_s, 3), "warm_s": round(warm_s, 3),
        "mb_per_s_per_core": round(per_core, 2), "parallel_speedup": round(serial_s / parallel_s, 2),
        "ratio_to_rjieba": round(serial_s / rjieba_s, 1), "ratio_to_jieba": round(serial_s / jieba_s, 2),
        "parse_and_words_1core_s": round(words_s, 3), "parse_and_words_mb_per_s": round(mb / words_s, 2),
        "parse_and_words_ratio_to_rjieba": round(words_s / rjieba_s, 1),
        "identical": same, "peak_rss_mb": peak_rss_mb(),
    }
    print(f"{len(paths)} synthetic reports, {mb:.1f} MB, {cores} cores")
    print(f"rjieba alone           {rjieba_s:8.2f} s   {mb / rjieba_s:6.1f} MB/s")
    print(f"jieba.lcut alone       {jieba_s:8.2f} s   {mb / jieba_s:6.1f} MB/s")
    print(f"load_corpus, cold, 1   {serial_s:8.2f} s   {per_core:6.2f} MB/s per core   "
          f"{result['ratio_to_rjieba']}x rjieba, {result['ratio_to_jieba']}x jieba")
    print(f"load_corpus, cold, {cores}   {parallel_s:8.2f} s   speed-up {result['parallel_speedup']}")
    print(f"load_corpus, warm      {warm_s:8.2f} s")
    print(f"parse + words, cold, 1 {words_s:8.2f} s   {mb / words_s:6.2f} MB/s per core   "
          f"{result['parse_and_words_ratio_to_rjieba']}x rjieba")
    print(f"identical results      {same}")
    print(f"peak RSS               {result['peak_rss_mb']:8.1f} MB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
