"""Executing a chapter as a user would: on a corpus folder named by GOVREPORTS_CORPUS."""
import os
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from nbclient import NotebookClient

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


def run_chapter(name: str, corpus: Path, allow_errors: bool = False):
    """The executed notebook of chapters/``name``; the kernel reads GOVREPORTS_CORPUS when it starts."""
    nb = nbformat.read(CHAPTERS / name, as_version=4)
    old = os.environ.get("GOVREPORTS_CORPUS")
    os.environ["GOVREPORTS_CORPUS"] = str(corpus)
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=allow_errors,
                       resources={"metadata": {"path": str(CHAPTERS)}}).execute()
    finally:
        if old is None:
            os.environ.pop("GOVREPORTS_CORPUS", None)
        else:
            os.environ["GOVREPORTS_CORPUS"] = old
    return nb


def html_shown(nb) -> str:
    """Every HTML output of an executed notebook, joined."""
    return "".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", []))


def glued(nb) -> dict[str, str]:
    """The values a chapter glued into its prose (name → the text the reader sees)."""
    import ast

    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            book = o.get("metadata", {}).get("scrapbook", {})
            key = book.get("mime_prefix", "") + "text/plain"
            if book.get("name") and key in o.get("data", {}):
                name, text = book["name"], o["data"][key]
                try:
                    value = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    value = text
                out[name] = str(value)
    return out


def executed(cache_path: Path, path: Path):
    """The executed notebook the book takes from the cache for ``path`` (what myst-nb's cache mode looks up)."""
    _, nb = get_cache(str(cache_path)).merge_match_into_file(str(path))
    return nb


def outputs(nb, images: bool = True) -> list[list[dict]]:
    """Each code cell's outputs as the reader sees them: the text, HTML, Markdown and images of each. Without
    ``images``, not the PNGs' bytes (strict nbval does not compare them either): the seeds' figures drawn on
    another machine (an AVX2-only AMD EPYC, same packages) differed from the committed ones by anti-aliased pixels
    of an axis placed a fraction of a pixel away."""
    keep = ("text/plain", "text/html", "text/markdown", *(("image/png",) if images else ()), "application/json")
    return [[{"type": o.output_type, "text": o.get("text"), **{k: o.get("data", {}).get(k) for k in keep}}
             for o in c.outputs] for c in nb.cells if c.cell_type == "code"]
