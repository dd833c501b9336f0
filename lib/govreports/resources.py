"""Access to the reviewed data files shipped inside the package."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path


def data_path(name: str) -> Path:
    """Filesystem path of a data file of the package (never relative to the working directory)."""
    return Path(str(files("govreports") / "data" / name))


@cache
def load_toml(name: str) -> dict:
    with data_path(name).open("rb") as fh:
        return tomllib.load(fh)


@cache
def compiled(name: str, table: str = "") -> dict[str, re.Pattern]:
    """The regular expressions of a TOML table, compiled, keyed as in the file."""
    data = load_toml(name)
    if table:
        data = data[table]
    return {k: re.compile(v) for k, v in data.items() if isinstance(v, str)}


def book_folder(start: Path | None = None) -> Path | None:
    """The book's folder: the working directory or the nearest folder above it that holds ``_config.yml``
    and ``seeds/`` (chapters run in ``chapters/``). None outside a book. Never the package's location, so
    that an installed package works the same as the repository's."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "seeds").is_dir():
            return folder
    return None
