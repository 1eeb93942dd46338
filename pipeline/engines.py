"""Where batches of documents run: in this process, in worker processes on this
machine (`--jobs N`), or on a Dask cluster (`--engine dask`).

Every engine maps `process_batch` (`pipeline/orchestrator.py`) over a stream of
batches and yields the results in input order, with a bounded number of
batches in flight so that memory stays flat however large the input. Each
worker process loads the spaCy pipeline once (a per-process cache).
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator

from pipeline.record import Document

ENGINES = ("local", "dask")
Batch = list[Document]


def in_order(submit: Callable[[Batch], Any], batches: Iterable[Batch], window: int) -> Iterator[Batch]:
    """Submit batches as futures, at most `window` at a time; yield results in input order."""
    pending: collections.deque = collections.deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # stopped early (Ctrl-C): what has not started is not started
        for future in pending:
            future.cancel()


def run_local(process: Callable[[Batch, Any], Batch], batches: Iterable[Batch], settings: Any,
              jobs: int = 1) -> Iterator[Batch]:
    """In this process (`jobs` 1), or in `jobs` worker processes of this machine."""
    if jobs <= 1:
        for batch in batches:
            yield process(batch, settings)
        return
    # workers are forked before any model is loaded here; each loads its own once
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_set_worker_settings,
                               initargs=(settings,))
    try:
        yield from in_order(lambda batch: pool.submit(_process_with_worker_settings, process, batch),
                            batches, window=2 * jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker_settings: Any = None


def _set_worker_settings(settings: Any) -> None:
    global _worker_settings
    _worker_settings = settings  # sent once per worker, not with every batch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops cleanly
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (`kill -9`) would wait for work forever: it leaves too."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _process_with_worker_settings(process: Callable[[Batch, Any], Batch], batch: Batch) -> Batch:
    return process(batch, _worker_settings)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_dask(process: Callable[[Batch, Any], Batch], batches: Iterable[Batch], settings: Any,
             jobs: int = 2, scheduler: str | None = None) -> Iterator[Batch]:
    """On a Dask cluster: the one at `scheduler`, else a LocalCluster of `jobs`
    worker processes started and stopped here. A failed task is retried."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        # its processes start with Ctrl-C ignored (inherited), so that a Ctrl-C in the
        # terminal reaches only this process, which stops cleanly after the batch
        with _sigint_ignored():
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        shared = client.scatter(settings, broadcast=True)
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        yield from in_order(lambda batch: client.submit(process, batch, shared, retries=2, pure=False),
                            batches, window=2 * workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
