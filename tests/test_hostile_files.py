"""Files from sites nobody controls: each limit of the reader, and each file it refuses, with its reason.

The hostile files are built here: a Word file whose document inflates to hundreds of MB, PDFs whose streams
do, files over the size limit (sparse), links out of the corpus, hidden names, NUL bytes, UTF-16 without a
BOM. Where a limit stops reading, the tests count what was read, not how long it took.
"""
from __future__ import annotations

import codecs
import io
import os
import random
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from documents import SEEDS, report_docx, report_pdf
from hypothesis import example, given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.book.messages import zh
from govreports.pipeline import read_folder
from govreports.read import formats, limits, pdf_text, reader
from govreports.read.decode import DecodeError, decode
from govreports.read.docx_text import docx_to_text
from govreports.settings import SettingError

MB = 1_000_000
CLEAN = SEEDS[4].read_text(encoding="utf-8")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---- builders (bench/bombs.py uses them too) ----------------------------------------------------------------

def docx_with(document: bytes | None = None, *, parts: dict[str, bytes] | None = None,
              method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .docx of the seed report with its document.xml replaced by ``document`` and ``parts`` added."""
    good, _ = report_docx(CLEAN)
    source = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for info in source.infolist():
            if not (document is not None and info.filename == "word/document.xml"):
                z.writestr(info.filename, source.read(info))
        if document is not None:
            z.writestr("word/document.xml", document)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def docx_bomb(path: Path, inflated_mb: int = 210, noise_every: int | None = 900) -> Path:
    """A valid .docx whose document.xml is a run of ``inflated_mb`` MB of zeros (one digit in ``noise_every``
    differs, so that it packs to about 0.8 MB for 210 MB; without noise to about 0.2 MB), written without
    holding it in memory."""
    good, _ = report_docx(CLEAN)
    source = zipfile.ZipFile(io.BytesIO(good))
    rnd = random.Random(29)
    chunk = bytearray(b"0" * MB)
    for k in range(0, MB, noise_every or MB + 1):
        chunk[k] = rnd.choice(b"123456789")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, source.read(info))
        with z.open("word/document.xml", "w", force_zip64=inflated_mb > 4000) as f:
            f.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(inflated_mb):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 onwards; object 1 the catalogue), with a cross-reference table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(raw: bytes, entries: str = "", filters: str = "/FlateDecode") -> bytes:
    return f"<< /Length {len(raw)} /Filter [{filters}] {entries}>>\nstream\n".encode() + raw + b"\nendstream"


def pdf_with_contents(raw: bytes, filters: str = "/FlateDecode", pages: int = 1, resources: str = "<< >>",
                      extra: list[bytes] = ()) -> bytes:
    """A PDF of ``pages`` pages that all draw one content stream of ``raw`` bytes (encoded by ``filters``), with
    ``resources``, and ``extra`` objects from object ``4 + pages`` on."""
    kids = " ".join(f"{4 + k} 0 R" for k in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(), stream(raw, filters=filters)]
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                f"/Resources {resources} >>".encode()] * pages
    return pdf_of(objects + list(extra))


def pdf_bomb(inflated_mb: int = 300) -> bytes:
    """A PDF whose one content stream inflates from about 0.3 MB to ``inflated_mb`` MB of spaces."""
    z = zlib.compressobj(9)
    raw = b"".join(z.compress(b" " * MB) for _ in range(inflated_mb)) + z.flush()
    return pdf_with_contents(raw)


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk."""
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "govreports", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def reasons(folder: Path) -> dict[str, str]:
    return {r.rel: r.reason for r in read_folder(folder, workers=1, cache=False) if r.status != "ok"}


@pytest.fixture
def counted_zip_reads(monkeypatch):
    """The bytes every zip part read hands out, in order."""
    sizes: list[int] = []
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = original(self, n)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return sizes


# ---- 1. the size limit ----------------------------------------------------------------------------------------

def test_a_file_over_the_default_limit_is_listed_with_its_size_and_never_opened(tmp_path, monkeypatch):
    monkeypatch.delenv(limits.MAX_FILE_VAR, raising=False)
    sparse_file(tmp_path / "huge.txt", 150 * MB)
    (tmp_path / "r.txt").write_text(CLEAN, encoding="utf-8")
    opened = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or original(self))
    why = reasons(tmp_path)
    assert set(why) == {"huge.txt"} and opened == ["r.txt"]
    assert why["huge.txt"].startswith("file too large: 150 MB, over the limit of 100 MB")
    assert zh(why["huge.txt"]) == "文件过大：150 MB，超过 100 MB 的上限，没有读取"


