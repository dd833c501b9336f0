"""Command line: ``python -m govreports parse [--json] FILE...``."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse report files and print their metadata and sections")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON list, one object per readable file")
    p.set_defaults(func=_parse)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
