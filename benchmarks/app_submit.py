"""Figure 5: submit a profile in the Streamlit app and wait for its first role card, in headless Chromium.

Needs app.py, Playwright for Python and Debian's chromium (`make browser`). When one is missing the
figure is None with the reason, and the other figures still run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from recommender import Recommender

from .common import p50

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "AppSubmit", "free_port", "measure_app_submit", "wait_healthy"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Used only when the app's own labels (ui.strings) cannot be read.
_SUBMIT_FALLBACK = r"trouver|find|recommend|submit|search|chercher"
_FIRST_LOAD_TIMEOUT_MS = 300_000
_SUBMIT_TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class AppSubmit:
    """Median seconds from the click on submit to the first role card being visible; or why not measured."""

    p50_s: float | None
    runs: int
    reason: str = ""


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Wait until the Streamlit server answers its health check; RuntimeError if it exits or times out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout_s:.0f} s")


def _submit_pattern(root: Path) -> re.Pattern[str]:
    """The submit button's labels in both languages, read from the app's strings when possible."""
    sys.path.insert(0, str(root))
    try:
        from ui.strings import t

        labels = [t(lang, "submit") for lang in ("fr", "en")]
        return re.compile("|".join(re.escape(label) for label in labels), re.IGNORECASE)
    except Exception:  # the app is someone else's work in progress: fall back to likely words
        return re.compile(_SUBMIT_FALLBACK, re.IGNORECASE)
    finally:
        sys.path.remove(str(root))


def _why_not(root: Path) -> str:
    if not (root / "app.py").is_file():
        return "app.py not found"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (make browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed (pip install playwright)"
    return ""


def measure_app_submit(rec: Recommender, texts: Sequence[str], runs: int, root: Path, cache: Path) -> AppSubmit:
    """Start the app on a free localhost port, warm it with one submit, then time `runs` submits."""
    reason = _why_not(root)
    if reason:
        return AppSubmit(None, 0, reason)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    # The first card shows the top role's title; wait for it in either interface language.
    expected = []
    for text in texts:
        role = rec.recommend(text).roles[0].role
        expected.append(re.compile("|".join(re.escape(title) for title in {role.title.fr, role.title.en})))
    submit = _submit_pattern(root)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, RECOMMENDER_CACHE=str(cache), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env["RECOMMENDER_MODEL"] = rec.settings.model
    env["RECOMMENDER_CORPUS"] = str(rec.settings.corpus_dir)
    args = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
            "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    server = subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    times: list[float] = []
    try:
        wait_healthy(url, server, 120)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            for i in range(runs + 1):  # the first submit loads the model in the server: not timed
                # a number at the end makes every submit a new text, so the engine's memo of
                # repeated texts cannot answer it; it does not change the ranking
                text, title = f"{texts[i % len(texts)]} {i}", expected[i % len(expected)]
                timeout = _FIRST_LOAD_TIMEOUT_MS if i == 0 else _SUBMIT_TIMEOUT_MS
                page.goto(url)
                box = page.locator("textarea").first
                box.wait_for(state="visible", timeout=timeout)
                box.fill(text)
                card = page.get_by_role("heading", name=title).first
                button = page.get_by_role("button", name=submit).first
                start = time.perf_counter()
                button.click()
                card.wait_for(state="visible", timeout=timeout)
                if i:
                    times.append(time.perf_counter() - start)
            browser.close()
    except (PlaywrightError, RuntimeError, OSError) as exc:
        return AppSubmit(None, len(times), f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return AppSubmit(p50(times), len(times), "")
