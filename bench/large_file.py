"""Benchmark: one large file against the same bytes as many files (issue 29: reading must stay linear in the
size of a file).

Builds a text of about ``--mb`` MB by concatenating synthetic reports (bench/synthetic.py), and the same
bytes split at report boundaries into ``--files`` files; then a web page (.html) holding that text, one
``<p>`` per line inside a page with a head, a script and a navigation bar, and the same split into pages.
Each side is parsed through ``load_corpus`` (the path of the book and of every command: read_folder,
parse_files), on one core and with the parse cache off, so that both sides get the same treatment. The
ratio is the CPU time of the one file over that of the many files (acceptance: at most 3); everything runs
in this process, so CPU time does not depend on what else the machine runs (wall times are printed too). With
``--profiles``, the profile pages of the text are written too (``python -m govreports profiles``:
load_corpus and write_profiles), for the one file and for the many.

Peak RSS is the largest of this process so far (the large file's parse holds all of its structure at once).
Prints the figures, then one JSON line.
Usage: python bench/large_file.py [--mb 30] [--files 1000] [--no-html] [--profiles] [--folder DIR]
"""
from __future__ import annotations

import argparse
import html
import json
import math
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import SEEDS, synthetic_corpus  # noqa: E402

from govreports.corpus import load_corpus  # noqa: E402

LIMIT = 3.0  # the acceptance: one file at most this many times the time of the same bytes as many files
PAGE_HEAD = ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>法治政府建设年度报告</title>\n'
             '<style>p { text-indent: 2em; }</style><script>var site = {"id": 1};</script></head>\n<body>\n'
             '<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/fzzf/">法治政府</a></div>\n'
             '<div class="content">\n')
PAGE_TAIL = '</div>\n<div class="footer">主办单位：人民政府办公室</div>\n</body></html>\n'


