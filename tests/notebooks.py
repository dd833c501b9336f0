"""Executing a chapter as a user would: on a corpus folder named by GOVREPORTS_CORPUS."""
import os
from pathlib import Path

import nbformat
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
