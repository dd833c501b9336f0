"""Accuracy of what the book says about a report's structure, against labels written by reading the files:
top-level sections and their roles, the mandated parts, whether a file is whole, problems and plans,
timeliness and shared passages; for the methods appendix, each measure with the set it was measured on and
whether the rules were written from that set.

The sets: the development set's 65 reports (tests/real/, openings of web pages), labelled in
tests/labels/dev_structure.json before the completeness rules were written and without the parser's output
in view; the role rules were written from the seeds, the heading and chrome rules against these files. The
seeds (tests/gold/seeds.json): the only full texts here, the material every rule was written from.
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd

from ..corpus import Corpus
from ..pipeline import parse_cached
from ..resources import load_toml
from ..vocabulary import ABSENT, CUT_SHORT, VISIBLE_STATUSES
from . import template, timeliness
from .evaluation import Gold
from .problems import bigrams

ITEM_MATCH = 0.5  # share of a labelled phrase's character bigrams an extracted item must hold to match it


def label_counts(gold: Gold) -> dict[str, int]:
    """How many files the structure labels cover, and how many of them are labelled cut short."""
    labels = json.loads(gold.structure.read_text(encoding="utf-8"))
    return {"files": len(labels), CUT_SHORT: sum(x["completeness"] == CUT_SHORT for x in labels)}


def _key(heading: str) -> str:
    """A heading compared without punctuation, spaces and numbering."""
    s = unicodedata.normalize("NFKC", heading)
    return re.sub(r"[\W_]", "", s)


def _same_heading(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka.startswith(kb[:8]) or kb.startswith(ka[:8]) or ka in kb or kb in ka)


def _sections(wanted: list[tuple[str, str]], got: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(matched headings, of which with the labelled role, …) — matched in order, each used once."""
    matched = right = 0
    used: set[int] = set()
    for heading, role in wanted:
        k = next((k for k, (h, _) in enumerate(got) if k not in used and _same_heading(heading, h)), None)
        if k is not None:
            used.add(k)
            matched += 1
            right += got[k][1] == role
    return matched, right, len(used)


def _row(set_: str, measure: str, right: int, total: int, in_sample: bool) -> dict:
    return {"set": set_, "measure": measure, "right": right, "total": total,
            "share": round(right / total, 3) if total else None, "in_sample": in_sample}


def development_scores(gold: Gold) -> pd.DataFrame:
    """Completeness, headings, roles and mandated parts on the development set's reports (tidy)."""
    folder = gold.real
    labels = [x for x in json.loads(gold.structure.read_text(encoding="utf-8")) if x["completeness"] != "not_report"]
    whole = heads_label = heads_got = matched = roles = 0
    parts = {"tp": 0, "visible": 0, "found": 0}
    absent_in_cut = parts_unreached = 0
    for label in labels:
        r = parse_cached(folder / label["file"])
        whole += r.completeness == label["completeness"]
        got = [(s.heading, s.role) for s in r.sections]
        m, ok, _ = _sections([(s["heading"], s["role"]) for s in label["sections"]], got)
        heads_label += len(label["sections"])
        heads_got += len(got)
        matched += m
        roles += ok
        for c in r.compliance:
            visible, found = c.part in label["parts_visible"], c.status in VISIBLE_STATUSES
            parts["tp"] += visible and found
            parts["visible"] += visible
            parts["found"] += found
            if c.part not in label["parts_reachable"]:
                parts_unreached += 1
                absent_in_cut += c.status == ABSENT
    name = "development"
    return pd.DataFrame([
        _row(name, "completeness", whole, len(labels), False),
        _row(name, "heading_recall", matched, heads_label, True),
        _row(name, "heading_precision", matched, heads_got, True),
        _row(name, "role", roles, matched, False),
        _row(name, "part_recall", parts["tp"], parts["visible"], False),
        _row(name, "part_precision", parts["tp"], parts["found"], False),
        _row(name, "unreached_not_missing", parts_unreached - absent_in_cut, parts_unreached, False),
    ])


def _part_of_role() -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for part in load_toml("mandated_parts.toml")["part"]:
        for role in part["roles"]:
            out.setdefault(role, set()).add(part["id"])
    return out


