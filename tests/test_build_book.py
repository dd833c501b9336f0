"""tools/build_book.py: what `make book` runs. The build is skipped only when nothing it is made from has
changed; otherwise the old book goes first and every step runs; a failed build leaves no stamp."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

from govreports.settings import STORE_VAR

ROOT = Path(__file__).resolve().parents[1]
# Jupyter Book 1 imports a name Click 8.2 deprecates; nothing of this project's.
pytestmark = pytest.mark.filterwarnings("ignore:'BaseCommand' is deprecated:DeprecationWarning")


class Written:
    """What start_profiles gives: a finished process with its exit status (None: 0)."""

    def __init__(self, status: int | None = 0):
        self.returncode = status or 0

    def wait(self) -> int:
        return self.returncode

    poll = wait


def executes(record):
    """A stand-in for execute_chapters: waits for ``begin`` as the kernels do, and records the chapters' execution
    (``record(cache, workers, fresh)``) only when they begin."""
    def execute_chapters(cache, workers, fresh=False, begin=None):
        if begin is not None and not begin():
            return False
        record(cache, workers, fresh)
        return True
    return execute_chapters


@pytest.fixture()
def bb(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "chapters" / "intro.ipynb").write_text("{}", encoding="utf-8")
    (book / "_config.yml").write_text("title: t\n", encoding="utf-8")
    monkeypatch.setattr(module, "ROOT", book)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        shutil.copy(p, corpus / p.name)
    monkeypatch.setenv("GOVREPORTS_CORPUS", str(corpus))
    monkeypatch.setattr(sys, "argv", ["build_book.py", "--", "--all"])
    module.calls = []
    monkeypatch.setattr(module, "start_profiles", lambda c, direct, loaded: Written(module.calls.append("profiles")))
    monkeypatch.setattr(module, "execute_chapters", executes(lambda cache, w, fresh: module.calls.append("execute")))
    module.status = 0

    def build(cache, workers, args):
        module.calls.append(("build", tuple(args)))
        (book / "_build" / "html").mkdir(parents=True, exist_ok=True)
        return module.status

    monkeypatch.setattr(module, "build", build)
    module.book, module.corpus = book, corpus
    return module


def test_the_signature_follows_the_corpus_and_the_sources_only(bb):
    first = bb.signature(bb.corpus)
    assert bb.signature(bb.corpus) == first
    (bb.book / "profiles").mkdir()
    (bb.book / "profiles" / "index.md").write_text("generated", encoding="utf-8")  # written by the build
    (bb.book / "_build").mkdir()
    (bb.book / "_build" / "x.html").write_text("output", encoding="utf-8")
    assert bb.signature(bb.corpus) == first
    (bb.book / "chapters" / "intro.ipynb").write_text('{"changed": 1}', encoding="utf-8")
    second = bb.signature(bb.corpus)
    assert second != first
    report = sorted(bb.corpus.glob("*.txt"))[0]
    report.write_text(report.read_text(encoding="utf-8") + "。", encoding="utf-8")
    assert bb.signature(bb.corpus) != second


def test_the_chapters_are_given_the_books_store_and_the_setting_is_given_back(bb, monkeypatch):
    """The kernels and the build are started with $GOVREPORTS_STORE naming _build/store (the chapters read the
    per-report tables from it); after the build the setting is what it was, set or not."""
    seen = []
    monkeypatch.setattr(bb, "execute_chapters", executes(lambda cache, w, fresh: seen.append(os.environ.get(STORE_VAR))))
    for before in (None, "/the/readers/store"):
        if before is None:
            monkeypatch.delenv(STORE_VAR, raising=False)
        else:
            monkeypatch.setenv(STORE_VAR, before)
        (bb.book / "_build" / "html" / bb.STAMP).unlink(missing_ok=True)
        assert bb.main() == 0
        assert seen[-1] == str(bb.book / "_build" / "store")
        assert os.environ.get(STORE_VAR) == before


def test_a_current_book_is_not_built_again_and_a_changed_one_is_rebuilt_from_nothing(bb):
    assert bb.main() == 0
    assert bb.calls == ["profiles", "execute", ("build", ("--all",))]
    out = bb.book / "_build" / "html"
    assert (out / bb.STAMP).is_file()
    bb.calls.clear()
    assert bb.main() == 0 and bb.calls == []  # nothing changed: nothing runs
    (out / "page-of-the-old-corpus.html").write_text("old", encoding="utf-8")
    (bb.corpus / "another.txt").write_bytes(sorted((ROOT / "seeds").glob("*.txt"))[3].read_bytes())
    assert bb.main() == 0
    assert bb.calls == ["profiles", "execute", ("build", ("--all",))]
    assert not (out / "page-of-the-old-corpus.html").exists()


def test_a_failed_build_leaves_no_stamp(bb):
    bb.status = 1
    assert bb.main() == 1
    assert not (bb.book / "_build" / "html" / bb.STAMP).exists()
    bb.status = 0
    bb.calls.clear()
    assert bb.main() == 0 and bb.calls  # built again, not taken as current


class FailsLater(Written):
    """A profiles' process that has read the corpus (``loaded`` is there) and then fails writing the pages."""

    def __init__(self, loaded):
        super().__init__(2)
        loaded.touch()
        self.ended = False

    def poll(self):
        return self.returncode if self.ended else None

    def wait(self) -> int:
        self.ended = True
        return self.returncode


