"""Command line: ``python -m govreports parse [--json] FILE...``, ``export``, ``profiles``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .decode import DecodeError
from .parse import parse_bytes


def _parse(args: argparse.Namespace) -> int:
    results, failed = [], False
    for name in args.files:
        try:
            report = parse_bytes(Path(name).read_bytes(), file=name)
        except DecodeError as exc:
            print(f"error: {name}: {exc}", file=sys.stderr)
            failed = True
            continue
        except OSError as exc:
            print(f"error: {name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            failed = True
            continue
        results.append(report.summary())
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            where = " ".join(x for x in (r["province"], r["prefecture"], r["place"]) if x) or "?"
            print(f"{r['file']}\t{r['year_covered'] or '?'}\t{r['level'] or '?'}\t{where}\t{r['title'] or '?'}")
            for s in r["sections"]:
                print(f"\t{s['numbering']}{s['heading']}\t[{s['role']}]")
            for w in r["warnings"]:
                print(f"\twarning: {w}")
    return 2 if failed else 0


def _profiles(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .profiles import write_profiles

    corpus = load_corpus(args.corpus)
    pages = write_profiles(corpus, args.out)
    print(f"{len(pages)} profile pages written to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .export import export

    corpus = load_corpus(args.corpus)
    files = export(corpus, args.out, tuple(args.formats.split(",")))
    print(f"{len(files)} files written to {args.out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse report files and print their metadata and sections")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON list, one object per readable file")
    p.set_defaults(func=_parse)
    p = sub.add_parser("export", help="write every table of a corpus as CSV and Parquet, with a data dictionary")
    p.add_argument("corpus", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.add_argument("--out", required=True, metavar="FOLDER")
    p.add_argument("--formats", default="csv,parquet", help="comma-separated: csv, parquet (default: both)")
    p.set_defaults(func=_export)
    p = sub.add_parser("profiles", help="write one profile page per report (MyST Markdown) for the book")
    p.add_argument("corpus", nargs="?", default=None, metavar="DIR",
                   help="folder of reports (default: $GOVREPORTS_CORPUS, else seeds/)")
    p.add_argument("--out", required=True, metavar="FOLDER")
    p.set_defaults(func=_profiles)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
