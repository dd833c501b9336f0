"""Reading untrusted files: the most a file may hold or unpack to, in one place. Sizes in MB (10**6 bytes);
two environment variables change the defaults."""
import os

from ..settings import SettingError

MAX_FILE_VAR = "GOVREPORTS_MAX_FILE_MB"
MAX_FILE_MB = 100  # a larger file is listed with its reason, never read
MAX_INFLATED_VAR = "GOVREPORTS_MAX_INFLATED_MB"
MAX_INFLATED_MB = 64  # a Word or PDF file may unpack to at most this much more than its own size (and the pages
# of a PDF may hold at most this much content)
MAX_ZIP_RATIO = 100  # a zip part may inflate to at most this many times its compressed size …
ZIP_RATIO_FROM = 1_000_000  # … once it has inflated to more than this many bytes (small parts may have any ratio)
MAX_ZIP_PARTS = 10_000  # parts of a zip package (its directory alone could fill memory)
MAX_PDF_PAGES = 5_000  # pages of a PDF
MAX_PDF_PAGE_ITEMS = 50_000  # characters, shapes and images one page of a PDF draws (each an object in memory)


def limit_bytes(var: str, default_mb: float) -> int:
    """A limit in bytes: ``$var`` in MB when set (a positive number), else ``default_mb``. A value that is not
    a positive number raises the package's SettingError (one line on the command line)."""
    value = os.environ.get(var, "").strip()
    if not value:
        return int(default_mb * 1_000_000)
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not mb > 0 or mb == float("inf"):
        raise SettingError(f"{var} must be a positive number of megabytes, not {value!r}")
    return int(mb * 1_000_000)


def max_file_bytes() -> int:
    """The size above which a file is not read (``$GOVREPORTS_MAX_FILE_MB``, default 100 MB)."""
    return limit_bytes(MAX_FILE_VAR, MAX_FILE_MB)


def max_inflated_bytes() -> int:
    """How much more than its own size a Word or PDF file may unpack to, and how much content the pages of a
    PDF may hold (``$GOVREPORTS_MAX_INFLATED_MB``, default 64 MB)."""
    return limit_bytes(MAX_INFLATED_VAR, MAX_INFLATED_MB)


def megabytes(n: int) -> str:
    """A size in MB as a reason writes it: 100, 1.5, 0.25."""
    return f"{n / 1_000_000:.2f}".rstrip("0").rstrip(".")
