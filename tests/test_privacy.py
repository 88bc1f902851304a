"""Nothing leaves the machine and nothing the person writes stays on it.

- No network: the suite runs under pytest-socket (outbound sockets refused except localhost);
  one test proves the refusal is real, another runs the CLI in a child process whose every
  non-local connect() is refused and recorded, with HF_HUB_OFFLINE unset.
- No trace: a query carrying a random marker goes through the CLI (argument, stdin, --batch, a
  refused text) and through a real browser session of the app; afterwards the marker is searched
  for, as bytes, in every file of the cache, the sandboxed HOME (with ~/.streamlit), the temporary
  folder, the server log, test-output/ and every file under /tmp changed during the run.
- The same browser session checks what a hostile profile renders to: no link or image from it,
  no script run, every link on the page a validated https corpus URL.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pytest_socket import SocketConnectBlockedError

from recommender import Recommender, load_corpus
from tests.conftest import CORPUS, OUTPUT, ROOT, SESSION_CACHE
from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS, FIRST_ANSWER_MS, browser_missing, streamlit_server

# ---------------------------------------------------------------------- network


def test_outbound_socket_is_refused() -> None:
    """pytest-socket warns (an error under our filterwarnings) and refuses the connection."""
    for address in (("1.1.1.1", 443), ("8.8.8.8", 53)):
        with pytest.raises(SocketConnectBlockedError), pytest.warns(UserWarning, match="socket"):
            socket.create_connection(address, timeout=2)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        with pytest.raises(SocketConnectBlockedError), pytest.warns(UserWarning, match="socket"):
            udp.connect(("9.9.9.9", 53))


def test_localhost_is_still_allowed() -> None:
    """The control case: the refusal above is selective, so the app tests can reach their server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


#: Runs the CLI with every non-local connect() refused and written to the file named by argv[1].
_NO_NET = """
import socket, sys
record = sys.argv.pop(1)
_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
def _local(sock, address):
    if sock.family == socket.AF_UNIX:
        return True
    host = address[0] if isinstance(address, tuple) else str(address)
    return host in ("127.0.0.1", "::1", "localhost")
def _guard(real):
    def connect(sock, address):
        if not _local(sock, address):
            with open(record, "a") as fh:
                fh.write(repr(address) + "\\n")
            raise OSError(101, "network is unreachable (blocked by test)")
        return real(sock, address)
    return connect
socket.socket.connect, socket.socket.connect_ex = _guard(_connect), _guard(_connect_ex)
from recommender.cli import main
sys.argv[0] = "recommender"
raise SystemExit(main())
"""


