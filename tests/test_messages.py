"""What a reader of the book sees of the parser's warnings and of the reasons a file was not read is Chinese."""
import os
import re

import pytest
from documents import mixed_folder

import govreports as gr
from govreports.book.chapters import warnings_table
from govreports.book.messages import zh
from govreports.pipeline import read_folder

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# words that stay as they are in Chinese text: formats, encodings, commands
KEPT = {"PDF", "OCR", "UTF", "GBK", "GB", "Big", "BOM", "Word", "WPS", "OFD", "RTF", "OpenDocument", "docx", "doc",
        "wps", "ofd", "add", "txt", "jpg", "xyz", "utf", "le", "be", "sig", "MB"}


def is_chinese(text: str, names: tuple[str, ...] = ()) -> bool:
    for name in names:  # file names are shown as they are
        text = text.replace(name, "")
    words = re.findall(r"[A-Za-z]{2,}", text)
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and all(w in KEPT for w in words)


def test_every_warning_of_the_seeds_and_the_development_set_is_chinese():
    seen = set()
    for folder in ("seeds", os.path.join("tests", "real", "reports"), os.path.join("tests", "real", "negatives")):
        for read in read_folder(os.path.join(ROOT, folder), workers=1):
            if read.report is not None:
                seen.update(w for w in read.report.warnings if not w.startswith("not an annual report"))
    assert len(seen) >= 3
    for w in seen:
        assert is_chinese(zh(w)), (w, zh(w))


def test_every_reason_a_file_is_not_read_is_chinese(tmp_path):
    mixed_folder(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n ")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def" * 10)
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "法治".encode() + b"\xff\xfe")
    (tmp_path / "page.html").write_text("<html><body><script>x</script></body></html>", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    (tmp_path / "a.zip").write_bytes(b"PK")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "sub")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "c.pdf.txt").write_text("x", encoding="utf-8")  # beside c.pdf: the text add would write
    (tmp_path / "copy.txt").write_bytes((tmp_path / "a.txt").read_bytes())
    (tmp_path / ".hidden.txt").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_bytes((tmp_path / "a.txt").read_bytes())
    (tmp_path / "outside.txt").symlink_to(outside)
    reasons = {r.rel: r.reason for r in read_folder(tmp_path, workers=1, cache=False) if r.status != "ok"}
    assert len(reasons) >= 20
    for rel, reason in reasons.items():
        assert is_chinese(zh(reason), names=(rel, "a.txt", "c.pdf")), (rel, reason, zh(reason))


@pytest.mark.parametrize("message", [
    "title not found", "issuer not found; province not found", "year_covered 2023 is after the publication date 2022-03-01",
    "pages without text (scanned?): 2, 3", "7 unreadable characters (fonts without a Unicode map)",
    "no numbered sections found", "cannot read: Permission denied", "a folder, not a file",
    "not a regular file (a FIFO, device or socket): not read",
    "invalid utf-16-le after its byte-order mark at byte 12", "encrypted PDF that cannot be opened (AES); save a copy",
    "damaged PDF: no pages; download it again", "PDF whose text cannot be decoded (its fonts map to no characters); x",
    "PDF without text: no text layer and no images", "Word file without text",
    "3 NUL bytes removed from the text", "1 NUL byte removed from the text",
    "12 radical or compatibility characters read as unified ideographs",
    "1 radical or compatibility character read as unified ideograph",
    "file too large: 150 MB, over the limit of 100 MB (set GOVREPORTS_MAX_FILE_MB to change it): not read",
    "compressed content too large: its parts inflate to more than 64 MB beyond the file's size (set "
    "GOVREPORTS_MAX_INFLATED_MB to change it): not read",
    "compressed content too large: its streams inflate to more than 64 MB beyond the file's size (set "
    "GOVREPORTS_MAX_INFLATED_MB to change it): not read",
    "compressed content too large: a part inflates to more than 100 times its compressed size: not read",
    "compressed content too large: more than 10000 parts: not read",
    "a Word package whose parts are compressed in a way Word never writes (bzip2, LZMA): not read",
    "PDF with more than 5000 pages: not read",
    "PDF too large to read: its pages hold more than 64 MB of content (set GOVREPORTS_MAX_INFLATED_MB to change "
    "it): not read",
    "PDF too large to read: a page draws more than 50000 characters and shapes: not read",
    "damaged Word file, cannot be read (its XML is malformed); save it again as .docx",
    "damaged PDF, cannot be read (its structure is malformed); download it again",
])
def test_messages_made_here(message):
    assert is_chinese(zh(message), names=("Permission denied",)), zh(message)


def test_chapter_tables_show_labels_and_chinese(monkeypatch):
    monkeypatch.delenv("GOVREPORTS_CORPUS", raising=False)
    c = gr.load_corpus()
    table = warnings_table(c)
    assert set(table["报告"]) <= set(c.labels().values()) and all(is_chinese(w) for w in table["提示"])
