"""Report files made by the programs users' files come from, from a report's text:

- Chromium's print to PDF of the report as a web page, with the browser's own header (date, page title) and
  footer (address, page x/y), as a reader's "打印为 PDF" makes it;
- LibreOffice's .docx of the text, and LibreOffice's PDF export of that .docx (`soffice --convert-to`);
- that PDF redistilled by Ghostscript (`ps2pdf`), as print-to-PDF drivers and PDF "optimisers" do.

The programs are Debian's (chromium, libreoffice-writer-nogui, ghostscript; fonts-noto-cjk for the Chinese
glyphs), which `.ci/run` installs. Without them a test skips and says which package is missing; with
GOVREPORTS_REQUIRE_TOOLS set (CI sets it) it fails instead, so CI never passes by skipping.
"""
from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

REQUIRE_VAR = "GOVREPORTS_REQUIRE_TOOLS"
# program -> the Debian package that provides it
PROGRAMS = {"chromium": "chromium", "soffice": "libreoffice-writer-nogui", "ps2pdf": "ghostscript"}
KINDS = ("chromium.pdf", "libreoffice.docx", "libreoffice.pdf", "ghostscript.pdf")
TIMEOUT = 180


def missing() -> list[str]:
    """The Debian packages whose programs are not on this machine."""
    return [package for program, package in PROGRAMS.items() if not shutil.which(program)]


def require(pytest) -> None:
    """Skip (or fail, where the tools are required) when a program is missing."""
    if absent := missing():
        message = f"programs missing: apt-get install {' '.join(absent)}"
        if os.environ.get(REQUIRE_VAR):
            pytest.fail(message)
        pytest.skip(message)


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def web_page(text: str) -> str:
    """The report as a government site shows it: its title line as the page's title, a paragraph per line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = next((line for line in lines[:6] if "报告" in line), lines[0])
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>p {{ text-indent: 2em; line-height: 1.8; }}</style></head><body>{body}</body></html>")


def chromium_pdf(text: str, folder: Path) -> Path:
    """Chromium's print to PDF of the report's web page, with header and footer."""
    page, out = folder / "report.html", folder / "report.chromium.pdf"
    page.write_text(web_page(text), encoding="utf-8")
    _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          f"--user-data-dir={folder / 'chromium-profile'}", f"--print-to-pdf={out}", page.as_uri()], folder)
    return out


def _soffice(folder: Path, *args: str) -> None:
    _run(["soffice", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless", *args], folder)


def libreoffice_docx(text: str, folder: Path) -> Path:
    """LibreOffice's .docx of the report's text (read as UTF-8 text, one paragraph per line)."""
    source = folder / "report.libreoffice.txt"
    source.write_text(text, encoding="utf-8")
    _soffice(folder, "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "docx:MS Word 2007 XML",
             "--outdir", str(folder), str(source))
    return source.with_suffix(".docx")


def libreoffice_pdf(docx: Path, folder: Path) -> Path:
    """LibreOffice's PDF export of a .docx."""
    _soffice(folder, "--convert-to", "pdf", "--outdir", str(folder), str(docx))
    return docx.with_suffix(".pdf")


def ghostscript_pdf(pdf: Path, folder: Path) -> Path:
    """A PDF redistilled by Ghostscript."""
    out = folder / "report.ghostscript.pdf"
    _run(["ps2pdf", str(pdf), str(out)], folder)
    return out


def make_all(text: str, folder: Path) -> dict[str, Path]:
    """Every kind of file (:data:`KINDS`) of one report, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    docx = libreoffice_docx(text, folder)
    lo_pdf = libreoffice_pdf(docx, folder)
    return {"chromium.pdf": chromium_pdf(text, folder), "libreoffice.docx": docx, "libreoffice.pdf": lo_pdf,
            "ghostscript.pdf": ghostscript_pdf(lo_pdf, folder)}
