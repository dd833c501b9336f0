"""A folder of hard cases, generated here (never committed as binaries), and the defined behaviour of each:
parsed exactly like its clean version, skipped with a one-line reason, or kept with a warning."""
import codecs
import html
import os
import subprocess
import sys

import pytest

import govreports as gr

CLEAN = (gr.corpus.seeds_path() / "004_a22d0bcf015e227f.txt").read_text(encoding="utf-8")
NOT_A_REPORT = "关于《某某市法治政府建设实施方案》的政策解读\n一、出台背景\n为推进法治政府建设，制定本方案。\n二、主要内容\n方案共五个部分。\n"
NO_YEAR = "某县人民政府关于法治政府建设情况的报告\n一、主要成效\n办理行政复议案件3件。\n二、存在的问题\n执法力量薄弱。\n"
HOSTILE = ("<script>alert(1)</script>关于2023年度法治政府建设情况的报告\n"
           "一、主要成效\n**加粗**{eval-rst}$$x$$办理案件3件。\n二、存在的问题\n一是力量薄弱。二是制度不全。\n")


def _page(text: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>报告</title><style>p{margin:0}</style>"
            "<script>var x = '一、不是标题';</script></head><body><div class='crumb'>当前位置：首页 &gt; 政务公开</div>"
            f"{body}<script>document.write('扫码')</script></body></html>")


# Each encoded copy is of another county, so that the copies are not duplicates of one another.
VARIANT = {name: CLEAN.replace("新蔡县", county) for name, county in [
    ("gb18030.txt", "汝南县"), ("gbk_crlf.txt", "平舆县"), ("utf16le.txt", "正阳县"), ("utf16be.txt", "确山县"),
    ("utf8_bom.txt", "泌阳县"), ("half_width.txt", "上蔡县"), ("page.html", "西平县")]}