@pytest.mark.parametrize("held", [True, False])
def test_failed_profile_pages_stop_the_build(bb, monkeypatch, held):
    """No book from pages that failed. A corpus held in memory has its chapters executed meanwhile (the pages are
    written alongside them, once the corpus is read); a larger one's pages are awaited first, so its chapters never
    start; nor do any when the command fails before it has read the corpus."""
    if not held:
        monkeypatch.setattr(bb, "REPORTS_HELD", 1)
    monkeypatch.setattr(bb, "execute_chapters", executes(lambda cache, w, fresh: bb.calls.append(("execute", fresh))))
    monkeypatch.setattr(bb, "start_profiles", lambda corpus, direct, loaded: FailsLater(loaded))
    assert bb.main() == 2
    assert bb.calls == ([("execute", False)] if held else [])
    assert not (bb.book / "_build" / "html" / bb.STAMP).exists()
    bb.calls.clear()
    (bb.corpus / "another.txt").write_bytes(sorted((ROOT / "seeds").glob("*.txt"))[3].read_bytes())
    monkeypatch.setattr(bb, "start_profiles", lambda corpus, direct, loaded: Written(2))
    assert bb.main() == 2 and bb.calls == []


def test_buttons_point_to_the_repository_or_are_hidden(bb):
    import yaml

    (bb.book / "_config.yml").write_text("title: t\nrepository:\n  url: ''\nhtml:\n  use_repository_button: true\n"
                                        "launch_buttons:\n  binderhub_url: https://mybinder.org\n", encoding="utf-8")
    config = yaml.safe_load(bb.effective_config().read_text(encoding="utf-8"))
    assert "repository" not in config and config["html"]["use_repository_button"] is False
    assert config["html"]["use_issues_button"] is False and config["launch_buttons"]["binderhub_url"] == ""
    (bb.book / "_config.yml").write_text("title: t\nrepository:\n  url: https://example.org/a/b\nhtml:\n"
                                        "  use_repository_button: false\n", encoding="utf-8")
    config = yaml.safe_load(bb.effective_config().read_text(encoding="utf-8"))
    assert config["repository"]["url"] == "https://example.org/a/b" and config["html"]["use_repository_button"]
    assert config["html"]["use_issues_button"] and config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    # the book's own setting, in the one place
    assert yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"] == ""


def test_the_config_is_valid_for_jupyter_book_as_it_is():
    """`jupyter-book build .` reads _config.yml itself (not tools/build_book.py's version): Jupyter Book must take
    it without an error (it refused repository buttons without a repository URL)."""
    import yaml
    from jupyter_book.config import yaml_to_sphinx

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx_config, overrides, _ = yaml_to_sphinx(config)
    assert overrides["language"] == "zh_CN" and sphinx_config["html_theme_options"]["use_repository_button"] is False


def test_the_old_stamp_is_gone_before_anything_is_written(bb, monkeypatch):
    assert bb.main() == 0
    stamp = bb.book / "_build" / "html" / bb.STAMP
    assert stamp.is_file()
    (bb.corpus / "another.txt").write_bytes(sorted((ROOT / "seeds").glob("*.txt"))[3].read_bytes())
    seen = []
    monkeypatch.setattr(bb, "start_profiles", lambda c, direct, loaded: Written(seen.append(stamp.exists())))
    assert bb.main() == 0
    assert seen == [False]  # while the new book is made, nothing says the old one is current


@pytest.mark.parametrize("corpus", ["missing", "empty", "unreadable only"])
def test_a_corpus_folder_without_reports_is_one_line_and_the_old_book_stays(bb, capsys, monkeypatch, corpus):
    """The folder is checked first (govreports ready, in the build's process): nothing is started, nothing removed."""
    assert bb.main() == 0
    bb.calls.clear()
    folder = bb.corpus.parent / corpus.replace(" ", "_")
    if corpus != "missing":
        folder.mkdir()
    if corpus == "unreadable only":
        (folder / "scan.exe").write_bytes(b"MZ")
    monkeypatch.setenv("GOVREPORTS_CORPUS", str(folder))
    assert bb.main() == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and str(folder) in err
    assert bb.calls == [] and (bb.book / "_build" / "html" / bb.STAMP).is_file()


