"""Sphinx extension: the book's Chinese search index.

Sphinx indexes Chinese pages with jieba's ``cut_for_search``, which splits 法治政府建设 into 法治, 政府,
建设 and 法治政府建设 but never yields 法治政府; the browser then finds no page for 法治政府. This
extension loads the package's domain dictionary (``data/domain_terms.txt``, resolved from the package,
not the working directory) and also indexes every domain term that occurs in a page, whatever tokens jieba cut it into. It keeps
jieba quiet and puts its cache file inside the build folder instead of the shared /tmp. Pages are cut with
jieba-rs (``segment.fast_engine``, the same dictionaries) when it is installed: Python jieba spent most of a
1,000-report build here.

Place and organ names (杭州市司法局, 杭州市余杭区, 瓦房镇) are cut differently in a page and in a query (杭州市司法局 →
杭州/市/司法局 in one, 杭州市/司法局 in the other; 瓦房镇 and 晋城市城区 were no term at all), and Sphinx's
browser side does not cut a Chinese query at all: it splits on non-word characters, so a query is looked up as one
term. Hence :func:`name_terms` (a report's issuer, place, prefecture and province as whole names AND their
gazetteer components, which profile pages carry as ``keywords`` meta, indexed as they are) and
:data:`JS_SPLITTER` (a query not in the index is cut into the longest terms the index has).

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

from ..analysis.segment import fast_engine
from ..parse.gazetteer import gazetteer, short_names, towns
from ..resources import data_path

DICTIONARY = data_path("domain_terms.txt")
ASCII_LETTER = re.compile("[a-z]")
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]+")
LONGEST_TOWN = 8
DIVISION_SUFFIX = re.compile("(?:省|市|区|县|镇|乡|街道|苏木|州|盟|旗)$")

# searchtools.js calls splitQuery (when defined) on the reader's query once the index is loaded. Sphinx's default
# splits on non-word characters only, so 杭州市司法局 or 法治政府建设情况 was one term that no page has. Here a
# run of Han characters that is not a term of the index is cut, from the left, into the longest terms the index
# has; characters that start no term stay together (a piece of one character is dropped: none is indexed).
JS_SPLITTER = r"""
function splitQuery(query) {
  const words = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter(term => term);
  const index = (typeof Search !== "undefined" && Search._index) ? Search._index : null;
  if (!index) return words;
  const has = (o, w) => !!o && Object.prototype.hasOwnProperty.call(o, w);
  const known = (w) => has(index.terms, w.toLowerCase()) || has(index.titleterms, w.toLowerCase());
  const out = [];
  for (const word of words) {
    if (known(word) || !/\p{Script=Han}/u.test(word)) { out.push(word); continue; }
    const chars = Array.from(word);
    let piece = [];
    const flush = () => { if (piece.length > 1) out.push(piece.join("")); piece = []; };
    for (let i = 0; i < chars.length;) {
      let j = Math.min(chars.length, i + 20);
      while (j > i + 1 && !known(chars.slice(i, j).join(""))) j--;
      if (j > i + 1) { flush(); out.push(chars.slice(i, j).join("")); i = j; }
      else { piece.push(chars[i]); i++; }
    }
    flush();
  }
  return out;
}
"""


def domain_terms() -> list[str]:
    return [w.split()[0] for w in DICTIONARY.read_text(encoding="utf-8").splitlines() if w.strip()]


def _components(run: str, gaz, town_names) -> list[str]:
    """A run of Han characters cut into division names (the gazetteer's longest), town names and the text
    between them: 中共晋城市城区区委 → 中共, 晋城市, 城区, 区委; 杭州市司法局 → 杭州市, 司法局."""
    parts: list[str] = []
    rest = ""
    i = 0
    while i < len(run):
        name = gaz.match_at(run, i) or ""
        town = next((run[i:k] for k in range(min(len(run), i + LONGEST_TOWN), i + 1, -1) if run[i:k] in town_names), "")
        found = max(name, town, key=len)
        if found:
            parts += [rest] if rest else []
            parts.append(found)
            rest = ""
            i += len(found)
        else:
            rest += run[i]
            i += 1
    return parts + ([rest] if rest else [])


def name_terms(*names) -> list[str]:
    """Search terms for place and organ names (a report's issuer, place, prefecture, province): each name whole,
    its components (杭州市余杭区 → 杭州市, 余杭区; 杭州市司法局 → 杭州市, 司法局) and every run of adjacent
    components (洮南市瓦房镇人民政府 → 瓦房镇人民政府, 洮南市瓦房镇 …), with the full and short forms of the
    divisions (新晃侗族自治县 ↔ 新晃县, 余杭区 → 余杭). Han characters only: names are cut at anything else (、, spaces, *)."""
    gaz, town_names = gazetteer(), towns()
    out: dict[str, None] = {}
    for name in names:
        if not isinstance(name, str):  # a missing value (None, NaN)
            continue
        for run in HAN.findall(name):
            parts = _components(run, gaz, town_names)
            for i in range(len(parts)):
                for j in range(i + 1, len(parts) + 1):
                    out.setdefault("".join(parts[i:j]))
            for part in parts:
                if part not in gaz.by_name and part not in town_names:
                    continue
                forms = [part, *(f for div in gaz.by_name.get(part, [])[:1] for f in (gaz.canonical(part), *short_names(div)))]
                for form in forms:  # 余杭区 → 余杭, 瓦房镇 → 瓦房, 新晃县 → 新晃: what readers type
                    out.setdefault(form)
                    if "自治" not in form:
                        out.setdefault(DIVISION_SUFFIX.sub("", form))
    return [t for t in out if len(t) > 1]


class SearchChineseDomain(SearchChinese):
    js_splitter_code = JS_SPLITTER

    def init(self, options: dict[str, str]) -> None:
        jieba.setLogLevel(logging.WARNING)
        super().init({})
        if fast_engine() is None:  # jieba itself splits the pages: it needs the domain dictionary (jieba-rs has it,
            jieba.load_userdict(str(DICTIONARY))  # and loading jieba's own took 0.75 s of every build's end)
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
