"""Benchmark: reading PDF files, in pages per second on one core, side by side in one run (issue 23).

The files: the five seeds made into PDFs as the tests make them (fpdf2: justified 公文 lines, running header,
page numbers) and, where the programs are installed (tests/producers.py: chromium, libreoffice-writer-nogui,
ghostscript), seeds 000 and 004 as Chromium's print to PDF, LibreOffice's PDF and Ghostscript's PDF.

Two readers of the same bytes, each timed by CPU time in this process (the fastest of --rounds):
- ``pdf_to_text``: the book's reader (pdfminer.six walks the structure within the limits, PDFium gives the
  characters, the layout joins them into paragraphs);
- ``pdfminer layout``: pdfminer.six's character layout alone (extract_pages with its default LAParams), the
  engine the reader used before, without the reader's own work: a lower bound of the old reader's time.
The acceptance: the reader at least 5× faster than 33 ms a page (pdfminer's time measured in the issue).
Prints the figures, then one JSON line.
Usage: python bench/pdf.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import producers  # noqa: E402
from documents import report_pdf  # noqa: E402

from govreports.read.pdf_text import pdf_to_text  # noqa: E402

TARGET_MS = 33 / 5  # a page, at least 5× faster than pdfminer's 33 ms measured in the issue


def files(folder: Path) -> dict[str, bytes]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    out = {f"fpdf2 {p.name[:3]}": report_pdf(p.read_text(encoding="utf-8"), running_header="某某县人民政府办公室文件")[0]
           for p in seeds}
    if producers.missing():
        print(f"(programs missing, real producers' files left out: apt-get install {' '.join(producers.missing())})")
        return out
    for p in seeds:
        if p.name[:3] in ("000", "004"):
            made = producers.make_all(p.read_text(encoding="utf-8"), folder / p.name[:3])
            for kind in ("chromium.pdf", "libreoffice.pdf", "ghostscript.pdf"):
                out[f"{kind.split('.')[0]} {p.name[:3]}"] = made[kind].read_bytes()
    return out


def pdfminer_layout(data: bytes) -> None:
    from io import BytesIO

    from pdfminer.high_level import extract_pages

    for _ in extract_pages(BytesIO(data)):
        pass


def timed(read, data: bytes, rounds: int) -> float:
    """CPU seconds of the fastest of ``rounds`` reads."""
    best = float("inf")
    for _ in range(rounds):
        cpu = time.process_time()
        read(data)
        best = min(best, time.process_time() - cpu)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = files(Path(tmp))
    rows, totals = [], {"reader": [0.0, 0], "pdfminer": [0.0, 0]}
    print(f"{'file':<18}{'pages':>6}{'reader ms/page':>16}{'pdfminer ms/page':>18}{'ratio':>8}")
    for name, data in pdfs.items():
        pages = max(page for _, page in pdf_to_text(data).pages)
        reader = timed(pdf_to_text, data, args.rounds)
        miner = timed(pdfminer_layout, data, args.rounds)
        totals["reader"][0] += reader
        totals["pdfminer"][0] += miner
        totals["reader"][1] = totals["pdfminer"][1] = totals["reader"][1] + pages
        rows.append({"file": name, "pages": pages, "reader_ms_per_page": 1000 * reader / pages,
                     "pdfminer_ms_per_page": 1000 * miner / pages})
        print(f"{name:<18}{pages:>6}{1000 * reader / pages:>16.1f}{1000 * miner / pages:>18.1f}"
              f"{miner / reader:>7.1f}×")
    pages = totals["reader"][1]
    reader_ms, miner_ms = 1000 * totals["reader"][0] / pages, 1000 * totals["pdfminer"][0] / pages
    print(f"{'all':<18}{pages:>6}{reader_ms:>16.1f}{miner_ms:>18.1f}{miner_ms / reader_ms:>7.1f}×")
    print(f"reader: {1000 / reader_ms:.0f} pages/s on one core (pdfminer layout alone: {1000 / miner_ms:.0f}); "
          f"target ≤ {TARGET_MS:.1f} ms a page: {'met' if reader_ms <= TARGET_MS else 'NOT met'}")
    print(json.dumps({"pages": pages, "reader_ms_per_page": round(reader_ms, 2),
                      "pdfminer_ms_per_page": round(miner_ms, 2), "pages_per_second": round(1000 / reader_ms),
                      "target_ms_per_page": TARGET_MS, "files": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
