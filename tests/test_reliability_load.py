"""A fair share under load, measured at the engine's work queue with the real default model on the bundled corpus.

The same path the app takes (`ui.engine.ask` → `shared_queue().run(rec.recommend, ...)`): 20 sessions,
each sending 5 profiles one after the other, every text distinct (so that the vector memo cannot
answer for the encoders). Latency is from the session's call to its answer, waiting included.
Then the same while 20 other sessions each send 20 MB texts: the engine cuts them before cleaning,
so normal requests keep their pace and memory returns to where it started.

Bounded: 100 + 100 queries, a few tens of seconds on two cores; marked slow.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from recommender import Recommender
from recommender.workqueue import QueueFull, WorkQueue
from tests.test_reliability_concurrency import PROFILES

pytestmark = pytest.mark.slow

SESSIONS, PER_SESSION = 20, 5
USABLE = [p for p in PROFILES if sum(c.isalpha() for c in p) > 10]


def _texts(session: int) -> list[str]:
    return [f"{USABLE[(session + i) % len(USABLE)]} Session {session}, profil {i}." for i in range(PER_SESSION)]


def _rss() -> int:
    """This process's resident memory in bytes (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def _load(rec: Recommender, queue: WorkQueue, offset: int) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def session(n: int) -> None:
        for text in _texts(n + offset):
            started = time.perf_counter()
            result = queue.run(rec.recommend, text)
            took = time.perf_counter() - started
            assert result.roles
            with lock:
                latencies.append(took)

    with ThreadPoolExecutor(SESSIONS) as pool:
        list(pool.map(session, range(SESSIONS)))
    return latencies


def test_twenty_sessions_are_served_in_turn(rec: Recommender, record_property: pytest.RecordProperty) -> None:
    queue = WorkQueue(capacity=1000)
    rec.recommend("warm up: I was a lawyer for ten years")
    single = []
    for text in _texts(900)[:3]:
        started = time.perf_counter()
        queue.run(rec.recommend, text)
        single.append(time.perf_counter() - started)
    latencies = _load(rec, queue, 0)
    figures = {
        "single_s": round(statistics.median(single), 3),
        "answered": len(latencies),
        "p50_s": round(statistics.median(latencies), 2),
        "p95_s": round(_p95(latencies), 2),
        "max_s": round(max(latencies), 2),
        "workers": queue.workers,
    }
    record_property("load", json.dumps(figures))
    print("load", figures)
    assert len(latencies) == SESSIONS * PER_SESSION
    assert figures["p95_s"] <= 4.0 and figures["max_s"] <= 6.0, figures


def test_huge_texts_do_not_slow_normal_requests_or_keep_memory(
    rec: Recommender, record_property: pytest.RecordProperty
) -> None:
    queue = WorkQueue(capacity=1000)
    rec.recommend("warm up: I was a lawyer for ten years")
    # the senders' texts are the clients' memory, not the server's: made before the start is measured
    huge = [("Je suis avocate et je négocie des contrats. " + str(n)) * 460_000 for n in range(SESSIONS)]  # ~20 MB
    assert all(len(h) > 20_000_000 for h in huge)
    gc.collect()
    rss_start = _rss()
    peak, sent = [rss_start], [0]
    stop = threading.Event()

    def hostile(n: int) -> None:
        while not stop.is_set():
            try:
                assert queue.run(rec.recommend, huge[n]).truncated
            except QueueFull:
                pass
            sent[0] += 1
            peak[0] = max(peak[0], _rss())

    attackers = [threading.Thread(target=hostile, args=(n,)) for n in range(SESSIONS)]
    for t in attackers:
        t.start()
    try:
        latencies = _load(rec, queue, 100)
    finally:
        stop.set()
        for t in attackers:
            t.join()
    gc.collect()
    rss_end = _rss()
    figures = {
        "answered": len(latencies),
        "p50_s": round(statistics.median(latencies), 2),
        "p95_s": round(_p95(latencies), 2),
        "max_s": round(max(latencies), 2),
        "huge_sent": sent[0],
        "rss_start_mb": round(rss_start / 1e6),
        "rss_peak_mb": round(peak[0] / 1e6),
        "rss_end_mb": round(rss_end / 1e6),
    }
    record_property("hostile_load", json.dumps(figures))
    print("hostile_load", figures)
    assert len(latencies) == SESSIONS * PER_SESSION
    assert rss_end - rss_start < 100e6, figures
    assert sent[0] >= SESSIONS and figures["p95_s"] <= 1.5, figures


def test_queue_refuses_past_its_capacity_at_once() -> None:
    queue = WorkQueue(workers=1, capacity=2)
    gate = threading.Event()
    first = queue.submit(gate.wait, 10)
    second = queue.submit(gate.wait, 10)
    started = time.perf_counter()
    with pytest.raises(QueueFull):
        queue.submit(gate.wait, 10)
    assert time.perf_counter() - started < 0.5
    stats = queue.stats()
    assert (stats.running, stats.waiting, stats.refused) == (1, 1, 1)
    gate.set()
    assert first.result(5) and second.result(5)
    queue.submit(lambda: 1).result(5)  # room again once they are done
    assert queue.stats().done == 3
    queue.shutdown()


def test_the_map_reuses_the_encoded_query(rec: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    """recommend() then landscape() of the same text, as the page does: the model encodes the query once."""
    calls: list[list[str]] = []
    for encoder in rec.encoders:
        original = encoder.encode

        def counting(texts, kind, _original=original):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            return _original(texts, kind)

        monkeypatch.setattr(encoder, "encode", counting)
    text = "Infirmière depuis douze ans, j'organise les plannings. Une phrase de plus pour ce test unique."
    result = rec.recommend(text)
    encoded = len(calls)
    assert encoded >= 1  # the query was new: the model ran
    rec.landscape(text, highlight=[m.role.id for m in result.roles])
    assert len(calls) == encoded  # the map paid no encoding