def _sandbox_env(sandbox: Path) -> dict[str, str]:
    """HOME, caches and temporary files of the child inside `sandbox`; no RECOMMENDER_* or HF_* from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECOMMENDER_", "HF_", "TRANSFORMERS_"))}
    for name in ("home", "tmp", "cwd"):
        (sandbox / name).mkdir(parents=True, exist_ok=True)
    return env | {
        "HOME": str(sandbox / "home"),
        "TMPDIR": str(sandbox / "tmp"),
        "XDG_CACHE_HOME": str(sandbox / "home" / ".cache"),
        "RECOMMENDER_CACHE": str(SESSION_CACHE),
        "PYTHONPATH": str(ROOT),
    }


def _marker() -> str:
    return f"zq{uuid.uuid4().hex[:16]}xk"


def _files(roots: Iterable[Path], since: float | None = None, skip: Iterable[Path] = ()) -> Iterable[Path]:
    skipped = {p.resolve() for p in skip}
    for root in roots:
        if not root.exists():
            continue
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                try:
                    if not path.is_file() or path.resolve() in skipped:
                        continue
                    if since is not None and path.stat().st_mtime < since:
                        continue
                    if path.stat().st_size > 200_000_000:
                        continue
                except OSError:
                    continue
                yield path


def _traces(marker: str, roots: Iterable[Path], since: float | None = None, skip: Iterable[Path] = ()) -> list[str]:
    """Files holding the marker, as UTF-8 or UTF-16 bytes, case-insensitively."""
    needles = [marker.encode(), marker.upper().encode(), marker.encode("utf-16-le")]
    hits = []
    for path in _files(roots, since, skip):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        lowered = data.lower()
        if any(n in data or n.lower() in lowered for n in needles):
            hits.append(str(path))
    return hits


def _scan_roots(sandbox: Path) -> list[Path]:
    return [sandbox, SESSION_CACHE, OUTPUT, ROOT / ".streamlit", Path.home() / ".streamlit", Path.home() / ".cache"]


def test_cli_uses_no_network_and_leaves_no_trace(rec: Recommender, tmp_path: Path) -> None:
    """The default model, offline packages only: no connect() outside localhost, and the query is not kept."""
    marker = _marker()
    sandbox = tmp_path / "sandbox"
    env = _sandbox_env(sandbox)
    record = tmp_path / "connects.log"
    inputs = tmp_path / "inputs"  # the batch file holds the marker by design; it is the only file allowed to
    inputs.mkdir()
    batch = inputs / "batch.jsonl"
    text = f"Avocate depuis dix ans, {marker}, droit des contrats et conformité."
    batch.write_text(
        json.dumps({"text": text}) + "\n" + json.dumps({"text": f"🙂 {marker[:1]}"}) + "\n", encoding="utf-8"
    )
    started = time.time() - 1

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-c", _NO_NET, str(record), "--quiet", *args]
        return subprocess.run(
            cmd, input=stdin, capture_output=True, text=True, env=env, cwd=sandbox / "cwd", timeout=300
        )

    first = run("recommend", "--json", text)
    assert first.returncode == 0, first.stderr
    assert marker in json.loads(first.stdout)["query"], (
        "the marker did not reach the engine; the scan would prove nothing"
    )
    assert run("recommend", "-", stdin=text).returncode == 0
    batch_run = run("recommend", "--json", "--batch", str(batch))
    assert batch_run.returncode == 0 and batch_run.stdout.count("\n") == 2
    refused = run("recommend", "--top-k", "0", text)
    assert refused.returncode == 2
    for proc in (first, batch_run, refused):
        assert marker not in proc.stderr, "the query was written to the log stream"

    assert not record.exists(), f"outbound connections attempted: {record.read_text()}"
    hits = _traces(marker, _scan_roots(sandbox))
    hits += _traces(marker, [Path("/tmp")], since=started, skip=[batch])
    assert hits == [], f"the marker was found on disk: {hits}"


# ---------------------------------------------------------------------- app session


HOSTILE = (
    "J'ai été avocate pendant dix ans, spécialisée dans les contrats et la conformité RGPD. "
    '{marker} <img src=https://evil.example/pixel.png onerror="window.__pwned=1"> '
    "<script>window.__pwned=2</script> [cliquez ici](https://evil.example/{marker}) "
    "![image](https://evil.example/{marker}.png) <a href=javascript:window.__pwned=3>lien</a> "
    "Je rédige des contrats, je conseille les équipes et je suis les évolutions du droit du numérique."
)


@dataclass
class Session:
    """What one browser session of the app, fed a hostile profile with a marker, left behind."""

    marker: str
    pwned: object
    images_from_profile: int
    onerror_attributes: int
    profile_links: list[str]
    external_links: list[str]
    outside_requests: list[str]
    log: str
    traces: list[str]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    marker = _marker()
    sandbox = tmp_path_factory.mktemp("app-session") / "sandbox"
    env = _sandbox_env(sandbox)
    env.pop("PYTHONPATH")
    outside: list[str] = []
    started = time.time() - 1
    # No --browser.gatherUsageStats flag here: the project's .streamlit/config.toml must switch it off.
    with streamlit_server(sandbox / "streamlit.log", env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="fr-FR").new_page()
            page.on(
                "request",
                lambda req: (
                    outside.append(req.url)
                    if urlparse(req.url).hostname not in (None, "127.0.0.1", "localhost")
                    and not req.url.startswith(("data:", "blob:"))
                    else None
                ),
            )
            page.goto(url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name="Votre parcours professionnel")
            box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            box.fill(HOSTILE.format(marker=marker))
            page.get_by_role("button", name="Trouver ma place").click()
            page.locator(".st-key-role-card-1").wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            page.get_by_role("tab", name="Lectures").click()
            page.wait_for_timeout(1000)
            main = page.locator("[data-testid='stMain']")
            hrefs = main.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            found = Session(
                marker=marker,
                pwned=page.evaluate("() => window.__pwned"),
                images_from_profile=main.locator("img[src*='evil.example']").count(),
                onerror_attributes=main.locator("[onerror]").count(),
                profile_links=[h for h in hrefs if "evil.example" in h or h.lower().startswith("javascript:")],
                external_links=[h for h in hrefs if not h.startswith(("#", "blob:", "data:"))],
                outside_requests=outside,
                log="",
                traces=[],
            )
        finally:
            browser.close()
    found.log = (sandbox / "streamlit.log").read_text(encoding="utf-8", errors="replace")
    found.traces = _traces(marker, _scan_roots(sandbox)) + _traces(marker, [Path("/tmp")], since=started)
    return found


@pytest.mark.browser
def test_app_session_leaves_no_trace_of_the_query_on_disk(session: Session) -> None:
    assert session.traces == [], f"the marker was found on disk after the app session: {session.traces}"
    assert session.marker not in session.log and "Traceback" not in session.log


@pytest.mark.browser
def test_app_session_reaches_no_outside_host(session: Session) -> None:
    assert session.outside_requests == [], sorted(set(session.outside_requests))[:5]


@pytest.mark.browser
def test_app_renders_hostile_html_and_markdown_inert(session: Session) -> None:
    """No script from the profile ran, no image from it loaded, no javascript: link was made."""
    assert session.pwned is None, "a script from the profile ran"
    assert session.images_from_profile == 0 and session.onerror_attributes == 0
    assert not [h for h in session.profile_links if h.lower().startswith("javascript:")]


@pytest.mark.browser
def test_app_links_come_only_from_the_corpus(session: Session) -> None:
    corpus_urls = {r.url for r in load_corpus(CORPUS).readings}
    assert session.external_links, "no reading links were shown; the check would prove nothing"
    assert session.profile_links == [], f"links made from the profile text: {sorted(set(session.profile_links))}"
    assert set(session.external_links) <= corpus_urls, set(session.external_links) - corpus_urls


def test_usage_statistics_are_off_in_the_project_config(tmp_path: Path) -> None:
    """What `streamlit run app.py` in the repository reads, with nothing set in the environment or HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")} | {"HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    settings = [line.strip() for line in proc.stdout.splitlines() if line.strip().startswith("gatherUsageStats")]
    assert settings == ["gatherUsageStats = false"], settings
