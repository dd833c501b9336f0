"""Exports, the data dictionary, profile pages (escaping), the methods appendix's measures."""
import filecmp
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import govreports as gr
from govreports.analysis import concepts, evaluation, export, themes
from govreports.analysis.evaluation import Gold
from govreports.book import profiles, tables

GOLD = Gold.in_folder(Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "seeds")

HOSTILE = ("<script>alert(1)</script>{eval-rst}**$$关于2023年度法治政府建设情况的报告\n"
           "2023年，某县推进法治政府建设。现报告如下：\n一、主要成效<script>alert(2)</script>{eval-rst}\n办理行政复议案件3件<img src=x onerror=alert(1)>。\n"
           "```\n{raw} html\n二、存在的问题\n一是执法力量<b>薄弱</b>。二是`制度`不健全。\n三、下一步安排\n一是加强培训。二是完善制度。\n")


@pytest.fixture(scope="module")
def seeds():
    return gr.load_corpus(gr.corpus.seeds_path())


def test_two_exports_are_byte_identical_and_described(seeds, tmp_path):
    a = tables.export.export(seeds, tmp_path / "a")
    b = tables.export.export(gr.load_corpus(gr.corpus.seeds_path()), tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    assert all(filecmp.cmp(x, y, shallow=False) for x, y in zip(a, b))
    frames = export.tables(seeds)
    dictionary = tables.export.data_dictionary(frames)
    assert len(dictionary) == sum(len(f.columns) for f in frames.values())
    assert dictionary["description"].str.len().gt(0).all()
    back = pd.read_parquet(tmp_path / "a" / "metrics.parquet")
    assert len(back) == 218 and list(back.columns) == list(frames["metrics"].columns)


def test_md_escape_neutralises_markup():
    out = profiles.md_escape("<script>alert(1)</script> {eval-rst} **b** $$ [x](y) `c`")
    assert "<" not in out.replace("\\<", "") and "{" not in out.replace("\\{", "")
    assert out.replace("\\", "") == "<script>alert(1)</script> {eval-rst} **b** $$ [x](y) `c`"


def test_profile_pages_escape_report_text(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    corpus = gr.load_corpus(folder)
    pages = profiles.write_profiles(corpus, tmp_path / "profiles")
    page = pages[0].read_text(encoding="utf-8")
    assert "<script>" in corpus.reports[0].sections[0].heading  # markup in a heading reaches the page …
    assert "<script>" not in page and "&lt;script&gt;" in page  # … as text
    assert "<img" not in page and "<b>" not in page and "onerror" in page  # as escaped text
    assert "- 一是执法力量\\<b\\>薄弱\\</b\\>" not in page and "执法力量\\<b\\>薄弱\\</b\\>" in page
    assert "`" not in page.split("```{raw} html")[1].split("\n```")[0]  # nothing closes a raw block early
    index = (tmp_path / "profiles" / "index.md").read_text(encoding="utf-8")
    assert pages[0].stem in index


def test_profiles_link_back_and_forth(seeds, tmp_path):
    pages = profiles.write_profiles(seeds, tmp_path)
    second = pages[1].read_text(encoding="utf-8")
    assert f"({pages[0].name})" in second and f"({pages[2].name})" in second and "(../index.md)" in second
    assert "[上一份：" in second and "[下一份：" in second
    assert "../../chapters/corpus.ipynb" in second
    html = profiles.link_table(seeds)
    assert all(f"../profiles/all/{p.stem}.html" in html for p in pages)


def test_cli_export_and_profiles(tmp_path):
    out = subprocess.run([sys.executable, "-m", "govreports", "export", "--out", str(tmp_path / "x"),
                          "--formats", "csv"], capture_output=True, text=True)
    assert out.returncode == 0 and (tmp_path / "x" / "data_dictionary.csv").is_file()
    bad = subprocess.run([sys.executable, "-m", "govreports", "export", str(tmp_path / "missing"), "--out",
                          str(tmp_path / "y")], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: corpus folder not found") and "Traceback" not in bad.stderr


def test_methods_appendix_measures():
    s = evaluation.scores(GOLD)
    assert (s["比例"] >= 0.9).all()
    assert s.loc["指标召回率", "总数"] == 218


def test_profile_pages_are_orphans_reached_from_the_index(seeds, tmp_path):
    pages = profiles.write_profiles(seeds, tmp_path)
    assert all(p.parent.name == "all" for p in pages)
    page = pages[0].read_text(encoding="utf-8")
    assert page.startswith("---\norphan: true\n---\n") and "(../index.md)" in page
    assert f"(all/{pages[0].name})" in (tmp_path / "index.md").read_text(encoding="utf-8")


def test_citation_and_licences_in_one_place():
    import tomllib

    from govreports.book.chapters import citation, citation_text

    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    c = citation()
    assert c["version"] == version and c["date-released"] and c["authors"].startswith("govreports")
    assert f"版本 {version}" in citation_text()
    licence = (root / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "CC BY 4.0" in licence


def test_profile_pages_star_what_the_text_does_not_state(seeds, tmp_path):
    """As chapter 1 does: the seed 003 has no title line, so its title is inferred and starred."""
    pages = profiles.write_profiles(seeds, tmp_path)
    t = seeds.table.set_index("report_id")
    for rid, page in zip(seeds.ids, pages):
        text = page.read_text(encoding="utf-8")
        if t.loc[rid, "title_inferred"]:
            assert f"{t.loc[rid, 'title']}*" in text and "原文没有写明" in text
        if not t.loc[rid, ["title_inferred", "issuer_inferred", "province_inferred", "prefecture_inferred"]].any():
            assert "原文没有写明" not in text
    assert t["title_inferred"].any()  # the test is not vacuous


def test_bibliography_labels_are_author_and_year():
    from pybtex.database import parse_file

    from govreports.book.sphinx_bib import AuthorYearLabels

    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    bib = parse_file(str(root / "chapters" / "references.bib"))
    labels = dict(zip(bib.entries, AuthorYearLabels().format_labels(bib.entries.values())))
    assert labels["fang2021"] == "方学勇 2021" and labels["mingtian2017"] == "明天 2017"
    assert any(label.startswith("Monroe et al. 2008") for label in labels.values())
    assert len(set(labels.values())) == len(labels)  # unique, or the list would link the wrong entry
    assert not any(label[:1].isdigit() for label in labels.values())


def test_journal_articles_show_their_issue_in_the_chinese_form():
    """A Chinese journal article without a volume shows year(issue) (GB/T 7714); one with a volume keeps it."""
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_file

    from govreports.book.sphinx_bib import AuthorYearStyle

    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    bib = parse_file(str(root / "chapters" / "references.bib"))
    text = {e.key: e.text.render(Backend()) for e in AuthorYearStyle().format_entries(bib.entries.values())}
    assert "理论与改革, 2021(6)" in text["fang2021"] and "闽台关系研究, 2017(6)" in text["mingtian2017"]
    assert "Political Analysis, 16(4):372–403, 2008" in text["monroe2008"]


def test_every_code_cell_of_the_book_is_hidden_or_removed():
    """Readers see prose, tables and charts; the code behind each is one click away (hide-input) or left out
    (remove-input, remove-cell), never printed open in the middle of a page."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    open_cells = []
    for nb in sorted((root / "chapters").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(nb.read_text(encoding="utf-8"))["cells"]):
            tags = set(cell.get("metadata", {}).get("tags", []))
            if cell["cell_type"] == "code" and not tags & {"hide-input", "hide-cell", "remove-input", "remove-cell"}:
                open_cells.append(f"{nb.name}#{i}")
    assert not open_cells, open_cells


def test_bidi_controls_never_reach_a_page():
    """An unclosed U+202E in a report's issuer or file name would reverse the rest of a heading or the browser
    tab's title: the Sphinx extension removes every bidi control from the text, raw HTML and image texts."""
    from docutils import nodes

    from govreports.book.sphinx_pages import _strip_bidi_in

    doc = nodes.document(None, None)
    section = nodes.section()
    section += nodes.title("", "报告档案：某县\u202e（2023）")
    section += nodes.raw("", "<td>\u2066x\u2069</td>", format="html")
    section += nodes.image(uri="a.png", alt="\u202b词云")
    doc += section
    _strip_bidi_in(doc)
    assert doc.astext() == "报告档案：某县（2023）\n\n<td>x</td>\n\n词云"
    assert next(doc.findall(nodes.image))["alt"] == "词云"


def test_one_version_everywhere_with_its_changelog_entry():
    """The version of CITATION.cff (shown in the footer and the citation) is the package's and has an entry."""
    import tomllib
    from pathlib import Path

    import govreports
    from govreports.book.chapters import citation

    root = Path(__file__).resolve().parents[1]
    version = citation()["version"]
    assert version == govreports.__version__
    assert version == tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"## {version} — {citation()['date-released']}" in (root / "CHANGELOG.md").read_text(encoding="utf-8")


def test_heading_anchors_come_from_their_titles_and_survive_an_inserted_heading():
    from docutils import nodes
    from docutils.core import publish_doctree

    from govreports.book.sphinx_pages import stable_ids

    def anchors(headings):
        rst = "\n\n".join(f"{h}\n{'=' * (2 * len(h) + 2)}\n\n正文。" for h in headings)
        doc = publish_doctree(rst, settings_overrides={"report_level": 5})
        stable_ids(doc)
        return {s.next_node(nodes.title).astext() + f"#{k}": s["ids"][0]
                for k, s in enumerate(doc.findall(nodes.section))}

    before = anchors(["报告一览", "是否按时公开", "附录 A：Data"])
    assert list(before.values()) == ["报告一览", "是否按时公开", "附录-a-data"]
    after = anchors(["新加的一节", "报告一览", "是否按时公开", "附录 A：Data"])
    assert list(after.values())[1:] == list(before.values())  # the others keep their anchors
    assert list(anchors(["小结", "小结"]).values()) == ["小结", "小结-2"]


@pytest.fixture()
def large(monkeypatch):
    """Corpora taken for large ones, whose reports are not all held in memory (more than REPORTS_HELD)."""
    monkeypatch.setattr(gr.Corpus, "holds_reports", property(lambda self: False))


def test_tables_written_one_at_a_time_equal_the_tables_and_are_not_kept(tmp_path, large):
    """``write_tables`` makes each table, writes it and lets it go (in a large corpus): its rows and data dictionary
    are those of ``export.tables``; a table the corpus had built before stays, one it built for the export does
    not."""
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    kept = corpus.metrics
    out = tables.export.write_tables(corpus, tmp_path, formats=("csv",))
    assert corpus.metrics is kept
    assert not {"paragraphs", "sentences", "sections"} & set(vars(corpus)) and not corpus._memo
    frames = export.tables(corpus)
    assert out.rows == {name: len(df) for name, df in frames.items()}
    pd.testing.assert_frame_equal(out.dictionary, tables.export.data_dictionary(frames))
    for name, df in frames.items():
        back = pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
        assert len(back) == len(df) and list(back.columns) == list(df.columns)


def test_a_corpus_held_in_memory_lets_nothing_go():
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    assert corpus.holds_reports
    with corpus.passing():
        inside = corpus.paragraphs
        corpus.memo("inside", lambda: 2)
    assert vars(corpus)["paragraphs"] is inside and set(corpus._memo) == {"inside"}


def test_a_passing_block_lets_go_only_what_it_built(large):
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    before = corpus.sections
    corpus.memo("before", lambda: 1)
    with corpus.passing():
        inside = corpus.paragraphs
        corpus.memo("inside", lambda: 2)
        assert "paragraphs" in vars(corpus)
    assert corpus.sections is before and "paragraphs" not in vars(corpus) and set(corpus._memo) == {"before"}
    assert corpus.paragraphs.equals(inside)


def test_a_passing_block_keeps_what_it_is_told_to_keep(large):
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    with corpus.passing(keep=("sentences", ("kept", 1))):
        assert len(corpus.paragraphs) and len(corpus.sentences)
        corpus.memo(("kept", 1), lambda: 1)
        corpus.memo(("kept", 2), lambda: 2)
    assert "sentences" in vars(corpus) and "paragraphs" not in vars(corpus) and set(corpus._memo) == {("kept", 1)}


def test_the_export_makes_what_several_tables_read_once(tmp_path, monkeypatch, large):
    """The units' themes (the themes table and the panel) and the concepts' counts (their table and the panel)
    are computed once in an export, and let go after it (in a large corpus)."""
    calls = {"themes": 0, "concepts": 0}

    def counted(name, f):
        def wrapper(*args):
            calls[name] += 1
            return f(*args)
        return wrapper

    monkeypatch.setattr(themes, "_with_themes", counted("themes", themes._with_themes))
    monkeypatch.setattr(concepts, "_count", counted("concepts", concepts._count))
    corpus = gr.load_corpus(gr.corpus.seeds_path())
    tables.export.write_tables(corpus, tmp_path, formats=("csv",), concepts=concepts.book_dictionary())
    assert calls == {"themes": 1, "concepts": 1}
    assert not corpus._memo and not {"table", "sections", "compliance"} & set(vars(corpus))
