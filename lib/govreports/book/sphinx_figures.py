"""Sphinx extension: every figure of the book with its data, a description and a source line.

The chapters publish each figure (:mod:`govreports.book.figures`) into ``_build/figures/``. Here, in every page:
the figure's image gets its alt text; under its caption, links to its data (CSV) and to the figure as SVG, and a
source line: the corpus, the number of reports, the build date and the book's version. A figure that was not
published is a warning (an error in the book's build). Text from the corpus (its folder's name, a word in
an alt text) loses its bidi controls, as everywhere in the book (:mod:`govreports.book.sphinx_pages`). The directive ``figure-list`` writes the list of every
figure with its number, caption, files and a citation entry. The files are copied into the HTML's ``figures/``.
The build date is today's, or that of ``SOURCE_DATE_EPOCH`` when set (reproducible builds).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .chapters import citation
from .figures import FOLDER, NAME
from .sphinx_pages import strip_bidi

logger = logging.getLogger(__name__)
OUT = "figures"  # in the HTML output


class figure_list(nodes.General, nodes.Element):
    """Placeholder of the list of figures, filled in once every figure has its number."""


class FigureList(SphinxDirective):
    def run(self):
        return [figure_list()]


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch.isdigit() else dt.date.today()
    return when.isoformat()


def _about(app, name: str) -> dict | None:
    path = Path(app.srcdir) / FOLDER / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _files(prefix: str, name: str) -> list[nodes.Node]:
    return [nodes.Text("数据："), nodes.reference("", f"{name}.csv", refuri=f"{prefix}{OUT}/{name}.csv"),
            nodes.Text("（CSV）；矢量图："), nodes.reference("", f"{name}.svg", refuri=f"{prefix}{OUT}/{name}.svg"),
            nodes.Text("（SVG）。")]


def _figure_name(fig: nodes.figure) -> str | None:
    return next((i for i in fig["ids"] if NAME.fullmatch(i)), None) or next(
        (n for n in fig.get("names", []) if NAME.fullmatch(n)), None)


def _annotate(app, doctree, docname: str) -> None:
    prefix = "../" * docname.count("/")
    version = citation()["version"]
    for fig in doctree.findall(nodes.figure):
        name = _figure_name(fig)
        if name is None:
            continue
        about = _about(app, name)
        if about is None:
            logger.warning(f"figure {name} has no published data: call govreports.book.figures.publish in its cell",
                           location=fig)
            continue
        for image in fig.findall(nodes.image):
            image["alt"] = strip_bidi(about["alt"])
        origin = (f"语料“{strip_bidi(about['corpus'])}”，{about['reports']:,} 份报告" if about.get("reports") is not None
                  else "本书的方法（不依赖语料）")
        source = nodes.paragraph("", "", *_files(prefix, name),
                                 nodes.Text(f"来源：{origin}；构建于 {build_date()}；本书版本 {version}。"))
        fig += nodes.legend("", source, classes=["figure-source"])
    for placeholder in list(doctree.findall(figure_list)):
        placeholder.replace_self(_list(app, docname, prefix))


def _list(app, here: str, prefix: str) -> list[nodes.Node]:
    """Every figure in the order of the book, with its number, caption, files and a citation entry."""
    c = citation()
    env = app.env
    labels = env.domaindata["std"]["labels"]
    items = nodes.bullet_list()
    for docname in _ordered(env):
        numbers = env.toc_fignumbers.get(docname, {}).get("figure", {})
        for name, number in sorted(numbers.items(), key=lambda kv: kv[1]):
            if not NAME.fullmatch(name):
                continue
            label = "图 " + ".".join(str(n) for n in number)
            caption = labels.get(name, (docname, name, ""))[2]
            uri = app.builder.get_relative_uri(here, docname) + f"#{name}"
            cite = (f"引用：{c['authors'].split(' (')[0]}：《{c['title'].split(' (')[0]}》，版本 {c['version']}，"
                    f"{c['date-released']}，{label}。")
            chapter = env.titles[docname].astext() if docname in env.titles else docname
            para = nodes.paragraph("", "", nodes.reference("", label, refuri=uri),
                                   nodes.Text(f"　{caption}（{chapter}）"))
            files = nodes.paragraph("", "", *_files(prefix, name))
            items += nodes.list_item("", para, files, nodes.paragraph("", cite))
    if not len(items):
        return [nodes.paragraph("", "本语料上，本书没有画出图。")]
    return [items]


def _ordered(env) -> list[str]:
    """Documents in the order of the table of contents (then any others)."""
    order = [env.config.root_doc]
    for doc in order:
        order += [d for d in env.toctree_includes.get(doc, []) if d not in order]
    return order + sorted(set(env.found_docs) - set(order))


def _copy(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir) / FOLDER
    target = Path(app.outdir) / OUT
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("fig-*")):
        if path.suffix in (".csv", ".svg"):
            shutil.copyfile(path, target / path.name)


def setup(app):
    app.add_node(figure_list)
    app.add_directive("figure-list", FigureList)
    app.connect("doctree-resolved", _annotate)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
