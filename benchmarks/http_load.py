"""Real HTTP parts for the scale-out rehearsal and the API benchmark: replicas, nginx in front, a load driver.

`start_replica` runs `python -m recommender serve` on a free loopback port; `start_nginx` writes a config
in a temporary folder (retrying the next upstream on a dead replica, the POST included) and runs Debian's
nginx there; `drive` sends a bounded number of requests from N concurrent `httpx` clients and returns each
request's latency and outcome.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .common import p50, p95
from .profiles import PROFILES

__all__ = [
    "LoadResult",
    "TEXTS",
    "distinct",
    "drive",
    "drive_lean",
    "free_port",
    "nginx_config",
    "start_nginx",
    "start_replica",
    "wait_ready",
]

ROOT = Path(__file__).resolve().parent.parent

#: Mixed French and English working lives, long and short.
TEXTS: tuple[str, ...] = (
    PROFILES["en"],
    PROFILES["fr"],
    "Vingt ans dans l'énergie et les réseaux électriques, chef de projet sur des postes haute tension.",
    "I taught secondary-school maths for twelve years and ran the school's exam timetable.",
    "Juriste en droit social depuis huit ans, je rédige des contrats et je conseille les RH.",
    "Warehouse team lead: scheduling, stock counts, forklift training and safety audits.",
)


def distinct(n: int, tag: str) -> list[str]:
    """`n` different texts from the mixed profiles: the engine memoizes repeated texts, a load test must not."""
    return [f"{TEXTS[i % len(TEXTS)]} ({tag} {i})" for i in range(n)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_replica(
    port: int, cache: Path, workers: int = 1, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """One API process on 127.0.0.1:`port` reading the index in `cache`, `workers` query threads."""
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_")},
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
        "RECOMMENDER_WORKERS": str(workers),
        **(env or {}),
    }
    cmd = [sys.executable, "-m", "recommender", "--quiet", "--cache-dir", str(cache), "serve", "--port", str(port)]
    return subprocess.Popen(cmd, cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(url: str, timeout: float = 120.0) -> float:
    """Seconds until GET `url`/readyz answers 200; raise TimeoutError past `timeout`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")


def nginx_config(folder: Path, port: int, upstreams: Sequence[int]) -> Path:
    """An nginx config in `folder` listening on 127.0.0.1:`port` in front of the given loopback ports.

    A replica that refuses or drops a connection is skipped for the next one, the POST included
    (`non_idempotent`: a recommend call has no side effect, so sending it twice is harmless).
    """
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstreams)
    temp = "".join(
        f"  {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = f"""worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
{temp}  upstream api {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 1m;
    location / {{
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 3;
    }}
  }}
}}
"""
    path = folder / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def start_nginx(folder: Path, port: int, upstreams: Sequence[int]) -> subprocess.Popen[bytes]:
    """Debian's nginx in the foreground with `nginx_config`; FileNotFoundError when nginx is not installed."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if binary is None:
        raise FileNotFoundError("nginx is not installed: run `make nginx`")
    conf = nginx_config(folder, port, upstreams)
    proc = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                log = (folder / "error.log").read_text(errors="replace") if (folder / "error.log").exists() else ""
                raise RuntimeError(f"nginx exited: {log[-500:]}") from None
            time.sleep(0.05)
    raise TimeoutError("nginx did not start listening")


@dataclass
class LoadResult:
    """What a bounded load measured."""

    requests: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    def summary(self) -> dict[str, float | int]:
        return {
            "requests": self.requests,
            "errors": len(self.errors),
            "throughput_rps": round(self.throughput, 1),
            "p50_ms": round(p50(self.latencies_ms), 1),
            "p95_ms": round(p95(self.latencies_ms), 1),
            "p99_ms": round(self.percentile(0.99), 1),
        }


async def _drive(
    url: str, total: int, clients: int, texts: Sequence[str], on_progress: Callable[[int], None] | None
) -> LoadResult:
    result = LoadResult(total, 0.0)
    counter = iter(range(total))
    done = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal done
            for i in counter:
                body = {"text": texts[i % len(texts)], "top_k": 5}
                started = time.perf_counter()
                try:
                    got = await client.post("/v1/recommend", json=body)
                    if got.status_code != 200:
                        result.errors.append(f"HTTP {got.status_code}")
                    else:
                        result.latencies_ms.append((time.perf_counter() - started) * 1000)
                except httpx.HTTPError as exc:
                    result.errors.append(type(exc).__name__)
                done += 1
                if on_progress is not None:
                    on_progress(done)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        result.seconds = time.perf_counter() - started
    return result


def drive(
    url: str,
    total: int,
    clients: int,
    texts: Sequence[str] = TEXTS,
    on_progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """`total` POST /v1/recommend calls from `clients` concurrent connections; `on_progress(done)` after each."""
    return asyncio.run(_drive(url, total, clients, texts, on_progress))


# ---------------------------------------------------------------- a lean driver for throughput figures


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status and body of one HTTP/1.1 response (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunks.append(await reader.readexactly(size + 2))
            if size == 0:
                return status, b"".join(chunks)
    raise ValueError("a response without a length")


async def _drive_lean(url: str, total: int, clients: int, texts: Sequence[str]) -> LoadResult:
    parsed = httpx.URL(url)
    host, port = parsed.host, parsed.port or 80
    result = LoadResult(total, 0.0)
    counter = iter(range(total))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for i in counter:
                body = json.dumps({"text": texts[i % len(texts)], "top_k": 5}, ensure_ascii=False).encode("utf-8")
                request = (
                    f"POST /v1/recommend HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode("latin-1")
                started = time.perf_counter()
                writer.write(request + body)
                status, _ = await _read_response(reader)
                if status != 200:
                    result.errors.append(f"HTTP {status}")
                else:
                    result.latencies_ms.append((time.perf_counter() - started) * 1000)
        finally:
            writer.close()

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(worker() for _ in range(clients)), return_exceptions=True)
    result.seconds = time.perf_counter() - started
    result.errors.extend(type(o).__name__ for o in outcomes if isinstance(o, BaseException))
    return result


def drive_lean(url: str, total: int, clients: int, texts: Sequence[str] = TEXTS) -> LoadResult:
    """As `drive` (the same bodies, keep-alive connections, `clients` at once), with hand-written HTTP/1.1.

    httpx spends about 2 ms of CPU a request; on a 2-core machine the driver then takes a quarter of a
    core from the server it measures. Raw asyncio streams cost a fraction of that. For throughput
    figures against a direct replica; `drive` (retries, nginx, progress) stays for the rehearsal.
    """
    return asyncio.run(_drive_lean(url, total, clients, texts))
