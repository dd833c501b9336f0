"""Radicals and compatibility ideographs are read as the unified ideographs they stand for, in every format.

Chromium prints ⼈ (U+2F08) for 人 and ⺠ (U+2EA0) for 民; some pages carry compatibility ideographs (U+F900…).
A report with them parses as its clean text does, every offset still valid, with a warning that counts them.
"""
from __future__ import annotations

import html
import io
import os
import subprocess
import sys
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import producers
import pytest
from documents import report_docx, report_pdf, truetype_font
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports.book.messages import zh
from govreports.parse.report import parse_bytes
from govreports.read.normalise import _ideographs, ideograph_note, normalise, unify
from govreports.resources import data_path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
UCD = Path("/usr/share/unicode")
TOOL = ROOT / "tools" / "make_ideograph_table.py"
COMPAT_BLOCKS = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
TABLE, PATTERN = _ideographs()


@cache
def sources() -> dict[str, list[str]]:
    """Unified ideograph → the radicals and compatibility ideographs that stand for it (the inverse table)."""
    out: dict[str, list[str]] = {}
    for code, target in sorted(TABLE.items()):
        out.setdefault(target, []).append(chr(code))
    return out


def mapped(text: str) -> int:
    """How many characters of ``text`` the table maps."""
    return sum(ord(c) in TABLE for c in text)


