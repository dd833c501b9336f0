"""One profile page per report (报告档案), written before the book is built: as MyST Markdown for Sphinx up to
``limits.SPHINX_PROFILES`` reports, beyond that as HTML parts that :mod:`.sphinx_profiles` draws into the book's
template (the same blocks, :mod:`.page_blocks`, written either way).

Every piece of report text goes into the page escaped: inside HTML tables through ``html.escape``,
in Markdown through :func:`md_escape`, so that a title carrying ``<script>`` or ``{eval-rst}`` shows as
text and never runs. Wordclouds are drawn for corpora of up to ``limits.WORDCLOUD_PROFILES`` reports.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import pickle
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from ..analysis import problems as problems_mod
from ..analysis import themes as themes_mod
from ..analysis import words as words_mod
from ..corpus import Corpus
from ..limits import INDEX_PAGE_ROWS, PROFILE_ROWS, SPHINX_PROFILES, WORDCLOUD_PROFILES
from ..parse.gazetteer import province_key
from ..pipeline import code_version
from ..vocabulary import LEVELS, PLANS, PROBLEMS, UNKNOWN_LEVEL
from . import tables
from .labels import COMPLETENESS_EVIDENCE_LABELS, COMPLETENESS_LABELS, FIELD_LABELS
from .messages import zh
from .page_blocks import (
    DIRECT,
    PAGES,
    PART_MARK,
    SHELL,
    TITLE,
    TITLE_MARK,
    Block,
    Bullets,
    Heading,
    Html,
    Image,
    Links,
    Text,
    md_escape,
    split_at_headings,
    to_html,
    to_myst,
)
from .plotting import CLOUD_MIN_FONT, STATUS_LABEL, font_path
from .sphinx_pages import strip_bidi
from .sphinx_search import name_terms


def slug(n: int, report_id: str) -> str:
    """A stable ASCII page name: corpus order, then a hash of the report id."""
    return f"report-{n:04d}-{hashlib.sha1(report_id.encode()).hexdigest()[:8]}"


def slugs(corpus: Corpus) -> dict[str, str]:
    return {rid: slug(n, rid) for n, rid in enumerate(corpus.ids, 1)}


def _cell(value) -> str:
    """One cell's text, escaped: numbers as written, missing values as —."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    if isinstance(value, float):
        return f"{value:.10g}"
    return html.escape(str(value))


