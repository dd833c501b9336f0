"""Build a synthetic corpus of N reports from the seeds, for scale tests and benchmarks.

Each report is a seed with its place replaced by another county of the gazetteer (province and
prefecture change with it), its years shifted, and the body lines of each top-level section shuffled.
Deterministic for a given N and seed. Usage: python bench/synthetic.py N FOLDER [--seed S]
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import govreports as gr
from govreports.parse.gazetteer import gazetteer

SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the book's seeds, wherever the script is run from


def synthetic_corpus(n: int, folder: Path, seed: int = 42) -> list[Path]:
    rng = random.Random(seed)
    seeds = [gr.parse_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    counties = sorted(d.name for d in gazetteer().by_code.values() if d.kind == "county" and d.name.endswith("县")
                      and not gazetteer().is_ambiguous(d.name))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        place = counties[rng.randrange(len(counties))]
        shift = rng.randrange(-4, 1)  # never a year after the seeds: reports cover past years
        text = _shuffle_sections(base, rng)
        if base.place:
            text = text.replace(base.place, place)
        text = re.sub(r"(20[12]\d)(?=年)", lambda m, shift=shift: str(int(m.group(1)) + shift), text)
        path = folder / f"syn_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def _shuffle_sections(report: gr.Report, rng: random.Random) -> str:
    """The report's text with the body lines of each top-level section in a new order."""
    text = report.text
    pieces, pos = [], 0
    for sec in report.sections:
        lines = [ln for ln in report.lines if sec.start <= ln.start and ln.end <= sec.end and ln.kind == "body"]
        if len(lines) < 2:
            continue
        order = lines[:]
        rng.shuffle(order)
        pieces.append(text[pos:lines[0].start])
        pieces.append("".join(text[ln.start:ln.end] if text[ln.start:ln.end].endswith("\n") else text[ln.start:ln.end] + "\n"
                              for ln in order))
        pos = lines[-1].end
    pieces.append(text[pos:])
    return "".join(pieces)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    print(len(synthetic_corpus(a.n, a.folder, a.seed)), "reports written to", a.folder)
