"""The HTTP API: the engine behind FastAPI, for career services that want recommendations inside their own tools.

`create_app(ApiSettings, engine)` builds the app; `recommender serve` runs it on uvicorn. Each replica only
reads the index that `recommender build` wrote (a read-only cache folder works) and keeps no state between
requests, so any number of them can run behind a load balancer (docs/deployment.md).

What a client can rely on:

* `POST /v1/recommend` answers exactly what `recommender recommend --json` prints for the same request
  (both call `Recommendation.to_dict`).
* Bad input is a 4xx with a JSON body `{"error": {"reason": <InputError reason>, "message": ...}}`, never a 5xx;
  a full queue is a 503 (`busy`), a query over the time limit a 504 (`timeout`).
* Limits on the body size, the text length and the time a query may take (`ApiSettings`).
* Access log lines carry method, path, status and duration only: never a body, a query string or a header.
* CORS is off unless origins are given; Prometheus metrics at `/metrics` are off unless asked for.
* The docs page `/docs` is served from the `swagger-ui-bundle` package: no CDN.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, replace
from typing import Any, cast

from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, JSONResponse, Response

from .corpus import FAMILIES, LANGS, TECH_LEVELS, Corpus, Lang, Reading, Role
from .documents import DEFAULT_LIMITS, DocumentLimits
from .errors import InputError, InputReason
from .request import DEFAULT_TOP_K, PREFERENCES, Request
from .results import Recommendation
from .text import MAX_CHARS
from .workqueue import QueueFull, QueueTimeout, WorkQueue, shared_queue

__all__ = ["ApiSettings", "create_app", "recommendation_json", "request_from_json"]

access_log = logging.getLogger("recommender.access")

#: Fields a recommend body may carry; anything else is refused (`unknown_field`), so that a typo is not ignored.
_FIELDS = frozenset({"text", "top_k", "filters", "preferences", "reading_language", "lang"})
_FILTERS = frozenset({"levels", "families"})


def _env_float(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class ApiSettings:
    """Limits and switches of the HTTP API (env `RECOMMENDER_API_*`, see `from_env`)."""

    #: The most bytes a request body may hold (413 `too_long` beyond).
    max_body_bytes: int = 16 * 4 * MAX_CHARS
    #: The most characters of text accepted (the engine reads the first `MAX_CHARS`; beyond this: 413 `too_long`).
    max_text_chars: int = 4 * MAX_CHARS
    #: Seconds a query may wait and run before the client gets a 504.
    request_timeout: float = 10.0
    #: Origins allowed by CORS; empty: no CORS header at all.
    cors_origins: tuple[str, ...] = ()
    #: Serve Prometheus metrics at /metrics.
    metrics: bool = False
    #: What an uploaded CV may be (size, pages, unpacked size), as in the app.
    file_limits: DocumentLimits = DEFAULT_LIMITS

    @classmethod
    def from_env(cls, **overrides: Any) -> ApiSettings:
        """RECOMMENDER_API_MAX_BODY, _MAX_TEXT, _TIMEOUT, _CORS (comma-separated origins), _METRICS (1/true)."""
        env = os.environ
        base = cls(
            max_body_bytes=int(_env_float("RECOMMENDER_API_MAX_BODY", cls.max_body_bytes)),
            max_text_chars=int(_env_float("RECOMMENDER_API_MAX_TEXT", cls.max_text_chars)),
            request_timeout=_env_float("RECOMMENDER_API_TIMEOUT", cls.request_timeout),
            cors_origins=tuple(o.strip() for o in env.get("RECOMMENDER_API_CORS", "").split(",") if o.strip()),
            metrics=env.get("RECOMMENDER_API_METRICS", "").lower() in ("1", "true", "yes"),
        )
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})


# ---------------------------------------------------------------- the contract, shared with the CLI


def request_from_json(body: Any, max_text_chars: int) -> tuple[Request, str | None]:
    """The typed `Request` for a recommend body, and the output language it asks for (None: the text's)."""
    if not isinstance(body, dict):
        raise InputError(f"the body must be a JSON object, got {type(body).__name__}", "bad_json")
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}; use: {', '.join(sorted(_FIELDS))}", "unknown_field")
    if "text" not in body:
        raise InputError('the body needs a "text" field holding the description', "not_text")
    text = body["text"]
    if isinstance(text, str) and len(text) > max_text_chars:
        raise InputError(f"the text has {len(text)} characters; the limit is {max_text_chars}", "too_long")
    filters = body.get("filters") or {}
    if not isinstance(filters, dict):
        raise InputError(
            f"filters must be an object with levels and families, got {type(filters).__name__}", "bad_type"
        )
    extra = sorted(set(filters) - _FILTERS)
    if extra:
        raise InputError(f"unknown filter {extra[0]!r}; use: levels, families", "unknown_field")
    lang = body.get("lang")
    if lang is not None and lang not in LANGS:
        raise InputError(f"unknown lang {lang!r}; use one of: {', '.join(LANGS)}", "unknown_language")
    request = Request(
        text,
        top_k=body.get("top_k", DEFAULT_TOP_K),
        levels=filters.get("levels", ()),
        families=filters.get("families", ()),
        reading_language=body.get("reading_language"),
        preferences=body.get("preferences", ()),
    )
    return request, lang