def seed_scores(gold_files: Gold) -> pd.DataFrame:
    """Completeness, mandated parts as sections, problems and plans on the seeds (in sample; tidy)."""
    gold = json.loads(gold_files.seeds_gold.read_text(encoding="utf-8"))
    of_role = _part_of_role()
    whole = 0
    parts = {"tp": 0, "wanted": 0, "found": 0}
    items = {kind: {"hit": 0, "wanted": 0, "right": 0, "found": 0} for kind in ("problems", "plans")}
    for g in gold:
        r = parse_cached(gold_files.seeds / g["file"])
        whole += r.completeness == "complete"  # the seeds are whole reports
        wanted = set().union(*(of_role.get(s["role"], set()) for s in g["sections"]))
        found = {c.part for c in r.compliance if c.status == "section"}
        parts["tp"] += len(wanted & found)
        parts["wanted"] += len(wanted)
        parts["found"] += len(found)
        for kind, tally in items.items():
            extracted = [bigrams(r.text[it.start:it.body_end]) for it in getattr(r, kind)]
            phrases = [bigrams(p) for p in g[kind]]
            tally["wanted"] += len(phrases)
            tally["found"] += len(extracted)
            tally["hit"] += sum(any(len(p & e) >= ITEM_MATCH * len(p) for e in extracted) for p in phrases if p)
            tally["right"] += sum(any(len(p & e) >= ITEM_MATCH * len(p) for p in phrases if p) for e in extracted)
    name = "seeds"
    rows = [_row(name, "completeness", whole, len(gold), True),
            _row(name, "part_recall", parts["tp"], parts["wanted"], True),
            _row(name, "part_precision", parts["tp"], parts["found"], True)]
    for kind, tally in items.items():
        rows += [_row(name, f"{kind}_recall", tally["hit"], tally["wanted"], True),
                 _row(name, f"{kind}_precision", tally["right"], tally["found"], True)]
    return pd.DataFrame(rows)


def timeliness_scores(folder: Path) -> pd.DataFrame:
    """Timeliness status from the parsed level, year and date against the status from the labelled ones, on
    the development set's reports that carry a date label (tidy)."""
    right = total = 0
    for g in json.loads((folder / "gold.json").read_text(encoding="utf-8")):
        if not g["is_report"]:
            continue
        r = parse_cached(folder / g["file"])
        want = timeliness._judge(g["level"], g["year_covered"], _date(g.get("published")))[2]
        got = timeliness._judge(r.level, r.year_covered, _date(r.published))[2]
        right += want == got
        total += 1
    return pd.DataFrame([_row("development", "timeliness", right, total, True)])


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def shared_passage_scores(folder: Path, seeds: Path) -> pd.DataFrame:
    """Shared passages on the seeds and the development set together: of the (passage, report) attributions,
    how many hold (the report's normalised text contains the passage), and of the reports containing a listed
    passage, how many are listed (tidy)."""
    files = sorted(p for sub in ("reports", "negatives") for p in (folder / sub).glob("*.txt"))
    seed_files = sorted(seeds.glob("*.txt"))
    corpus = Corpus(seeds, [parse_cached(p) for p in [*seed_files, *files]],
                    [p.stem for p in seed_files] + [f"real/{p.stem}" for p in files])
    shared = template.shared_passages(corpus)
    texts = dict(zip(corpus.ids, (s for s, _ in template._normalised(corpus))))
    listed = held = containing = named = 0
    for passage, ids in zip(shared["passage"], shared["report_ids"]):
        listed += len(ids)
        held += sum(passage in texts[i] for i in ids)
        holders = [i for i, t in texts.items() if passage in t]
        containing += len(holders)
        named += sum(i in ids for i in holders)
    return pd.DataFrame([_row("seeds+development", "shared_precision", held, listed, False),
                         _row("seeds+development", "shared_recall", named, containing, False)])


def scores(gold: Gold) -> pd.DataFrame:
    """Every measure of this module, one row each (tidy)."""
    return pd.concat([development_scores(gold), seed_scores(gold), timeliness_scores(gold.real),
                      shared_passage_scores(gold.real, gold.seeds)], ignore_index=True)


