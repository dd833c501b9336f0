"""Command line: ``python -m govreports parse|check|add|export|store|query|concepts|profiles|compare`` (``--help`` on
each)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .analysis.concepts import ConceptsError
from .book.labels import reason_zh
from .limits import SPHINX_PROFILES
from .parse.report import parse_bytes
from .read.decode import DecodeError
from .read.formats import suffix_format
from .read.normalise import IDEOGRAPHS_READ
from .read.reader import dedupe_key, list_files, regular_file_problem, tsv_field
from .settings import SettingError
from .store.dataset import StoreError


class UsageError(ValueError):
    """A request the command cannot carry out; printed as one line ``error: …``."""


def _read_report(name: str):
    """The parsed file, or None after printing one line ``error: FILE: reason`` on stderr.

    Special files (a FIFO would block the read forever) are refused before they are opened."""
    problem = regular_file_problem(Path(name))
    if problem:
        print(f"error: {tsv_field(name)}: {problem}", file=sys.stderr)
        return None
    try:
        return parse_bytes(Path(name).read_bytes(), file=name)
    except DecodeError as exc:
        print(f"error: {name}: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"error: {name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
    return None


def _parse(args: argparse.Namespace) -> int:
    results, failed = [], False
    for name in args.files:
        report = _read_report(name)
        if report is None:
            failed = True
            continue
        summary = report.summary()
        if args.text:
            summary["text"] = report.text  # what every offset points into (the text extracted from a PDF …)
        results.append(summary)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            where = " ".join(x for x in (r["province"], r["prefecture"], r["place"]) if x) or "?"
            print("\t".join(tsv_field(x) for x in (r["file"], r["year_covered"] or "?", r["level"] or "?", where,
                                                      r["title"] or "?")))
            for s in r["sections"]:
                print(f"\t{s['numbering']}{s['heading']}\t[{s['role']}]")
            for w in r["warnings"]:
                print(f"\twarning: {w}")
    return 2 if failed else 0


def _progress(items: list, label: str):
    """Yield the items; on a terminal, show a progress bar on stderr while doing so."""
    show = sys.stderr.isatty() and len(items) > 20
    for k, item in enumerate(items, 1):
        if show:
            done = int(30 * k / len(items))
            sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (30 - done)}] {k}/{len(items)}")
            sys.stderr.flush()
        yield item
    if show:
        sys.stderr.write("\n")


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check(args: argparse.Namespace) -> int:
    from .corpus import corpus_path
    from .pipeline import read_folder

    folder = corpus_path(args.folder)
    rows, usable = [], True
    for read in read_folder(folder):
        r = read.report
        fmt = r.format if r is not None else suffix_format(read.rel)
        if read.status in ("skipped", "error", "duplicate"):
            reason = f"same text as {read.reason.removeprefix('duplicate of ')}" if read.status == "duplicate" else read.reason
            rows.append((read.rel, read.status, fmt, "", "", "", "", "", reason, ""))
            usable = False
            continue
        usable &= r.is_report
        notes = "; ".join(w for w in r.warnings if "not found" in w and not w.startswith("published")
                          or IDEOGRAPHS_READ in w)
        why = f"{reason_zh(r.genre)} [{r.genre_reason}]"
        rows.append((read.rel, read.status, fmt, str(r.year_covered or ""), r.level or "", r.place or "",
                     r.issuer or "", r.title or "", why, notes))
    print("\t".join(["file", "status", "format", "year", "level", "place", "issuer", "title", "why", "notes"]))
    for row in rows:
        print("\t".join(tsv_field(x) for x in row))
    bad = sum(row[1] != "ok" for row in rows)
    print(f"{len(rows)} files, {len(rows) - bad} usable, {bad} not", file=sys.stderr)
    return 0 if usable else 1


def _add(args: argparse.Namespace) -> int:
    import hashlib
    import shutil

    from .pipeline import read_folder

    target = Path(args.to)
    target.mkdir(parents=True, exist_ok=True)
    # every readable file, in sub-folders too, whatever its text suffix
    existing = {dedupe_key(read.report.text): read.rel for read in read_folder(target) if read.report is not None}
    failed = False
    for name in _progress(args.files, "adding"):
        r = _read_report(name)
        if r is None:
            failed = True
            continue
        text = _normalised(r.text)
        key = dedupe_key(text)
        if key in existing:
            print(f"duplicate: {name} is already {existing[key]}")
            continue
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        parts = [str(r.year_covered or "unknown-year"), r.province or "unknown-province", r.place or "unknown-place"]
        stem = "_".join(parts) + f"_{digest}"
        if r.format in ("pdf", "docx"):
            # the original is what the book reads (pages and all); its text beside it, to check any span against
            out = target / f"{stem}.{r.format}"
            shutil.copyfile(name, out)
            out.with_name(out.name + ".txt").write_text(r.text, encoding="utf-8", newline="\n")
        else:
            out = target / f"{stem}.txt"
            out.write_text(text, encoding="utf-8", newline="\n")
        existing[key] = out.name
        print(f"added: {out.name}\t{r.title or '?'}\t{r.year_covered or '?'}\t{r.place or '?'}")
    return 2 if failed else 0


def _compare(args: argparse.Namespace) -> int:
    from .analysis.compare import compare
    from .book.tables.compare import markdown
    from .corpus import Corpus

    reports = [_read_report(name) for name in (args.earlier, args.later)]
    if any(r is None for r in reports):
        return 2
    ids = [Path(args.earlier).stem, Path(args.later).stem]
    if ids[0] == ids[1]:
        ids = [args.earlier, args.later]
    labels = Corpus(path=None, reports=reports, ids=ids).labels()
    page = markdown(compare(reports, ids), labels)
    if args.out:
        Path(args.out).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


def _profiles(args: argparse.Namespace) -> int:
    from .book.profiles import write_profiles
    from .corpus import load_corpus

    corpus = load_corpus(args.corpus)
    if args.loaded is not None:
        args.loaded.touch()
    if not corpus.reports and not args.allow_empty:
        raise UsageError(f"no annual report in {corpus.path} ({len(corpus.set_aside)} texts set aside, "
                         f"{len(corpus.skipped)} files not read): no profile pages to write")
    pages = write_profiles(corpus, args.out, direct=True if args.direct else None)
    print(f"{len(pages)} profile pages written to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from .analysis import concepts
    from .book.tables.export import export
    from .corpus import load_corpus

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in ("csv", "parquet")]
    if unknown or not formats:
        raise UsageError(f"unknown export format {', '.join(unknown) or '(none)'}: use csv, parquet or csv,parquet")
    named = args.concepts or os.environ.get(concepts.ENV_VAR, "").strip()
    dictionary = concepts.load(named) if named else None
    corpus = load_corpus(args.corpus)
    if not corpus.reports:
        raise UsageError(f"no annual report in {corpus.path} ({len(corpus.set_aside)} texts set aside, "
                         f"{len(corpus.skipped)} files not read): nothing to export")
    files = export(corpus, args.out, formats, dictionary)
    print(f"{len(files)} files written to {args.out}", file=sys.stderr)
    return 0


def _store(args: argparse.Namespace) -> int:
    """Bring a Parquet store up to date with a corpus folder; one line on what was done."""
    from .corpus import corpus_path
    from .store import build_store

    r = build_store(corpus_path(args.corpus), args.out, scheduler=args.scheduler)
    print(f"{r.files} files, {r.reports} reports: {r.parsed} parsed, {r.parts_written} parts written, "
          f"{r.parts_removed} removed{', built whole' if r.rebuilt else ''}"
          f"{f', {r.lost} changed while being stored (run again)' if r.lost else ''} in {r.seconds:.1f} s "
          f"({args.out})", file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> int:
    """Answer SQL (or a named chapter query) over a store, as CSV on stdout."""
    import duckdb

    from .store import query
    from .store.query import CHAPTER_QUERIES

    if args.sql is None:
        print("\n".join(CHAPTER_QUERIES))
        return 0
    try:
        answer = query(args.store, args.sql)
    except duckdb.Error as exc:
        raise UsageError(f"query: {str(exc).splitlines()[0]}") from None
    answer.to_csv(sys.stdout, index=False)
    return 0


def _concepts(args: argparse.Namespace) -> int:
    """Count a reader's concepts in every report of a folder: a table on stdout, or the tidy CSV with --csv."""
    from .analysis import concepts as cc
    from .analysis.export import write_csv
    from .corpus import load_corpus

    dictionary = cc.load(args.dictionary)  # a bad dictionary stops here, before the corpus is read
    corpus = load_corpus(args.folder)
    if not corpus.reports:
        raise UsageError(f"no annual report in {corpus.path}: nothing to count")
    counts = cc.count(corpus, dictionary)
    if args.csv:
        write_csv(counts, args.csv, excel=True)
        print(f"{len(counts)} rows written to {args.csv}", file=sys.stderr)
        return 0
    files = dict(zip(corpus.table["report_id"], corpus.table["file"]))
    print("\t".join(["file", *(f"{tsv_field(n)}\t{tsv_field(n)}/10k" for n in dictionary.names)]))
    for rid, rows in counts.groupby("report_id", sort=False):
        cells = [f"{c}\t{r:.1f}" for c, r in zip(rows["count"], rows["per_10k"])]
        print("\t".join([tsv_field(files[rid]), *cells]))
    return 0


