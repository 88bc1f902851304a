"""The scale-out rehearsal: Debian's nginx in front of 3 API replicas on loopback, one SIGKILLed mid-run.

Zero client-visible failures is the bar; the figures for 1 and 3 replicas are printed (run with -s).
"""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.http_load import distinct, drive, free_port, start_nginx, start_replica, wait_ready
from recommender import Recommender
from tests.conftest import SESSION_CACHE

pytestmark = pytest.mark.slow

CLIENTS = 16
REQUESTS_1, REQUESTS_3 = 200, 400  # distinct texts: no memo hit, every request is encoded


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="module")
def replicas(rec: Recommender) -> Iterator[list[tuple[int, subprocess.Popen[bytes]]]]:
    """Three replicas over the one index the session built (`rec` builds it first)."""
    ports = [free_port() for _ in range(3)]
    procs = [start_replica(p, SESSION_CACHE) for p in ports]
    try:
        for port in ports:
            wait_ready(f"http://127.0.0.1:{port}")
        yield list(zip(ports, procs, strict=True))
    finally:
        _stop(procs)


def _with_nginx(tmp: Path, upstreams: list[int]) -> tuple[str, subprocess.Popen[bytes]]:
    try:
        port = free_port()
        return f"http://127.0.0.1:{port}", start_nginx(tmp, port, upstreams)
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


def test_one_replica_through_nginx(replicas: list[tuple[int, subprocess.Popen[bytes]]], tmp_path: Path) -> None:
    url, nginx = _with_nginx(tmp_path, [replicas[0][0]])
    try:
        result = drive(url, REQUESTS_1, CLIENTS, distinct(REQUESTS_1, "one"))
    finally:
        _stop([nginx])
    print("\n1 replica:", json.dumps(result.summary()))
    assert result.errors == [] and len(result.latencies_ms) == REQUESTS_1


def test_three_replicas_lose_nothing_when_one_is_killed(
    replicas: list[tuple[int, subprocess.Popen[bytes]]], tmp_path: Path
) -> None:
    url, nginx = _with_nginx(tmp_path, [port for port, _ in replicas])
    victim_port, victim = replicas[1]
    killed = False

    def kill_midway(done: int) -> None:
        nonlocal killed
        if not killed and done >= REQUESTS_3 // 2:
            victim.send_signal(signal.SIGKILL)
            killed = True

    try:
        result = drive(url, REQUESTS_3, CLIENTS, distinct(REQUESTS_3, "three"), on_progress=kill_midway)
    finally:
        _stop([nginx])
    print("\n3 replicas, one SIGKILLed halfway:", json.dumps(result.summary()))
    assert killed and victim.wait(timeout=5) == -signal.SIGKILL
    assert result.errors == [], result.errors[:5]
    assert len(result.latencies_ms) == REQUESTS_3
    # nginx met the dead replica (a cut or refused connection) and sent those requests to another one:
    # without this, a kill that came after the last request was routed to it would prove nothing
    met = [line for line in (tmp_path / "error.log").read_text().splitlines() if f"127.0.0.1:{victim_port}" in line]
    print(f"nginx log lines about the killed replica: {len(met)}; first: {met[:1]}")
    assert met, "nginx never met the killed replica: the kill came too late to test a retry"
