"""Stage 5: a folder of reports as tidy tables (reports, sections, paragraphs, sentences, compliance)."""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from .limits import REPORTS_HELD, REPORTS_SHOWN
from .model import Report
from .parse.codes import report_codes
from .pipeline import Stored, read_folder
from .read.formats import suffix_format
from .read.reader import list_files, report_id, utf8_name
from .resources import book_folder, load_toml
from .vocabulary import DEPARTMENT, PREAMBLE, ROLES, UNKNOWN_LEVEL

ENV_VAR = "GOVREPORTS_CORPUS"


def seeds_path() -> Path:
    """The seed reports of the book (the reference corpus of the tests)."""
    book = book_folder()
    if book is None:
        raise FileNotFoundError(f"no corpus folder given: set {ENV_VAR} to a folder of report files, "
                                "or run inside the book's folder (which has seeds/)")
    return book / "seeds"


def corpus_path(path: str | os.PathLike | None = None) -> Path:
    """The folder to read: ``path``, else ``$GOVREPORTS_CORPUS``, else the project's ``seeds/``."""
    if path is None:
        path = os.environ.get(ENV_VAR) or seeds_path()
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {path} (set {ENV_VAR} to a folder of report files)")
    return path


SET_ASIDE_COLUMNS = ["file", "title", "genre", "reason", "format"]
FORMAT_OUTCOMES = ("report", "not_report", "unread")


class ReportList(Sequence[Report]):
    """A corpus's reports in order, each held in memory or :class:`pipeline.Stored` (read back from the parse
    cache, about 0.4 ms a report, each time it is used)."""

    __slots__ = ("_slots",)

    def __init__(self, slots: Iterable[Report | Stored]):
        self._slots = list(slots)

    def __len__(self) -> int:
        return len(self._slots)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        slot = self._slots[k]
        return slot.load() if isinstance(slot, Stored) else slot

    def __iter__(self) -> Iterator[Report]:
        for slot in self._slots:
            yield slot.load() if isinstance(slot, Stored) else slot

    @property
    def held(self) -> int:
        """How many of the reports are held in memory."""
        return sum(not isinstance(slot, Stored) for slot in self._slots)


