"""One reader of corpus folders: which files a folder holds, which of them can be read, and why not.

``load_corpus``, ``check``, ``add``, ``export`` and ``profiles`` all list folders through :func:`list_files`,
so that every command sees the same files and every file left out is listed with its reason: other file
types (see :mod:`formats`), special files (FIFOs, devices, sockets, which would block a reader), files over
the size limit (:mod:`limits`), hidden files and folders, broken or looping symbolic links and links to files
outside the folder, and the text ``add`` extracted from a document kept beside it.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .formats import DOCUMENT_SUFFIXES, suffix_problem
from .limits import MAX_FILE_VAR, max_file_bytes, megabytes

HIDDEN_FILE = "a hidden file (its name starts with a dot): not read"
HIDDEN_FOLDER = "a hidden folder (its name starts with a dot): not read"
OUTSIDE_LINK = "a symbolic link to a file outside the corpus folder: not read"


@dataclass(frozen=True)
class Entry:
    rel: str  # path relative to the folder, with /
    path: Path
    problem: str | None  # why the file is not read, or None


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (missing, a folder, a FIFO …), or None for a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file (or a broken symbolic link)" if os.path.islink(path) else "no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"  # a symbolic-link loop gives ELOOP here
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, device or socket): not read"
    return size_problem(st.st_size)


def size_problem(size: int) -> str | None:
    """Why a file of ``size`` bytes is not read (over :func:`limits.max_file_bytes`), or None."""
    limit = max_file_bytes()
    if size <= limit:
        return None
    return (f"file too large: {megabytes(size)} MB, over the limit of {megabytes(limit)} MB "
            f"(set {MAX_FILE_VAR} to change it): not read")


def list_files(folder: Path) -> list[Entry]:
    """Every file below ``folder``, sorted, each with the reason it is not read (if any).

    Hidden files and folders (names starting with a dot) are listed, a hidden folder as one entry ``name/``,
    never walked. Symbolic links to folders are not followed (a link loop cannot make the walk endless); a link to a
    file is followed only when the file it resolves to lies inside ``folder``."""
    out = []
    inside = os.path.realpath(folder)
    for root, dirs, files in os.walk(folder, followlinks=False):
        root_path = Path(root)
        hidden = [d for d in dirs if d.startswith(".")]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        linked = [d for d in dirs if (root_path / d).is_symlink()]
        for name in files + linked + hidden:
            path = root_path / name
            rel = path.relative_to(folder).as_posix() + ("/" if name in hidden else "")
            out.append(Entry(rel, path, _problem(path, name, files, inside, linked, hidden)))
    return sorted(out, key=lambda e: e.rel)


def _problem(path: Path, name: str, siblings: list[str], inside: str, linked: list[str],
             hidden: list[str]) -> str | None:
    """Why the file ``name`` of a folder being listed is not read, or None."""
    if name in hidden:
        return HIDDEN_FOLDER
    if name.startswith("."):
        return HIDDEN_FILE
    if name in linked:
        return "a symbolic link to a folder: not followed (link or copy the files themselves)"
    if path.is_symlink() and not _within(os.path.realpath(path), inside):
        return OUTSIDE_LINK
    problem = regular_file_problem(path) or suffix_problem(name)
    if problem is None and _companion(name, siblings):
        problem = f"the text extracted from {name[:-4]} (written by add, to check offsets against): not read twice"
    return problem


def _within(path: str, folder: str) -> bool:
    """Whether the resolved ``path`` lies inside the resolved ``folder``."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # on another drive (Windows)
        return False


def _companion(name: str, siblings: list[str]) -> bool:
    """``X.pdf.txt`` beside ``X.pdf``: the text ``add`` extracted from a document, kept for checking spans."""
    stem = name[:-4] if name.lower().endswith(".txt") else ""
    return Path(stem).suffix.lower() in DOCUMENT_SUFFIXES and stem in siblings


def report_id(rel: str) -> str:
    """A report's id: its path in the folder without the extension, in UTF-8 (:func:`utf8_name`)."""
    return utf8_name(rel.rsplit(".", 1)[0] if "." in Path(rel).name else rel)


def utf8_name(name: str) -> str:
    """A name as UTF-8 text can hold it (tables, Parquet, web pages): the bytes of a file name that are not UTF-8,
    which Python keeps as lone surrogates, become ``\\xff`` escapes; any other name is unchanged."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def dedupe_key(text: str) -> str:
    """What two copies of one report share: the text without any whitespace (line ends, indentation,
    the blank lines a saved web page adds)."""
    return "".join(text.split())


def tsv_field(value: object) -> str:
    """A value for one tab-separated cell: line breaks and tabs in file names are written as \\n and \\t."""
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
