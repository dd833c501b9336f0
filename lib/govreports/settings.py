"""Settings read from the environment, and the error a bad one raises (one line on the command line)."""
from __future__ import annotations

import os
import re


class SettingError(ValueError):
    """An environment setting the reader cannot use."""


MEMORY_VAR = "GOVREPORTS_MEMORY"
STORE_VAR = "GOVREPORTS_STORE"  # a store folder: govreports.load_corpus reads the per-report tables from it
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def memory_budget(value: str | None = None) -> int | None:
    """Bytes the book's build may hold at once, from ``$GOVREPORTS_MEMORY`` (or ``value``): a number of bytes, or
    of K, M, G or T (binary units, an optional B after: 3G, 2.5GB, 3000M); None when unset."""
    text = (os.environ.get(MEMORY_VAR, "") if value is None else value).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?", text, re.IGNORECASE)
    budget = int(float(m.group(1)) * _UNITS[m.group(2).upper()]) if m else 0
    if budget < 2**20:
        raise SettingError(f"{MEMORY_VAR} must be an amount of memory of at least 1M, such as 3G or 3000M, not {text!r}")
    return budget
