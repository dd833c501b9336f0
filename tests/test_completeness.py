"""Whether a file holds the whole report: the seeds (whole), the development set (openings of web pages, cut
short: labelled by reading, before the rules were written, in tests/labels/dev_structure.json), and reports
cut or marked at generated places."""
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.book import tables
from govreports.book.findings import parts_sentence

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"  # the development set, kept in the repository
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8-sig") for p in SEEDS]
PARSED = [gr.parse_text(t) for t in TEXTS]


def test_every_seed_is_whole_and_no_part_is_not_reached():
    for path, r in zip(SEEDS, PARSED):
        assert r.completeness == "complete", (path.name, r.completeness_evidence)
        assert all(c.status != "not_reached" for c in r.compliance)


def test_the_development_set_as_labelled():
    labels = json.loads((ROOT / "tests" / "labels" / "dev_structure.json").read_text(encoding="utf-8"))
    wrong = []
    for label in labels:
        if label["completeness"] == "not_report":
            continue
        r = gr.parse_file(REAL / label["file"])
        if r.completeness != label["completeness"]:
            wrong.append((label["file"], label["completeness"], r.completeness, r.completeness_evidence))
    assert not wrong


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(range(len(SEEDS))), st.floats(0.1, 0.95))
def test_a_report_cut_before_its_last_part_is_cut_short(k, where):
    """A page saved in part: cut anywhere between the end of the opening and the start of the report's last
    top-level part, the file is cut short, and no part it does not reach is called missing."""
    text, whole = TEXTS[k], PARSED[k]
    first, last = whole.sections[0].start, whole.sections[-1].start
    cut = first + int((last - first) * where)
    r = gr.parse_text(text[:cut])
    assert r.completeness == "cut_short", (SEEDS[k].name, cut, r.completeness_evidence)
    assert all(c.status != "absent" for c in r.compliance)
    reached = {c.part for c in r.compliance if c.status in ("section", "mentioned")}
    assert reached <= {c.part for c in whole.compliance if c.status in ("section", "mentioned")} | {1, 3}


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(range(len(SEEDS))), st.sampled_from(["（摘要）", "(节选)", "【摘编】", "〔有删节〕"]))
def test_a_digest_says_so_and_is_an_excerpt(k, marker):
    text = TEXTS[k]
    title = PARSED[k].title
    lines = [ln for ln in text.splitlines()[:6] if ln.strip() and ln.strip() in title]
    marked = text.replace(lines[-1], lines[-1] + marker, 1) if lines else f"{title}{marker}\n" + text  # after it
    r = gr.parse_text(marked)
    assert r.completeness == "excerpt" and r.completeness_evidence == "excerpt_marker"


def test_omission_findings_count_whole_reports_only(tmp_path):
    for path in SEEDS[:2]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8-sig"), encoding="utf-8")
    text = TEXTS[2]
    (tmp_path / "cut.txt").write_text(text[:PARSED[2].sections[1].start + 50], encoding="utf-8")
    corpus = gr.load_corpus(tmp_path, cache=False)
    assert corpus.whole().sum() == 2
    assert len(corpus.all_parts()) == 2  # the cut file is left out of the omissions
    assert parts_sentence(corpus).endswith("；另有 1 份文件不完整，不计入。")
    summary = tables.corpus.compliance_summary(corpus)
    assert summary["未覆盖"].sum() > 0 and "缺失" in summary.columns
