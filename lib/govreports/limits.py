"""Corpus-size rules of the book, in one place: when a chart shows levels instead of reports, how much a
chart or table lists; and the limits on reading untrusted files. Every module and chapter reads them from here."""
import os

from .settings import SettingError

REPORTS_SHOWN = 30  # beyond this many reports, charts and tables show administrative levels, not reports
REPORTS_LISTED = 60  # rows of chapter 1's report list (the full list is in the downloads)
STRIP_PLOT_FROM = 15  # beyond this many reports, a small multiple shows a strip of values by level
PANELS = 12  # small multiples: most panels drawn
TREND_PANELS = 9  # trend chart: most indicators drawn
PANEL_PLACES = 6  # trend chart of a panel: most places drawn (those with most years)
SCATTER_LABELS = 12  # labelled scatter: up to this many points each labelled; beyond, only the extremes
WORDCLOUD_PROFILES = 100  # profile pages get a wordcloud up to this many reports
SEARCHABLE_PROFILES = 100  # profile pages enter the full-text search up to this many reports (the index page
# lists every report by place; beyond this the search index would grow with every page and slow each build)
MIN_GROUP = 3  # a per-year or per-level breakdown shows only groups with at least this many reports
PERCENT_FROM = 20  # a share is written as a percentage only when it is a share of at least this many things
COMPARED_PAIRS = 10  # chapter 7: most pairs of one place's consecutive reports shown (the CLI compares any two)
PROFILE_ROWS = 500  # a profile page lists at most this many figures, sections, problems and plans (all in the downloads)
ITEMS_PAIRED = 300  # chapter 5 pairs problems with plans within the first this many of each of a report (a report has
# tens; a file of thousands is many reports in one, and pairing all of them would grow with the square)
FIGURES_LISTED = 5000  # rows of the searchable table of every figure (all of them are in metrics.csv)
ITEMS_LISTED = 80  # chapter 5: problems and plans listed (all of them in problems_plans.csv)
UNANSWERED_LISTED = 30  # chapter 5: problems without a plan, and plans without a problem, listed each
CHECKS_LISTED = 50  # chapter 3: recomputed rates listed, the inconsistent first (all of them in metrics.csv)

# Reading untrusted files: the most a file may hold or unpack to. Sizes in MB (10**6 bytes); the two
# variables below change the defaults.
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
