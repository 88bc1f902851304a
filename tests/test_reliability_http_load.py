"""Load through the HTTP API: one `recommender serve` replica on loopback, the real model, 2 cores.

Issue 18's figures measured where a deployment meets them, over HTTP (the in-process queue has its
own test, tests/test_reliability_load.py): 20 sessions each send 5 distinct profiles one after the
other; then the same while 20 other sessions each send a 20 MB text, which the body limit refuses.
Memory is the server's resident set, read from /proc before and after.

Bounded: 200 normal requests and 20 large ones; marked slow.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Iterator

import httpx
import pytest

from benchmarks.http_load import distinct, free_port, start_replica, wait_ready
from recommender import Recommender
from tests.conftest import SESSION_CACHE

pytestmark = pytest.mark.slow

SESSIONS, PER_SESSION, LARGE_SENDERS = 20, 5, 20
LARGE_BYTES = 20 * 1024 * 1024


def _rss(pid: int) -> int:
    """A process's resident memory in bytes (Linux /proc)."""
    with open(f"/proc/{pid}/status") as fh:
        line = next(x for x in fh if x.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


@pytest.fixture(scope="module")
def server(rec: Recommender) -> Iterator[tuple[str, int]]:
    """One replica with the serve defaults over the index the session built (`rec` builds it first)."""
    port = free_port()
    proc = start_replica(port, SESSION_CACHE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        # one query loads what the first answer needs, so that the start is the served state
        assert httpx.post(f"{url}/v1/recommend", json={"text": distinct(1, "warm")[0]}, timeout=60).status_code == 200
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except Exception:
            proc.kill()


async def _session(client: httpx.AsyncClient, texts: list[str], latencies: list[float], failures: list[str]) -> None:
    for text in texts:
        started = time.perf_counter()
        got = await client.post("/v1/recommend", json={"text": text, "top_k": 5})
        latencies.append(time.perf_counter() - started)
        if got.status_code != 200 or not got.json().get("roles"):
            failures.append(f"HTTP {got.status_code}")


#: One 20 MB JSON body, built once: serialising it per sender would stall the load driver itself.
LARGE_BODY = json.dumps({"text": "x" * LARGE_BYTES}).encode()


async def _large(client: httpx.AsyncClient, outcomes: list[str]) -> None:
    body = LARGE_BODY
    try:
        got = await client.post("/v1/recommend", content=body, headers={"content-type": "application/json"})
        outcomes.append(f"{got.status_code} {got.json()['error']['reason']}")
    except httpx.TransportError:  # the server may close the connection on an oversized body: refused too
        outcomes.append("closed")


async def _load(url: str, tag: str, large: bool) -> tuple[list[float], list[str], list[str]]:
    latencies: list[float] = []
    failures: list[str] = []
    outcomes: list[str] = []
    texts = distinct(SESSIONS * PER_SESSION, tag)
    limits = httpx.Limits(max_connections=SESSIONS + LARGE_SENDERS)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        jobs = [
            _session(client, texts[s * PER_SESSION : (s + 1) * PER_SESSION], latencies, failures)
            for s in range(SESSIONS)
        ]
        if large:
            jobs += [_large(client, outcomes) for _ in range(LARGE_SENDERS)]
        await asyncio.gather(*jobs)
    return latencies, failures, outcomes


def test_twenty_sessions_of_five_profiles_over_http(server: tuple[str, int]) -> None:
    url, _ = server
    latencies, failures, _ = asyncio.run(_load(url, "session", large=False))
    print(
        f"\nHTTP 20 x 5: p50 {statistics.median(latencies):.2f} s, p95 {_p95(latencies):.2f} s, "
        f"max {max(latencies):.2f} s"
    )
    assert not failures and len(latencies) == SESSIONS * PER_SESSION
    assert _p95(latencies) <= 4.0 and max(latencies) <= 6.0


def test_large_senders_are_refused_and_normal_sessions_keep_their_pace(server: tuple[str, int]) -> None:
    url, pid = server
    before = _rss(pid)
    latencies, failures, outcomes = asyncio.run(_load(url, "beside large", large=True))
    time.sleep(1.0)
    after = _rss(pid)
    print(
        f"\nHTTP 20 x 5 beside 20 x 20 MB: p50 {statistics.median(latencies):.2f} s, p95 "
        f"{_p95(latencies):.2f} s, max {max(latencies):.2f} s; large: {sorted(set(outcomes))}; "
        f"server RSS {before / 2**20:.0f} -> {after / 2**20:.0f} MB"
    )
    assert not failures and len(latencies) == SESSIONS * PER_SESSION
    assert len(outcomes) == LARGE_SENDERS and all(o in ("413 too_long", "closed") for o in outcomes), outcomes
    assert _p95(latencies) <= 1.5
    assert after - before <= 100 * 2**20
