"""The parse is lossless: spans tile the text and every span's text is found again at its offsets."""
import pytest

import govreports as gr


def _parse_all(seed_files):
    return [gr.parse_file(f) for f in seed_files]


def check_lossless(r: gr.Report) -> None:
    text = r.text
    # Lines tile the text.
    pos = 0
    for ln in r.lines:
        assert ln.start == pos and ln.start <= ln.content_start <= ln.content_end <= ln.end
        pos = ln.end
    assert pos == len(text)
    # Segments tile the text and concatenate back to it.
    segs = gr.segments(text, r.lines)
    assert "".join(text[s:e] for _, s, e in segs) == text
    assert all(a[2] == b[1] for a, b in zip(segs, segs[1:]))
    # Sections nest; siblings are ordered and disjoint; paragraphs lie inside their section.
    def walk(secs, lo, hi):
        prev_end = lo
        for s in secs:
            assert prev_end <= s.start < s.end <= hi
            assert text[s.heading_start:s.heading_end].startswith(s.numbering)
            assert s.heading in text[s.heading_start:s.heading_end]
            for p in s.paragraphs:
                assert s.start <= p.start <= p.end <= s.end
            walk(s.children, s.start, s.end)
            prev_end = s.end
    walk(r.sections, 0, len(text))
    # Paragraphs are disjoint; sentences tile their paragraph; every span's text is at its offsets.
    paras = r.paragraphs()
    assert all(a.end <= b.start for a, b in zip(paras, paras[1:]))
    for p in paras:
        assert text[p.start:p.end] == p.text and p.text.strip() == p.text
        assert "".join(s.text for s in p.sentences) == p.text
        for s in p.sentences:
            assert text[s.start:s.end] == s.text
    # Every non-blank character is either chrome/title/closing or inside a heading, paragraph or the preamble.
    covered = set()
    for p in paras:
        covered.update(range(p.start, p.end))
    for top in r.sections:
        for s in top.walk():
            covered.update(range(s.heading_start, s.heading_end))
    for ln in r.lines:
        if ln.kind in ("chrome", "title", "closing", "blank"):
            covered.update(range(ln.content_start, ln.content_end))
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert not missing, f"characters in no span: {text[missing[0]:missing[0] + 20]!r}"


def test_seeds_parse_losslessly(seed_files):
    for r in _parse_all(seed_files):
        check_lossless(r)


def test_lossless_with_crlf_and_bom(seed_files):
    for f in seed_files:
        data = b"\xef\xbb\xbf" + f.read_bytes().replace(b"\n", b"\r\n")
        check_lossless(gr.parse_bytes(data, f.name))


def test_page_chrome_is_kept_as_chrome_and_out_of_paragraphs(seed_files):
    r = gr.parse_file(seed_files[2])  # the web copy with 发布时间… and 扫一扫在手机打开当前页
    chrome = [r.text[ln.content_start:ln.content_end] for ln in r.lines if ln.kind == "chrome"]
    assert chrome == ["发布时间:2022-03-01 11:55 信息来源:县司法局", "扫一扫在手机打开当前页"]
    assert not any("扫一扫" in p.text or "发布时间" in p.text for p in r.paragraphs())


def test_breadcrumbs_and_metadata_bars_are_chrome():
    text = ("当前位置: 首页 > 政务公开 > 法治政府建设\n字号：大 中 小\n浏览次数：1024\n"
            "某某县人民政府关于2023年度法治政府建设情况的报告\n2023年，我县深入推进法治政府建设。现报告如下：\n"
            "一、主要举措和成效\n全年办理行政复议案件12件。\n打印本页 关闭窗口\n")
    r = gr.parse_text(text)
    kinds = [ln.kind for ln in r.lines]
    assert kinds == ["chrome", "chrome", "chrome", "title", "preamble", "heading", "body", "chrome"]
    check_lossless(r)


def test_run_in_headings_split_at_the_first_full_stop(seed_files):
    r = gr.parse_file(seed_files[3])
    sec = r.sections[1]
    assert sec.run_in and sec.heading == "加强规范性文件管理"
    assert r.text[sec.heading_end:].startswith("扎实开展规范性文件合法性审核工作。")
    assert sec.paragraphs[0].text.startswith("扎实开展")


def test_heading_hierarchy_and_unnumbered_heading(seed_files):
    r = gr.parse_file(seed_files[4])
    assert [s.numbering for s in r.sections] == ["一、", "二、", "三、", ""]
    assert r.sections[3].heading == "下一步工作打算"
    assert [c.numbering for c in r.sections[0].children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert all(c.depth == 2 for c in r.sections[3].children)
    r2 = gr.parse_file(seed_files[2])
    assert [c.numbering for c in r2.sections[2].children] == [f"{i}." for i in range(1, 9)]


@pytest.mark.parametrize("line, numbering", [
    ("一、主要工作", "一、"), ("（三）强化监督", "（三）"), ("(十二)其他", "(十二)"), ("3.加强培训", "3."),
    ("１２．完善制度", "１２．"), ("(2)开展普法", "(2)"), ("②落实责任", "②"), ("第二部分 存在的问题", "第二部分"),
])
def test_heading_numbering_styles(line, numbering):
    from govreports.parse.structure import match_heading
    assert match_heading(line)[1] == numbering


@pytest.mark.parametrize("line", ["2.5亿元用于法治建设", "2022年，我县开展培训", "一是加强学习。", "12345热线全年受理"])
def test_non_headings(line):
    from govreports.parse.structure import match_heading
    assert match_heading(line) is None