@dataclass
class Corpus:
    path: Path
    reports: Sequence[Report]
    ids: list[str]
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["file", "reason"]))
    # readable texts that are not annual reports (work plans, news …): kept out of every analysis
    set_aside: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SET_ASIDE_COLUMNS))
    keeps_rows: bool = False  # loaded with the cache: analyses keep their per-report rows (analysis.kept_rows)
    # Where the per-report tables come from when not built from the reports: table name of the store (reports,
    # sections, paragraphs, sentences, metrics, compliance) → its frame, rows in corpus order, or None when it can
    # no longer give this corpus's (govreports.store.source)
    source: Callable[[str], pd.DataFrame | None] | None = field(default=None, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: Hashable, compute):
        """``compute()`` once per corpus: tables that several analyses (or one chapter twice) start from.
        The result is shared, so callers treat it as read-only."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @contextmanager
    def passing(self, keep: Collection[Hashable] = ()) -> Iterator[None]:
        """A block whose tables are let go at its end: the corpus's tables (``paragraphs``, ``sentences`` …) and
        memos first built inside it are not kept, those built before stay, and those named in ``keep``. For a
        step that reads many tables once, such as an export: 10,000 reports' paragraphs, sentences and figures
        held together took 0.9 GB. A corpus whose reports are all held in memory (at most ``REPORTS_HELD``) keeps
        everything: its tables are small beside its reports, and the chapters after an export read them again."""
        if self.holds_reports:
            yield
            return
        tables, memos = set(self.__dict__) | set(keep), set(self._memo) | set(keep)
        try:
            yield
        finally:
            for name in [n for n in self.__dict__ if n not in tables and n in _TABLES]:
                del self.__dict__[name]
            for key in [k for k in self._memo if k not in memos]:
                del self._memo[key]

    @property
    def holds_reports(self) -> bool:
        """Whether every report is held in memory (not read back from the parse cache each time: a large corpus)."""
        return not isinstance(self.reports, ReportList) or self.reports.held == len(self.reports)

    def _stored(self, name: str) -> pd.DataFrame | None:
        """Table ``name`` from :attr:`source`, typed as the one built from the reports; None without a source or
        when the source no longer holds this corpus's tables."""
        frame = None if self.source is None else self.source(name)
        return None if frame is None else typed(frame, name)

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per report: metadata, length, warnings."""
        if (stored := self._stored("reports")) is not None:
            return stored
        rows = []
        for rid, r in zip(self.ids, self.reports):
            rows.append({
                "report_id": rid, "file": utf8_name(r.file), "title": r.title, "issuer": r.issuer, "place": r.place,
                "level": r.level, "province": r.province, "prefecture": r.prefecture,
                **vars(report_codes(r.province, r.prefecture, r.place, r.level, r.year_covered)),
                "year_covered": r.year_covered, "published": r.published, "is_report": r.is_report,
                "genre": r.genre, "completeness": r.completeness, "completeness_evidence": r.completeness_evidence,
                "chars": r.chars, "sections": len(r.sections), "format": r.format,
                "encoding": r.encoding,
                "title_inferred": r.title_inferred, "issuer_inferred": r.issuer_inferred,
                "province_inferred": r.place_inferred.get("province", False),
                "prefecture_inferred": r.place_inferred.get("prefecture", False),
                "warnings": "; ".join(r.warnings),
            })
        return typed(pd.DataFrame(rows, columns=list(table_types("reports"))), "reports")

    @cached_property
    def sections(self) -> pd.DataFrame:
        """Every section at every depth; ``role`` is the role of its top-level section."""
        if (stored := self._stored("sections")) is not None:
            return stored
        rows = []
        for rid, r in zip(self.ids, self.reports):
            for k, top in enumerate(r.sections, 1):
                _section_rows(rows, rid, top, f"{rid}/s{k}", top.role)
        return typed(pd.DataFrame(rows, columns=list(table_types("sections"))), "sections")

    def _paragraph_records(self):
        """(paragraph_id, report_id, paragraph, section_id, top_section_id, role) in document order."""
        for rid, r in zip(self.ids, self.reports):
            owner = {}
            for k, top in enumerate(r.sections, 1):
                for sid, sec in _walk_ids(top, f"{rid}/s{k}"):
                    for p in sec.paragraphs:
                        owner[p.start] = (sid, f"{rid}/s{k}", top.role)
            for n, p in enumerate(r.paragraphs(), 1):
                yield (f"{rid}/p{n}", rid, p, *owner.get(p.start, (None, None, PREAMBLE)))

    @cached_property
    def paragraphs(self) -> pd.DataFrame:
        """Every paragraph (the preamble's with role 前言 and no section) with its top-level role."""
        if (stored := self._stored("paragraphs")) is not None:
            return stored
        cols = Columns(list(table_types("paragraphs")))
        for pid, rid, p, sid, top_id, role in self._paragraph_records():
            cols.add(pid, rid, sid, top_id, role, p.start, p.end, p.end - p.start, p.text)
        return typed(cols.frame(), "paragraphs")

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Every sentence of every paragraph."""
        if (stored := self._stored("sentences")) is not None:
            return stored
        cols = Columns(list(table_types("sentences")))
        for pid, rid, p, *_ in self._paragraph_records():
            for m, s in enumerate(p.sentences, 1):
                cols.add(f"{pid}/{m}", pid, rid, s.start, s.end, s.text)
        return typed(cols.frame(), "sentences")

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """Report × mandated part: status ("section", "mentioned", "absent", "not_reached") and offset."""
        if (stored := self._stored("compliance")) is not None:
            return stored
        rows = [{"report_id": rid, "part": c.part, "name": c.name, "status": c.status, "start": c.start,
                 "optional": c.optional}
                for rid, r in zip(self.ids, self.reports) for c in r.compliance]
        return typed(pd.DataFrame(rows, columns=list(table_types("compliance"))), "compliance")

    def file_formats(self) -> pd.DataFrame:
        """Files of the folder by format and by what became of them: one row per (format, outcome) with its
        count of files; outcome is report (analysed), not_report (set aside) or unread (skipped)."""
        rows = [(r.format, "report") for r in self.reports]
        rows += [(f, "not_report") for f in self.set_aside["format"]]
        rows += [(suffix_format(f), "unread") for f in self.skipped["file"]]
        df = pd.DataFrame(rows, columns=["format", "outcome"])
        return df.value_counts().rename("files").reset_index().sort_values(["format", "outcome"], ignore_index=True)

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """Every quantitative fact of every report, with its sentence, section and canonical indicator."""
        if (stored := self._stored("metrics")) is not None:
            return stored
        cols = Columns(list(table_types("metrics")))
        for rid, r in zip(self.ids, self.reports):
            for m in r.metrics:
                check = "; ".join(f"{c.formula} = {c.computed}%（文中 {c.stated:g}%）" + ("" if c.consistent else " 不一致")
                                  for c in m.checks)
                cols.add(rid, m.start, m.end, m.text, m.value, m.unit, m.approx, m.approx_marker, m.kind, m.label,
                         m.indicator, m.period, m.scope, m.value_base, m.unit_base, m.value_high, m.change, m.section,
                         m.sentence, check, all(c.consistent for c in m.checks) if m.checks else None,
                         r.page_at(m.start))
        return typed(cols.frame(), "metrics")

    def whole(self) -> pd.Series:
        """Per report: whether its file holds the whole report (completeness "complete")."""
        return self.table.set_index("report_id")["completeness"].eq("complete").reindex(self.ids)

    def all_parts(self) -> pd.Series:
        """Per report holding the whole report: whether every required part (1–4 of the five) has a section of
        its own. Reports whose file is an excerpt or cut short are left out (a part they do not reach is
        未覆盖, not missing)."""
        c = self.compliance
        required = c[~c["optional"] & c["report_id"].isin(self.whole()[lambda s: s].index)]
        return required.groupby("report_id")["status"].apply(lambda s: (s == "section").all())

    def labels(self) -> dict[str, str]:
        """Report id → the label a reader sees (方城县（2024）)."""
        return self._labels

    @cached_property
    def _labels(self) -> dict[str, str]:
        return dict(zip(self.ids, report_labels(self.table, self.ids)))

    def fold(self, frame: pd.DataFrame, max_rows: int = REPORTS_SHOWN) -> pd.DataFrame:
        """A report-by-report table (one row per report, in corpus order), or for a large corpus the mean
        of each administrative level, labelled with the number of reports it holds (县级（812份）).

        Rows are matched to reports by their index (report ids or report labels), never by position, so a
        table that lacks some reports (those without problems, say) folds correctly."""
        if "report_id" in frame.columns:
            frame = frame.set_index("report_id")
        labels = self.labels()
        if len(frame) <= max_rows:
            if frame.index.isin(self.ids).all() and len(frame):  # a tidy table: the reader sees labels
                frame = frame.set_axis(pd.Index(frame.index.map(labels), name="报告"), axis=0)
            return frame
        by_label = {label: rid for rid, label in labels.items()}
        keys = [by_label.get(key, key) for key in frame.index]
        level = self.table.set_index("report_id")["level"]
        levels = level.reindex(keys).fillna(UNKNOWN_LEVEL).to_numpy()
        out = frame.groupby(levels).mean(numeric_only=True).round(2)  # a mean of counts is not read to 6 places
        sizes = pd.Series(levels).value_counts()
        out.index = [f"{lvl}（{sizes[lvl]}份）" for lvl in out.index]
        out.index.name = "层级（报告数）"
        return out

    def role_shares(self) -> pd.DataFrame:
        """Share of each report's paragraph characters per role (rows: reports by id, columns: roles);
        :meth:`fold` gives the reader's table."""
        p = self.paragraphs
        share = p.pivot_table(index="report_id", columns="role", values="chars", aggfunc="sum", fill_value=0)
        share = share.div(share.sum(axis=1), axis=0)
        cols = [c for c in (PREAMBLE, *ROLES) if c in share.columns]
        share = share.reindex(index=self.ids, columns=cols, fill_value=0.0)
        share.index.name, share.columns.name = "report_id", None
        return share

    def mix(self) -> str:
        """What the corpus mixes: "places_and_years", "places", "years" (one place, a panel) or "single"."""
        t = self.table
        places, years = t["place"].nunique(dropna=True), t["year_covered"].nunique(dropna=True)
        if places > 1 and years > 1:
            return "places_and_years"
        if places > 1:
            return "places"
        return "years" if years > 1 else "single"

    def warnings(self) -> pd.DataFrame:
        """One row per warning of a parsed report (tidy: report_id, warning)."""
        rows = [(rid, w) for rid, r in zip(self.ids, self.reports) for w in r.warnings]
        return pd.DataFrame(rows, columns=["report_id", "warning"])



# pandas dtype of each type of data/store_schema.toml ("?": a column that may hold nulls in memory too)
PANDAS_TYPES = {"string": "str", "float64": "float64", "int64": "int64", "int64?": "Int64", "bool": "bool",
                "bool?": "boolean"}


@cache
def table_types(name: str) -> dict[str, str]:
    """Column → pandas dtype of the per-report table ``name``, its columns in order (data/store_schema.toml, which
    also declares the store's Arrow types): a table has the same columns and types whether built from the reports
    or read from the store, and whatever its rows hold (a column with no value in a small corpus is still text)."""
    return {col: PANDAS_TYPES[typ] for col, typ in load_toml("store_schema.toml")[name].items()}


def typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df`` with the columns and dtypes declared for table ``name`` (a column missing or extra is an error)."""
    types = table_types(name)
    if list(df.columns) != list(types):
        raise ValueError(f"table {name}: columns {list(df.columns)} are not the declared {list(types)}")
    return df.astype(types)


# The tables a Corpus builds once and keeps (its cached properties)
_TABLES = frozenset(name for name, value in vars(Corpus).items() if isinstance(value, cached_property))


# Rows a table built by Columns holds as Python objects before they become a frame's columns (10,000 reports'
# figures as 398,000 rows of Python strings took 0.45 GB on their way into Arrow strings; 20,000 rows take ~25 MB)
COLUMN_CHUNK = 20_000


class Columns:
    """A table built a column at a time: a list per column, not a dict per row (398,000 metrics of 10,000
    reports took half a gigabyte as dicts on their way into a frame), turned into a frame every
    :data:`COLUMN_CHUNK` rows. The result equals one frame of all the rows, types included, for columns that hold
    one kind of value (text, numbers or truth values) and gaps (None), as the corpus's do: a column whose parts came
    out of different types (a part with no text in a text column) is inferred again from all its values."""

    def __init__(self, names: list[str], chunk: int = COLUMN_CHUNK):
        self.names, self.chunk = names, chunk
        self.values: list[list] = [[] for _ in names]
        self.parts: list[pd.DataFrame] = []

    def add(self, *row) -> None:
        for column, value in zip(self.values, row, strict=True):
            column.append(value)
        if len(self.values[0]) >= self.chunk:
            self._flush()

    def _flush(self) -> None:
        self.parts.append(pd.DataFrame(dict(zip(self.names, self.values)), columns=self.names))
        self.values = [[] for _ in self.names]

    def frame(self) -> pd.DataFrame:
        if self.values[0]:
            self._flush()
        if not self.parts:  # no row: columns of objects, as a frame of no records has
            return pd.DataFrame([], columns=self.names)
        if len(self.parts) == 1:
            return self.parts.pop()
        parts, self.parts = self.parts, []
        columns = {}
        for name in self.names:
            pieces = [part[name] for part in parts]
            if all(piece.dtype == pieces[0].dtype for piece in pieces):
                columns[name] = pd.concat(pieces, ignore_index=True)
            else:  # as one list of the values would have been inferred
                columns[name] = pd.Series([v for piece in pieces for v in piece.tolist()], name=name)
        return pd.DataFrame(columns, columns=self.names)


def report_author(rid: str, place, issuer, level) -> str:
    """Who a report is by, for a reader: a department by its own name (四川省教育厅, not 四川省, whose
    government reports too), a government by its place; without either, the issuer, else the file's name."""
    def known(v) -> bool:
        return isinstance(v, str) and bool(v.strip())

    if level == DEPARTMENT and known(issuer):
        return issuer
    return place if known(place) else issuer if known(issuer) else rid.rsplit("/", 1)[-1]


def report_labels(table: pd.DataFrame, ids=None) -> list[str]:
    """Readable labels for reports, who and year (方城县（2024）, 司法部（2020））, with the id where two would
    clash."""
    t = table.set_index("report_id")
    t = t.loc[list(ids)] if ids is not None else t
    issuers = t["issuer"] if "issuer" in t.columns else pd.Series(None, index=t.index, dtype=object)
    levels = t["level"] if "level" in t.columns else pd.Series(None, index=t.index, dtype=object)
    labels = [f"{report_author(r, p, i, lv)}（{int(y) if pd.notna(y) else '年份不详'}）"
              for r, p, i, lv, y in zip(t.index, t["place"], issuers, levels, t["year_covered"])]
    counts = pd.Series(labels).value_counts()
    return [lab if counts[lab] == 1 else f"{lab} {rid}" for lab, rid in zip(labels, t.index)]


def _walk_ids(sec, sid):
    yield sid, sec
    for k, child in enumerate(sec.children, 1):
        yield from _walk_ids(child, f"{sid}.{k}")


def _section_rows(rows, rid, top, top_id, role):
    for sid, sec in _walk_ids(top, top_id):
        head, _, path = sid.rpartition("/")  # the report id before the last / may hold dots of its own
        rows.append({"section_id": sid, "report_id": rid, "parent_id": f"{head}/{path.rsplit('.', 1)[0]}" if "." in path else None,
                     "depth": sec.depth, "numbering": sec.numbering, "heading": sec.heading, "run_in": sec.run_in,
                     "role": role, "start": sec.start, "end": sec.end})


def report_ids(rels: list[str]) -> list[str]:
    """The report id of each report's name in the folder, in order (the book's and the store's)."""
    used: set[str] = set()
    return [_unique(report_id(rel), rel, used) for rel in rels]


def _unique(rid: str, rel: str, used: set[str]) -> str:
    """A report id not yet used: the path without its extension, else with it (a.pdf beside a.docx), else
    numbered."""
    for candidate in itertools.chain((rid, rel), (f"{rel}~{k}" for k in itertools.count(2))):  # lazily
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise AssertionError("unreachable")  # the numbered candidates never end


# Corpora kept by load_corpus for the rest of the process when sharing is on (share_loaded): the book's kernels,
# which run chapter after chapter on one corpus; key → (the folder's files as listed and stat'ed, the corpus)
_shared: dict[tuple, tuple[tuple, Corpus]] = {}
_sharing = False


def share_loaded(on: bool = True) -> None:
    """Let :func:`load_corpus` give the corpus it loaded before, and what the corpus has computed, while the folder's
    files are those it read (same names, sizes and modification times): for a process that runs the book's chapters
    one after another, which only read the corpus. Off by default: a reader's notebook gets a corpus of its own."""
    global _sharing
    _sharing = on
    if not on:
        _shared.clear()


def _files_now(folder: Path) -> tuple:
    def state(path: Path):
        try:
            st = path.stat()
            return st.st_size, st.st_mtime_ns, st.st_ino
        except OSError as exc:
            return exc.errno
    return tuple((e.rel, e.problem, state(e.path)) for e in list_files(folder))


def load_corpus(path: str | os.PathLike | None = None, workers: int | None = None, cache: bool = True) -> Corpus:
    """Parse every report file of a folder (see :func:`corpus_path`) through :func:`pipeline.read_folder`:
    over ``workers`` processes (default: ``$GOVREPORTS_WORKERS``, else every core) and with the parse cache.
    Unreadable files and duplicates are listed in ``skipped``, texts that are not annual reports in
    ``set_aside``; neither is analysed, neither is fatal. A folder of more than ``REPORTS_HELD`` readable files
    keeps its reports in the parse cache, not in memory (:class:`ReportList`)."""
    if not _sharing:
        return _load(corpus_path(path), workers, cache)
    folder = corpus_path(path)
    key, now = (str(folder.resolve()), workers, cache, os.environ.get("GOVREPORTS_CACHE")), _files_now(folder)
    if key not in _shared or _shared[key][0] != now:
        _shared[key] = (now, _load(folder, workers, cache))
    return _shared[key][1]


def _load(folder: Path, workers: int | None, cache: bool) -> Corpus:
    reports, rels, skipped, aside = [], [], [], []
    for read in read_folder(folder, workers, cache, hold_up_to=REPORTS_HELD):
        if read.status == "ok":
            reports.append(read.report)
            rels.append(read.rel)
        elif read.status == "not a report":
            r = read.parsed()
            aside.append((utf8_name(read.rel), r.title, r.genre, r.genre_reason, r.format))
        else:
            skipped.append((utf8_name(read.rel), utf8_name(read.reason)))
    return Corpus(folder, ReportList(reports), report_ids(rels), pd.DataFrame(skipped, columns=["file", "reason"]),
                  pd.DataFrame(aside, columns=SET_ASIDE_COLUMNS), keeps_rows=cache)
