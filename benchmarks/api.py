"""Figure 6: the HTTP API against the engine and the bare encoder, in the same run.

* Throughput: one API process (one query thread, the serve default; the encoder itself uses every
  core) under 8 concurrent HTTP clients, against the bare encoders of the same model on the same
  texts in one process with the same number of query threads. The ratio is API / bare.
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
from .http_load import distinct, drive, free_port, start_replica, wait_ready

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


def _bare_rps(rec: Recommender, texts: list[str], workers: int) -> float:
    """Texts per second through the bare encoders, `workers` threads, one text per call like a query."""

    def one(text: str) -> None:
        for encoder in rec.encoders:
            encoder.encode([text], "query")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, distinct(workers, "warm")))
        started = time.perf_counter()
        list(pool.map(one, texts))
        return len(texts) / (time.perf_counter() - started)


def measure_api(rec: Recommender, corpus: Path, cache: Path, model: str, requests: int, rounds: int) -> ApiFigures:
    """Start one replica on `cache` (already built by `rec`), measure, stop it."""
    workers, clients = 1, 8  # the serve default: one query at a time per process (docs/deployment.md)
    port = free_port()
    env = {"RECOMMENDER_CORPUS": str(corpus), "RECOMMENDER_MODEL": model}
    proc = start_replica(port, cache, workers=workers, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        drive(url, 2 * clients, clients, distinct(2 * clients, "warm"))
        texts = distinct(requests, "load")
        api = drive(url, requests, clients, texts)
        if api.errors:
            raise RuntimeError(f"API errors during the benchmark: {api.errors[:3]}")
        bare = _bare_rps(rec, texts, workers)
        http_ms, local_ms = [], []
        with httpx.Client(base_url=url, timeout=30) as client:
            for text in distinct(rounds, "latency"):  # each process sees each text once
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