def _table(columns: Sequence[str], rows: Iterable[Sequence]) -> Html:
    """An escaped HTML table of ``rows`` under ``columns`` (written directly, from plain rows: pandas' to_html, and
    then a DataFrame for each of a page's tables, took most of the time of writing a thousand pages)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "\n".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return Html(f'<div class="profile-table-wrap">\n<table border="0" class="dataframe profile-table">\n<thead>\n'
                f"<tr>{head}</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>")


def link_table(corpus: Corpus, max_rows: int | None = None, prefix: str = "../profiles/") -> str:
    """The corpus table of chapter 1 with each report linked to its profile page (HTML, escaped)."""
    t = tables.corpus.overview(corpus, max_rows).reset_index()
    pages = {rid: PAGES + p for rid, p in slugs(corpus).items()}
    ids = corpus.ids[: len(t)]

    def cell(column: str, value) -> str:
        text = html.escape(str(value))
        if column == "文件":  # a long file path may wrap after / and _ instead of widening the table
            text = text.replace("/", "/<wbr>").replace("_", "_<wbr>")
        return f"<td>{text}</td>"

    cells = []
    for (_, row), rid in zip(t.iterrows(), ids):
        link = f'<a href="{prefix}{pages[rid]}.html">{html.escape(str(row["报告"]))}</a>'
        cells.append("<tr><td>" + link + "</td>" + "".join(cell(c, v) for c, v in row.iloc[1:].items()) + "</tr>")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in t.columns)
    return f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{"".join(cells)}</tbody></table>'


def star(value, inferred: bool):
    """A value the text does not state, marked * as in chapter 1."""
    return f"{value}*" if value is not None and value == value and inferred else value


def write_profiles(corpus: Corpus, out: str | Path, direct: bool | None = None) -> list[Path]:
    """Write the index and one page per report into ``out``; returns the pages written. Up to
    ``limits.SPHINX_PROFILES`` reports, the pages are MyST files in ``all/`` for Sphinx to read; beyond, each is
    written as HTML parts in ``direct/`` and drawn into the book's template after the build (:mod:`.sphinx_profiles`),
    with one MyST page, :data:`SHELL`, that Sphinx draws as that template. ``direct`` chooses either way whatever the
    size."""
    root = Path(out)
    before = _written_keys(root)  # the direct pages of the last run, read back where nothing in them changed
    for old in [*root.glob("report-*.md"), *root.glob(f"{PAGES}*.md")]:
        old.unlink()
    out = root / PAGES
    (out / "img").mkdir(parents=True, exist_ok=True)
    if not corpus.reports:  # the book still builds and its index says why there are no pages
        _remove_direct(root, {})
        (root / "index.md").write_text("# 报告档案\n\n这个语料中没有法治政府建设年度报告，因此没有档案页。"
                                       "读不出的文件和不是年度报告的文件列在[第一章](../chapters/corpus.ipynb)。\n",
                                       encoding="utf-8")
        return []
    labels = corpus.labels()
    pages = slugs(corpus)
    w = words_mod.analyse(corpus)
    cov = themes_mod.coverage(corpus)
    short = themes_mod.short_names()
    items = problems_mod.items_table(corpus)
    listed: dict[tuple[str, str], list[str]] = {}  # (report, kind) → phrases, grouped once
    for rid, kind, text in zip(items["report_id"], items["kind"], items["text"]):
        listed.setdefault((rid, kind), []).append(text)
    records = corpus.table.set_index("report_id").to_dict("index")
    shares = (cov * 100).round(1)
    theme_names = [short.get(t, t) for t in shares.columns]
    share_rows = dict(zip(shares.index, shares.to_numpy().tolist()))
    clouds = len(corpus.ids) <= WORDCLOUD_PROFILES
    direct = len(corpus.ids) > SPHINX_PROFILES if direct is None else direct
    if direct:
        (root / DIRECT).mkdir(parents=True, exist_ok=True)
    version, keys = code_version(), {}
    shell, shell_headings = None, []
    written = []
    fields = [FIELD_LABELS[k] for k in ("title", "issuer", "place", "level", "province", "prefecture", "year_covered",
                                        "published")]
    for n, rid in enumerate(corpus.ids):
        r = corpus.reports[n]
        prev_ = corpus.ids[n - 1] if n else None
        next_ = corpus.ids[n + 1] if n + 1 < len(corpus.ids) else None
        nav = [("报告档案索引", "../index.md"), ("第一章 语料概览", "../../chapters/corpus.ipynb")]
        if prev_:
            nav.append((f"上一份：{labels[prev_]}", f"{pages[prev_]}.md"))
        if next_:
            nav.append((f"下一份：{labels[next_]}", f"{pages[next_]}.md"))
        meta = records[rid]
        info = zip([*fields, "文件", "文件是否完整", "正文字数", "解析提示"],
                   [star(meta["title"], meta["title_inferred"]), star(meta["issuer"], meta["issuer_inferred"]),
                    meta["place"], meta["level"], star(meta["province"], meta["province_inferred"]),
                    star(meta["prefecture"], meta["prefecture_inferred"]), meta["year_covered"],
                    meta["published"], meta["file"],
                    f"{COMPLETENESS_LABELS[meta['completeness']]}：{COMPLETENESS_EVIDENCE_LABELS[meta['completeness_evidence']]}",
                    meta["chars"], zh(meta["warnings"]) if meta["warnings"] else "—"])
        secs = [(s.numbering, s.heading, s.role, s.start) for s in r.sections]
        comp = [(f"{c.part}. {c.name}", STATUS_LABEL[c.status], c.start if c.start is not None else "—")
                for c in r.compliance]
        freqs = w.report_rates(rid)
        freqs = freqs[freqs > 0]
        top = zip(freqs.index[:15], freqs.to_numpy()[:15].round(1).tolist())
        met_columns = ["指标", "所计对象", "规范指标", "句子"]
        mets = [[m.text, m.label, m.indicator or "—", m.sentence] for m in r.metrics]
        if r.pages:  # a PDF: the page of each figure
            met_columns.insert(3, "页码")
            for row, m in zip(mets, r.metrics):
                row.insert(3, r.page_at(m.start))
        blocks: list[Block] = [Heading(1, f"{TITLE}{labels[rid]}"), Links(tuple(nav)), _table(["项目", "内容"], info)]
        if any(bool(meta[k]) for k in ("title_inferred", "issuer_inferred", "province_inferred", "prefecture_inferred")):
            blocks.append(Text("带 * 号的一项原文没有写明，由程序推断（方法见第一章）。"))
        blocks += [Heading(2, "结构与合规"), *_listed(len(secs), "个标题", "sections.csv"),
                   _table(["编号", "标题", "作用", "位置"], secs[:PROFILE_ROWS]),
                   _table(["规定的部分", "状态", "位置"], comp), Heading(2, "高频词")]
        if clouds and len(freqs):
            png = out / "img" / f"{pages[rid]}.png"
            _wordcloud(freqs.to_dict(), png)
            blocks.append(Image(f"{labels[rid]}的词云", f"img/{png.name}"))
        blocks += [_table(["词", "每万字"], top), Heading(2, "指标"), *_listed(len(mets), "个", "metrics.csv"),
                   *([_table(met_columns, mets[:PROFILE_ROWS])] if mets else []),
                   Heading(2, "主题"), _table(["主题", "占正文（%）"], zip(theme_names, share_rows[rid])),
                   Heading(2, "问题与计划"), Heading(3, "承认的问题")]
        for kind, heading in ((PROBLEMS, None), (PLANS, "下一年度的计划")):
            found = listed.get((rid, kind), [])
            blocks += [Heading(3, heading)] if heading else []
            blocks += ([*(_listed(len(found), "条", "items.csv") if len(found) > PROFILE_ROWS else []),
                        Bullets(tuple(found[:PROFILE_ROWS]))] if found else [Text("（未找到）")])
        if direct:  # one template for every page: the first page's headings, which every page must have
            headings = split_at_headings(blocks)[0][1:]
            if shell is None:
                shell, shell_headings = _shell(blocks), headings
            elif headings != shell_headings:
                raise AssertionError(f"profile page {pages[rid]} has other headings than the first: {headings}")
            path, keys[pages[rid]] = root / DIRECT / f"{pages[rid]}.json", _page_key(version, labels[rid], blocks)
            if before.get(pages[rid]) != keys[pages[rid]] or not path.is_file():
                _write_direct(blocks, path, labels[rid])
            written.append(path)
        else:
            path = out / f"{pages[rid]}.md"
            path.write_text("\n".join(["---", "orphan: true", "---", "", to_myst(blocks), *_keywords(_names(meta))])
                            + "\n", encoding="utf-8")
            written.append(path)
    _remove_direct(root, keys)
    if direct:
        (out / f"{SHELL}.md").write_text(shell, encoding="utf-8")
        (root / DIRECT / KEYS).write_text(json.dumps(keys), encoding="utf-8")
    _write_index(corpus, root, labels, {rid: PAGES + p for rid, p in pages.items()}, direct)
    return written


# In DIRECT, beside the pages: each page's key (:func:`_page_key`) as last written. A page whose key is unchanged is
# left as it is (at 1,000 reports, writing the pages' HTML parts again took 0.9 s of the build after one changed).
KEYS = ".keys"  # not *.json: the pages are read as every *.json there


def _page_key(version: str, label: str, blocks: list[Block]) -> str:
    """What a direct page is written from: the package's code (which writes it), its label and its blocks."""
    return hashlib.blake2b(pickle.dumps((version, label, blocks), protocol=5), digest_size=16).hexdigest()


