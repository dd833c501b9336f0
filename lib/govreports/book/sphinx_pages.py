"""Sphinx extension: the page as the book theme means it.

- Each script of a page included once: Jupyter Book 1 sets sphinx-thebe up twice, which writes
  ``const THEBE_JS_URL = …`` into every page twice; the second copy throws "Identifier 'THEBE_JS_URL' has
  already been declared" in the browser console.
- No second search field across the top of every page: pydata-sphinx-theme 0.17 puts its search field in a
  header bar unless the book's own options name ``navbar_persistent``, and Jupyter Book 1 passes none, so the
  empty default of sphinx-book-theme (search in the sidebar only) was lost.
- The page title of the print-only header escaped: sphinx-book-theme puts the title's plain text into
  ``pagetitle`` and its ``layout.html`` writes ``<h1>{{ pagetitle }}</h1>`` without escaping, so a report
  whose issuer reads ``<img src=x onerror=…>县人民政府`` would run script on its profile page.
- No bidi control of a report reaches a page: an unclosed U+202E in an issuer or a file name reverses the rest
  of its cell, heading or the browser tab's title (where no markup can isolate it). The book's own text has
  none, so every one is removed from the text, raw HTML (notebook outputs, profile tables) and image
  descriptions of every page, before titles are collected and again after glue has filled in values.
- The book's version and date in every page's footer, from CITATION.cff.
- Links that last: a section's anchor is a slug of its own title (#规定的五个部分是否齐备), not docutils' running
  number (#id2, which shifts when a heading is added before it); the old id stays as a second anchor.
- The interface in simplified Chinese: sphinx-book-theme's zh_CN catalogue has one traditional label (列印成 PDF),
  corrected in the page's header buttons (``UI_LABELS``); the collapsed boxes' hints are set in ``_config.yml``; the
  tooltips, accessible names and placeholders that the themes and itables leave in English (``UI_ATTRIBUTE_LABELS``)
  are put into Chinese in the written pages, attribute values only, each an exact known value.
"""
from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .chapters import citation
from .labels import UI_ATTRIBUTE_LABELS, UI_LABELS

# Bidi embeddings, overrides, isolates and marks (Unicode's Bidi_Control property)
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def _strip_bidi_in(document: nodes.document) -> None:
    for node in list(document.findall(nodes.Text)):
        if BIDI_CONTROLS.search(node):
            node.parent.replace(node, nodes.Text(strip_bidi(str(node))))
    for node in document.findall(nodes.Element):
        for attr in ("alt", "title"):
            value = node.get(attr)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                node[attr] = strip_bidi(value)


class StripBidi(SphinxTransform):
    default_priority = 870  # late in reading, before Sphinx collects titles (DoctreeReadEvent, 880)

    def apply(self, **kwargs) -> None:
        _strip_bidi_in(self.document)


class StripBidiAfterGlue(SphinxPostTransform):
    default_priority = 900  # after glue has put its values into the page

    def run(self, **kwargs) -> None:
        _strip_bidi_in(self.document)


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        # the two copies differ only in filename None against "" (both mean an inline script)
        key = (str(getattr(js, "filename", js) or ""), repr(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


_SLUG_DROP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")


def slug(title: str) -> str:
    """A heading's anchor: its letters, digits and Chinese characters, the rest runs of '-' (Latin lower-cased)."""
    return _SLUG_DROP.sub("-", title.lower()).strip("-")


def stable_ids(document: nodes.document) -> None:
    """Give every section a first id made from its title: the n-th section of one title gets -n (n > 1), so a
    heading added elsewhere on the page changes no other section's anchor."""
    seen: dict[str, int] = {}
    for section in document.findall(nodes.section):
        title = section.next_node(nodes.title)
        base = slug(title.astext()) if title is not None else ""
        if not base:
            continue
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        if anchor in section["ids"] or anchor in document.ids:
            continue
        section["ids"].insert(0, anchor)
        document.ids[anchor] = section


def _stable_ids(app, doctree) -> None:
    """:func:`stable_ids` on every page as it is read, before its table of contents is collected."""
    stable_ids(doctree)


def _escape_page_title(app, pagename, templatename, context, doctree):
    title = context.get("pagetitle")
    if isinstance(title, str):  # Sphinx's templates do not autoescape: escaped once, here
        context["pagetitle"] = html.escape(title)




def _simplified_ui(app, pagename, templatename, context, doctree):
    def fix(buttons):
        for button in buttons or ():
            if isinstance(button, dict):
                if button.get("tooltip") in UI_LABELS:
                    button["tooltip"] = UI_LABELS[button["tooltip"]]
                fix(button.get("buttons"))
    fix(context.get("header_buttons"))


_UI_ATTRIBUTE = re.compile(r'(\b(?:title|aria-label|placeholder|data-bs-title)=")([^"<>]*)(")')
_ITABLES_PREVIEW = re.compile(r"ITables v[\d.]+ static preview")


def _attribute_zh(m: re.Match) -> str:
    value = UI_ATTRIBUTE_LABELS.get(m.group(2)) or _ITABLES_PREVIEW.sub("表格的静态预览", m.group(2))
    return m.group(1) + value + m.group(3)


def _translate_written_pages(app, exc):
    """The English interface strings of every written page, in Chinese (see ``UI_ATTRIBUTE_LABELS``)."""
    if exc is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        new = _UI_ATTRIBUTE.sub(_attribute_zh, text)
        if new != text:
            path.write_text(new, encoding="utf-8")


def _theme_options(app, config):
    """No search field in the header bar; the version footer (see the module's docstring)."""
    options = config.html_theme_options
    if isinstance(options, dict):
        options.setdefault("navbar_persistent", [])
        if not options.get("extra_footer"):  # Jupyter Book passes its html.extra_footer, empty by default
            options["extra_footer"] = _version_footer()


def _version_footer() -> str:
    """The footer of every page: the book's version and date, from CITATION.cff (what CHANGELOG.md describes)."""
    c = citation()
    return f"<p>本书版本 {html.escape(c['version'])}（{html.escape(c['date-released'])}），各版本的变化见仓库中的 CHANGELOG.md。</p>" \
        if c["version"] else ""


def setup(app):
    app.connect("config-inited", _theme_options)
    app.add_transform(StripBidi)
    app.connect("doctree-read", _stable_ids, priority=100)  # before Sphinx's collectors (500)
    app.add_post_transform(StripBidiAfterGlue)
    # early: html-page-context stops at the first handler that returns a template name
    app.connect("html-page-context", _dedupe_scripts, priority=1)
    # late: after sphinx-book-theme (priority 500) has set pagetitle
    app.connect("html-page-context", _escape_page_title, priority=900)
    app.connect("html-page-context", _simplified_ui, priority=900)  # after the theme's buttons (501)
    app.connect("build-finished", _translate_written_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