def test_an_unwritable_build_folder_is_one_line_naming_it(bb, capsys):
    (bb.book / "_build").write_text("not a folder", encoding="utf-8")  # as root, chmod would not stop a write
    assert bb.main() == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bb.book / "_build") in err and "Traceback" not in err
    assert bb.calls == []


def test_a_second_build_waits_for_the_first_and_says_so(bb, capsys):
    import subprocess

    folder = bb.book / "_build"
    folder.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time\n"
        f"h = open({str(folder / bb.LOCK)!r}, 'a'); fcntl.flock(h, fcntl.LOCK_EX)\n"
        "print('held', flush=True); time.sleep(1.5)\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    assert bb.main() == 0
    assert holder.poll() is not None  # the build ran only once the first had let go
    err = capsys.readouterr().err
    assert "another build of this book is running" in err and "waiting" in err
    assert bb.calls == ["profiles", "execute", ("build", ("--all",))]
    holder.wait()


def test_downloads_are_the_notebooks_executed_for_this_corpus(bb, tmp_path):
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    chapter = bb.book / "chapters" / "intro.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="committed for another corpus\n")])])
    nbformat.write(nb, chapter)
    other = bb.book / "chapters" / "other.ipynb"  # the cache matches notebooks by their code
    nb.cells[0].source = "print(2)"
    nbformat.write(nb, other)
    cache_path = tmp_path / "cache"
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="executed for this corpus\n")])])
    get_cache(str(cache_path)).cache_notebook_bundle(CacheBundleIn(executed, str(chapter)), check_validity=False)
    sources = bb.book / "_build" / "html" / "_sources" / "chapters"
    sources.mkdir(parents=True)
    for p in (chapter, other):
        shutil.copy(p, sources / p.name)  # what Sphinx copies: the committed notebooks
    written = bb.publish_notebooks(cache_path, bb.book / "_build" / "html")
    assert [p.name for p in written] == ["intro.ipynb", "other.ipynb"]
    assert "executed for this corpus" in (sources / "intro.ipynb").read_text(encoding="utf-8")
    offered = nbformat.read(sources / "other.ipynb", as_version=4)  # not in the cache: offered without outputs
    assert offered.cells[0].outputs == [] and "another corpus" not in (sources / "other.ipynb").read_text(encoding="utf-8")


def test_the_longest_chapter_starts_first_and_new_chapters_before_it():
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    chapters = [Path(f"{name}.ipynb") for name in ("corpus", "data", "new", "template", "words")]
    seconds = {"corpus.ipynb": 3.4, "data.ipynb": 8.1, "template.ipynb": 8.6, "words.ipynb": 5.5}
    assert [p.stem for p in module.chapter_order(chapters, seconds)] == ["new", "template", "data", "words", "corpus"]
    assert module.chapter_order(chapters, {}) == chapters


def test_each_chapters_seconds_are_kept_for_the_next_build(tmp_path):
    """execute_chapters, run for real on two small notebooks: the record it leaves holds each one's seconds, and the
    next build orders the chapters by it."""
    import json

    import nbformat

    (tmp_path / "chapters").mkdir()
    for name, code in (("fast", "x = 1"), ("slow", "import time\ntime.sleep(1.5)")):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / "chapters" / f"{name}.ipynb")
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.ROOT = tmp_path
    cache = tmp_path / "_build" / ".jupyter_cache"
    module.execute_chapters(cache, 1)
    record = cache.parent / module.SECONDS
    seconds = json.loads(record.read_text(encoding="utf-8"))
    # each chapter's own seconds (a kernel's start-up under load may take longer than the sleep: no race between them)
    assert set(seconds) == {"fast.ipynb", "slow.ipynb"} and seconds["slow.ipynb"] >= 1.5 and seconds["fast.ipynb"] > 0
    chapters = sorted((tmp_path / "chapters").glob("*.ipynb"))
    expected = sorted(["fast", "slow"], key=lambda name: -seconds[f"{name}.ipynb"])
    assert [p.stem for p in module.chapter_order(chapters, module.read_seconds(record))] == expected
    record.write_text("not json", encoding="utf-8")
    assert module.read_seconds(record) == {}