def _written_keys(root: Path) -> dict[str, str]:
    """The keys of the direct pages written last time (none when unreadable); the list is removed until this run has
    written its pages, so that a run that stops half-way leaves no page thought current."""
    path = root / DIRECT / KEYS
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        keys = None
    path.unlink(missing_ok=True)
    return {k: v for k, v in keys.items() if isinstance(v, str)} if isinstance(keys, dict) else {}


def _remove_direct(root: Path, keys: dict[str, str]) -> None:
    """Remove the direct pages that this run did not write (reports gone, or pages written for Sphinx instead)."""
    for old in root.glob(f"{DIRECT}*.json"):
        if old.stem not in keys:
            old.unlink()


def _shell(blocks: list[Block]) -> str:
    """The template page: a profile page's headings, the report's name and each part between them a placeholder."""
    headings, parts = split_at_headings(blocks)
    shell: list[Block] = []
    for k, heading in enumerate(headings):
        shell += [Heading(1, TITLE + TITLE_MARK) if k == 0 else heading, Text(f"{PART_MARK}{k + 1}")]
    return "\n".join(["---", "orphan: true", "nosearch: true", "---", "", to_myst(shell)])


def _write_direct(blocks: list[Block], path: Path, label: str) -> Path:
    """A direct page: its title, the HTML of each part after a heading, and its MyST source (offered for download as
    Sphinx offers a page's source)."""
    parts = split_at_headings(blocks)[1]
    assert not parts[0], "a profile page starts with its title"
    path.write_text(json.dumps({"title": label, "parts": [to_html(p) for p in parts[1:]],
                                "source": "\n".join(["---", "orphan: true", "---", "", to_myst(blocks)])},
                               ensure_ascii=False), encoding="utf-8")
    return path


def _names(meta) -> list[str]:
    """Search terms for a report's place and organ names, whole and in parts (``sphinx_search.name_terms``)."""
    return name_terms(*(meta[k] for k in ("issuer", "place", "prefecture", "province")))


# Characters of keywords on one line: docutils refuses a line of more than 10,000 (its line_length_limit), and the
# index page of a large corpus carries every report's names (60,000 characters for 1,000 reports)
KEYWORDS_LINE = 2000


