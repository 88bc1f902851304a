"""A fair share of the cores: one bounded queue through which every front end runs its queries.

Twenty visitors asking at once on two cores are served in turn, two at a time, instead of twenty
threads slowing each other down; the waiting line is bounded, and a caller past it is told at once
(`QueueFull`, for an HTTP API a 503) rather than left to wait. The numerical libraries are kept
from oversubscribing the cores too: FAISS searches use one thread per worker (`vectors.py`), and
torch's intra-op pool is sized to the cores a worker has (`limit_library_threads`).

Use::

    from recommender.workqueue import shared_queue

    result = shared_queue().run(rec.recommend, request)   # blocks; raises QueueFull or QueueTimeout

or `future = shared_queue().submit(rec.recommend, request)` to wait elsewhere (e.g. `asyncio.wrap_future`).
Workers: env `RECOMMENDER_WORKERS` (default the number of cores); waiting line: `RECOMMENDER_QUEUE`
(default 64 per worker); `run`'s bound on waiting plus running: `RECOMMENDER_QUERY_TIMEOUT` (default 60 s).
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from .errors import RecommenderError

__all__ = [
    "QueueFull",
    "QueueStats",
    "QueueTimeout",
    "WorkQueue",
    "cores",
    "limit_library_threads",
    "shared_queue",
    "timed",
]

P = ParamSpec("P")
T = TypeVar("T")


class QueueFull(RecommenderError):
    """Too many queries are already waiting; try again in a moment."""


class QueueTimeout(RecommenderError):
    """A query waited and ran longer than the caller allowed."""


def cores() -> int:
    """The cores this process may use (its CPU affinity where the platform tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class QueueStats:
    """What the queue is doing now, and has done."""

    workers: int
    capacity: int
    running: int
    waiting: int
    done: int
    refused: int


class WorkQueue:
    """`workers` threads running submitted calls in order; at most `capacity` calls queued or running."""

    def __init__(self, workers: int | None = None, capacity: int | None = None, timeout: float | None = None) -> None:
        self.workers = workers or _env_int("RECOMMENDER_WORKERS", cores())
        self.capacity = capacity or _env_int("RECOMMENDER_QUEUE", 64 * self.workers)
        self.timeout = timeout or float(_env_int("RECOMMENDER_QUERY_TIMEOUT", 60))
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="recommender-work")
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._lock = threading.Lock()
        self._pending = self._running = self._done = self._refused = 0

    def submit(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Queue `fn(*args, **kwargs)`; raise QueueFull at once when the line is full."""
        if not self._slots.acquire(blocking=False):
            with self._lock:
                self._refused += 1
            raise QueueFull(f"{self.capacity} queries are already waiting; try again in a moment")
        with self._lock:
            self._pending += 1

        def job() -> T:
            with self._lock:
                self._running += 1
            try:
                return fn(*args, **kwargs)
            finally:
                with self._lock:
                    self._running -= 1
                    self._pending -= 1
                    self._done += 1
                self._slots.release()

        try:
            return self._pool.submit(job)
        except RuntimeError:  # the pool was shut down
            with self._lock:
                self._pending -= 1
            self._slots.release()
            raise

    def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` run by a worker, waiting for its turn; QueueTimeout after `self.timeout` seconds."""
        future = self.submit(fn, *args, **kwargs)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout as exc:
            future.cancel()
            raise QueueTimeout(f"the query did not finish within {self.timeout:.0f} s; the server is busy") from exc

    def stats(self) -> QueueStats:
        with self._lock:
            running, pending = self._running, self._pending
            return QueueStats(self.workers, self.capacity, running, pending - running, self._done, self._refused)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=True)


def limit_library_threads(workers: int) -> None:
    """Size torch's intra-op pool (when torch is loaded) so that `workers` busy workers fill the cores, no more."""
    per_worker = max(1, cores() // max(1, workers))
    torch = sys.modules.get("torch")
    if torch is not None:
        try:
            if torch.get_num_threads() > per_worker:
                torch.set_num_threads(per_worker)
        except (AttributeError, RuntimeError):
            pass


@functools.cache
def shared_queue() -> WorkQueue:
    """The process-wide queue, created on first use (the app and an HTTP API in one process share it)."""
    queue = WorkQueue()
    limit_library_threads(queue.workers)
    return queue


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """`fn()` and the seconds it took: a helper for load measurements."""
    started = time.perf_counter()
    return fn(), time.perf_counter() - started