def recommendation_json(result: Recommendation, lang: str | None) -> dict[str, Any]:
    """What the API answers and `recommender recommend --json` prints: the one serializer, `to_dict`."""
    return result.to_dict(lang or result.language)


def role_json(role: Role, lang: str, corpus: Corpus) -> dict[str, Any]:
    """One role of the corpus in one language."""
    return {
        "id": role.id,
        "title": role.title.get(lang),
        "alt_titles": list(role.alt_titles.get(lang)),
        "family": role.family,
        "technical_level": role.technical_level,
        "transition_effort": role.transition_effort,
        "summary": role.summary.get(lang),
        "description": role.description.get(lang),
        "tasks": list(role.tasks.get(lang)),
        "skills_have": list(role.skills_have.get(lang)),
        "skills_learn": list(role.skills_learn.get(lang)),
        "backgrounds": list(role.backgrounds.get(lang)),
        "first_steps": list(role.first_steps.get(lang)),
        "readings": list(corpus.readings_of(role.id)),
        "related_roles": list(role.related_roles),
    }


def reading_json(reading: Reading, lang: str) -> dict[str, Any]:
    """One reading; its summary in `lang`."""
    return {
        "id": reading.id,
        "title": reading.title,
        "url": reading.url,
        "source": reading.source,
        "language": reading.language,
        "kind": reading.kind,
        "level": reading.level,
        "summary": reading.summary.get(lang),
        "roles": list(reading.roles),
    }


# ---------------------------------------------------------------- plumbing

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class AccessLog:
    """ASGI middleware: one line per request with method, path, status and duration; nothing else."""

    def __init__(self, app: ASGIApp, observe: Callable[[str, str, int, float], None] | None = None) -> None:
        self.app = app
        self.observe = observe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            seconds = time.perf_counter() - started
            method, path = str(scope.get("method", "")), str(scope.get("path", ""))
            access_log.info("%s %s %d %.1fms", method, path, status, seconds * 1000)
            if self.observe is not None:
                route = scope.get("route")
                self.observe(method, getattr(route, "path", "unmatched"), status, seconds)


def _error(status: int, reason: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"reason": reason, "message": message}}, status_code=status)


