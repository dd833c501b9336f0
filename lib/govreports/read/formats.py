"""Which file formats the book reads, and what it says about the ones it does not.

A file's format is decided by its first bytes where they tell (a PDF, a Word or OFD package, an old Office
file, an image), else by its name: a report saved under the wrong extension is still read as what it is.
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from . import limits
from .decode import DecodeError, Extracted

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ""}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}
READ_SUFFIXES = TEXT_SUFFIXES | DOCUMENT_SUFFIXES

_OLD_WORD = "an old Word or WPS file (.doc/.wps) is not read: save it as .docx or PDF (另存为 .docx 或 PDF)"
_OFD = "an OFD file is not read: export it as PDF (在版式阅读器中另存为 PDF)"
_IMAGE = "an image is not read: it needs OCR first (图片，需要先做文字识别)"
_OTHER_OFFICE = "a spreadsheet or presentation, not a report text: not read"
NOT_READ = {
    ".doc": _OLD_WORD, ".wps": _OLD_WORD, ".dot": _OLD_WORD, ".rtf": "an RTF file is not read: save it as .docx or PDF",
    ".ofd": _OFD, ".odt": "an OpenDocument text is not read: save it as .docx or PDF",
    **{s: _IMAGE for s in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")},
    **{s: _OTHER_OFFICE for s in (".xls", ".xlsx", ".et", ".ppt", ".pptx", ".dps", ".csv")},
    **{s: "an archive is not read: unpack it into the folder" for s in (".zip", ".rar", ".7z", ".gz", ".tar")},
}
_ODD_COMPRESSION = "a Word package whose parts are compressed in a way Word never writes (bzip2, LZMA): not read"
_CHUNK = 1 << 20  # bytes inflated at a time by check_zip
_MAGIC_IMAGE = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")


def suffix_problem(name: str) -> str | None:
    """Why a file of this name is not read, or None when its format is one the book reads."""
    suffix = PurePath(name).suffix.lower()
    if suffix in READ_SUFFIXES:
        return None
    return NOT_READ.get(suffix, f"unsupported file type {suffix} (text, web pages, PDF and .docx are read)")


def suffix_format(name: str) -> str:
    """The format a file's name says: text, html, pdf, docx, or its extension; "folder" for ``name/``."""
    if name.endswith("/"):
        return "folder"
    suffix = PurePath(name).suffix.lower()
    return {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}.get(
        suffix, "text" if suffix in TEXT_SUFFIXES else suffix.lstrip("."))


def sniff(data: bytes) -> str | None:
    """The format the bytes show: "pdf", "docx", or None for text (or anything else ``decode`` judges).
    Raises :class:`DecodeError` for formats that are recognised but not read."""
    head = data[:1024]
    if data.lstrip()[:5] == b"%PDF-" or (b"%PDF-" in head and b"endobj" in data):
        return "pdf"  # the header may follow a few bytes of junk; then its objects make it a PDF
    if data.startswith(b"PK\x03\x04"):
        names = set(open_zip(data).namelist())
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
            raise DecodeError(_OFD)
        raise DecodeError("a zip package that is not a Word document: not read")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DecodeError(_OLD_WORD)
    if data.startswith(_MAGIC_IMAGE) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        raise DecodeError(_IMAGE)
    return None


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip package in ``data``; raises :class:`DecodeError` for a damaged one, or one whose directory
    lists more parts than :data:`limits.MAX_ZIP_PARTS` (reading the directory alone could fill memory)."""
    if data.count(b"PK\x01\x02") > limits.MAX_ZIP_PARTS:  # the signature of each directory entry
        raise DecodeError(f"compressed content too large: more than {limits.MAX_ZIP_PARTS} parts: not read")
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise DecodeError("damaged zip package (.docx/.ofd): cannot be opened; download it again") from None


def check_zip(data: bytes) -> None:
    """Inflate every part of a zip package within the limits, keeping nothing. Raises :class:`DecodeError`
    when the parts inflate in all to more than :func:`limits.max_inflated_bytes` beyond the size of the file,
    or one part to more than :data:`limits.MAX_ZIP_RATIO` times its compressed size, or a part is compressed
    in a way Word never writes. Other errors of a damaged package (BadZipFile, zlib.error …) are the caller's.

    The sizes the zip directory declares can lie, so the parts are inflated, a chunk at a time, and counted."""
    budget = limits.max_inflated_bytes() + len(data)
    total = 0
    with open_zip(data) as package:
        for info in package.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise DecodeError(_ODD_COMPRESSION)  # zipfile inflates bzip2 and LZMA without a bound
            packed, read = max(1, min(info.compress_size, len(data))), 0
            with package.open(info) as part:
                while chunk := part.read(_CHUNK):  # deflate: at most _CHUNK bytes come out of one read
                    read += len(chunk)
                    if total + read > budget:
                        raise DecodeError(f"compressed content too large: its parts inflate to more than "
                                          f"{limits.megabytes(budget - len(data))} MB beyond the file's size (set "
                                          f"{limits.MAX_INFLATED_VAR} to change it): not read")
                    if read > limits.ZIP_RATIO_FROM and read > limits.MAX_ZIP_RATIO * packed:
                        raise DecodeError(f"compressed content too large: a part inflates to more than "
                                          f"{limits.MAX_ZIP_RATIO} times its compressed size: not read")
            total += read


def extract(data: bytes) -> Extracted | None:
    """The text of a PDF or Word file, None for bytes that are to be decoded as text."""
    kind = sniff(data)
    if kind == "pdf":
        from .pdf_text import pdf_to_text

        return pdf_to_text(data)
    if kind == "docx":
        from .docx_text import docx_to_text

        return docx_to_text(data)
    return None