def test_the_variable_moves_the_limit_and_a_bad_value_is_one_line(tmp_path, monkeypatch):
    sparse_file(tmp_path / "r.txt", 2 * MB)
    small = run("check", tmp_path, env={limits.MAX_FILE_VAR: "1.5"})
    assert "r.txt\tskipped\ttext" in small.stdout and "file too large: 2 MB, over the limit of 1.5 MB" in small.stdout
    monkeypatch.setenv(limits.MAX_FILE_VAR, "3")
    assert [e.problem for e in reader.list_files(tmp_path)] == [None]
    for bad in ("0", "-1", "nan", "inf"):
        monkeypatch.setenv(limits.MAX_FILE_VAR, bad)
        with pytest.raises(SettingError, match=f"^{limits.MAX_FILE_VAR} must be a positive number"):
            reader.list_files(tmp_path)
    out = run("check", tmp_path, env={limits.MAX_FILE_VAR: "many"})
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr == f"error: {limits.MAX_FILE_VAR} must be a positive number of megabytes, not 'many'\n"


def test_parse_of_one_file_over_the_limit_is_one_error_line(tmp_path):
    big = sparse_file(tmp_path / "big.txt", 2 * MB)
    out = run("parse", big, env={limits.MAX_FILE_VAR: "1"})
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert out.stderr.startswith(f"error: {big}: file too large: 2 MB, over the limit of 1 MB")


# ---- 2. zip packages ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    return docx_bomb(tmp_path_factory.mktemp("bomb") / "bomb.docx").read_bytes()


def test_the_bomb_is_what_it_claims(bomb):
    info = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")
    assert len(bomb) < 1.2 * MB and info.file_size > 210 * MB


def test_a_zip_bomb_stops_at_the_budget(bomb, counted_zip_reads, monkeypatch):
    import docx

    monkeypatch.delenv(limits.MAX_INFLATED_VAR, raising=False)
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("python-docx must not open a bomb"))
    with pytest.raises(DecodeError) as exc:
        docx_to_text(bomb)
    assert str(exc.value) == ("compressed content too large: its parts inflate to more than 64 MB beyond the "
                              "file's size (set GOVREPORTS_MAX_INFLATED_MB to change it): not read")
    assert zh(str(exc.value)) == "压缩内容过大：解压后比文件本身大出 64 MB 以上，没有读取"
    budget = limits.MAX_INFLATED_MB * MB + len(bomb)
    assert budget < sum(counted_zip_reads) <= budget + formats._CHUNK


def test_a_zip_bomb_of_a_higher_ratio_stops_at_the_ratio_guard(tmp_path, counted_zip_reads):
    data = docx_bomb(tmp_path / "zeros.docx", inflated_mb=100, noise_every=None).read_bytes()
    packed = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").compress_size
    with pytest.raises(DecodeError) as exc:
        docx_to_text(data)
    assert str(exc.value) == ("compressed content too large: a part inflates to more than 100 times its "
                              "compressed size: not read")
    assert zh(str(exc.value)) == "压缩内容过大：其中一个部分解压后超过压缩大小的 100 倍，没有读取"
    assert sum(counted_zip_reads) <= limits.MAX_ZIP_RATIO * packed + formats._CHUNK + 100_000  # + the other parts


