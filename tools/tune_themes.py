"""Fit the theme scoring on the units labelled by meaning and print it as data/themes.toml holds it.

    python tools/tune_themes.py

The fit is analysis.evaluation.fit_scoring on every labelled unit (tests/labels/themes_by_meaning.json, texts
in seeds/ and tests/real/reports/); copy the numbers into data/themes.toml. A test checks that the file holds
this fit, and the methods appendix reports the fit's precision and recall out of fold."""
from pathlib import Path

from govreports.analysis.evaluation import Gold, fit_scoring, theme_units
from govreports.analysis.themes import taxonomy

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    units = theme_units(Gold.in_folder(ROOT, ROOT / "seeds"))
    fit = fit_scoring(units.evidence, units.gold)
    print(f"relative = {fit.relative:g}\nweak_weight = {fit.weak_weight:g}\nheading_bonus = {fit.heading_bonus:g}")
    for theme, threshold in zip(taxonomy()[0], fit.thresholds):
        print(f"{theme.id}: threshold = {threshold:g}")
    print(f"({len(units.table)} units of {units.table['report'].nunique()} reports)")


if __name__ == "__main__":
    main()
