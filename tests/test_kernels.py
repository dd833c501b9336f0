"""govreports.book.kernels: chapters executed in turn in shared kernels give what a kernel of their own gives, and
the book finds them in the execution cache."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from notebooks import executed, outputs

from govreports.book import kernels

ROOT = Path(__file__).resolve().parents[1]
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
# What a chapter can see of the kernel it runs in: its namespace (names and the hidden ones), the execution count,
# the __main__ module's spec (multiprocessing's spawn reads it) and the folder it runs in
PROBE = ("import os, sys\n"
         "shown = sorted(k for k in get_ipython().user_ns if k not in get_ipython().user_ns_hidden)\n"
         "print(sorted(get_ipython().user_ns_hidden), shown, get_ipython().execution_count,\n"
         "      sys.modules['__main__'].__spec__, os.path.basename(os.getcwd()))")


def notebook(folder: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = KERNELSPEC
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def stream(nb) -> list[str]:
    return ["".join(o.get("text", "") for o in c.outputs if o.output_type == "stream") for c in nb.cells]


def test_a_chapter_after_others_sees_a_fresh_kernel_and_a_failure_costs_only_its_chapter(tmp_path):
    """One kernel, four notebooks in turn: the probe run after a notebook that left names, imports and a count
    behind sees what the probe sees in a kernel of its own; a notebook that fails is reported and not cached, and the
    next one still runs (in a kernel that replaced the failed one's)."""
    folder = tmp_path / "chapters"
    folder.mkdir()
    # names, an import, a count, and an input transformer that empties every later cell (as a chapter without
    # reports installs one)
    leaves = notebook(folder, "a_leaves", "x = 1\nimport json", "y = x + 1\ny",
                      "get_ipython().input_transformers_cleanup.append(lambda lines: [])")
    probe = notebook(folder, "b_probe", PROBE)
    fails = notebook(folder, "c_fails", "z = 1", "raise ValueError('this chapter fails')")
    after = notebook(folder, "d_after", PROBE)
    cache_path = tmp_path / "cache"
    results = kernels.execute(cache_path, [leaves, probe, fails, after], 1, 120)
    assert [Path(r.uri).name for r in results] == [p.name for p in (leaves, probe, fails, after)]
    assert [r.error is None for r in results] == [True, True, False, True]
    assert "this chapter fails" in results[2].error
    alone = nbformat.read(probe, as_version=4)
    NotebookClient(alone, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    assert stream(executed(cache_path, probe)) == stream(alone) == stream(executed(cache_path, after))
    assert "chapters" in stream(alone)[0] and "'__spec__'" in stream(alone)[0]
    with pytest.raises(KeyError):
        executed(cache_path, fails)
    # the cells are numbered from 1 in each notebook, as in a kernel of its own
    assert [c.execution_count for c in executed(cache_path, leaves).cells] == [1, 2, 3]
    assert executed(cache_path, leaves).cells[1].outputs[0]["execution_count"] == 2


def test_each_notebook_is_executed_once_whatever_the_number_of_workers(tmp_path):
    """More workers than notebooks, and fresh kernels: every notebook once, each output its own."""
    folder = tmp_path / "chapters"
    folder.mkdir()
    paths = [notebook(folder, f"n{i}", f"print({i} * {i})") for i in range(3)]
    results = kernels.execute(tmp_path / "cache", paths, 4, 120, fresh=True)
    assert [r.error for r in results] == [None] * 3
    assert [stream(executed(tmp_path / "cache", p)) for p in paths] == [[f"{i * i}\n"] for i in range(3)]


@pytest.mark.skipif(bool(os.environ.get("GOVREPORTS_CORPUS")), reason="compares with the outputs committed on seeds/")
def test_the_books_chapters_in_one_kernel_show_what_they_show_each_in_its_own(tmp_path, monkeypatch):
    """Every chapter, all twelve in turn in one kernel (the most any chapter could inherit from the ones before
    it), on the seeds: the outputs the book takes from the cache equal, figures' pixels included, those of each
    chapter executed in a kernel of its own on this machine; and, but for the PNGs' bytes, the ones committed with
    the chapters (which strict nbval proves a kernel of their own reproduces)."""
    monkeypatch.setenv("GOVREPORTS_CORPUS", str(ROOT / "seeds"))
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "parse-cache"))
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    shared = kernels.execute(tmp_path / "shared", chapters, 1, 900)
    alone = kernels.execute(tmp_path / "alone", chapters, 2, 900, fresh=True)
    assert [r.error for r in shared + alone] == [None] * 2 * len(chapters)
    for path in chapters:
        nb = executed(tmp_path / "shared", path)
        assert outputs(nb) == outputs(executed(tmp_path / "alone", path)), path.name
        assert outputs(nb, images=False) == outputs(nbformat.read(path, as_version=4), images=False), path.name


