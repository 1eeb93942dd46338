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
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

from newsfacts.record import Document

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
    pool = WorkerPool(jobs, settings)
    try:
        yield from pool.in_order(process, batches, window=2 * jobs)
    finally:
        pool.shutdown()


class WorkerPool:
    """`jobs` worker processes that survive the death of one of them (the OOM killer,
    a `kill -9`): the pool is started again and every batch it lost is retried once;
    a batch lost twice has its documents marked `error` (`worker died: signal 9`),
    and the run goes on. Batches already finished are never lost."""

    def __init__(self, jobs: int, settings: Any) -> None:
        self.jobs, self.settings = jobs, settings
        # workers are forked before any model is loaded here; each loads its own once
        self.context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=self.context,
                                   initializer=_set_worker_settings, initargs=(self.settings,))

    def in_order(self, process: Callable[[Batch, Any], Batch], batches: Iterable[Batch],
                 window: int) -> Iterator[Batch]:
        """Like `in_order` above, with lost batches retried on a fresh pool."""
        pending: collections.deque = collections.deque()  # [future, batch, tries]

        def submit(batch: Batch, tries: int = 0) -> None:
            pending.append([self.executor.submit(_process_with_worker_settings, process, batch), batch, tries])

        def first_result() -> Batch:
            while True:
                future, batch, tries = pending[0]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    reason = self._restart()
                    if tries >= 1:  # lost twice: its documents are errors, the run goes on
                        pending.popleft()
                        for doc in batch:
                            if doc.status == "ok" and doc.previous is None:
                                doc.fail("error", reason)
                    # which batch killed its worker is unknown: every unfinished one is
                    # charged a try and resubmitted in place (the order is kept)
                    for entry in pending:
                        if not _finished(entry[0]):
                            entry[0] = self.executor.submit(_process_with_worker_settings, process, entry[1])
                            entry[2] += 1
                    if tries >= 1:
                        return batch
                    continue
                pending.popleft()
                return result

        try:
            for batch in batches:
                submit(batch)
                if len(pending) >= window:
                    yield first_result()
            while pending:
                yield first_result()
        finally:  # stopped early (Ctrl-C): what has not started is not started
            for future, _, _ in pending:
                future.cancel()

    def _restart(self) -> str:
        """A fresh pool after a worker died; returns how it died."""
        codes = [p.exitcode for p in list((getattr(self.executor, "_processes", None) or {}).values())
                 if p.exitcode]
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        if any(code < 0 for code in codes):
            return f"worker died: signal {-min(codes)}"
        return f"worker died: exit status {codes[0]}" if codes else "worker died"

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _finished(future: Any) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


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


def check_scheduler(address: str, timeout: float = 5.0) -> None:
    """Fail at once, with one line, when nothing listens at a Dask scheduler address
    (`tcp://host:8786`); Dask itself would wait and then raise a long traceback."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port or 8786
    except ValueError:
        host = port = None
    if not host or parts.scheme not in ("tcp", "tls"):
        raise ValueError(f"not a Dask scheduler address: {address!r} (expected tcp://HOST:PORT)")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise ValueError(f"no Dask scheduler at {address}: {exc.strerror or exc}") from None


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
