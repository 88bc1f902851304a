"""Figure 6: the HTTP API against the engine and the bare encoder, in the same run.

* Throughput: one API process (one query thread, the serve default; the encoder itself uses every
  core) under 8 concurrent HTTP clients, against the bare encoders of the same model on the same
  texts in one process with the same number of query threads. The ratio is API / bare. The two
  alternate in slices of the texts (API on a slice, bare on the same slice, next slice), so that
  a burst of other work on a shared machine falls on both sides, not on one half of the run. The
  clients are `drive_lean` (hand-written HTTP/1.1 on asyncio streams): httpx's own CPU, about 2 ms
  a request, would otherwise be taken from the server on a 2-core machine. The texts are the
  evaluation sets' working lives, each sentence new to the replica (`profiles.working_lives`).
* Latency: one client at a time, POST /v1/recommend against an in-process `recommend()` on the same
  texts, alternating, so that both see the same machine load.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from recommender import Recommender

from .common import p50, p95
from .http_load import LoadResult, drive_lean, free_port, start_replica, wait_ready
from .profiles import working_lives

__all__ = ["ApiFigures", "measure_api"]


@dataclass(frozen=True)
class ApiFigures:
    api_rps: float
    bare_rps: float
    http_p50_ms: float
    http_p95_ms: float
    inprocess_p50_ms: float
    inprocess_p95_ms: float
    clients: int
    workers: int
    requests: int

    @property
    def ratio(self) -> float:
        return self.api_rps / self.bare_rps


#: Slices the throughput texts are cut into, API and bare alternating on each.
SLICES = 6


def _bare_seconds(rec: Recommender, texts: list[str], pool: ThreadPoolExecutor) -> float:
    """Seconds the bare encoders take on `texts` from the pool's threads, one text per call like a query."""

    def one(text: str) -> None:
        for encoder in rec.encoders:
            encoder.encode([text], "query")

    started = time.perf_counter()
    list(pool.map(one, texts))
    return time.perf_counter() - started


def measure_api(rec: Recommender, corpus: Path, cache: Path, model: str, requests: int, rounds: int) -> ApiFigures:
    """Start one replica on `cache` (already built by `rec`), measure, stop it."""
    workers, clients = 1, 8  # the serve default: one query at a time per process (docs/deployment.md)
    port = free_port()
    env = {"RECOMMENDER_CORPUS": str(corpus), "RECOMMENDER_MODEL": model}
    proc = start_replica(port, cache, workers=workers, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        warm = working_lives(2 * clients)
        drive_lean(url, len(warm), clients, warm)
        texts = working_lives(requests, skip=len(warm))
        api = LoadResult(requests, 0.0)
        bare_s = 0.0
        with ThreadPoolExecutor(max_workers=workers) as pool:
            _bare_seconds(rec, warm, pool)
            size = -(-len(texts) // SLICES)
            for start in range(0, len(texts), size):
                part = texts[start : start + size]
                got = drive_lean(url, len(part), clients, part)
                api.seconds += got.seconds
                api.latencies_ms += got.latencies_ms
                api.errors += got.errors
                bare_s += _bare_seconds(rec, part, pool)
        if api.errors:
            raise RuntimeError(f"API errors during the benchmark: {api.errors[:3]}")
        bare = len(texts) / bare_s
        http_ms, local_ms = [], []
        with httpx.Client(base_url=url, timeout=30) as client:
            for text in working_lives(rounds, skip=len(warm) + requests):  # each process sees each text once
                started = time.perf_counter()
                client.post("/v1/recommend", json={"text": text}).raise_for_status()
                http_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                rec.recommend(text)
                local_ms.append((time.perf_counter() - started) * 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return ApiFigures(
        api.throughput, bare, p50(http_ms), p95(http_ms), p50(local_ms), p95(local_ms), clients, workers, requests
    )