def _keywords(terms: list[str]) -> list[str]:
    """The page's ``terms`` as keywords meta (reST's meta directive: MyST's own cannot parse it), which Sphinx
    indexes as they are, not cut by jieba: a search for 杭州市司法局, 司法局 or 瓦房镇 then finds the page. The
    terms are Han characters only (``name_terms``), so nothing in them is markup. Many terms are spread over
    several ``:keywords:`` fields of at most :data:`KEYWORDS_LINE` characters each (Sphinx indexes every one)."""
    if not terms:
        return []
    fields, line = [], []
    for term in terms:
        if line and len(", ".join([*line, term])) > KEYWORDS_LINE:
            fields.append(line)
            line = []
        line.append(term)
    fields.append(line)
    return ["", "```{eval-rst}", ".. meta::", *(f"   :keywords: {', '.join(f)}" for f in fields), "```"]


def _listed(n: int, unit: str, download: str) -> list[Text]:
    """The line above a list of ``n`` rows: all of them, or the first ``PROFILE_ROWS`` (the rest in a download)."""
    if n <= PROFILE_ROWS:
        return [Text(f"共 {n} {unit}。")]
    return [Text(f"共 {n} {unit}，这里列出前 {PROFILE_ROWS} {unit}；全部见附录二的 {download}。")]


def _wordcloud(freqs: dict[str, float], path: Path) -> None:
    from wordcloud import WordCloud

    # 440 px: at 3/4 size it fits a phone's screen (the stylesheet), and its smallest words stay legible
    WordCloud(font_path=str(font_path()), width=440, height=250, background_color="white", max_words=60,
              random_state=42, colormap="viridis", margin=4, min_font_size=CLOUD_MIN_FONT,
              ).generate_from_frequencies(freqs).to_file(str(path))


def _write_index(corpus: Corpus, out: Path, labels: dict, pages: dict, direct: bool) -> None:
    """The index: every report by province (administrative-code order, 省份不详 last) and level. For pages Sphinx
    reads, as lists of links; for pages drawn directly (``direct``), as one table that the book's script
    (``_static/profile_index.js``) pages through and filters, with every name as keywords for the search."""
    t = corpus.table.set_index("report_id").loc[corpus.ids]
    lines = ["# 报告档案", "", "每份报告一页：基本信息、结构与合规、高频词、指标及其原句、主题分布、问题与计划。"
             "按省份和层级排列；也可以从[第一章](../chapters/corpus.ipynb)的报告一览表进入。", ""]
    order = {lvl: k for k, lvl in enumerate(LEVELS)}  # 省级 … 部门, then 层级不详
    provinces = [(province, sorted(g.groupby(g["level"].fillna(UNKNOWN_LEVEL)), key=lambda lg: order.get(lg[0], len(order))))
                 for province, g in sorted(t.groupby(t["province"].fillna("省份不详")), key=lambda pg: province_key(pg[0]))]
    if not direct:
        for province, levels in provinces:
            lines += [f"## {md_escape(province)}（{sum(len(h) for _, h in levels)} 份）", ""]
            for level, h in levels:
                links = "、".join(f"[{md_escape(labels[rid])}]({pages[rid]}.md)" for rid in h.index)
                lines += [f"- {md_escape(level)}：{links}"]
            lines.append("")
        (out / "index.md").write_text("\n".join(lines), encoding="utf-8")
        return
    lines += [(f"本语料有 {len(corpus.ids)} 份报告，超过 {SPHINX_PROFILES} 份，" if len(corpus.ids) > SPHINX_PROFILES else "")
              + f"各份档案页不进入全文搜索；搜索地名会找到本页。下表每页列出 {INDEX_PAGE_ROWS} 份，可按名称、省份、层级或年度筛选。",
              ""]
    year = t["year_covered"].astype("Int64").astype(str).replace("<NA>", "—")
    rows = [f'<tr><td><a href="{html.escape(pages[rid])}.html">{html.escape(strip_bidi(labels[rid]))}</a></td>'
            f"<td>{html.escape(strip_bidi(province))}</td><td>{html.escape(level)}</td><td>{year[rid]}</td></tr>"
            for province, levels in provinces for level, h in levels for rid in h.index]
    table = (f'<div class="profile-table-wrap"><table class="dataframe profile-table profile-index" '
             f'data-page-rows="{INDEX_PAGE_ROWS}">\n<thead><tr><th>报告</th><th>省份</th><th>层级</th><th>年度</th></tr>'
             "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>")
    lines += [to_myst([Html(table)])]
    lines += _keywords(list(dict.fromkeys(term for _, meta in t.iterrows() for term in _names(meta))))
    (out / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
