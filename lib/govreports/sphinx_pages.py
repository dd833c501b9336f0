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
"""
from __future__ import annotations

import html


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


def _escape_page_title(app, pagename, templatename, context, doctree):
    title = context.get("pagetitle")
    if isinstance(title, str):  # Sphinx's templates do not autoescape: escaped once, here
        context["pagetitle"] = html.escape(title)


def _no_header_search(app, config):
    options = config.html_theme_options
    if isinstance(options, dict):
        options.setdefault("navbar_persistent", [])


def setup(app):
    app.connect("config-inited", _no_header_search)
    # early: html-page-context stops at the first handler that returns a template name
    app.connect("html-page-context", _dedupe_scripts, priority=1)
    # late: after sphinx-book-theme (priority 500) has set pagetitle
    app.connect("html-page-context", _escape_page_title, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
