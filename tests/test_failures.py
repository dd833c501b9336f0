"""Failures a user can cause: each gives a reason, never a hang, a traceback or a silent loss.

Hangs are guarded by a time limit of the subprocess itself (a test that hangs fails), not by timing.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govreports as gr
from govreports import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "004_a22d0bcf015e227f.txt"


def run(*args, timeout=120, **kw):
    return subprocess.run([sys.executable, "-m", "govreports", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kw)


def one_error_line(out):
    lines = out.stderr.strip().splitlines()
    return out.returncode == 2 and "Traceback" not in out.stderr and len(lines) == 1 and lines[0].startswith("error: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_not_read(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    out = run("parse", fifo, timeout=30)  # reading a FIFO would block forever
    assert one_error_line(out) and "FIFO" in out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_special_files_and_link_loops_in_a_folder_are_listed(tmp_path):
    (tmp_path / "r.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    corpus = gr.load_corpus(tmp_path)
    assert corpus.ids == ["r"]
    reasons = dict(zip(corpus.skipped["file"], corpus.skipped["reason"]))
    assert set(reasons) == {"pipe.txt", "loop.txt", "sub/up"}
    assert "FIFO" in reasons["pipe.txt"] and "not followed" in reasons["sub/up"]


def test_parsing_time_grows_linearly_with_a_long_line(tmp_path):
    unit = "全年办理“双随机”案件12件，审查文件《规定》35份，办结率98%；"
    text = "某县2023年法治政府建设情况报告\n一、主要成效" + unit * (4_000_000 // len(unit.encode())) + "\n"
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    out = run("parse", tmp_path / "long.txt", timeout=180)  # a 4 MB line used to take minutes and gigabytes
    assert out.returncode == 0 and "long.txt\t2023" in out.stdout


def test_export_to_an_existing_file_is_one_error_line(tmp_path):
    target = tmp_path / "out"
    target.write_text("x")
    out = run("export", ROOT / "seeds", "--out", target, "--formats", "csv")
    assert one_error_line(out)


def test_export_of_an_unknown_format_writes_nothing(tmp_path):
    out = run("export", ROOT / "seeds", "--out", tmp_path / "out", "--formats", "xlsx")
    assert one_error_line(out) and "xlsx" in out.stderr and not (tmp_path / "out").exists()


def test_add_to_a_folder_that_cannot_be_written(tmp_path, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "ro" / "x.txt"))

    monkeypatch.setattr(Path, "write_text", refuse)  # as root, chmod would not stop the write
    code = cli.main(["add", str(SEED), "--to", str(tmp_path / "ro")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("error: Permission denied")


def test_add_finds_a_copy_in_a_sub_folder_or_another_suffix(tmp_path):
    (tmp_path / "corpus" / "2022").mkdir(parents=True)
    (tmp_path / "corpus" / "2022" / "xincai.text").write_bytes(SEED.read_bytes())
    out = run("add", SEED, "--to", tmp_path / "corpus")
    assert out.returncode == 0 and "duplicate" in out.stdout and "2022/xincai.text" in out.stdout
    assert len(list((tmp_path / "corpus").rglob("*"))) == 2  # the folder and the one file


def test_a_newline_in_a_file_name_keeps_one_row_per_file(tmp_path):
    (tmp_path / "a\nb.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "c.txt").write_bytes((ROOT / "seeds" / "002_c1ce23b88eafd010.txt").read_bytes())
    out = run("check", tmp_path)
    rows = out.stdout.strip().splitlines()
    assert len(rows) == 3 and rows[1].startswith("a\\nb.txt\t")
    parsed = run("parse", tmp_path / "a\nb.txt").stdout.splitlines()
    assert parsed[0].startswith("a\\nb.txt") or "\\n" in parsed[0]


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this system")
def test_a_relative_corpus_path_is_made_absolute_by_make():
    # what a recipe of the Makefile sees when a user types GOVREPORTS_CORPUS=./seeds make …
    show = "show-corpus:\n\t@echo $$GOVREPORTS_CORPUS\n"
    out = subprocess.run(["make", "-s", "-f", "Makefile", "-f", "-", "show-corpus"], input=show, cwd=ROOT,
                         capture_output=True, text=True, timeout=60, env={**os.environ, "GOVREPORTS_CORPUS": "./seeds"})
    assert out.stdout.strip() == str(ROOT / "seeds")


def test_the_corpus_says_what_it_mixes(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for year in (2021, 2022):
        (tmp_path / f"{year}.txt").write_text(text.replace("2022年", f"{year}年"), encoding="utf-8")
    assert gr.load_corpus(tmp_path).mix() == "years"
    assert gr.load_corpus(ROOT / "seeds").mix() == "places_and_years"


def test_a_chapter_on_a_corpus_without_reports_says_so(tmp_path):
    from govreports.book import chapters as book

    (tmp_path / "plan.txt").write_text("某县2024年法治政府建设工作要点\n一、加强党的领导\n（一）落实第一责任人职责。\n", encoding="utf-8")
    corpus = gr.load_corpus(tmp_path)
    assert not corpus.reports and list(corpus.set_aside["genre"]) == ["work_plan"]
    assert "是工作要点" in book.unread_files(corpus).loc["plan.txt", "原因"]
    assert "n_reports" in book.glue_keys(ROOT / "chapters" / "corpus.ipynb")
    assert book._placeholder_cell(["x = 1\n"]) == []
    assert "message_figure" in "".join(book._placeholder_cell(["fig = plotting.chart(x)\n"]))


def test_export_of_a_folder_without_reports_is_one_error_line(tmp_path):
    (tmp_path / "corpus").mkdir()
    out = run("export", tmp_path / "corpus", "--out", tmp_path / "out")
    assert one_error_line(out) and "nothing to export" in out.stderr
    out = run("profiles", tmp_path / "corpus", "--out", tmp_path / "profiles")
    assert out.returncode == 2 and one_error_line(out) and "no profile pages to write" in out.stderr
    assert run("profiles", tmp_path / "corpus", "--out", tmp_path / "profiles", "--allow-empty").returncode == 0
    assert "没有档案页" in (tmp_path / "profiles" / "index.md").read_text(encoding="utf-8")  # the book still builds


def test_corpus_size_rules_live_in_one_module():
    import inspect

    from govreports import limits
    from govreports.book import plotting, tables

    def default(func, name):
        return inspect.signature(func).parameters[name].default

    assert default(gr.Corpus.fold, "max_rows") == limits.REPORTS_SHOWN
    assert default(plotting.compliance_chart, "max_rows") == limits.REPORTS_SHOWN
    assert default(tables.template.similarity_shown, "max_rows") == limits.REPORTS_SHOWN
    assert default(plotting.trend_chart, "max_places") == limits.PANEL_PLACES
    assert default(plotting.small_multiples, "max_panels") == limits.PANELS
    assert "REPORTS_LISTED" in (ROOT / "chapters" / "corpus.ipynb").read_text(encoding="utf-8")


def test_profiles_of_another_corpus_do_not_stay_behind(tmp_path):
    from govreports.book.profiles import write_profiles

    seeds = gr.load_corpus(ROOT / "seeds")
    first = write_profiles(seeds, tmp_path / "profiles")
    one = tmp_path / "one"
    one.mkdir()
    (one / "r.txt").write_bytes(SEED.read_bytes())
    second = write_profiles(gr.load_corpus(one), tmp_path / "profiles")
    pages = sorted(p.name for p in (tmp_path / "profiles").rglob("report-*.md"))
    assert len(first) == 5 and pages == sorted(p.name for p in second) and len(pages) == 1


def test_make_book_is_the_build_script_which_checks_the_folder_first():
    # tools/build_book.py checks the corpus folder (govreports ready) before it removes the old book
    # (tests/test_build_book.py)
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nbook:", 1)[1].split("\n\n", 1)[0]
    steps = [line.strip() for line in recipe.splitlines()[1:]]
    assert len(steps) == 1 and "tools/build_book.py" in steps[0]


def test_chapter_1_shows_reasons_whole(tmp_path):
    from notebooks import html_shown, run_chapter

    (tmp_path / "r.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    shown = html_shown(run_chapter("corpus.ipynb", tmp_path))
    from govreports.book.messages import zh

    reason = zh(gr.load_corpus(tmp_path).skipped["reason"].iloc[0])  # the reader's Chinese, whole
    assert len(reason) > 10 and reason in shown
