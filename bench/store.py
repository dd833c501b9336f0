"""Benchmark: the Parquet store (``python -m govreports store``) on N synthetic reports, and the chapters' queries
on it, beside the path the chapters take today (a warm ``load_corpus`` and the same aggregates in pandas).

For each N: the store built clean (empty parse cache, no store), again unchanged, and again after one report
changed; wall time and the peak resident memory of the whole process tree (the command and its workers, sampled
from /proc as bench/book.py does). Then each of the chapters' queries in DuckDB, with the store's size on disk.
``--compare-load`` also times a warm ``load_corpus`` of the folder (every parse cached) in a process of its own,
with its peak memory: the step the store's queries replace (up to :data:`COMPARE_LOAD_UPTO` reports: it holds
every report in memory: 2.3 GB at 10,000). Prints the figures, then one JSON line.

``--cluster`` also builds the smallest corpus's store clean on a Dask ``LocalCluster`` of one worker process per
core (the path a cluster takes: tasks shipped to workers, results gathered), beside the local build: wall time
only (the workers are this process's children, not the command's).
``--save FILE`` also writes the figures, with the date, the commit and the machine's cores and memory, to FILE
(the methods appendix shows ``bench/results/store.json``, written by ``make bench``).

Usage: python bench/store.py [--reports N [N ...]] [--folder DIR] [--compare-load] [--cluster] [--save FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))
from book import TreePeak, record  # noqa: E402
from synthetic import synthetic_corpus  # noqa: E402

from govreports.store.query import CHAPTER_QUERIES, connect  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMPARE_LOAD_UPTO = 10_000


def run(cmd: list[str], env: dict) -> dict:
    """One command: wall seconds and the peak RSS of its process tree (and of its largest process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreePeak(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {stderr[-2000:]}")
    return {"wall_s": round(time.perf_counter() - start, 2), "tree_peak_rss_mb": round(sampler.peak_kb / 1024, 1),
            "peak_rss_mb": round(sampler.largest_kb / 1024, 1), "said": (stderr.strip().splitlines() or [""])[-1],
            "stdout": stdout.strip()}


LOAD = """
import time, resource, sys
t = time.perf_counter()
from govreports.corpus import load_corpus
c = load_corpus(sys.argv[1])
n = len(c.paragraphs) + len(c.metrics) + len(c.compliance)
print(f"{time.perf_counter() - t:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {n}")
"""


def bench(n: int, base: Path, compare_load: bool) -> dict:
    folder, store, cache = base / f"corpus-{n}", base / f"store-{n}", base / f"cache-{n}"
    t = time.perf_counter()
    paths = synthetic_corpus(n, folder) if not folder.is_dir() else sorted(folder.glob("*.txt"))
    made = time.perf_counter() - t
    for path in (store, cache):
        shutil.rmtree(path, ignore_errors=True)
    env = {**os.environ, "GOVREPORTS_CACHE": str(cache)}
    env.pop("GOVREPORTS_SCHEDULER", None)
    cmd = [sys.executable, "-m", "govreports", "store", str(folder), "--out", str(store)]
    out = {"reports": len(paths), "mb": round(sum(p.stat().st_size for p in paths) / 1e6, 1),
           "corpus_written_s": round(made, 1), "clean": run(cmd, env), "unchanged": run(cmd, env)}
    with paths[len(paths) // 2].open("a", encoding="utf-8") as fh:
        fh.write("\n本年度新建法律援助工作站3个。\n")
    out["one_changed"] = run(cmd, env)
    out["analysed"] = int(sum(s == "ok" for s in pq.read_table(store / "files.parquet", columns=["status"])
                                .column(0).to_pylist()))
    out["store_mb"] = round(sum(p.stat().st_size for p in store.rglob("*.parquet")) / 1e6, 1)
    queries = {}
    with connect(store) as con:
        for name, sql in CHAPTER_QUERIES.items():
            t = time.perf_counter()
            rows = len(con.execute(sql).df())
            queries[name] = {"s": round(time.perf_counter() - t, 3), "rows": rows}
    out["queries"] = queries
    if compare_load and n <= COMPARE_LOAD_UPTO:
        loaded = run([sys.executable, "-c", LOAD, str(folder)], env)  # every parse is in the cache now
        seconds, rss, _ = loaded["stdout"].split()
        out["warm_load_corpus"] = {"s": float(seconds), "peak_rss_mb": float(rss)}
    return out


def on_cluster(n: int, base: Path) -> dict:
    """The clean store of the corpus of ``n`` reports built on a LocalCluster (a fresh cache and store)."""
    from distributed import LocalCluster

    folder, store, cache = base / f"corpus-{n}", base / f"store-{n}-cluster", base / f"cache-{n}-cluster"
    for path in (store, cache):
        shutil.rmtree(path, ignore_errors=True)
    env = {**os.environ, "GOVREPORTS_CACHE": str(cache)}
    cores = os.cpu_count() or 1
    with LocalCluster(n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        cmd = [sys.executable, "-m", "govreports", "store", str(folder), "--out", str(store),
               "--scheduler", cluster.scheduler_address]
        return {"workers": cores, **run(cmd, env)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, nargs="+", default=[1000])
    ap.add_argument("--folder", type=Path, default=None, help="where to write the corpora, caches and stores")
    ap.add_argument("--compare-load", action="store_true")
    ap.add_argument("--cluster", action="store_true")
    ap.add_argument("--save", type=Path, default=None, help="write the figures as JSON to this file")
    a = ap.parse_args()
    base = a.folder or Path(tempfile.mkdtemp(prefix="govreports-store-"))
    results = []
    print(f"{os.cpu_count()} cores")
    for n in a.reports:
        r = bench(n, base, a.compare_load)
        results.append(r)
        print(f"{r['reports']} synthetic reports, {r['mb']} MB; store {r['store_mb']} MB")
        for name in ("clean", "unchanged", "one_changed"):
            s = r[name]
            print(f"  store {name:<12}{s['wall_s']:8.1f} s  tree peak {s['tree_peak_rss_mb']:7.0f} MB "
                  f"(largest process {s['peak_rss_mb']:5.0f} MB)  {s['said']}")
        total = sum(q["s"] for q in r["queries"].values())
        print(f"  DuckDB, the {len(r['queries'])} chapter queries: {total:.2f} s in all "
              + ", ".join(f"{k} {v['s']:.2f} s" for k, v in r["queries"].items()))
        if a.cluster and n == min(a.reports):
            r["cluster_clean"] = on_cluster(n, base)
            c = r["cluster_clean"]
            print(f"  store clean on a Dask LocalCluster of {c['workers']} workers: {c['wall_s']:.1f} s, "
                  f"{c['wall_s'] / r['clean']['wall_s']:.2f}x the local build")
        if "warm_load_corpus" in r:
            w = r["warm_load_corpus"]
            print(f"  warm load_corpus + tables built from the reports (the chapters without the store): {w['s']:.2f} s, peak {w['peak_rss_mb']:.0f} MB; "
                  f"ratio to the queries {w['s'] / max(total, 1e-3):.0f}x")
    print(json.dumps(results))
    if a.save:
        a.save.parent.mkdir(parents=True, exist_ok=True)
        a.save.write_text(json.dumps(record(results), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
