import codecs

import pytest

import govreports as gr
from govreports.read.decode import DecodeError, decode

SAMPLE = "新蔡县人民政府\n关于2022年度法治政府建设情况的报告\n一、工作开展情况\n（一）抓好顶层设计。一是印发方案。\n"


@pytest.mark.parametrize("encode, encoding", [
    (lambda s: s.encode("utf-8"), "utf-8"),
    (lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
    (lambda s: s.encode("gb18030"), "gb18030"),
    (lambda s: s.encode("gbk"), "gb18030"),
    (lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16-le"),
    (lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16-be"),
])
def test_encodings_decode_to_the_same_text(encode, encoding):
    dec = decode(encode(SAMPLE))
    assert dec.text == SAMPLE
    assert dec.encoding == encoding


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \r\n\t\n", "whitespace only"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"\x80\x80\xff\xfe\xfd plain", "undecodable"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid utf-16-le"),
])
def test_unreadable_input_gives_a_one_line_reason(data, reason):
    with pytest.raises(DecodeError) as exc:
        decode(data)
    assert reason in str(exc.value)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_are_kept_and_offsets_stay_exact(seed_files, newline):
    raw = seed_files[4].read_bytes().decode("utf-8")
    text = raw.replace("\n", newline)
    lf = gr.parse_text(raw)
    other = gr.parse_text(text)
    assert other.text == text  # nothing normalised away
    assert [s.heading for s in other.sections] == [s.heading for s in lf.sections]
    assert (other.title, other.place, other.year_covered) == (lf.title, lf.place, lf.year_covered)
    for sec in other.sections:
        assert text[sec.heading_start:].startswith(sec.numbering + sec.heading)


def test_gbk_with_crlf_parses_like_the_utf8_original(seed_files):
    raw = seed_files[0].read_bytes().decode("utf-8")
    gbk = raw.replace("\n", "\r\n").encode("gb18030")
    a, b = gr.parse_text(raw, file="x"), gr.parse_bytes(gbk, file="x")
    assert b.encoding == "gb18030"
    offsets = {"sections": None, "metrics": None, "problems": None, "plans": None}
    assert a.summary() | offsets == b.summary() | offsets
    assert [m.text for m in a.metrics] == [m.text for m in b.metrics]
    assert all(b.text[m.start:m.end] == m.text for m in b.metrics)  # offsets count the CR of CRLF
    assert [(s.heading, s.role) for s in a.sections] == [(s.heading, s.role) for s in b.sections]


def test_full_width_and_half_width_punctuation_give_the_same_structure(seed_files):
    raw = seed_files[0].read_bytes().decode("utf-8")
    full = raw.translate(str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"}))
    a, b = gr.parse_text(raw), gr.parse_text(full)
    assert [(s.numbering.translate({0xFF08: "(", 0xFF09: ")"}), s.role) for s in b.sections] == \
        [(s.numbering, s.role) for s in a.sections]
    assert (a.place, a.year_covered, a.level) == (b.place, b.year_covered, b.level)
