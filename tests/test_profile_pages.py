"""Profile pages drawn directly into the book's template (beyond limits.SPHINX_PROFILES reports) show what the same
pages read by Sphinx show: the same title, text, tables and links, on the seeds and on hostile reports."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.book import page_blocks, profiles
from govreports.book.sphinx_pages import strip_bidi
from govreports.book.sphinx_profiles import fill, shell_pieces

ROOT = Path(__file__).resolve().parents[1]


class _Text(HTMLParser):
    """The text of an HTML fragment, the tags met, and the links' targets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "a" and "headerlink" not in (a.get("class") or ""):
            self.links.append(a.get("href"))
        if tag == "img":
            self.links.append(Path(a.get("src")).name)

    def handle_data(self, data):
        self.text.append(data)


def parsed(fragment: str) -> _Text:
    p = _Text()
    p.feed(fragment)
    p.close()
    return p


TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(TEXTS, max_size=4), st.lists(st.tuples(TEXTS, st.sampled_from(["a.md", "../b.ipynb"])),
                                                    min_size=1, max_size=3))
def test_any_text_in_a_block_is_shown_as_text(text, items, links):
    """Whatever a report's text holds (markup, entities, bidi controls, placeholders), its HTML shows it as text:
    the text read back is the text given (spaces collapsed, bidi controls removed) and no tag but the block's."""
    blocks = [page_blocks.Heading(2, text), page_blocks.Text(text), page_blocks.Links(tuple(links)),
              page_blocks.Bullets(tuple(items)), page_blocks.Image(text, "img/x.png")]
    out = parsed(page_blocks.to_html(blocks))
    assert set(out.tags) <= {"h2", "p", "a", "span", "ul", "li", "img"}
    def bare(s: str) -> str:  # bidi controls removed, and every space: the HTML collapses runs of them
        return "".join(strip_bidi(s).split())
    labels = " · ".join(label for label, _ in links)
    assert bare("".join(out.text)) == bare(text + text + labels + "".join(items))
    assert [h for h in out.links if h.endswith(".html")] == [re.sub(r"\.(md|ipynb)$", ".html", t) for _, t in links]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.lists(st.text(max_size=30), min_size=2, max_size=2))
def test_a_placeholder_in_a_report_is_shown_not_filled(title, parts):
    """Parts are put in last: a report's title or text holding a placeholder's name shows it as it is."""
    shell = (f"<title>{profiles.TITLE}{profiles.TITLE_MARK}</title><h1>{profiles.TITLE_MARK}</h1>"
             f"<p>{profiles.PART_MARK}1</p><h2>x</h2><p>{profiles.PART_MARK}2</p><a href='{profiles.SHELL}.md'>")
    parts = [html.escape(p + profiles.PART_MARK + "1" + profiles.TITLE_MARK + profiles.SHELL) for p in parts]
    page = fill(shell_pieces(shell), {"title": title, "parts": parts}, "report-0001-x")
    assert page.count(profiles.TITLE_MARK) == 2 and page.count(f"{profiles.PART_MARK}1") == 2
    assert parts[0] in page and parts[1] in page and "report-0001-x.md" in page
    shown = html.escape(strip_bidi(" ".join(title.split())))
    assert page.startswith(f"<title>{profiles.TITLE}{shown}</title><h1>{shown}</h1>")


def _corpus(folder: Path) -> Path:
    """The seeds, the hostile report, and a hostile report whose file name holds the placeholders and a bidi
    override (its text differs by a line, so it is not a duplicate)."""
    folder.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    hostile = (ROOT / "tests_e2e" / "hostile.txt").read_text(encoding="utf-8")
    (folder / "hostile.txt").write_text(hostile, encoding="utf-8")
    name = f"{profiles.PART_MARK}1\u202e{profiles.TITLE_MARK}<b>{profiles.SHELL}.txt"
    (folder / name).write_text(hostile + "\n四是健全制度。\n", encoding="utf-8")
    return folder


