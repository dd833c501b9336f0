"""Sphinx extension: the profile pages of a large corpus, drawn into the book's template after the build.

Beyond ``limits.SPHINX_PROFILES`` reports, :func:`govreports.book.profiles.write_profiles` writes each report's
page as HTML parts (``profiles/direct/*.json``) and one MyST page, the shell, that has a profile page's headings
and a placeholder for the report's name and for each part. Sphinx draws the shell like any page (theme, sidebar,
header, stylesheets, the book's transforms); when the HTML build has finished, each report's page is the shell's
HTML with its name and parts put in, written beside it, with its MyST source where Sphinx puts a page's source
(the download button); the wordclouds are copied beside them, and the shell is removed. Parts are put in last,
so a report whose text holds a placeholder's name is shown as it is.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

from .page_blocks import DIRECT, PAGES, PART_MARK, SHELL, TITLE, TITLE_MARK
from .sphinx_pages import slug as heading_slug
from .sphinx_pages import strip_bidi


def shell_pieces(shell: str) -> list[str]:
    """The shell's HTML cut at its part placeholders, in order (one piece more than parts)."""
    pieces = re.split(f"<p>{PART_MARK}(\\d+)</p>", shell)
    numbers = [int(n) for n in pieces[1::2]]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ExtensionError(f"the profile pages' template ({SHELL}.html) lost its placeholders: found {numbers}")
    return pieces[::2]


def fill(pieces: list[str], page: dict, slug: str) -> str:
    """One report's page: the shell's pieces with its name and page name, and its parts between them."""
    parts = page["parts"]
    if len(parts) != len(pieces) - 1:
        raise ExtensionError(f"profile page {slug} has {len(parts)} parts; its template has {len(pieces) - 1}")
    title = strip_bidi(" ".join(str(page["title"]).split()))
    # in one pass, so that nothing put in is replaced again: the title's anchor, the title, the page's name
    values = {heading_slug(TITLE + TITLE_MARK): html.escape(heading_slug(TITLE + title)),
              TITLE_MARK: html.escape(title), SHELL: slug}
    marks = re.compile("|".join(map(re.escape, values)))

    def filled(piece: str) -> str:
        return marks.sub(lambda m: values[m[0]], piece)

    out = [filled(pieces[0])]
    for part, piece in zip(parts, pieces[1:]):
        out += [part, filled(piece)]
    return "".join(out)


def write_direct_pages(srcdir: Path, outdir: Path) -> int:
    """Write every direct profile page into the built book; returns how many (0 when this build has none)."""
    shell = outdir / "profiles" / PAGES / f"{SHELL}.html"
    if not shell.exists():
        return 0
    pieces = shell_pieces(shell.read_text(encoding="utf-8"))
    sources = outdir / "_sources" / "profiles" / PAGES
    sources.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted((srcdir / "profiles" / DIRECT).glob("*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        (shell.parent / f"{path.stem}.html").write_text(fill(pieces, page, path.stem), encoding="utf-8")
        (sources / f"{path.stem}.md").write_text(page["source"], encoding="utf-8")
        n += 1
    images = srcdir / "profiles" / PAGES / "img"  # wordclouds, which Sphinx copies only for the pages it reads
    if images.is_dir() and any(images.iterdir()):
        shutil.copytree(images, shell.parent / "img", dirs_exist_ok=True)
    shell.unlink()
    (sources / f"{SHELL}.md").unlink(missing_ok=True)
    return n


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        write_direct_pages(Path(app.srcdir), Path(app.outdir))


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