CASES = {
    # name: (bytes, expected) with expected "same" (parsed like its clean text), "skip: reason", "warn: warning"
    "gb18030.txt": (VARIANT["gb18030.txt"].encode("gb18030"), "same"),
    "gbk_crlf.txt": (VARIANT["gbk_crlf.txt"].replace("\n", "\r\n").encode("gbk"), "same"),
    "utf16le.txt": (codecs.BOM_UTF16_LE + VARIANT["utf16le.txt"].encode("utf-16-le"), "same"),
    "utf16be.txt": (codecs.BOM_UTF16_BE + VARIANT["utf16be.txt"].encode("utf-16-be"), "same"),
    "utf8_bom.txt": (codecs.BOM_UTF8 + VARIANT["utf8_bom.txt"].encode("utf-8"), "same"),
    "half_width.txt": (VARIANT["half_width.txt"].translate(str.maketrans("，：；（）", ",:;()")).encode("utf-8"), "same"),
    "page.html": (_page(VARIANT["page.html"]).encode("utf-8"), "same"),
    "zz_copy_of_gbk.txt": (VARIANT["gbk_crlf.txt"].encode("utf-8"), "skip: duplicate of gbk_crlf.txt"),
    "empty.txt": (b"", "skip: empty file"),
    "blank.txt": (b" \r\n\t\n  ", "skip: whitespace only"),
    "binary.txt": (bytes(range(256)) * 64, "skip: binary file"),
    "not_a_report.txt": (NOT_A_REPORT.encode("utf-8"), "aside: policy_interpretation"),
    "no_year.txt": (NO_YEAR.encode("utf-8"), "warn: year_covered not found"),
    "hostile.txt": (HOSTILE.encode("utf-8"), "warn: place not found"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("hard_cases")
    for name, (data, _) in CASES.items():
        (d / name).write_bytes(data)
    return d


@pytest.fixture(scope="module")
def corpus(folder):
    return gr.load_corpus(folder)


def _signature(r: gr.Report):
    return (r.title, r.issuer, r.place, r.level, r.province, r.prefecture, r.year_covered,
            [(s.numbering.translate(str.maketrans("（）", "()")), s.heading.translate(str.maketrans("，：；（）", ",:;()")), s.role)
             for s in r.sections],
            [(m.value, m.unit) for m in r.metrics], len(r.problems), len(r.plans))


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hard_case_has_its_defined_behaviour(corpus, name):
    expected = CASES[name][1]
    skipped = dict(zip(corpus.skipped["file"], corpus.skipped["reason"]))
    reports = {r.file: r for r in corpus.reports}
    aside = dict(zip(corpus.set_aside["file"], corpus.set_aside["genre"]))
    if expected.startswith("skip: "):
        assert name not in reports
        assert skipped[name].startswith(expected[6:]) and "\n" not in skipped[name]
    elif expected.startswith("aside: "):  # readable, not a report: listed with its reason, not analysed
        assert name not in reports and aside[name] == expected[7:]
    elif expected.startswith("warn: "):
        assert any(w.startswith(expected[6:]) for w in reports[name].warnings)
    else:
        assert _signature(reports[name]) == _signature(gr.parse_text(VARIANT[name])), name


def test_a_duplicate_is_reported_and_one_bad_file_stops_nothing(corpus):
    assert len(corpus.reports) == sum(not e.startswith(("skip", "aside")) for _, e in CASES.values())
    assert corpus.table["report_id"].is_unique


def test_html_page_drops_scripts_styles_and_markup(corpus):
    page = next(r for r in corpus.reports if r.file == "page.html")
    assert "不是标题" not in page.text and "document.write" not in page.text and "<p>" not in page.text
    assert any(ln.kind == "chrome" for ln in page.lines)  # the breadcrumb


def test_hostile_text_is_kept_as_text(corpus):
    r = next(r for r in corpus.reports if r.file == "hostile.txt")
    # markup glued before the title is not part of it (it is kept in the text, as page chrome)
    assert r.title == "关于2023年度法治政府建设情况的报告"
    chrome = [r.text[ln.content_start:ln.content_end] for ln in r.lines if ln.kind == "chrome"]
    assert "<script>alert(1)</script>" in chrome
    assert "**加粗**{eval-rst}$$x$$" in r.text


def test_a_20_mb_report(tmp_path):
    lines = CLEAN.split("\n")
    body = "\n".join(lines[6:])
    text = "\n".join(lines[:6]) + "\n" + "\n".join([body] * (20_000_000 // len(body.encode()) + 1))
    data = text.encode("utf-8")
    assert len(data) >= 20_000_000
    r = gr.parse_bytes(data, "big.txt")
    assert r.title == gr.parse_text(CLEAN).title and len(r.metrics) > 10_000
    assert "".join(r.text[s:e] for _, s, e in gr.segments(r.text, r.lines)) == text


def test_check_cli_lists_every_finding(folder):
    out = subprocess.run([sys.executable, "-m", "govreports", "check", str(folder)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    status = {line.split("\t")[0]: line.split("\t")[1] for line in out.stdout.splitlines()[1:]}
    assert status["empty.txt"] == "error" and status["zz_copy_of_gbk.txt"] == "duplicate"
    assert status["not_a_report.txt"] == "not a report" and status["page.html"] == "ok"
    good = subprocess.run([sys.executable, "-m", "govreports", "check", str(gr.corpus.seeds_path())],
                          capture_output=True, text=True)
    assert good.returncode == 0


def test_add_normalises_and_refuses_duplicates(folder, tmp_path):
    run = [sys.executable, "-m", "govreports", "add", str(folder / "gbk_crlf.txt"), str(folder / "zz_copy_of_gbk.txt"),
           str(folder / "empty.txt"), "--to", str(tmp_path)]
    out = subprocess.run(run, capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.strip() == f"error: {folder / 'empty.txt'}: empty file"
    added = sorted(tmp_path.glob("*.txt"))
    assert len(added) == 1 and added[0].name.startswith("2022_河南省_平舆县_")
    assert "duplicate:" in out.stdout  # the UTF-8 copy holds the same report as gbk_crlf.txt
    data = added[0].read_bytes()
    assert b"\r" not in data and data.decode("utf-8") == VARIANT["gbk_crlf.txt"]
