"""One reader of corpus folders: which files a folder holds, which of them can be read, and why not.

``load_corpus``, ``check``, ``add``, ``export`` and ``profiles`` all list folders through :func:`list_files`,
so that every command sees the same files and every file left out is listed with its reason: other file
types (see :mod:`formats`), special files (FIFOs, devices, sockets, which would block a reader), broken or
looping symbolic links, and the text ``add`` extracted from a document kept beside it.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .formats import DOCUMENT_SUFFIXES, suffix_problem


@dataclass(frozen=True)
class Entry:
    rel: str  # path relative to the folder, with /
    path: Path
    problem: str | None  # why the file is not read, or None


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (missing, a folder, a FIFO …), or None for a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file (or a broken symbolic link)" if os.path.islink(path) else "no such file"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"  # a symbolic-link loop gives ELOOP here
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, device or socket): not read"
    return None


def list_files(folder: Path) -> list[Entry]:
    """Every non-hidden file below ``folder``, sorted, each with the reason it is not read (if any).

    Symbolic links to folders are not followed (a link loop cannot make the walk endless)."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        root_path = Path(root)
        linked = [d for d in dirs if (root_path / d).is_symlink()]
        for name in files + linked:
            if name.startswith("."):
                continue
            path = root_path / name
            rel = path.relative_to(folder).as_posix()
            problem = ("a symbolic link to a folder: not followed (link or copy the files themselves)"
                       if name in linked else regular_file_problem(path))
            if problem is None:
                problem = suffix_problem(name)
            if problem is None and _companion(name, files):
                problem = f"the text extracted from {name[:-4]} (written by add, to check offsets against): not read twice"
            out.append(Entry(rel, path, problem))
    return sorted(out, key=lambda e: e.rel)


def _companion(name: str, siblings: list[str]) -> bool:
    """``X.pdf.txt`` beside ``X.pdf``: the text ``add`` extracted from a document, kept for checking spans."""
    stem = name[:-4] if name.lower().endswith(".txt") else ""
    return Path(stem).suffix.lower() in DOCUMENT_SUFFIXES and stem in siblings


def book_folder(start: Path | None = None) -> Path | None:
    """The book's folder: the working directory or the nearest folder above it that holds ``_config.yml``
    and ``seeds/`` (chapters run in ``chapters/``). None outside a book. Never the package's location, so
    that an installed package works the same as the repository's."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "seeds").is_dir():
            return folder
    return None


def report_id(rel: str) -> str:
    """A report's id: its path in the folder without the extension."""
    return rel.rsplit(".", 1)[0] if "." in Path(rel).name else rel


def dedupe_key(text: str) -> str:
    """What two copies of one report share: the text without any whitespace (line ends, indentation,
    the blank lines a saved web page adds)."""
    return "".join(text.split())


def tsv_field(value: object) -> str:
    """A value for one tab-separated cell: line breaks and tabs in file names are written as \\n and \\t."""
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
