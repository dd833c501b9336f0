"""Benchmark: hostile files against the reader's limits (issue 29). Each file gets a folder of its own, and
``python -m govreports check FOLDER`` runs on it in a fresh process, with an empty parse cache of its own: the
time it takes and its peak RSS, with the status and reason ``check`` gives.

The files: one seed report (the baseline: starting Python and importing the package), a .docx of about
0.8 MB whose document.xml inflates to about 210 MB, a PDF of about 0.3 MB whose content stream inflates to
300 MB, and a (sparse) text file of 150 MB, over the size limit. The limits are the defaults (the variables
GOVREPORTS_MAX_FILE_MB and GOVREPORTS_MAX_INFLATED_MB are removed from the environment of the runs).
Prints one line per file, then one JSON line.
Usage: python bench/bombs.py [--folder DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_hostile_files import docx_bomb, pdf_bomb, sparse_file  # noqa: E402

from govreports.read import limits  # noqa: E402

# Runs ``check`` and prints its wall time and the peak RSS of that one child (this probe has no other child).
PROBE = """
import resource, subprocess, sys, time
t = time.perf_counter()
out = subprocess.run([sys.executable, "-m", "govreports", "check", sys.argv[1]], capture_output=True, text=True)
seconds = time.perf_counter() - t
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, out.returncode)
print(out.stdout.splitlines()[1] if len(out.stdout.splitlines()) > 1 else out.stderr.strip())
"""


def build(work: Path) -> dict[str, Path]:
    """One folder per hostile file, under ``work``."""
    files = {
        "baseline.txt": lambda p: shutil.copyfile(ROOT / "seeds" / "004_a22d0bcf015e227f.txt", p),
        "bomb.docx": lambda p: docx_bomb(p, inflated_mb=210),
        "bomb.pdf": lambda p: p.write_bytes(pdf_bomb(300)),
        "huge.txt": lambda p: sparse_file(p, 150 * 10**6),
    }
    out = {}
    for name, make in files.items():
        folder = work / name.replace(".", "_")
        folder.mkdir(parents=True, exist_ok=True)
        make(folder / name)
        out[name] = folder
    return out


def measure(folder: Path, cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (limits.MAX_FILE_VAR, limits.MAX_INFLATED_VAR)}
    env["GOVREPORTS_CACHE"] = str(cache)
    out = subprocess.run([sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, env=env,
                         cwd=cache.parent, timeout=900)
    first, row = (out.stdout.splitlines() + ["", ""])[:2]
    seconds, rss_kb, code = first.split()
    fields = row.split("\t")
    return {"seconds": round(float(seconds), 2), "peak_rss_mb": round(int(rss_kb) / 1024, 1), "exit": int(code),
            "status": fields[1] if len(fields) > 1 else "", "reason": fields[8] if len(fields) > 8 else row}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folder", type=Path, default=None, help="where to write the hostile files")
    a = ap.parse_args()
    work = a.folder or Path(tempfile.mkdtemp(prefix="govreports-bombs-"))
    folders = build(work)
    result = {}
    for name, folder in folders.items():
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        r = measure(folder, work / f"cache-{folder.name}")
        result[name] = {"mb": round(size, 2), **r}
        print(f"{name:14} {size:7.2f} MB   {r['seconds']:6.2f} s   peak RSS {r['peak_rss_mb']:6.1f} MB   "
              f"{r['status']}: {r['reason']}")
    print(json.dumps(result, ensure_ascii=False))
    if not a.folder:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