def test_chapters_run_fewer_at_once_when_their_kernels_would_not_fit_in_memory():
    """10,000 reports on a laptop with 5 GB free: two kernels of about 2.6 GB do not fit, one does; a small corpus
    or an unknown amount of memory keeps every worker; a budget below what is available is what counts."""
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gb = 2**30
    assert module.chapter_workers(2, 10_000, 3 * gb) == 1  # 1.8 GB each
    assert module.chapter_workers(2, 10_000, 4 * gb) == 2
    assert module.chapter_workers(2, 10_000, 20 * gb) == 2
    assert module.chapter_workers(8, 1_000, 2 * gb) == 3  # 0.5 GB each
    assert module.chapter_workers(2, 100_000, 1 * gb) == 1  # never none
    assert module.chapter_workers(4, 10_000, None) == 4
    assert module.memory_limit(20 * gb, 3 * gb) == 3 * gb and module.memory_limit(2 * gb, 3 * gb) == 2 * gb
    assert module.memory_limit(None, 3 * gb) == 3 * gb and module.memory_limit(None, None) is None
    assert module.chapter_workers(2, 10_000, module.memory_limit(20 * gb, 3 * gb)) == 1
    assert module.available_memory() is None or module.available_memory() > 0


def test_a_bad_memory_budget_is_one_line_and_builds_nothing(bb, capsys, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_MEMORY", "lots")
    assert bb.main() == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "GOVREPORTS_MEMORY" in err and "'lots'" in err and "Traceback" not in err
    assert bb.calls == []


def test_a_budget_below_what_is_available_cuts_the_chapters_at_once(bb, capsys, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_MEMORY", "1M")
    monkeypatch.setattr(bb, "default_workers", lambda: 2)
    monkeypatch.setattr(bb, "execute_chapters", executes(lambda cache, w, fresh: bb.calls.append(("execute", w))))
    assert bb.main() == 0
    assert ("execute", 1) in bb.calls
    assert "GOVREPORTS_MEMORY" in capsys.readouterr().err


def test_the_chapters_wait_until_the_profiles_process_has_read_the_corpus(tmp_path):
    """wait_loaded returns once the file the profiles' command creates after reading the corpus exists, or once
    the command has ended without creating it (it failed: the build then reports its status)."""
    import subprocess
    import threading
    import time

    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    loaded = tmp_path / "loaded"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        timer = threading.Timer(0.3, loaded.touch)
        timer.start()
        start = time.perf_counter()
        module.wait_loaded(running, loaded)
        assert loaded.exists() and running.poll() is None and time.perf_counter() - start < 30
    finally:
        running.kill()
        running.wait()
    ended = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    module.wait_loaded(ended, tmp_path / "never")
    assert ended.returncode == 3


def test_the_sources_are_the_files_outside_the_folders_that_are_not_sources(tmp_path):
    """sources() does not walk _build, .venv and the like, and finds exactly the files a full walk keeps."""
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "tools" / "build_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for rel in ("_config.yml", "chapters/a.ipynb", "chapters/downloads/x.csv", "_build/html/index.html",
                ".venv/lib/site.py", "chapters/sub/lib/deep.py", "notes/seeds", "notes/keep.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    walked = [p for p in sorted(tmp_path.rglob("*"))
              if p.is_file() and not (set(p.relative_to(tmp_path).parts) & module.NOT_SOURCES)]
    assert module.sources(tmp_path) == walked
    assert [p.relative_to(tmp_path).as_posix() for p in walked] == ["_config.yml", "chapters/a.ipynb", "notes/keep.md"]


def test_sphinxs_modules_are_imported_while_the_chapters_run(bb, tmp_path, monkeypatch):
    """The modules Sphinx loads for the book are the configuration's extensions and jupyter-book's; warmed in a
    thread, each is imported, and one that cannot be is left for Sphinx to report (no error in the thread)."""
    modules = bb.sphinx_modules(ROOT / "_config.yml")
    assert {"myst_nb", "sphinx_book_theme", "govreports.book.sphinx_profiles", "sphinx.search.zh"} <= set(modules)
    config = tmp_path / "_config.yml"
    config.write_text("sphinx:\n  extra_extensions: [json.tool, no_such_extension_here]\n", encoding="utf-8")
    assert bb.sphinx_modules(config)[-5:-3] == ["json.tool", "no_such_extension_here"]
    raised = []
    monkeypatch.setattr(bb.threading, "excepthook", raised.append)
    sys.modules.pop("json.tool", None)
    bb.warm_imports(config).join()
    assert "json.tool" in sys.modules and "no_such_extension_here" not in sys.modules
    config.write_text("sphinx: [unclosed\n", encoding="utf-8")  # not YAML: nothing imported, nothing raised
    bb.warm_imports(config).join()
    assert raised == []
