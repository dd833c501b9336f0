"""Where the store's tasks run: on the Dask cluster named by ``$GOVREPORTS_SCHEDULER`` (a ``dask.distributed``
scheduler's address, such as ``tcp://10.0.0.5:8786``), else in local processes, else, for a few tasks, in this
process. The tasks are the same functions everywhere; on a cluster, every worker needs this package installed and
must see the corpus folder and the store's folder at the same paths (a shared file system)."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..pipeline import PARALLEL_FROM, default_workers, process_pool
from ..settings import SettingError

SCHEDULER_VAR = "GOVREPORTS_SCHEDULER"
CONNECT_TIMEOUT = "20s"  # a scheduler that does not answer in this time is named in one line

T = TypeVar("T")
R = TypeVar("R")


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The Dask scheduler to run on: ``scheduler`` when given (``""`` for none), else ``$GOVREPORTS_SCHEDULER``."""
    value = os.environ.get(SCHEDULER_VAR, "") if scheduler is None else scheduler
    return value.strip() or None


def run(fn: Callable[[T], R], items: Sequence[T], workers: int | None = None,
        scheduler: str | None = None) -> list[R]:
    """``fn`` of each item, in order: on the Dask cluster at :func:`scheduler_address`, else over ``workers``
    local processes (default :func:`pipeline.default_workers`), or in this process when there are few items
    or one worker. ``fn`` and the items must be picklable (module-level functions, plain data)."""
    if not items:
        return []
    address = scheduler_address(scheduler)
    if address:
        return _on_cluster(fn, items, address)
    workers = default_workers() if workers is None else max(1, workers)
    if len(items) < PARALLEL_FROM or workers == 1:
        return [fn(item) for item in items]
    with process_pool(min(workers, len(items))) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (workers * 8))))


def _on_cluster(fn: Callable[[T], R], items: Sequence[T], address: str) -> list[R]:
    try:
        from distributed import Client
    except ImportError as exc:  # declared, but a trimmed install may lack it
        raise SettingError(f"{SCHEDULER_VAR} is set but dask.distributed is not installed ({exc})") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SettingError(f"{SCHEDULER_VAR}={address!r}: no Dask scheduler answers there ({exc})") from None
    with client:
        return client.gather(client.map(fn, list(items), pure=False))