def _build(src: Path, corpus, direct: bool) -> Path:
    """A small Sphinx book of the profile pages, with the book's theme and extensions; no warning allowed."""
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_nb", "govreports.book.sphinx_search", "govreports.book.sphinx_pages",'
        ' "govreports.book.sphinx_profiles"]\nhtml_search_language = "zh"\n'
        'html_theme = "sphinx_book_theme"\nlanguage = "zh_CN"\nnb_execution_mode = "off"\n'
        'exclude_patterns = ["_build"]\n', encoding="utf-8")
    (src / "index.md").write_text("# 书\n\n```{toctree}\nprofiles/index\nchapters/corpus\n```\n", encoding="utf-8")
    (src / "chapters").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 第一章")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, src / "chapters" / "corpus.ipynb")
    profiles.write_profiles(corpus, src / "profiles", direct=direct)
    # in a process of its own: a second Sphinx application in one process warns of every node registered again
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-E", "-d", str(src / "_build" / "doctrees"), str(src),
                          str(src / "_build" / "html")], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stderr, run.stderr
    return src / "_build" / "html"


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index('<article class="bd-article"'):text.index("</article>")]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("profile-books")
    corpus = gr.load_corpus(_corpus(tmp / "corpus"), cache=False)
    assert len(corpus.ids) == 7
    return corpus, _build(tmp / "sphinx", corpus, direct=False), _build(tmp / "direct", corpus, direct=True)


def test_a_direct_page_shows_what_sphinx_shows(books):
    corpus, sphinx, direct = books
    slugs = profiles.slugs(corpus)
    for rid in corpus.ids:
        a = sphinx / "profiles" / "all" / f"{slugs[rid]}.html"
        b = direct / "profiles" / "all" / f"{slugs[rid]}.html"
        sa, sb = parsed(_article(a)), parsed(_article(b))
        assert "".join("".join(sa.text).split()) == "".join("".join(sb.text).split()), rid
        assert sa.links == sb.links and sa.tags == sb.tags, rid
        title = re.compile(r"<title>(.*?)</title>", re.S)
        assert title.search(a.read_text(encoding="utf-8"))[1] == title.search(b.read_text(encoding="utf-8"))[1]
        assert (direct / "_sources" / "profiles" / "all" / f"{slugs[rid]}.md").is_file()
        for img in re.findall(r'<img alt="[^"]*" src="([^"]+)"', _article(b)):
            assert (b.parent / img).is_file(), img
    assert not list(direct.rglob(f"{profiles.SHELL}*")), "the template page is removed"
    unfilled = re.compile(f"<p>{profiles.PART_MARK}\\d+</p>")  # (the hostile file name holds them as text)
    assert not any(unfilled.search(p.read_text(encoding="utf-8")) for p in direct.rglob("*.html")), "a part is left"


def test_the_hostile_file_name_is_shown_as_written_on_both(books):
    corpus, sphinx, direct = books
    slugs = profiles.slugs(corpus)
    rid = next(r for r in corpus.ids if profiles.SHELL in r)
    for book in (sphinx, direct):
        article = _article(book / "profiles" / "all" / f"{slugs[rid]}.html")
        assert "\u202e" not in article and "<b>" not in article
        assert f"{profiles.PART_MARK}1{profiles.TITLE_MARK}&lt;b&gt;{profiles.SHELL}.txt" in article


def test_the_direct_index_is_one_table_linking_every_page(books):
    corpus, _, direct = books
    index = (direct / "profiles" / "index.html").read_text(encoding="utf-8")
    table = index[index.index('<table class="dataframe profile-table profile-index"'):]
    table = table[:table.index("</table>")]
    links = parsed(table).links
    assert sorted(links) == sorted(f"all/{s}.html" for s in profiles.slugs(corpus).values())
    assert all((direct / "profiles" / link).is_file() for link in links)
