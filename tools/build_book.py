"""Build the book on every core, and not at all when nothing it is made from has changed.

``make book`` runs this. The steps:

1. The inputs' signature: the corpus files' bytes, the package's code and data, the book's own sources and
   the versions of the installed packages. When it equals the one stored with the last successful build,
   the book is current and nothing runs.
2. Otherwise the old book is removed (pages of another corpus never mix with this one's), the profile
   pages are written (alongside the chapters when the corpus is held in memory, before them when not), and the
   chapters are executed in parallel, in their folder as Sphinx would, into a fresh jupyter-cache, the longest
   of the last build first; each kernel runs chapter after chapter, each in a new session, sharing the corpus
   (:mod:`govreports.book.kernels`), unless the corpus is larger than the reports held in memory. The chapters
   read the per-report tables from a Parquet store of the corpus in ``_build/store`` (``$GOVREPORTS_STORE``),
   kept from build to build and brought up to date incrementally by the first chapter that loads the corpus.
3. ``jupyter-book build`` then takes the chapters' outputs from that cache (``nb_execution_mode: cache``;
   a chapter that failed there is executed again by the build, which stops with its error) and reads and
   writes the pages with Sphinx's parallel jobs. Jupyter Book 1's command line has no option for either,
   so both are passed to its ``build_sphinx``.

4. The notebooks offered for download (``_sources/chapters/*.ipynb``) are replaced by the ones executed for
   this corpus, so that a reader never downloads another corpus's outputs.

One build at a time: a lock on ``_build/`` makes a second build wait for the first (with a line saying so),
and then find the book current. The stamp of the last build is removed before anything else is written, and
a build folder that cannot be written is named in one line (exit 2), so no old book is left looking current.

``$GOVREPORTS_WORKERS`` limits the processes (default: every core). Arguments after the options are
passed to ``jupyter-book build``. Usage: python tools/build_book.py [-- BUILD ARGS]
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import importlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jupyter_book.sphinx as jb_sphinx
from jupyter_book.cli.main import main as jupyter_book
from sphinx.application import Sphinx

from govreports import cli
from govreports.book import kernels
from govreports.book.figures import FOLDER as FIGURES
from govreports.corpus import corpus_path
from govreports.limits import REPORTS_HELD
from govreports.pipeline import code_version, default_workers
from govreports.read.reader import list_files
from govreports.settings import MEMORY_VAR, STORE_VAR, SettingError, memory_budget

ROOT = Path(__file__).resolve().parents[1]
# Generated before or during the build, or not part of the book: never part of the signature.
NOT_SOURCES = {"_build", ".venv", ".git", "profiles", "lib", "tests", "tests_e2e", "bench", "seeds", "downloads",
               ".ipynb_checkpoints", "__pycache__", ".pytest_cache"}
STAMP = ".govreports-inputs"
SECONDS = ".chapter-seconds.json"  # in _build/, beside the execution cache: what each chapter took last time
LOCK = ".build.lock"  # in _build/, beside the book it guards (the book's folder is removed by a build)
TIMEOUT = 900  # seconds per chapter, as execute.timeout in _config.yml
# Jupyter Book 1 always loads these two extensions, and their setup declares nothing about parallel builds,
# so Sphinx would fall back to a serial build with a warning (an error under -W). Both keep no state between
# documents: sphinx_jupyterbook_latex acts in LaTeX builds only, and sphinx_multitoc_numbering renumbers
# toctrees in the main process after reading (this book numbers none). They are declared safe here.
UNDECLARED_BUT_SAFE = ("sphinx_jupyterbook_latex", "sphinx_multitoc_numbering")


def signature(corpus: Path) -> str:
    """A hash of everything the book is made from."""
    h = hashlib.sha256(f"python {sys.version}\ncode {code_version()}\n".encode())
    for dist in sorted(importlib.metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower()):
        h.update(f"{dist.metadata['Name']}=={dist.version}\n".encode())
    h.update(f"corpus {corpus.resolve()}\n".encode())
    for entry in list_files(corpus):
        h.update(f"{entry.rel}\0{entry.problem}\0".encode("utf-8", "surrogateescape"))
        if entry.problem is None:
            h.update(hashlib.sha256(entry.path.read_bytes()).digest())
    for path in sources(ROOT):
        h.update(f"{path.relative_to(ROOT).as_posix()}\0".encode("utf-8", "surrogateescape"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def sources(root: Path) -> list[Path]:
    """The book's own files, sorted: every file below ``root`` but those named in :data:`NOT_SOURCES` and those in
    folders so named, which are not walked (the venv and a large corpus's build hold tens of thousands of files)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in NOT_SOURCES]
        found += [Path(folder) / name for name in files if name not in NOT_SOURCES]
    return sorted(path for path in found if path.is_file())


def start_profiles(corpus: Path, direct: bool = False, loaded: Path | None = None) -> subprocess.Popen:
    """Start writing the profile pages, by the command line in a process of its own: this process forks the
    chapters' and Sphinx's workers, and would hand each of them a copy of the whole corpus. With ``loaded``, the
    command creates that file once it has read the corpus (and so filled the parse cache)."""
    return subprocess.Popen([sys.executable, "-m", "govreports", "profiles", str(corpus), "--out", str(ROOT / "profiles"),
                             "--allow-empty", *(["--direct"] if direct else []),
                             *(["--loaded", str(loaded)] if loaded else [])], cwd=ROOT)


def wait_loaded(pages: subprocess.Popen, loaded: Path, every: float = 0.05) -> None:
    """Wait until the profile pages' process has read the corpus (``loaded`` exists) or has ended."""
    while not loaded.exists() and pages.poll() is None:
        time.sleep(every)


def chapter_order(chapters: list[Path], seconds: dict[str, float]) -> list[Path]:
    """The chapters longest first, by the seconds each took in the last build (a chapter not timed yet first of
    all, then in name order): started last, the longest chapter would keep the build waiting alone at the end."""
    return sorted(chapters, key=lambda p: (-seconds.get(p.name, float("inf")), p.name))


def read_seconds(path: Path) -> dict[str, float]:
    """The seconds of each chapter in the last build (:data:`SECONDS`), or none when there is no readable record."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in record.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


# What one chapter's kernel holds at its peak, measured on 9,245 synthetic reports one chapter at a time: the
# largest reached 1.5 GB with the reports read back from the parse cache, about 0.13 MB a report over the 0.3 GB of
# its imports; a corpus of up to REPORTS_HELD reports holds them too, 1 GB for those 9,245 (0.11 MB a report)
CHAPTER_BASE_BYTES = 300 * 2**20
CHAPTER_BYTES_PER_REPORT = 136 * 2**10
HELD_BYTES_PER_REPORT = 116 * 2**10


def available_memory() -> int | None:
    """Bytes of memory available for new processes (MemAvailable of /proc/meminfo), or None where unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def chapter_bytes(reports: int) -> int:
    """What one chapter's kernel is reckoned to hold at its peak for ``reports`` reports."""
    return CHAPTER_BASE_BYTES + CHAPTER_BYTES_PER_REPORT * reports + HELD_BYTES_PER_REPORT * min(reports, REPORTS_HELD)


def memory_limit(available: int | None, budget: int | None) -> int | None:
    """The memory the chapters may take: what the system has available, within the reader's budget
    (``$GOVREPORTS_MEMORY``), whichever is less; None when neither is known."""
    known = [x for x in (available, budget) if x is not None]
    return min(known) if known else None


def chapter_workers(workers: int, reports: int, available: int | None) -> int:
    """How many chapters to execute at once: ``workers``, fewer when that many kernels holding ``reports`` reports
    each would not fit in the ``available`` memory (at least one)."""
    if available is None:
        return workers
    return max(1, min(workers, available // chapter_bytes(reports)))


def execute_chapters(cache_path: Path, workers: int, fresh: bool = False, begin=None) -> bool:
    """Execute every chapter into a fresh jupyter-cache, ``workers`` kernels at a time, the longest first, each
    kernel running chapter after chapter (``fresh``: a kernel for each chapter; :mod:`govreports.book.kernels`);
    the seconds each took are kept beside the cache for the next build's order. ``begin``: called while the
    kernels start, the chapters wait for it (and are not executed when it returns False: then False)."""
    shutil.rmtree(cache_path, ignore_errors=True)
    seconds_file = cache_path.parent / SECONDS
    chapters = chapter_order(sorted((ROOT / "chapters").glob("*.ipynb")), read_seconds(seconds_file))
    start = time.perf_counter()
    results = kernels.execute(cache_path, chapters, workers, TIMEOUT, fresh, begin)
    if chapters and not results:  # not begun
        return False
    seconds_file.write_text(json.dumps({Path(r.uri).name: r.seconds for r in results if r.error is None}),
                            encoding="utf-8")
    failed = [r for r in results if r.error is not None]
    print(f"{len(results) - len(failed)} of {len(results)} chapters executed in {time.perf_counter() - start:.0f} s"
          + (f"; executed again by the build: {', '.join(Path(r.uri).name for r in failed)}" if failed else ""),
          file=sys.stderr)
    for r in failed:
        print(f"  {Path(r.uri).name}: {last_line(r.error)}", file=sys.stderr)
    return True


def last_line(error: str) -> str:
    """The last non-empty line of an error (a cell's error ends with the exception), without terminal colours."""
    lines = [line for line in re.sub(r"\x1b\[[0-9;]*m", "", error).splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else "unknown error"


def _declared(self: Sphinx, typ: str) -> bool:
    for name in UNDECLARED_BUT_SAFE:
        ext = self.extensions.get(name)
        if ext is not None:
            ext.parallel_read_safe = True if ext.parallel_read_safe is None else ext.parallel_read_safe
            ext.parallel_write_safe = True if ext.parallel_write_safe is None else ext.parallel_write_safe
    return _is_parallel_allowed(self, typ)


_is_parallel_allowed = Sphinx.is_parallel_allowed
_build_sphinx = jb_sphinx.build_sphinx


# What the buttons open when the book names its repository (repository.url in _config.yml)
REPOSITORY_BUTTONS = {"use_repository_button": True, "use_issues_button": True}
LAUNCH_SERVICES = {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com"}


def effective_config(root: Path | None = None) -> Path:
    """The book's configuration as built: ``_config.yml``, with the repository, issue and launch buttons turned
    on when it names the repository (``repository.url``, the one place), and off otherwise instead of pointing
    nowhere. Written to ``_build/_config.effective.yml``."""
    import yaml

    root = root or ROOT
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    html = config.setdefault("html", {})
    if str((config.get("repository") or {}).get("url") or "").strip():
        html.update(REPOSITORY_BUTTONS)
        config["launch_buttons"] = {**(config.get("launch_buttons") or {}), **LAUNCH_SERVICES}
    else:
        config.pop("repository", None)
        for button in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
            html[button] = False
        config["launch_buttons"] = {"notebook_interface": "classic", "binderhub_url": "", "jupyterhub_url": "",
                                    "thebe": False, "colab_url": ""}
    out = root / "_build" / "_config.effective.yml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def sphinx_modules(config: Path) -> list[str]:
    """The modules Sphinx loads for the book: jupyter-book's extensions and the configuration's own, the HTML builder,
    the Chinese search and the bibliography."""
    import yaml
    from jupyter_book.config import get_default_sphinx_config

    extra = ((yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("sphinx") or {}).get("extra_extensions")
    return [*get_default_sphinx_config()["extensions"], *(extra or []), "sphinx.builders.html", "sphinx.search.zh",
            "sphinxcontrib.bibtex"]


def warm_imports(config: Path) -> threading.Thread:
    """Import :func:`sphinx_modules` in a thread of this process while it only waits for the chapters: Sphinx, after
    them, then starts without importing them (half a second of every build's end). Started after the chapters'
    workers are forked, and joined before Sphinx forks its own. A configuration that cannot be read, or a module that
    cannot be imported, is left for Sphinx to report."""
    def run() -> None:
        try:
            modules = sphinx_modules(config)
        except Exception:  # noqa: BLE001 - the build reads the configuration again and says what is wrong
            return
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - Sphinx imports it again and says what is wrong
                pass

    thread = threading.Thread(target=run, name="warm-imports", daemon=True)
    thread.start()
    return thread


def build(cache_path: Path, workers: int, args: list[str]) -> int:
    def build_sphinx(*a, **kw):
        kw["jobs"] = workers
        kw["confoverrides"] = {**(kw.get("confoverrides") or {}), "nb_execution_mode": "cache",
                               "nb_execution_cache_path": str(cache_path)}
        return _build_sphinx(*a, **kw)

    jb_sphinx.build_sphinx = build_sphinx  # looked up by the build command when it runs
    Sphinx.is_parallel_allowed = _declared
    try:
        return jupyter_book(["build", str(ROOT), "--builder", "html", "--config", str(effective_config()), *args],
                            standalone_mode=False) or 0
    except SystemExit as exc:
        return int(exc.code or 0)


class BuildFolderError(Exception):
    """The build folder cannot be prepared: the message names it and says why, in one line."""


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the build folder's lock; a second build waits for the first, with a line saying so."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK, "a")  # noqa: SIM115 - held until the build ends
    except OSError as exc:
        why = "it is a file, not a folder" if folder.is_file() else exc.strerror or exc
        raise BuildFolderError(f"cannot write the build folder {folder}: {why}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build of this book is running ({folder / LOCK}): waiting for it to finish",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # the lock goes with the file's closing, also when the process is killed


def clear_book(out: Path) -> None:
    """Remove the last build's stamp, then its pages, and check that ``out`` can be written: a build never
    starts with an old book that would look current if it failed."""
    problems: list[str] = []
    try:
        (out / STAMP).unlink(missing_ok=True)
        if out.exists():
            shutil.rmtree(out, onerror=lambda func, path, exc: problems.append(f"{path}: {exc[1].strerror or exc[1]}"))
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        problems.append(exc.strerror or str(exc))
    if problems:
        raise BuildFolderError(f"cannot write the build folder {out}: {problems[0]}")


def publish_notebooks(cache_path: Path, out: Path) -> list[Path]:
    """Replace the chapters offered for download with the notebooks executed for this corpus (from the
    execution cache); a chapter the cache does not hold is offered without outputs, never with the outputs
    committed for another corpus. Returns the notebooks written."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    written = []
    for source in sorted((out / "_sources" / "chapters").glob("*.ipynb")):
        chapter = ROOT / "chapters" / source.name
        try:
            _, nb = cache.merge_match_into_file(str(chapter))
        except (KeyError, OSError, ValueError):
            nb = nbformat.read(chapter, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, source)
        written.append(source)
    return written


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("args", nargs="*", help="passed to jupyter-book build (after --)")
    ap.add_argument("--config-only", action="store_true", help="write the effective configuration, print its path")
    ap.add_argument("--path-output", type=Path, default=None,
                    help="build into PATH/_build/html instead of the book's own _build/html (make e2e)")
    ap.add_argument("--direct-profiles", action="store_true",
                    help="draw the profile pages into the book's template whatever the corpus's size (make e2e)")
    a = ap.parse_args()
    if a.config_only:
        print(effective_config())
        return 0
    args = list(a.args)
    base = ROOT
    if a.path_output is not None:
        base = a.path_output.resolve()
        args += ["--path-output", str(base)]
    out = base / "_build" / "html"  # where jupyter-book build writes
    if corpus_ready():
        return 2
    try:
        # one lock for the book's folder whatever the output: every build writes its profiles/ and chapters/
        with build_lock(ROOT / "_build"):
            return build_book(out, args, a.direct_profiles)
    except (BuildFolderError, SettingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def corpus_ready() -> int:
    """``python -m govreports ready``, in this process (a process of its own took 0.7 s of every build): a corpus
    folder that does not exist or holds nothing the book reads, or a bad setting, stops the build before anything
    is removed, with one line; 0 when the build may go on."""
    with contextlib.redirect_stdout(io.StringIO()):  # the folder it prints is for the command line
        return cli.main(["ready"])


@contextmanager
def environ(name: str, value: str) -> Iterator[None]:
    """``$name`` set to ``value`` inside the block (so for the processes started there), and as it was before once
    the block ends."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def build_book(out: Path, args: list[str], direct: bool = False) -> int:
    """The build proper, under the lock: nothing when the book is current, else every step."""
    corpus = corpus_path()
    workers, budget = default_workers(), memory_budget()  # a bad setting stops the build before it begins
    wanted = signature(corpus) + (" direct profiles" if direct else "")
    stamp = out / STAMP
    if stamp.is_file() and stamp.read_text() == wanted:
        print(f"the book in {out} is current: its corpus, code and sources have not changed", file=sys.stderr)
        return 0
    clear_book(out)
    cache_path = out.parent / ".jupyter_cache"
    shutil.rmtree(ROOT / FIGURES, ignore_errors=True)  # the chapters publish this corpus's figures afresh
    # the files that will be read: at most as many reports (some may be set aside or duplicates)
    reports = sum(1 for entry in list_files(corpus) if entry.problem is None)
    available = available_memory()
    limit = memory_limit(available, budget)
    at_once = chapter_workers(workers, reports, limit)
    if at_once < workers and limit is not None:
        where = f"the budget {MEMORY_VAR} is" if limit == budget else "memory available is"
        print(f"{at_once} chapter(s) at a time instead of {workers}: each goes through up to {reports} reports (about "
              f"{chapter_bytes(reports) / 2**30:.1f} GB at its peak) and {where} {limit / 2**30:.1f} GB",
              file=sys.stderr)
    held = reports <= REPORTS_HELD
    # A corpus held in memory: its profile pages are written while the chapters run (on the core the longest chapter
    # leaves idle at the end), and the chapters begin once the profiles' process has read the corpus (their kernels
    # start meanwhile): they then find every report in the parse cache instead of parsing it too, each with a pool
    # of its own (a clean build of 1,000 reports held 3.2 GB at its peak over all processes, as a sum of RSS, and
    # took 67 s; waiting, 2.5 GB and 46 s). A larger corpus's pages are written first, so that their memory is
    # given back before the kernels start. Either way the book is built only from pages written without error (the
    # command has said why), and no chapter is executed when the command failed before it read the corpus.
    # The chapters' kernels (forked below, and any the build starts) read the per-report tables from a store of the
    # corpus kept beside the book, brought up to date by the first chapter that loads the corpus: after one report
    # changed, one part of it is written again (govreports.store.source)
    with environ(STORE_VAR, str(out.parent / "store")):
        loaded = out.parent / ".corpus-loaded"
        loaded.unlink(missing_ok=True)
        pages = start_profiles(corpus, direct, loaded)

        warming: list[threading.Thread] = []

        def corpus_read() -> bool:  # called once the chapters' workers are forked
            warming.append(warm_imports(ROOT / "_config.yml"))
            wait_loaded(pages, loaded)
            return pages.poll() is None or pages.returncode == 0

        try:
            if not held and pages.wait():
                return pages.returncode
            executed = execute_chapters(cache_path, at_once, fresh=not held, begin=corpus_read if held else None)
            if pages.wait() or not executed:
                return pages.returncode or 1
        finally:
            if pages.poll() is None:  # the chapters' step raised: the pages are not needed
                pages.kill()
                pages.wait()
        for thread in warming:
            thread.join()
        status = build(cache_path, workers, args)
        if status == 0:
            publish_notebooks(cache_path, out)
            stamp.write_text(wanted)
        return status


if __name__ == "__main__":
    sys.exit(main())
