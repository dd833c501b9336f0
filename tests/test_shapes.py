"""Every chapter, executed as a user would (GOVREPORTS_CORPUS set), on corpora of several shapes.

The corpora are built in a temporary folder from the seeds, the real development set (tests/real/) and
made-up variations; nothing generated is committed. A chapter fails the test when it raises or writes
anything to stderr. Run alone with ``make test-shapes`` (it takes minutes); ``.ci/run`` runs it.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REAL = ROOT / "tests" / "real"
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
SEED = SEEDS / "004_a22d0bcf015e227f.txt"  # 新蔡县, 2022

pytestmark = pytest.mark.shapes


def _one(folder: Path) -> None:
    shutil.copy(SEED, folder)


def _same_year(folder: Path) -> None:
    shutil.copy(SEED, folder)
    (folder / "other_county.txt").write_text(SEED.read_text(encoding="utf-8").replace("新蔡", "汝南"), encoding="utf-8")


def _thirty_five(folder: Path) -> None:
    for f in sorted((REAL / "reports").glob("*.txt"))[:32]:
        shutil.copy(f, folder)
    for f in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(f, folder)
    # a report with no sections, no problems, no plans and no figures
    (folder / "bare.txt").write_text("某县人民政府关于2023年度法治政府建设情况的报告\n2023年，某县坚持依法行政，推进法治政府建设。\n",
                                     encoding="utf-8")


def _panel(folder: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    for year in (2020, 2021, 2022):
        shifted = text.replace("2023年", f"{year + 1}年").replace("2022年", f"{year}年")
        (folder / f"xincai_{year}.txt").write_text(shifted, encoding="utf-8")


def _real(folder: Path) -> None:
    shutil.copytree(REAL / "reports", folder / "reports")
    shutil.copytree(REAL / "negatives", folder / "negatives")


def _non_reports(folder: Path) -> None:
    for f in (REAL / "negatives").glob("*.txt"):
        shutil.copy(f, folder)


def _seeds_and_bad_files(folder: Path) -> None:
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "undecodable.txt").write_bytes(b"\x80\x81\xfe\xff abc")
    shutil.copy(SEED, folder / "copy_of_004.txt")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    # a report whose name is not UTF-8 (a zip made on a GBK system, unpacked here): its id is escaped (\xb1\xa8)
    shutil.copy(SEEDS / "000_dfd90d9831338273.txt", folder / b"\xb1\xa8\xb8\xe6.txt".decode("utf-8", "surrogateescape"))
    (folder / "000_dfd90d9831338273.txt").unlink()


def _mixed_formats(folder: Path) -> None:
    from documents import mixed_folder

    mixed_folder(folder)


SHAPES = {
    "one_report": _one,
    "two_reports_same_year": _same_year,
    "thirty_five_reports": _thirty_five,
    "one_place_three_years": _panel,
    "real_development_set": _real,
    "only_non_reports": _non_reports,
    "seeds_and_unreadable_files": _seeds_and_bad_files,
    "mixed_formats": _mixed_formats,
}


def _problems(nb, chapter: Path) -> list[str]:
    """Problems of one executed chapter: errors and stderr output, one line each."""
    problems = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{chapter.name}: {out['ename']}: {out['evalue'][:200]}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"{chapter.name}: stderr: {out['text'][:200]}")
    return problems


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_chapter_builds_on(shape, tmp_path, monkeypatch):
    """Each chapter in a kernel of its own, as a reader runs it (the kernel reads GOVREPORTS_CORPUS from the
    environment it starts in): no error, nothing on stderr. Then all of them in turn in one kernel, as the book's
    build runs them (govreports.book.kernels, sharing the corpus): the same outputs, cell for cell."""
    from notebooks import executed, outputs, run_chapter

    from govreports.book import kernels

    corpus = tmp_path / shape
    corpus.mkdir()
    SHAPES[shape](corpus)
    alone = {chapter: run_chapter(chapter.name, corpus, allow_errors=True) for chapter in CHAPTERS}
    problems = [p for chapter, nb in alone.items() for p in _problems(nb, chapter)]
    assert not problems, "\n".join(problems)
    monkeypatch.setenv("GOVREPORTS_CORPUS", str(corpus))
    results = kernels.execute(tmp_path / "cache", CHAPTERS, 1, 900)
    assert [r.error for r in results] == [None] * len(CHAPTERS)
    differ = [c.name for c in CHAPTERS if outputs(executed(tmp_path / "cache", c)) != outputs(alone[c])]
    assert not differ, f"in one kernel these chapters show other outputs: {differ}"


@pytest.mark.parametrize("make_folder", ["empty", "missing"])
def test_book_stops_before_building_without_reports(make_folder, tmp_path):
    folder = tmp_path / "corpus"
    if make_folder == "empty":
        folder.mkdir()
    out = subprocess.run([sys.executable, "-m", "govreports", "ready"], capture_output=True, text=True,
                         env={**os.environ, "GOVREPORTS_CORPUS": str(folder)})
    assert out.returncode == 2 and "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(folder) in lines[0]