def test_the_budget_follows_the_variable_and_counts_every_part(monkeypatch):
    noise = random.Random(3).randbytes(300_000).hex().encode()  # 600 kB that pack to about half
    data = docx_with(parts={f"word/media/n{k}.bin": noise for k in range(4)})
    docx_to_text(data)  # 2.4 MB inflated: within the default
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "1")
    with pytest.raises(DecodeError, match="more than 1 MB beyond the file's size"):
        docx_to_text(data)


def _declare(data: bytes, name: str, offset: int, value: int) -> bytes:
    """``data`` with a field of the zip directory entry of ``name`` changed (offset 20: compressed size, 24:
    size)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while out[at + 46:at + 46 + int.from_bytes(out[at + 28:at + 30], "little")] != name.encode():
        at = out.find(b"PK\x01\x02", at + 4)
    out[at + offset:at + offset + 4] = value.to_bytes(4, "little")
    return bytes(out)


@pytest.mark.parametrize("offset, value", [(24, 100), (20, 0xFFFF0000)])
def test_declared_sizes_are_not_trusted(tmp_path, counted_zip_reads, monkeypatch, offset, value):
    """A directory that says a part is small, or packed large, changes nothing: what is read is counted."""
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "5")
    data = docx_bomb(tmp_path / "bomb.docx", inflated_mb=30).read_bytes()
    with pytest.raises(DecodeError) as exc:
        docx_to_text(_declare(data, "word/document.xml", offset, value))
    assert str(exc.value).startswith(("compressed content too large", "damaged Word file"))
    assert sum(counted_zip_reads) <= 5 * MB + len(data) + formats._CHUNK


def test_parts_compressed_as_word_never_does_are_refused():
    with pytest.raises(DecodeError, match="compressed in a way Word never writes"):
        docx_to_text(docx_with(method=zipfile.ZIP_BZIP2))


def test_too_many_parts_are_refused_before_the_directory_is_read(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_PARTS", 5)
    data = docx_with(parts={f"customXml/item{k}.xml": b"<a/>" for k in range(5)})
    with pytest.raises(DecodeError) as exc:
        formats.sniff(data)
    assert str(exc.value) == "compressed content too large: more than 5 parts: not read"


def _document(body: str, doctype: str) -> bytes:
    return (f'<?xml version="1.0"?>{doctype}<w:document xmlns:w="{W_NS}"><w:body>'
            f"<w:p><w:r><w:t>第一段</w:t></w:r></w:p>{body}</w:body></w:document>").encode()


def test_entities_are_never_expanded():
    laughs = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10))
    document = _document("<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{laughs}]>")
    try:
        text = docx_to_text(docx_with(document)).text
    except DecodeError as exc:  # libxml2 may refuse the amplification outright
        assert str(exc).startswith("damaged Word file") and "Error" not in str(exc)
    else:
        assert "lol" not in text


def test_external_entities_are_never_loaded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-29", encoding="utf-8")
    document = _document("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>",
                         f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>')
    try:
        text = docx_to_text(docx_with(document)).text
    except DecodeError:
        return
    assert "SECRET" not in text and "第一段" in text


def test_a_damaged_word_file_gets_a_plain_reason():
    with pytest.raises(DecodeError) as exc:
        docx_to_text(docx_with(b"<w:document><unclosed>"))
    assert str(exc.value) == "damaged Word file, cannot be read (its XML is malformed); save it again as .docx"


def test_a_bomb_in_a_folder_is_refused_within_memory(tmp_path, bomb):
    """``check`` on a folder with the bomb: its reason, and the peak memory of the process (an empty folder's
    check is the baseline)."""
    (tmp_path / "bomb.docx").write_bytes(bomb)
    probe = ("import resource, subprocess, sys; out = subprocess.run([sys.executable, '-m', 'govreports', 'check', "
             "sys.argv[1]], capture_output=True, text=True); print(out.stdout); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, timeout=300)
    *table, rss = out.stdout.strip().splitlines()
    assert "bomb.docx\terror\tdocx" in "\n".join(table) and "compressed content too large" in "\n".join(table)
    assert int(rss) < 500_000  # kB


# ---- 2b. PDF streams ------------------------------------------------------------------------------------------

@pytest.fixture
def spent(monkeypatch):
    """The (raw, decoded) sizes of every stream the budget counted."""
    seen: list[tuple[int, int]] = []
    original = pdf_text._Budget.spend

    def spend(self, raw, out):
        seen.append((raw, out))
        return original(self, raw, out)

    monkeypatch.setattr(pdf_text._Budget, "spend", spend)
    return seen


def test_a_pdf_stream_bomb_stops_at_the_budget(spent, monkeypatch):
    monkeypatch.delenv(limits.MAX_INFLATED_VAR, raising=False)
    data = pdf_bomb(300)
    with pytest.raises(DecodeError) as exc:
        gr.parse_bytes(data, "bomb.pdf")
    assert str(exc.value).startswith("compressed content too large: its streams inflate to more than 64 MB")
    assert zh(str(exc.value)).startswith("压缩内容过大")
    raw, out = spent[-1]
    assert out == raw + limits.MAX_INFLATED_MB * MB + 1  # zlib stopped one byte past the budget


def test_a_damaged_stream_stops_at_the_budget_too(spent):
    """pdfminer reads a stream with a wrong checksum byte by byte, without a bound; here within the budget."""
    z = zlib.compressobj(9)
    raw = z.compress(b" " * (50 * MB)) + z.flush()
    token = pdf_text._BUDGET.set(pdf_text._Budget(5 * MB))
    try:
        with pytest.raises(pdf_text._Limit, match="inflate to more than 5 MB"):
            pdf_text._inflate_damaged(raw[:-4] + b"\x00\x00\x00\x00")
    finally:
        pdf_text._BUDGET.reset(token)
    assert spent == [(len(raw), len(raw) + 5 * MB + 1)]


@pytest.mark.parametrize("filters, encode", [
    ("/FlateDecode /FlateDecode", lambda b: zlib.compress(zlib.compress(b, 9), 9)),
    ("/ASCIIHexDecode /FlateDecode", lambda b: zlib.compress(b, 9).hex().encode() + b">"),
    ("/RunLengthDecode", lambda b: bytes([129, 32]) * (len(b) // 128) + b"\x80"),
])
def test_every_filter_counts_against_the_budget(filters, encode, monkeypatch):
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "2")
    with pytest.raises(DecodeError, match="inflate to more than 2 MB"):
        pdf_text.pdf_to_text(pdf_with_contents(encode(b" " * (20 * MB)), filters))


def test_a_stream_drawn_on_every_page_counts_each_time(monkeypatch):
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "0.2")
    content = b"q Q\n" * 16_000  # 64 kB, on four pages: 256 kB interpreted
    data = pdf_with_contents(zlib.compress(content), pages=4)
    with pytest.raises(DecodeError) as exc:
        pdf_text.pdf_to_text(data)
    assert str(exc.value).startswith("PDF too large to read: its pages hold more than 0.2 MB of content")
    assert zh(str(exc.value)) == "PDF 内容过多：各页内容合计超过 0.2 MB，没有读取"
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "0.3")
    with pytest.raises(DecodeError, match="^PDF without text"):  # within the limit: read to the end
        pdf_text.pdf_to_text(data)


def test_a_form_counts_as_often_as_a_page_draws_it(monkeypatch):
    """PDFium interprets a form each time a page draws it: 64 kB drawn 8 times is 512 kB of content."""
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "0.3")
    form = stream(zlib.compress(b"q Q\n" * 16_000), "/Type /XObject /Subtype /Form /BBox [0 0 10 10] ")
    page = zlib.compress(b"/F#31 Do\n" * 8)  # the name written with an escape: the same form
    data = pdf_with_contents(page, resources="<< /XObject << /F1 5 0 R >> >>", extra=[form])
    with pytest.raises(DecodeError, match="^PDF too large to read: its pages hold more than 0.3 MB of content"):
        pdf_text.pdf_to_text(data)
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "0.6")
    with pytest.raises(DecodeError, match="^PDF without text"):  # within the limit: read to the end
        pdf_text.pdf_to_text(data)


def test_forms_drawing_one_another_are_damage_not_a_hang():
    form = stream(zlib.compress(b"/F1 Do\n"), "/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                                               "/Resources << /XObject << /F1 5 0 R >> >> ")
    data = pdf_with_contents(zlib.compress(b"/F1 Do\n"), resources="<< /XObject << /F1 5 0 R >> >>", extra=[form])
    with pytest.raises(DecodeError) as exc:
        pdf_text.pdf_to_text(data)
    assert str(exc.value) == "damaged PDF, cannot be read (its objects refer to one another without end); " \
                             "download it again"


def test_a_font_that_inflates_beyond_the_budget_is_refused_before_pdfium_reads_it(monkeypatch):
    """Streams outside the pages' content (a font program, its Unicode map) are decoded by PDFium: they are
    counted too; an image is not (text needs no image decoded)."""
    monkeypatch.setenv(limits.MAX_INFLATED_VAR, "2")
    bomb = zlib.compress(b"\0" * (20 * MB), 9)
    font = [b"<< /Type /Font /Subtype /TrueType /BaseFont /X /FontDescriptor 6 0 R >>",
            b"<< /Type /FontDescriptor /FontName /X /Flags 4 /FontFile2 7 0 R >>", stream(bomb)]
    data = pdf_with_contents(zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET"),
                             resources="<< /Font << /F1 5 0 R >> >>", extra=font)
    with pytest.raises(DecodeError, match="^compressed content too large: its streams inflate to more than 2 MB"):
        pdf_text.pdf_to_text(data)
    image = stream(bomb, "/Type /XObject /Subtype /Image /Width 4000 /Height 5000 /ColorSpace /DeviceGray "
                         "/BitsPerComponent 8 ")
    data = pdf_with_contents(zlib.compress(b"q 100 0 0 100 0 0 cm /Im1 Do Q"),
                             resources="<< /XObject << /Im1 5 0 R >> >>", extra=[image])
    with pytest.raises(DecodeError, match="^scanned PDF"):
        pdf_text.pdf_to_text(data)


def test_pages_and_items_per_page_are_bounded(monkeypatch):
    data, _ = report_pdf(SEEDS[1].read_text(encoding="utf-8"))
    assert pdf_text.pdf_to_text(data).text
    monkeypatch.setattr(limits, "MAX_PDF_PAGE_ITEMS", 50)
    with pytest.raises(DecodeError, match="a page draws more than 50 characters and shapes"):
        pdf_text.pdf_to_text(data)
    monkeypatch.undo()
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 1)
    with pytest.raises(DecodeError) as exc:
        pdf_text.pdf_to_text(data)
    assert str(exc.value) == "PDF with more than 1 pages: not read" and zh(str(exc.value)) == "PDF 超过 1 页，没有读取"


def test_a_damaged_pdf_gets_a_plain_reason():
    data = pdf_with_contents(b"x", filters="/NoSuchFilter")
    with pytest.raises(DecodeError) as exc:
        pdf_text.pdf_to_text(data.replace(b"/Pages 2 0 R", b"/Pages 9 0 R"))
    assert str(exc.value).startswith("damaged PDF") and "Error" not in str(exc.value)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.tuples(st.integers(0, 127), st.binary(min_size=128, max_size=128)),
                          st.tuples(st.integers(129, 255), st.binary(min_size=1, max_size=1))), max_size=20))
def test_run_length_decodes_as_pdfminer_does(runs):
    from pdfminer.runlength import rldecode

    data = b"".join(bytes([n]) + body[:n + 1] if n < 128 else bytes([n]) + body for n, body in runs) + b"\x80"
    assert pdf_text._runlength(data) == rldecode(data)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000), st.integers(0, 4), st.binary(min_size=1, max_size=4))
def test_a_damaged_stream_inflates_as_pdfminer_does(text, cut, junk):
    from pdfminer.pdftypes import decompress_corrupted

    packed = zlib.compress(text)
    damaged = packed[:len(packed) - cut] + junk  # a wrong or missing checksum, or bytes after it
    try:
        expected = decompress_corrupted(damaged)
    except zlib.error:
        with pytest.raises(zlib.error):
            pdf_text._inflate_damaged(damaged)
    else:
        assert pdf_text._inflate_damaged(damaged) == expected


# ---- 3. symbolic links ----------------------------------------------------------------------------------------

def test_links_are_followed_only_into_the_corpus(tmp_path, monkeypatch):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (corpus / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (corpus / "sub" / "r.txt").write_text(CLEAN, encoding="utf-8")
    (elsewhere / "secret.txt").write_text(CLEAN.replace("新蔡县", "汝南县"), encoding="utf-8")
    (corpus / "inside.txt").symlink_to(Path("sub") / "r.txt")  # a duplicate, but read
    (corpus / "outside.txt").symlink_to(elsewhere / "secret.txt")
    (corpus / "relative.txt").symlink_to(Path("..") / "elsewhere" / "secret.txt")
    (corpus / "sub" / "hop.txt").symlink_to(corpus / "outside.txt")  # inside, then out
    (elsewhere / "back.txt").symlink_to(corpus / "sub" / "r.txt")
    (corpus / "round.txt").symlink_to(elsewhere / "back.txt")  # out, then back in: the file is inside
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(os.path.realpath(self)) or original(self))
    outcome = {r.rel: (r.status, r.reason) for r in read_folder(corpus, workers=1, cache=False)}
    for name in ("outside.txt", "relative.txt", "sub/hop.txt"):
        assert outcome[name] == ("skipped", reader.OUTSIDE_LINK), name
    assert outcome["inside.txt"] == ("ok", "") and outcome["round.txt"][0] == "duplicate"
    assert str(elsewhere / "secret.txt") not in read
    assert zh(reader.OUTSIDE_LINK) == "指向语料文件夹之外的文件的快捷方式，没有读取"


def test_a_corpus_reached_through_a_link_keeps_its_own_links(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "real" / "again.txt").symlink_to(tmp_path / "real" / "r.txt")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    assert all(e.problem is None for e in reader.list_files(tmp_path / "alias"))


# ---- 4. hidden files and folders ------------------------------------------------------------------------------

NAME = st.text(st.sampled_from("abcxyz._-法治0"), min_size=0, max_size=8)


@settings(max_examples=30, deadline=None)
@given(st.lists(NAME.map(lambda s: "." + s), min_size=1, max_size=5, unique=True))
def test_hidden_files_are_listed_with_a_reason(tmp_path_factory, names):
    folder = tmp_path_factory.mktemp("hidden")
    names = [n for n in names if n not in (".", "..")]
    for name in names:
        (folder / name).write_text(CLEAN, encoding="utf-8")
    (folder / "r.txt").write_text(CLEAN, encoding="utf-8")
    entries = {e.rel: e.problem for e in reader.list_files(folder)}
    assert entries == {"r.txt": None, **{n: reader.HIDDEN_FILE for n in names}}


def test_a_hidden_folder_is_one_entry_and_is_not_walked(tmp_path):
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "r.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "sub" / ".cache").mkdir(parents=True)
    (tmp_path / "..txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "r.txt").write_text(CLEAN, encoding="utf-8")
    entries = {e.rel: e.problem for e in reader.list_files(tmp_path)}
    assert entries == {".git/": reader.HIDDEN_FOLDER, "sub/.cache/": reader.HIDDEN_FOLDER,
                       "..txt": reader.HIDDEN_FILE, "r.txt": None}
    assert [formats.suffix_format(rel) for rel in sorted(entries)] == ["text", "folder", "text", "folder"]
    assert zh(reader.HIDDEN_FOLDER) == "隐藏文件夹（名称以点开头），没有读取"
    assert zh(reader.HIDDEN_FILE) == "隐藏文件（文件名以点开头），没有读取"


# ---- 5. NUL bytes ---------------------------------------------------------------------------------------------

# Chinese text as reports have it: pieces of the seeds, joined
PIECE = st.sampled_from([s.read_text(encoding="utf-8") for s in SEEDS]).flatmap(
    lambda t: st.tuples(st.integers(0, len(t) - 60), st.integers(20, 300)).map(lambda ab: t[ab[0]:ab[0] + ab[1]]))
CHINESE = st.lists(PIECE, min_size=1, max_size=4).map("".join)


@settings(max_examples=60, deadline=None)
@given(CHINESE, st.lists(st.floats(0, 1), min_size=1, max_size=3), st.sampled_from(["utf-8", "gb18030"]))
def test_a_few_nul_bytes_are_dropped_with_a_note(text, where, encoding):
    data = bytearray((CLEAN + text).encode(encoding))
    for w in sorted(where, reverse=True):
        data[int(w * len(data)):int(w * len(data))] = b"\x00"
    dec = decode(bytes(data))
    assert dec.text == CLEAN + text and dec.encoding == encoding
    n = len(where)
    assert dec.notes == (f"{n} NUL byte{'s' if n > 1 else ''} removed from the text",)
    assert zh(dec.notes[0]) == f"删除了文本中的 {n} 个空字节"


def test_the_nul_note_reaches_the_report():
    data = CLEAN.encode("utf-8")
    report = gr.parse_bytes(data[:100] + b"\x00" + data[100:], "r.txt")
    assert report.text == CLEAN and "1 NUL byte removed from the text" in report.warnings


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 64,
    b"abc\x00def" * 10,
    CLEAN.encode("utf-8")[:5000] + bytes(200),  # 4 % NUL: a padded or binary file
    b"\x00" * 1000,
])
def test_many_nul_bytes_still_make_a_binary_file(data):
    with pytest.raises(DecodeError, match="^binary file"):
        decode(data)


# ---- 6. UTF-16 without a BOM ----------------------------------------------------------------------------------

@settings(max_examples=80, deadline=None)
@given(CHINESE, st.sampled_from(["utf-16-le", "utf-16-be"]))
@example("\u2002\u2002\u2002\u2002\u2002根据《中共湖南省委全面依法治省", "utf-16-le")  # en spaces indent a seed's paragraphs
@example("关于法治建设工作情况的汇报和2022年工作计划\n\n\n\u2002\u2002\u2002", "utf-16-le")
@example("拼音 fǎzhì zhèngfǔ，注音 ㄈㄚˇ，表格 ┏━┓", "utf-16-be")
def test_utf16_without_a_bom_is_read(text, codec):
    dec = decode(text.encode(codec))
    assert (dec.text, dec.encoding) == (text, codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_report_in_utf16_without_a_bom_parses_like_its_text(codec):
    report = gr.parse_bytes(CLEAN.encode(codec), "r.txt")
    clean = gr.parse_text(CLEAN, "r.txt")
    assert report.encoding == codec and report.text == CLEAN
    assert [s.heading for s in report.sections] == [s.heading for s in clean.sections]


@pytest.mark.parametrize("data", [
    b"Annual report\nof a county\n",
    CLEAN.encode("gb18030"), CLEAN.encode("utf-8"),
    codecs.BOM_UTF16_LE + CLEAN.encode("utf-16-le"),
])
def test_other_encodings_are_not_taken_for_utf16(data):
    assert not decode(data).encoding.startswith("utf-16") or data.startswith(codecs.BOM_UTF16_LE)


def test_ascii_with_nuls_is_not_read_as_utf16():
    with pytest.raises(DecodeError, match="^binary file"):
        decode(b"abc\x00def" * 10)  # read as UTF-16 it would be rare Han characters


# ---- 7. plain reasons -----------------------------------------------------------------------------------------

def test_the_readers_never_print_an_exception_class():
    """Reasons are plain words (the damaged-file tests above check them); no reader formats a class name."""
    readers = sorted((Path(gr.__file__).parent / "read").glob("*.py"))
    assert len(readers) >= 6
    for path in readers:
        assert "__name__" not in path.read_text(encoding="utf-8"), path.name
