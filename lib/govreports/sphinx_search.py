"""Sphinx extension: the book's Chinese search index.

Sphinx indexes Chinese pages with jieba's ``cut_for_search``, which splits 法治政府建设 into 法治, 政府,
建设 and 法治政府建设 but never yields 法治政府; the browser then finds no page for 法治政府. This
extension loads the package's domain dictionary (``data/domain_terms.txt``, resolved from the package,
not the working directory) and also indexes every domain term that occurs in a page, whatever tokens jieba cut it into. It keeps
jieba quiet and puts its cache file inside the build folder instead of the shared /tmp.
"""
from __future__ import annotations

import logging
from pathlib import Path

import jieba
from sphinx.search.zh import SearchChinese

from .resources import data_path

DICTIONARY = data_path("domain_terms.txt")


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
        chinese = list(jieba.cut_for_search(input))
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin + [t for t in self.domain_terms if t in input]


def _cache_in_build_folder(app) -> None:
    folder = Path(app.outdir).parent / ".jieba"
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)


def setup(app):
    jieba.setLogLevel(logging.WARNING)
    app.add_search_language(SearchChineseDomain)
    app.connect("builder-inited", _cache_in_build_folder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
