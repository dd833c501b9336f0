"""Corpus-size rules of the book, in one place: when a chart shows levels instead of reports, how much a
chart or table lists, how much an analysis pairs. Every module and chapter reads them from here; the limits on
reading untrusted files are the reading stage's (:mod:`govreports.read.limits`)."""

REPORTS_SHOWN = 30  # beyond this many reports, charts and tables show administrative levels, not reports
REPORTS_HELD = 2000  # beyond this many report files, a loaded corpus reads each report back from the parse cache when
# it is used instead of holding all in memory: a held report takes about 0.11 MB in every chapter's process (1 GB
# for 9,245), one read back about 0.4 ms each time a chapter goes through the reports (the downloads: twelve times)
REPORTS_LISTED = 60  # rows of chapter 1's report list (the full list is in the downloads)
STRIP_PLOT_FROM = 15  # beyond this many reports, a small multiple shows a strip of values by level
PANELS = 12  # small multiples: most panels drawn
TREND_PANELS = 9  # trend chart: most indicators drawn
PANEL_PLACES = 6  # trend chart of a panel: most places drawn (those with most years)
SCATTER_LABELS = 12  # labelled scatter: up to this many points each labelled; beyond, only the extremes
WORDCLOUD_PROFILES = 100  # profile pages get a wordcloud up to this many reports
SPHINX_PROFILES = 100  # profile pages are read by Sphinx, and enter the full-text search, up to this many reports;
# beyond, they are drawn directly into the book's template (book.sphinx_profiles) and found from the index page,
# which lists every report and carries every name: Sphinx spent about 30 ms a page, half a minute for 1,000 reports
INDEX_PAGE_ROWS = 50  # rows a page of the profile index table shows at once (a script pages and filters it)
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
UNMAPPED_LISTED = 20  # chapter 3: the quantities most often published but compared on no indicator
