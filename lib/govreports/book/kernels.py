"""Execute the book's chapters in kernels that each run several in turn, into a jupyter-cache.

A fresh kernel for every chapter (what jupyter-cache does) pays the kernel's start and the imports every chapter
makes (pandas, matplotlib, myst-nb, this package: about 2.5 s, measured at 1,000 reports) once a chapter. Here
each worker keeps one kernel and gives every chapter a new session in it: the user namespace emptied and the
execution count back to 1 (IPython's ``reset(new_session=True)``), so a chapter sees only what it defines, and its
cells are numbered as in a kernel of its own. Modules stay imported, and what they memoise: pure functions of the
package's data files (``@cache``), and the corpus the chapters load, given to each chapter of the kernel with what
the ones before computed on it (:func:`govreports.corpus.share_loaded`: 1,000 reports, the twelve chapters in one
process take 25 s instead of 41 s); the chapters only read it, which a test checks by running all twelve in one
kernel against the outputs each gives in a kernel of its own.

A chapter that fails is not cached (the book's build executes it again and stops with its error), and its kernel
is replaced before the next chapter, whose state it might otherwise have left behind. With ``fresh`` every
chapter gets a kernel of its own, as before: for corpora whose reports are read back from the parse cache, whose
chapters take long enough that start-up does not count, and whose kernels should give their memory back.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Evaluated in the kernel before each chapter; an expression, so that it binds no name in the chapter's namespace
NEW_SESSION = "__import__('govreports.book.kernels', fromlist=['new_session']).new_session(get_ipython(), {share})"
# Run as a cell when the kernel starts: this module, and the package with it, imported before any chapter
PRELOAD = "__import__('govreports.book.kernels')"
# What a fresh kernel's namespace holds besides IPython's own names, and a reset removes: the __main__ module's
# attributes (multiprocessing's spawn needs __spec__) and the last three results
MODULE_NAMES = ("__doc__", "__loader__", "__package__", "__spec__")
RESULT_NAMES = ("_", "__", "___")


# The shell's lists of transformers, as the kernel started with them (new_session's first call, before any
# chapter): a chapter may add to them (one without reports makes its later cells do nothing), and a reset keeps them
TRANSFORMERS = ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
_started_with: dict[str, list] = {}


def new_session(shell, share: bool = False) -> None:
    """Give the kernel of ``shell`` (an IPython InteractiveShell) the namespace, execution count and input and AST
    transformers of a fresh one: IPython's ``reset(new_session=True)``, with what it drops and a fresh kernel has
    put back, hidden as there, and the transformers the kernel started with. With ``share``, the chapters of this
    kernel share the corpus they load (:func:`corpus.share_loaded`)."""
    from ..corpus import share_loaded

    share_loaded(share)
    for name in TRANSFORMERS:
        listed = getattr(shell, name)  # in place: IPython gives some of these lists through a property
        listed[:] = _started_with.setdefault(name, list(listed))
    kept = {name: shell.user_ns[name] for name in MODULE_NAMES if name in shell.user_ns}
    hidden = set(shell.user_ns_hidden)
    shell.reset(new_session=True)
    shell.user_ns.update({**kept, **{name: "" for name in RESULT_NAMES}})
    shell.user_ns_hidden.update({name: value for name, value in shell.user_ns.items() if name in hidden})


@dataclass(frozen=True)
class Executed:
    """One chapter's execution: its notebook, the seconds it took, and the error when it failed."""

    uri: str
    seconds: float
    error: str | None = None


def _kernel(name: str, cwd: str):
    """A kernel started as nbclient starts one for a notebook (its manager, and its arguments: the IPython history
    kept in memory, not in a database the kernels would share)."""
    import nbformat
    from nbclient import NotebookClient

    starter = NotebookClient(nbformat.v4.new_notebook(), kernel_name=name, resources={"metadata": {"path": cwd}})
    km = starter.create_kernel_manager()
    starter.start_new_kernel()
    # Imported as a cell imports it, before any chapter: an expression is evaluated outside the builtins a cell
    # runs with, and pandas, first imported there, would take the kernel for a terminal (display.max_columns 0)
    _ask(km, PRELOAD)
    return km


def _stop(km) -> None:
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel that is already gone needs no stopping
        pass


def _ask(km, code: str, expression: str | None = None) -> None:
    """Run ``code`` in the kernel silently (no output, no count, no history), then evaluate ``expression`` there."""
    from jupyter_core.utils import run_sync

    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=60)
        asked = {"expression": expression} if expression else {}
        reply = run_sync(kc.execute_interactive)(code, silent=True, store_history=False, timeout=60,
                                                 user_expressions=asked)
        done = reply["content"].get("user_expressions", {}).get("expression", {"status": "ok"})
        if reply["content"]["status"] != "ok" or done.get("status") != "ok":
            why = done.get("evalue") or reply["content"].get("evalue") or "no reply"
            raise RuntimeError(f"the kernel could not be prepared for a chapter: {why}")
    finally:
        kc.stop_channels()


def _new_session(km, share: bool) -> None:
    # a user expression, which IPython evaluates as it is: code would pass through the input transformers the
    # chapter before may have added (one without reports makes every later cell do nothing)
    _ask(km, "", NEW_SESSION.format(share=share))