def page(text: str) -> str:
    """A saved web page of a report text, one paragraph a line."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    head = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>报告</title></head>'
    return f"{head}<body>\n{body}</body></html>\n"


@cache
def clean(seed: str, fmt: str):
    text = (ROOT / "seeds" / seed).read_text(encoding="utf-8")
    data = page(text) if fmt == "html" else text
    return parse_bytes(data.encode("utf-8"), file=f"{Path(seed).stem}.{fmt}")


def same_report(dirty, ref, count: int) -> None:
    """``dirty`` reads as ``ref`` does, with one warning more that counts ``count`` characters."""
    assert dirty.text == ref.text
    assert not PATTERN.search(dirty.text)
    want, got = ref.summary(), dirty.summary()
    for field in ("file", "warnings"):
        want.pop(field), got.pop(field)
    assert got == want  # title, issuer, place, level, year, sections, metrics, problems, plans, offsets
    assert dirty.warnings == [ideograph_note(count), *ref.warnings]
    assert len(dirty.original_text) == len(dirty.text)
    assert mapped(dirty.original_text) == count
    for m in dirty.metrics:
        assert dirty.text[m.start:m.end] == m.text


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from([p.name for p in SEEDS]), fmt=st.sampled_from(["txt", "html"]), data=st.data())
def test_radicals_and_compatibility_ideographs_read_as_the_clean_text(seed, fmt, data):
    text = (ROOT / "seeds" / seed).read_text(encoding="utf-8")
    inverse = sources()
    spots = [k for k, ch in enumerate(text) if ch in inverse]
    chosen = data.draw(st.lists(st.tuples(st.sampled_from(spots), st.integers(0, 20)), min_size=1, max_size=400),
                       label="replacements")
    chars = list(text)
    for k, which in chosen:
        options = inverse[text[k]]
        chars[k] = options[which % len(options)]
    dirty = "".join(chars)
    count = mapped(dirty)
    assert count == len({k for k, _ in chosen})
    body = page(dirty) if fmt == "html" else dirty
    report = parse_bytes(body.encode("utf-8"), file=f"{Path(seed).stem}.{fmt}")
    same_report(report, clean(seed, fmt), count)


def test_every_character_that_can_be_replaced_is(seed_files):
    """Each seed with every character replaced that can be, by each of its radical or compatibility forms."""
    inverse = sources()
    for path in seed_files:
        text = path.read_text(encoding="utf-8")
        seen: dict[str, int] = {}
        chars = []
        for ch in text:
            if ch in inverse:
                seen[ch] = seen.get(ch, -1) + 1
                ch = inverse[ch][seen[ch] % len(inverse[ch])]
            chars.append(ch)
        dirty = "".join(chars)
        count = mapped(dirty)
        assert count > 100
        for fmt, body in (("txt", dirty), ("html", page(dirty))):
            report = parse_bytes(body.encode("utf-8"), file=f"{path.stem}.{fmt}")
            same_report(report, clean(path.name, fmt), count)


# Characters a Chromium-printed PDF gives as radicals, and compatibility ideographs; all drawn by the font.
PRINTED = {"人": "⼈", "民": "⺠", "方": "⽅", "行": "⾏", "工": "⼯",
           "年": "\uf98e", "不": "\uf967", "律": "\uf9d8"}


def test_pdf_and_word_files_with_radicals_read_as_their_clean_versions():
    text = SEEDS[0].read_text(encoding="utf-8")
    assert all(TABLE[ord(radical)] == char for char, radical in PRINTED.items())
    dirty = text.translate(str.maketrans(PRINTED))
    count = sum(text.count(c) for c in PRINTED)
    # PDF: the radicals are drawn, and the file's text (its ToUnicode map) has them, as Chromium's PDFs do
    from fontTools.ttLib import TTFont

    assert all(ord(r) in TTFont(truetype_font(dirty)).getBestCmap() for r in PRINTED.values())
    pdf = parse_bytes(report_pdf(dirty)[0], file="x.pdf")
    assert sum(pdf.original_text.count(r) for r in PRINTED.values()) == count
    same_report(pdf, parse_bytes(report_pdf(text)[0], file="x.pdf"), count)
    # Word: the characters of the runs of document.xml (its markup is ASCII)
    data, _ = report_docx(text)
    parts = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name in parts.namelist():
            part = parts.read(name)
            out.writestr(name, part.decode("utf-8").translate(str.maketrans(PRINTED)) if name == "word/document.xml"
                         else part)
    docx = parse_bytes(buf.getvalue(), file="x.docx")
    same_report(docx, parse_bytes(data, file="x.docx"), count)


def test_offsets_stay_and_pinyin_and_traditional_forms_after_radicals_are_seen():
    text = "⻑江⽅(fāng)案，⾧期"  # ⻑ U+2ED1 and ⾧ U+2FA7 are 長: a traditional text
    norm = normalise(text)
    assert len(norm.text) == len(text) and norm.ideographs == 3
    assert norm.text == "长江方      案，长期" and norm.traditional and norm.pinyin == 1
    assert unify("人民") == ("人民", 0) and normalise("人民").text == "人民"


def test_warning_is_counted_and_translated():
    assert ideograph_note(1) == "1 radical or compatibility character read as unified ideograph"
    assert ideograph_note(12) == "12 radical or compatibility characters read as unified ideographs"
    assert zh(ideograph_note(12)) == "12 个部首或兼容汉字已按标准汉字读取"
    assert zh(ideograph_note(1)) == "1 个部首或兼容汉字已按标准汉字读取"


def test_check_shows_the_warning(tmp_path, capsys):
    from govreports.cli import main

    text = SEEDS[1].read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text.replace("人", "⼈"), encoding="utf-8")
    main(["check", str(tmp_path)])
    row = capsys.readouterr().out.splitlines()[1].split("\t")
    assert row[1] == "ok" and row[-1] == ideograph_note(text.count("人"))


# ---- the table -------------------------------------------------------------------------------------------

def test_table_covers_the_kangxi_radicals_and_every_compatibility_ideograph():
    assert all(cp in TABLE for cp in range(0x2F00, 0x2FD6))
    singletons = 0
    for lo, hi in COMPAT_BLOCKS:
        for cp in range(lo, hi + 1):
            decomposition = unicodedata.decomposition(chr(cp)).split()
            if len(decomposition) == 1:  # canonical singletons: every compatibility ideograph but twelve
                singletons += 1
                assert TABLE[cp] == chr(int(decomposition[0], 16)), hex(cp)
            else:
                assert cp not in TABLE or unicodedata.category(chr(cp)) == "Cn", hex(cp)  # newer than Python's UCD
    assert singletons >= 1002
    for cp, target in TABLE.items():
        assert len(target) == 1 and ord(target) not in TABLE  # one for one, and once is enough
        assert unicodedata.name(target, "CJK UNIFIED IDEOGRAPH").startswith("CJK UNIFIED IDEOGRAPH"), hex(cp)
        if unicodedata.decomposition(chr(cp)):  # Kangxi radicals, compatibility ideographs: NFKC agrees
            assert unicodedata.normalize("NFKC", chr(cp)) == target, hex(cp)


def test_table_states_its_source_and_is_what_the_tool_makes(tmp_path):
    head = data_path("unified_ideographs.tsv").read_text(encoding="utf-8").splitlines()[:3]
    assert "Unicode 15.0.0" in head[0] and "EquivalentUnifiedIdeograph.txt" in head[1] and TOOL.name in head[2]
    if not (UCD / "UnicodeData.txt").is_file():
        message = f"no Unicode Character Database in {UCD} (apt-get install unicode-data): table not regenerated"
        if os.environ.get(producers.REQUIRE_VAR):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "table.tsv"
    subprocess.run([sys.executable, str(TOOL), "--out", str(out)], check=True, capture_output=True)
    made, committed = out.read_text(encoding="utf-8"), data_path("unified_ideographs.tsv").read_text(encoding="utf-8")
    if made.splitlines()[0] == committed.splitlines()[0]:
        assert made == committed, f"regenerate with {TOOL.relative_to(ROOT)}"
    else:  # another Unicode version: decompositions are stable, so every committed row is still made
        assert set(committed.splitlines()[4:]) <= set(made.splitlines()[4:])


def test_profile_page_shows_the_warning_in_chinese(tmp_path):
    from govreports import load_corpus
    from govreports.book.profiles import write_profiles

    text = SEEDS[1].read_text(encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "r.txt").write_text(text.replace("民", "⺠"), encoding="utf-8")
    [page] = write_profiles(load_corpus(tmp_path / "corpus"), tmp_path / "profiles")
    row = next(line for line in Path(page).read_text(encoding="utf-8").splitlines() if "解析提示" in line)
    assert zh(ideograph_note(text.count("民"))) in row and "⺠" not in Path(page).read_text(encoding="utf-8")
