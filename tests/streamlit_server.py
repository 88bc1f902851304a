"""Start `streamlit run app.py` on a free localhost port for the reliability and privacy tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from benchmarks.app_submit import CHROMIUM as CHROMIUM_PATH
from benchmarks.app_submit import CHROMIUM_ARGS, free_port, wait_healthy
from tests.conftest import ROOT, SESSION_CACHE

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "FIRST_ANSWER_MS", "browser_missing", "streamlit_server"]

CHROMIUM = Path(CHROMIUM_PATH)
#: The first page load may have to load the default model (and on a fresh machine build its index).
FIRST_ANSWER_MS = 600_000


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return "Debian chromium is not installed at /usr/bin/chromium; run `make browser`"
    if not (ROOT / "app.py").exists():
        return "app.py is not there yet"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed; pip install -e '.[dev]'"
    return None


@contextmanager
def streamlit_server(log: Path, env: Mapping[str, str] = (), extra: tuple[str, ...] = ()) -> Iterator[str]:  # type: ignore[assignment]
    """Serve the app; yields its URL. Its stdout and stderr go to `log`; it is stopped on exit."""
    port = free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_")}
    full_env = {**base, "RECOMMENDER_CACHE": str(SESSION_CACHE), "HF_HUB_OFFLINE": "1", **dict(env)}
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", *extra]
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        try:
            try:
                wait_healthy(url, proc, 120)
            except RuntimeError as exc:
                raise RuntimeError(f"{exc}; see {log}") from None
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