def _ready(args: argparse.Namespace) -> int:
    """Stop a build early, with one line, when there is no folder or nothing in it the book can read."""
    from .analysis.concepts import book_dictionary
    from .corpus import ENV_VAR, corpus_path
    from .pipeline import default_workers

    folder = corpus_path(args.folder).resolve()
    default_workers()  # a bad $GOVREPORTS_WORKERS stops the build here, in one line
    book_dictionary()  # and so does a bad $GOVREPORTS_CONCEPTS
    readable = any(entry.problem is None for entry in list_files(folder))
    if not readable:
        print(f"error: the corpus folder {folder} holds no report files (.txt, .html); put the reports there, "
              f"or set {ENV_VAR} to the folder that holds them", file=sys.stderr)
        return 2
    print(folder)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse report files and print their metadata and sections")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON list, one object per readable file")
    p.add_argument("--text", action="store_true",
                   help="with --json: add each file's text, the one its offsets point into (for PDF and Word files, "
                        "the extracted text)")
    p.set_defaults(func=_parse)
    p = sub.add_parser("check", help="validate a folder of reports and print a table of findings")
    p.add_argument("folder", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.set_defaults(func=_check)
    p = sub.add_parser("add", help="add report files to a folder: texts as UTF-8 with LF line ends; PDF and Word "
                                   "files as they are, with their extracted text beside them (X.pdf.txt)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--to", default="seeds", metavar="DIR", help="folder to add to (default: seeds)")
    p.set_defaults(func=_add)
    p = sub.add_parser("export", help="write every table of a corpus as CSV and Parquet, with a data dictionary")
    p.add_argument("corpus", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.add_argument("--out", required=True, metavar="FOLDER")
    p.add_argument("--formats", default="csv,parquet", help="comma-separated: csv, parquet (default: both)")
    p.add_argument("--concepts", metavar="DICT.toml", default=None,
                   help="a dictionary of concepts to count and add to the panel (default: $GOVREPORTS_CONCEPTS)")
    p.set_defaults(func=_export)
    p = sub.add_parser("store", help="bring a Parquet store of every report's tables (partitioned by year) up to date "
                                     "with a corpus folder: only new or changed files are parsed")
    p.add_argument("corpus", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.add_argument("--out", required=True, metavar="FOLDER")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="a Dask scheduler to run on (default: $GOVREPORTS_SCHEDULER, else local processes)")
    p.set_defaults(func=_store)
    p = sub.add_parser("query", help="answer SQL over a store with DuckDB (CSV on stdout); without SQL, list the "
                                     "chapters' named queries")
    p.add_argument("store", metavar="FOLDER")
    p.add_argument("sql", nargs="?", default=None, help="SQL over the views files, reports, sections, paragraphs, "
                                                        "sentences, metrics, themes, items, compliance; or a query's name")
    p.set_defaults(func=_query)
    p = sub.add_parser("concepts", help="count the terms of a dictionary of concepts (TOML) in every report, as "
                                        "words, per report and per 10,000 characters")
    p.add_argument("dictionary", metavar="DICT.toml",
                   help='[concepts] with one line per concept: "数字政府" = ["数字政府", "一网通办"]')
    p.add_argument("folder", nargs="?", default=None, metavar="FOLDER",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.add_argument("--csv", metavar="FILE", help="write the tidy table (report_id, concept, count, per_10k) to FILE")
    p.set_defaults(func=_concepts)
    p = sub.add_parser("ready", help="check that a corpus folder exists and holds report files (before a build)")
    p.add_argument("folder", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.set_defaults(func=_ready)
    p = sub.add_parser("compare", help="compare two reports of one place (Markdown): figures that changed, text "
                                       "carried over, problems that recur, plans that came back as achievements")
    p.add_argument("earlier", metavar="FILE")
    p.add_argument("later", metavar="FILE", help="the two reports, in any order (they are ordered by year)")
    p.add_argument("--out", metavar="FILE", help="write the page to FILE instead of standard output")
    p.set_defaults(func=_compare)
    p = sub.add_parser("profiles", help="write one profile page per report (MyST Markdown) for the book")
    p.add_argument("corpus", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.add_argument("--out", required=True, metavar="FOLDER")
    p.add_argument("--allow-empty", action="store_true",
                   help="without reports, write an index page that says so (the book's build) instead of refusing")
    p.add_argument("--direct", action="store_true",
                   help="write every page as HTML parts for the book's template, as beyond "
                        f"{SPHINX_PROFILES} reports, instead of MyST pages for Sphinx")
    p.add_argument("--loaded", type=Path, default=None, metavar="FILE",
                   help="create FILE once the corpus is read, before the pages are written (the book's build starts "
                        "the chapters then: every report is in the parse cache)")
    p.set_defaults(func=_profiles)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (UsageError, SettingError, ConceptsError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an existing file where a folder is wanted, a read-only folder, a full disk …
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
