"""Sphinx extension: the book's Chinese search index.

Sphinx indexes Chinese pages with jieba's ``cut_for_search``, which splits 法治政府建设 into 法治, 政府,
建设 and 法治政府建设 but never yields 法治政府; the browser then finds no page for 法治政府. This
extension loads the package's domain dictionary (``data/domain_terms.txt``, resolved from the package,
not the working directory) and also indexes every domain term that occurs in a page, whatever tokens jieba cut it into. It keeps
jieba quiet and puts its cache file inside the build folder instead of the shared /tmp. Pages are cut with
jieba-rs (``segment.fast_engine``, the same dictionaries) when it is installed: Python jieba spent most of a
1,000-report build here.

Section titles in the index are escaped: Sphinx 7.4 stores them as plain text (``alltitles``) and its
``searchtools.js`` shows a hit with ``innerHTML``, so a report heading or issuer holding ``<img onerror=…>``
would run script in the results of a search for it. Page titles (``titles``) are already HTML.
"""
from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import jieba
from sphinx.search import js_index
from sphinx.search.zh import SearchChinese

from .resources import data_path
from .segment import fast_engine

DICTIONARY = data_path("domain_terms.txt")
ASCII_LETTER = re.compile("[a-z]")


def domain_terms() -> list[str]:
    return [w.split()[0] for w in DICTIONARY.read_text(encoding="utf-8").splitlines() if w.strip()]


class SearchChineseDomain(SearchChinese):
    def init(self, options: dict[str, str]) -> None:
        jieba.setLogLevel(logging.WARNING)
        super().init({})
        jieba.load_userdict(str(DICTIONARY))
        self.domain_terms = sorted(set(domain_terms()), key=len, reverse=True)
        # Sphinx keeps the Latin words of every page in a list and searches it for every word it stems:
        # quadratic in the number of pages (a 1,000-report book spent minutes there). A set is enough.
        self.latin_terms = set()

    def split(self, input: str) -> list[str]:
        engine = fast_engine()  # jieba-rs with the same dictionaries: the same words, 20 times faster
        chinese = engine.cut_for_search(input, True) if engine is not None else list(jieba.cut_for_search(input))
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin + [t for t in self.domain_terms if t in input]


    def stem(self, word: str) -> str:
        # The English stemmer only changes Latin letters; Sphinx runs it on every Chinese word too, which
        # took a third of the time spent indexing a page.
        lowered = word.lower()
        return super().stem(word) if ASCII_LETTER.search(lowered) else lowered


def _cache_in_build_folder(app) -> None:
    folder = Path(app.outdir).parent / ".jieba"
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)


def escape_titles(index: dict) -> dict:
    """The search index with its section titles (``alltitles``' keys) HTML-escaped, as its page titles are."""
    titles = index.get("alltitles")
    if isinstance(titles, dict):
        index["alltitles"] = {html.escape(title, quote=False): hits for title, hits in titles.items()}
    return index


def _escape_index(app, exception) -> None:
    path = Path(app.outdir) / "searchindex.js"
    if exception is not None or not path.is_file():
        return
    index = js_index.loads(path.read_text(encoding="utf-8"))
    path.write_text(js_index.dumps(escape_titles(index)), encoding="utf-8")


def setup(app):
    jieba.setLogLevel(logging.WARNING)
    app.add_search_language(SearchChineseDomain)
    app.connect("builder-inited", _cache_in_build_folder)
    app.connect("build-finished", _escape_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