def timed(fn):
    """(wall seconds, CPU seconds of this process, result): everything runs in this process (one core), so
    the CPU time is the work done, whatever else the machine is running."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def report_texts(mb: float, work: Path) -> list[str]:
    """Synthetic reports, in order, until their bytes reach ``mb`` MB; each ends with a line break."""
    mean = sum(p.stat().st_size for p in SEEDS.glob("*.txt")) / max(1, len(list(SEEDS.glob("*.txt"))))
    n = max(1, math.ceil(mb * 1e6 / mean))
    texts, size = [], 0
    for p in synthetic_corpus(n, work / "synthetic"):
        text = p.read_text(encoding="utf-8")
        text += "" if text.endswith("\n") else "\n"
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= mb * 1e6:
            break
    shutil.rmtree(work / "synthetic")
    return texts


def page(text: str) -> str:
    """A web page holding ``text``: one paragraph per non-blank line, markup escaped."""
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in text.splitlines() if ln.strip())
    return PAGE_HEAD + body + PAGE_TAIL


def write_sides(texts: list[str], files: int, folder: Path, suffix: str, wrap) -> tuple[Path, Path, float]:
    """``folder/one`` holding every text in one file, ``folder/many`` the same texts in ``files`` files of
    consecutive reports. Returns the two folders and the size of the one file in MB."""
    one, many = folder / "one", folder / "many"
    shutil.rmtree(folder, ignore_errors=True)  # a folder of an earlier run (--folder): written afresh
    one.mkdir(parents=True)
    many.mkdir(parents=True)
    big = wrap("".join(texts)).encode("utf-8")
    (one / f"large{suffix}").write_bytes(big)
    files = min(files, len(texts))
    for k in range(files):
        chunk = texts[k * len(texts) // files:(k + 1) * len(texts) // files]
        (many / f"part_{k:05d}{suffix}").write_text(wrap("".join(chunk)), encoding="utf-8")
    return one, many, len(big) / 1e6


def compare(one: Path, many: Path, mb: float, files: int) -> dict:
    """The parse of the one file and of the many files (load_corpus, one core, no cache)."""
    one_s, one_cpu, c1 = timed(lambda: load_corpus(one, workers=1, cache=False))
    many_s, many_cpu, cn = timed(lambda: load_corpus(many, workers=1, cache=False))
    return {"mb": round(mb, 2), "files": files, "one_file_s": round(one_s, 3), "many_files_s": round(many_s, 3),
            "one_file_cpu_s": round(one_cpu, 3), "many_files_cpu_s": round(many_cpu, 3),
            "ratio": round(one_cpu / many_cpu, 2), "wall_ratio": round(one_s / many_s, 2),
            "one_file_mb_per_s": round(mb / one_cpu, 2), "many_files_mb_per_s": round(mb / many_cpu, 2),
            "sections": sum(len(r.sections) for r in c1.reports), "metrics": sum(len(r.metrics) for r in c1.reports),
            "many_sections": sum(len(r.sections) for r in cn.reports),
            "many_metrics": sum(len(r.metrics) for r in cn.reports)}


def profiles_times(one: Path, many: Path, work: Path) -> dict:
    """``python -m govreports profiles`` on each side, in this process: load_corpus, then write_profiles."""
    from govreports.book.profiles import write_profiles

    def run(folder: Path, out: Path):
        corpus = load_corpus(folder, workers=1, cache=False)
        return write_profiles(corpus, out)

    one_s, one_cpu, pages = timed(lambda: run(one, work / "profiles-one"))
    many_s, many_cpu, _ = timed(lambda: run(many, work / "profiles-many"))
    return {"one_file_s": round(one_s, 3), "many_files_s": round(many_s, 3), "one_file_cpu_s": round(one_cpu, 3),
            "many_files_cpu_s": round(many_cpu, 3), "ratio": round(one_cpu / many_cpu, 2),
            "wall_ratio": round(one_s / many_s, 2),
            "one_file_page_mb": round(sum(p.stat().st_size for p in pages) / 1e6, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=30, help="size of the large text in MB (default 30)")
    ap.add_argument("--files", type=int, default=1000, help="files the same bytes are split into (default 1000)")
    ap.add_argument("--no-html", action="store_true", help="leave out the web page")
    ap.add_argument("--profiles", action="store_true", help="also time the profile pages of the text")
    ap.add_argument("--folder", type=Path, default=None, help="where to write the files (default: a temporary folder)")
    a = ap.parse_args()
    work = a.folder or Path(tempfile.mkdtemp(prefix="govreports-large-"))
    texts = report_texts(a.mb, work)
    load_corpus(SEEDS, workers=1, cache=False)  # imports, dictionaries and compiled patterns, before timing

    result: dict = {"reports": len(texts)}
    one, many, mb = write_sides(texts, a.files, work / "text", ".txt", lambda t: t)
    result["text"] = compare(one, many, mb, a.files)
    if not a.no_html:
        h_one, h_many, h_mb = write_sides(texts, a.files, work / "html", ".html", page)
        result["html"] = compare(h_one, h_many, h_mb, a.files)
    if a.profiles:
        result["profiles"] = profiles_times(one, many, work)
    result["peak_rss_mb"] = peak_rss_mb()
    result["within_limit"] = all(result[k]["ratio"] <= LIMIT for k in ("text", "html") if k in result)
    if a.folder is None:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{len(texts)} synthetic reports; one file against the same bytes as {result['text']['files']} files "
          f"(load_corpus, 1 core, no cache)")
    print(f"{'':8s} {'MB':>6s} {'one file':>10s} {'many files':>11s} {'ratio':>6s}   (CPU seconds; wall seconds)")
    rows = [(key, result[key]) for key in ("text", "html", "profiles") if key in result]
    for key, r in rows:
        mb = result["text" if key == "profiles" else key]["mb"]
        print(f"{key:8s} {mb:6.1f} {r['one_file_cpu_s']:9.2f}s {r['many_files_cpu_s']:10.2f}s {r['ratio']:6.2f}"
              f"   ({r['one_file_s']:.2f}s / {r['many_files_s']:.2f}s wall, ratio {r['wall_ratio']:.2f})")
    if "profiles" in result:
        print(f"profile page of the one file: {result['profiles']['one_file_page_mb']} MB")
    print(f"within {LIMIT:g}x        {result['within_limit']}")
    print(f"peak RSS        {result['peak_rss_mb']:8.1f} MB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