def test_a_notebook_of_another_folder_runs_in_that_folder(tmp_path):
    """One worker, notebooks in two folders: each runs where it lies (as Sphinx would run it), not in the folder
    of the kernel's first notebook."""
    paths = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        paths.append(notebook(tmp_path / name, "where", f"import os  # {name}\nprint(os.path.basename(os.getcwd()))"))
    results = kernels.execute(tmp_path / "cache", paths, 1, 120)
    assert [r.error for r in results] == [None, None]
    assert [stream(executed(tmp_path / "cache", p)) for p in paths] == [["first\n"], ["second\n"]]


def test_the_chapters_wait_for_begin_and_none_runs_when_it_says_no(tmp_path):
    """``begin`` runs while the kernels start: no chapter starts before it returns (each checks the file it writes
    last, after a pause), and when it returns False no chapter is executed at all."""
    folder = tmp_path / "chapters"
    folder.mkdir()
    marker = tmp_path / "begun"
    paths = [notebook(folder, f"n{i}", f"import pathlib\nassert pathlib.Path({str(marker)!r}).exists()\nprint({i})")
             for i in range(3)]

    def begin() -> bool:
        import time

        time.sleep(2)
        marker.touch()
        return True

    results = kernels.execute(tmp_path / "cache", paths, 2, 120, begin=begin)
    assert [r.error for r in results] == [None] * 3
    marker.unlink()
    assert kernels.execute(tmp_path / "again", paths, 2, 120, begin=lambda: False) == []
    for p in paths:
        with pytest.raises(KeyError):
            executed(tmp_path / "again", p)


def test_notebooks_cached_at_once_by_two_workers_all_stay_in_the_cache(tmp_path, monkeypatch):
    """jupyter-cache removes the records beyond its limit by two queries (those to keep, then all others): a record
    another worker adds in between was removed with them. Here the gap is widened (the forked workers inherit the
    patch); every notebook is still executed and cached, because the workers cache one at a time."""
    import time

    from jupyter_cache import get_cache
    from jupyter_cache.cache import db

    def records_to_delete(keep, engine):
        with db.session_context(engine) as session:
            kept = [pk for pk, in session.query(db.NbCacheRecord.pk).order_by(db.desc("accessed")).limit(keep).all()]
        time.sleep(0.5)
        with db.session_context(engine) as session:
            return [pk for pk, in session.query(db.NbCacheRecord.pk).filter(db.NbCacheRecord.pk.notin_(kept)).all()]

    monkeypatch.setattr(db.NbCacheRecord, "records_to_delete", staticmethod(records_to_delete))
    folder = tmp_path / "chapters"
    folder.mkdir()
    paths = [notebook(folder, f"n{i}", f"print({i})") for i in range(4)]
    results = kernels.execute(tmp_path / "cache", paths, 2, 120)
    assert [r.error for r in results] == [None] * 4
    cache = get_cache(str(tmp_path / "cache"))
    assert len(cache.list_cache_records()) == 4
    for path in paths:
        cache.merge_match_into_file(str(path))  # raises KeyError when the notebook is not in the cache