def _execute(km, pk: int, cache_path: str, timeout: int, share: bool, writing=None) -> Executed:
    from jupyter_cache import get_cache
    from jupyter_cache.executors.utils import create_cache_bundle
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    cache = get_cache(cache_path)
    project_nb = cache.get_project_notebook(pk)
    cwd = str(Path(project_nb.uri).parent)
    start = time.perf_counter()
    # no timings in the cells' metadata: jupyter-cache hashes it, and the book would find no executed notebook
    client = NotebookClient(project_nb.nb, km=km, timeout=timeout, allow_errors=False, record_timing=False,
                            resources={"metadata": {"path": cwd}})
    try:
        _new_session(km, share)
        client.execute()
    except (CellExecutionError, CellTimeoutError, RuntimeError, TimeoutError) as exc:
        return Executed(project_nb.uri, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    finally:
        if client.kc is not None:  # the client's channels: the kernel is the worker's, and stays
            client.kc.stop_channels()
    seconds = time.perf_counter() - start
    # One worker at a time: jupyter-cache, after adding a notebook, removes the records beyond its limit by two
    # queries (those to keep, then all others), and a record another worker adds in between is removed with them:
    # its notebook gone from the cache, or the removal failing on a file not yet written.
    with writing if writing is not None else contextlib.nullcontext():
        cache.cache_notebook_bundle(create_cache_bundle(project_nb, cwd, None, seconds, None),
                                    check_validity=False, overwrite=True)
    return Executed(project_nb.uri, seconds)


def _folder(path: str | Path) -> str:
    return os.path.dirname(os.path.abspath(path))


def _worker(jobs, results, cache_path: str, timeout: int, fresh: bool, gate, go, first, writing=None) -> None:
    km, started = None, None  # the worker's kernel, and the kernel name and folder it was started with
    try:
        if first is not None:  # the first notebook's kernel, started before there is any job
            started, km = first, _kernel(*first)
        while (job := jobs.get()) is not None:
            pk, uri, kernel_name = job
            if km is not None and started != (kernel_name, _folder(uri)):
                _stop(km)  # a notebook of another kernel or folder: a kernel of its own
                km = None
            if km is None:
                started = (kernel_name, _folder(uri))
                km = _kernel(*started)
            gate.wait()  # the kernel is ready: the chapters begin when the caller says so
            if not go.value:
                break
            try:
                done = _execute(km, pk, cache_path, timeout, share=not fresh, writing=writing)
            except Exception as exc:  # noqa: BLE001 - recorded, and the build executes the chapter again
                done = Executed(uri, 0.0, f"{type(exc).__name__}: {exc}")
            results.put(done)
            if fresh or done.error is not None:
                _stop(km)
                km = None
    finally:
        if km is not None:
            _stop(km)


def execute(cache_path: Path, notebooks: list[Path], workers: int, timeout: int, fresh: bool = False,
            begin: Callable[[], bool] | None = None) -> list[Executed]:
    """Add ``notebooks`` to the jupyter-cache at ``cache_path`` and execute them, ``workers`` kernels at once,
    each taking the next notebook in the given order when it is free; returns one :class:`Executed` per notebook,
    in the given order. ``begin``, when given, is called while the kernels start: the chapters begin once it
    returns True, and none does when it returns False (nothing is returned then)."""
    import nbformat
    from jupyter_cache import get_cache

    names = [nbformat.read(p, as_version=4).metadata.get("kernelspec", {}).get("name", "python3") for p in notebooks]
    ctx = mp.get_context("fork")  # as ProcessPoolExecutor did: spawn would import the build script again in each
    jobs, results = ctx.Queue(), ctx.Queue()
    count = max(1, min(workers, len(notebooks)))
    gate, go, writing = ctx.Event(), ctx.Value("b", True), ctx.Lock()
    first = (names[0], _folder(notebooks[0])) if notebooks else None
    procs = [ctx.Process(target=_worker, args=(jobs, results, str(cache_path), timeout, fresh, gate, go, first, writing))
             for _ in range(count)]
    for p in procs:
        p.start()
    try:  # the kernels start while the notebooks are added to the cache
        cache = get_cache(str(cache_path))
        records = [cache.add_nb_to_project(str(p)) for p in notebooks]
        for record, name in zip(records, names):
            jobs.put((record.pk, record.uri, name))
    finally:
        for _ in range(count):
            jobs.put(None)
    try:
        go.value = begin() if begin is not None else True
    except BaseException:
        go.value = False
        raise
    finally:
        gate.set()
        if not go.value:
            for p in procs:
                p.join()
    if not go.value:
        return []
    done: dict[str, Executed] = {}
    while len(done) < len(records) and any(p.is_alive() for p in procs):
        try:
            item = results.get(timeout=1)
        except queue.Empty:  # look again whether the workers are alive
            continue
        done[item.uri] = item
    while not results.empty() and len(done) < len(records):
        item = results.get()
        done[item.uri] = item
    for p in procs:
        p.join()
    return [done.get(r.uri, Executed(r.uri, 0.0, "its worker stopped before executing it")) for r in records]
