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
