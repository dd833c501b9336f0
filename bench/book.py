"""Benchmark: the whole ``make book`` on N synthetic reports: clean (no book, no caches), then again with the
corpus unchanged, then again after one report changed. Wall time, CPU time of the build and its children,
peak RSS of the largest process and of the whole process tree (the sum over the build's processes alive at the
same moment, sampled from /proc every 0.1 s: parallel chapters and Sphinx workers count together), the same sum
of PSS (a page shared by forked workers counted once, where the RSS sum counts it in each; sampled every second,
as reading it costs the build time), the largest processes at the moment of the tree's peak (what the peak is made
of), pages written and how many of them are profile pages.

It runs ``make book`` in this repository with GOVREPORTS_CORPUS set, so the book it leaves in _build/html
is the synthetic one (``make book`` afterwards rebuilds the seeds' book). Prints the figures, then one JSON
line per size. ``--save FILE`` also keeps them, with the date, the commit and the machine, in FILE (the methods
appendix reads ``bench/results/book.json``); sizes already in FILE and not measured again stay.
``--memory 3G`` also builds clean within that memory budget (``GOVREPORTS_MEMORY``: fewer chapters at once).
Usage: python bench/book.py [--reports N [N ...]] [--folder DIR] [--save FILE] [--memory BUDGET]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # gone since it was listed
    return 0


def _tree(root: int) -> list[int]:
    """The root process and all its descendants (from each process's parent in /proc/PID/stat)."""
    parent = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parent[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except (OSError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(child for child, up in parent.items() if up == pid)
    return out


def _pss_kb(pid: int) -> int:
    """A process's proportional set size: its resident pages, each page shared with others counted in part (a
    worker forked from a parent shares the parent's pages until it writes them; RSS counts them in both)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # gone since it was listed, or a kernel without smaps_rollup
    return 0


# PSS is read at every PSS_EVERY-th sample only: the kernel walks every page of a process to give it, and ten times
# a second it cost the build it measured about 7 s of 31 (1,000 reports, one changed). RSS is read every time.
PSS_EVERY = 10


def _command(pid: int, width: int = 90) -> str:
    """A process's command line, shortened (what it is, for the list of processes at the peak)."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(w.decode("utf-8", "replace") for w in words if w)
    return text if len(text) <= width else text[:width - 1] + "…"


# How many of the largest processes at the tree's peak are named in the figures.
AT_PEAK = 6


class TreePeak(threading.Thread):
    """The largest sum of resident memory of a process and its descendants (as RSS, and as PSS, which counts
    shared pages once), and the largest RSS of any one of them, sampled until stopped (getrusage cannot tell:
    its children's maximum is the largest since this one began); also the largest processes at the moment of the
    tree's peak (``at_peak``: command and RSS in kB), which says what the peak is made of."""

    def __init__(self, root: int, every: float = 0.1, pss_every: int = PSS_EVERY):
        super().__init__(daemon=True)
        self.root, self.every, self.peak_kb, self.largest_kb, self.pss_kb = root, every, 0, 0, 0
        self.pss_every = pss_every
        self.at_peak: list[tuple[str, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        samples = 0
        while not self.done.is_set():
            tree = _tree(self.root)
            sizes = [_rss_kb(pid) for pid in tree]
            if sum(sizes) > self.peak_kb:
                self.peak_kb = sum(sizes)
                largest = sorted(zip(sizes, tree), reverse=True)[:AT_PEAK]
                self.at_peak = [(_command(pid), kb) for kb, pid in largest]
            self.largest_kb = max(self.largest_kb, *sizes, 0)
            if samples % self.pss_every == 0:
                self.pss_kb = max(self.pss_kb, sum(_pss_kb(pid) for pid in tree))
            samples += 1
            self.done.wait(self.every)


def run_make(corpus: Path, memory: str | None = None) -> dict:
    """One ``make book``: wall and CPU seconds, peak RSS (largest process, and the whole tree) and HTML pages;
    within the memory budget ``memory`` (``GOVREPORTS_MEMORY``) when given, else with none."""
    env = {k: v for k, v in os.environ.items() if k != "GOVREPORTS_MEMORY"} | {"GOVREPORTS_CORPUS": str(corpus)}
    if memory:
        env["GOVREPORTS_MEMORY"] = memory
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(["make", "-s", "book"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreePeak(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.done.set()
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.stderr.write(stdout[-3000:] + stderr[-3000:])
        raise SystemExit(f"make book failed ({proc.returncode})")
    pages = sum(1 for _ in (ROOT / "_build" / "html").rglob("*.html"))
    profiles = sum(1 for _ in (ROOT / "_build" / "html" / "profiles" / "all").glob("report-*.html"))
    return {"wall_s": round(wall, 1), "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
            "peak_rss_mb": round(sampler.largest_kb / 1024, 1), "tree_peak_rss_mb": round(sampler.peak_kb / 1024, 1),
            "tree_peak_pss_mb": round(sampler.pss_kb / 1024, 1),
            "at_tree_peak": [{"process": cmd, "rss_mb": round(kb / 1024, 1)} for cmd, kb in sampler.at_peak],
            "pages": pages, "profile_pages": profiles}


def record(results: list[dict]) -> dict:
    """The figures with when, where and on what code they were measured."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {"date": time.strftime("%Y-%m-%d"), "commit": commit.strip(), "cores": os.cpu_count(),
            "memory_gb": round(memory / 2**30), "results": results}


def measure(n: int, folder: Path, memory: str | None = None) -> dict:
    """Clean, unchanged and one report changed, on ``n`` synthetic reports written to ``folder``; with ``memory``,
    clean again within that budget (``GOVREPORTS_MEMORY``)."""
    paths = synthetic_corpus(n, folder)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    shutil.rmtree(ROOT / "_build", ignore_errors=True)  # clean: no book, no parse, token or notebook caches
    clean = run_make(folder)
    unchanged = run_make(folder)
    with paths[0].open("a", encoding="utf-8") as fh:
        fh.write("\n本报告补充一句。\n")
    one_changed = run_make(folder)
    result = {"reports": len(paths), "mb": round(mb, 2), "clean": clean, "unchanged": unchanged,
              "one_changed": one_changed}
    runs = [("clean", clean), ("unchanged", unchanged), ("one report changed", one_changed)]
    if memory:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        result["clean_within_budget"] = {"memory": memory, **run_make(folder, memory)}
        runs.append((f"clean, {memory} budget", result["clean_within_budget"]))
    print(f"{len(paths)} synthetic reports, {mb:.1f} MB, {os.cpu_count()} cores, {clean['profile_pages']} profile pages")
    for name, r in runs:
        print(f"make book, {name:<24}{r['wall_s']:7.1f} s wall  {r['cpu_s']:7.1f} s CPU  "
              f"peak RSS {r['peak_rss_mb']:7.1f} MB (largest process), {r['tree_peak_rss_mb']:7.1f} MB (process tree), "
              f"PSS {r['tree_peak_pss_mb']:7.1f} MB (process tree)  "
              f"{r['pages']} pages")
        for p in r["at_tree_peak"]:
            print(f"    at the tree's peak: {p['rss_mb']:7.1f} MB  {p['process']}")
    print(json.dumps(result))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, nargs="+", default=[1000])
    ap.add_argument("--folder", type=Path, default=None, help="where to write the synthetic corpora")
    ap.add_argument("--save", type=Path, default=None, help="keep the figures in this JSON file")
    ap.add_argument("--memory", default=None, help="also build clean within this GOVREPORTS_MEMORY budget (3G)")
    a = ap.parse_args()
    base = a.folder or Path(tempfile.mkdtemp(prefix="govreports-book-"))
    results = [measure(n, base / f"corpus-{n}", a.memory) for n in a.reports]
    if a.save:
        kept = json.loads(a.save.read_text(encoding="utf-8"))["results"] if a.save.is_file() else []
        rec = record(results)
        for r in results:
            r.update(date=rec["date"], commit=rec["commit"])  # sizes may be measured at different times
        measured = {r["reports"] for r in results}
        rec["results"] = sorted([r for r in kept if r["reports"] not in measured] + results, key=lambda r: r["reports"])
        a.save.parent.mkdir(parents=True, exist_ok=True)
        a.save.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