async def _read_body(receive_stream: Any, limit: int, declared: str | None, reason: InputReason = "too_long") -> bytes:
    """The request body, refused as soon as it is known to exceed `limit` bytes (declared or streamed)."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise InputError(f"the body has {declared} bytes; the limit is {limit}", reason)
    chunks, size = [], 0
    async for chunk in receive_stream:
        size += len(chunk)
        if size > limit:
            raise InputError(f"the body is over the limit of {limit} bytes", reason)
        chunks.append(chunk)
    return b"".join(chunks)


def _multipart(data: bytes, content_type: str) -> dict[str, tuple[str | None, bytes]]:
    """The parts of a multipart/form-data body, parsed in memory: name -> (filename, bytes). Nothing goes to disk."""
    from email.parser import BytesParser
    from email.policy import HTTP

    if not content_type.lower().startswith("multipart/form-data") or "boundary=" not in content_type:
        raise InputError("send the CV as multipart/form-data with a part named file", "bad_argument")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + data
    )
    parts: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            parts[name] = (part.get_filename(), payload if isinstance(payload, bytes) else b"")
    return parts


def _parse_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"the body is not valid UTF-8 (byte {exc.start})", "bad_encoding") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"the body is not valid JSON ({type(exc).__name__})", "bad_json") from exc


_RECOMMEND_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "description": "the description of a working life (French or English)"},
        "top_k": {"type": "integer", "minimum": 1, "default": DEFAULT_TOP_K},
        "filters": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "levels": {"type": "array", "items": {"enum": list(TECH_LEVELS)}},
                "families": {"type": "array", "items": {"enum": list(FAMILIES)}},
            },
        },
        "preferences": {"type": "array", "items": {"enum": list(PREFERENCES)}},
        "reading_language": {"enum": list(LANGS), "description": "only readings in this language"},
        "lang": {"enum": list(LANGS), "description": "language of the role texts (default: that of the text)"},
    },
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "unusable input: error.reason is an InputError reason code"},
    413: {"description": "body, text or file over the limit (reason too_long or file_too_large)"},
    503: {"description": "the queue is full (reason busy): retry shortly"},
    504: {"description": "the query took longer than the time limit (reason timeout)"},
}


def create_app(settings: ApiSettings | None = None, engine: Any = None, queue: WorkQueue | None = None) -> Any:
    """The FastAPI app around `engine` (a `Recommender`; None: built from the environment at start-up)."""
    from fastapi import FastAPI
    from fastapi.exceptions import RequestValidationError
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException
    from swagger_ui_bundle import swagger_ui_path

    api = settings or ApiSettings.from_env()
    state: dict[str, Any] = {"engine": engine}

    def current() -> Any:
        if state["engine"] is None:
            from .config import Settings
            from .engine import Recommender

            state["engine"] = Recommender(Settings.from_env(progress=False))
        return state["engine"]

    app = FastAPI(
        title="Find your place in AI",
        version="1",
        summary="AI roles and readings for a description of a working life, in French or English.",
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/docs/static", StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Find your place in AI: API",
            swagger_js_url="/docs/static/swagger-ui-bundle.js",
            swagger_css_url="/docs/static/swagger-ui.css",
            swagger_favicon_url="/docs/static/favicon-32x32.png",
        )

    @app.exception_handler(InputError)
    async def input_error(_: HttpRequest, exc: InputError) -> JSONResponse:
        return _error(413 if exc.reason in ("too_long", "file_too_large") else 400, exc.reason, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_: HttpRequest, exc: RequestValidationError) -> JSONResponse:
        first = (exc.errors() or [{}])[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(400, "bad_argument", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(QueueFull)
    async def busy(_: HttpRequest, exc: QueueFull) -> JSONResponse:
        return _error(503, "busy", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(_: HttpRequest, exc: HTTPException) -> JSONResponse:
        reasons = {404: "not_found", 405: "method_not_allowed"}
        return _error(exc.status_code, reasons.get(exc.status_code, "http_error"), str(exc.detail))

    async def run(fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` on the bounded work queue, within the request's time limit."""
        work = queue or shared_queue()
        future = work.submit(fn, *args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), api.request_timeout)
        except asyncio.TimeoutError as exc:
            future.cancel()
            raise QueueTimeout(f"the query did not finish within {api.request_timeout:g} s") from exc

    @app.exception_handler(QueueTimeout)
    async def timeout(_: HttpRequest, exc: QueueTimeout) -> JSONResponse:
        return _error(504, "timeout", str(exc))

    @app.post(
        "/v1/recommend",
        summary="Roles and readings for a description (the CLI's --json contract)",
        openapi_extra={
            "requestBody": {"required": True, "content": {"application/json": {"schema": _RECOMMEND_SCHEMA}}}
        },
        responses=_ERRORS,
    )
    async def recommend(http: HttpRequest) -> JSONResponse:
        data = await _read_body(http.stream(), api.max_body_bytes, http.headers.get("content-length"))
        request, lang = request_from_json(_parse_json(data), api.max_text_chars)
        result = await run(current().recommend, request)
        return JSONResponse(recommendation_json(result, lang))

    @app.post(
        "/v1/recommend/file",
        summary="Roles and readings for a CV file (PDF, DOCX, ODT or text): the CLI's contract plus `document`",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "options": {
                                    "type": "string",
                                    "description": "JSON object: the fields of /v1/recommend but text",
                                },
                            },
                        }
                    }
                },
            }
        },
        responses=_ERRORS,
    )
    async def recommend_file(http: HttpRequest) -> JSONResponse:
        limit = api.file_limits.max_bytes + 64 * 1024  # the file and the multipart framing around it
        data = await _read_body(http.stream(), limit, http.headers.get("content-length"), "file_too_large")
        parts = _multipart(data, http.headers.get("content-type", ""))
        if "file" not in parts:
            raise InputError("the form has no part named file; attach the CV as file", "bad_argument")
        filename, content = parts["file"]
        options = _parse_json(parts["options"][1]) if "options" in parts else {}
        if not isinstance(options, dict) or "text" in options:
            raise InputError("options must be a JSON object of the recommend fields, without text", "bad_json")
        if len(content) > api.file_limits.max_bytes:
            raise InputError(
                f"the file has {len(content)} bytes; the limit is {api.file_limits.max_bytes}", "file_too_large"
            )
        # as `recommender recommend --file`: the CV read as a working life, contact details and hobbies out
        document = await run(current().read_file, content, filename or "")
        request, lang = request_from_json({**options, "text": document.text}, api.file_limits.max_chars)
        result = await run(current().recommend, request)
        body = recommendation_json(result, lang)
        warnings = [{"code": w.code, "message": w.message} for w in document.warnings]
        body["document"] = {"format": document.format, "warnings": warnings}
        return JSONResponse(body)

    def language(lang: str) -> Lang:
        if lang not in LANGS:
            raise InputError(f"unknown lang {lang!r}; use one of: {', '.join(LANGS)}", "unknown_language")
        return cast(Lang, lang)

    @app.get("/v1/roles", summary="Every role, in one language", responses=_ERRORS)
    def roles(lang: str = "en") -> dict[str, Any]:
        corpus = current().corpus
        chosen = language(lang)
        return {"language": chosen, "roles": [role_json(r, chosen, corpus) for r in corpus.roles]}

    @app.get("/v1/roles/{role_id}", summary="One role, in one language", responses=_ERRORS)
    def role(role_id: str, lang: str = "en") -> Any:
        corpus = current().corpus
        chosen = language(lang)
        try:
            found = corpus.role(role_id)
        except KeyError:
            return _error(404, "unknown_role", f"no role {role_id!r}; GET /v1/roles lists them")
        return role_json(found, chosen, corpus)

    @app.get("/v1/readings", summary="The readings; `language` keeps those in one language", responses=_ERRORS)
    def readings(lang: str = "en", language_only: str | None = None) -> dict[str, Any]:
        chosen = language(lang)
        only = language(language_only) if language_only is not None else None
        items = [r for r in current().corpus.readings if only is None or r.language == only]
        return {"language": chosen, "readings": [reading_json(r, chosen) for r in items]}

    @app.get("/healthz", summary="The process is alive")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="The index is loaded and queries can be answered")
    def readyz() -> Any:
        if state["engine"] is None:
            return _error(503, "not_ready", "the index is not loaded yet")
        return {"status": "ready", "fingerprint": state["engine"].fingerprint}

    observe: Callable[[str, str, int, float], None] | None = None
    if api.metrics:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

        registry = CollectorRegistry()
        requests = Counter(
            "recommender_http_requests", "HTTP requests", ["method", "route", "status"], registry=registry
        )
        duration = Histogram("recommender_http_request_seconds", "HTTP request duration", ["route"], registry=registry)

        def observe(method: str, route: str, status: int, seconds: float) -> None:
            requests.labels(method, route, str(status)).inc()
            duration.labels(route).observe(seconds)

        @app.get("/metrics", include_in_schema=False)
        def metrics() -> Response:
            return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    if api.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=list(api.cors_origins), allow_methods=["GET", "POST"], allow_headers=["*"]
        )
    app.add_middleware(AccessLog, observe=observe)
    app.state.api_settings = api
    app.state.load_engine = current
    return app


def serve(host: str, port: int, workers: int, api: ApiSettings) -> None:
    """Load the engine, then answer on host:port with uvicorn (`workers` processes when more than one)."""
    import uvicorn

    _log_to_stderr()
    if workers > 1:
        uvicorn.run("recommender.api:_factory", host=host, port=port, workers=workers, factory=True, access_log=False)
        return
    app = create_app(api)
    app.state.load_engine()
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")


def _log_to_stderr() -> None:
    """Access lines (and warnings) on standard error: `time recommender.access METHOD PATH STATUS DURATION`."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s", force=True)
    access_log.setLevel(logging.INFO)


def _factory() -> Any:
    """The app of one uvicorn worker process, with its engine loaded before it takes a request."""
    _log_to_stderr()
    app = create_app(ApiSettings.from_env())
    app.state.load_engine()
    return app
