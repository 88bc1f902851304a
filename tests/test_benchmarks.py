"""VectorIndex against brute-force numpy, and a smoke run of the quick benchmarks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

import recommender.vectors as vectors
from benchmarks.run import KEYS, main
from benchmarks.synthetic import embedding_like
from recommender.vectors import VectorIndex


def _numpy_top_k(data: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    sims = queries @ data.T
    ids = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(sims, ids, axis=1), ids


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(
        np.mean([len(set(a) & set(b)) / truth.shape[1] for a, b in zip(found.tolist(), truth.tolist(), strict=True)])
    )


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    rows = embedding_like(6_000 + 50, 64, seed=3)
    return rows[:6_000], rows[6_000:]


def test_exact_equals_numpy_top_k(data: tuple[np.ndarray, np.ndarray]) -> None:
    base, queries = data
    index = VectorIndex.build(base, kind="exact")
    scores, ids = index.search(queries, 10)
    want_scores, want_ids = _numpy_top_k(base, queries, 10)
    np.testing.assert_allclose(scores, want_scores, atol=1e-5)
    # Ties aside, the same ids in the same order.
    assert _recall(ids, want_ids) == 1.0
    assert index.kind == "exact" and len(index) == len(base) and index.dim == 64


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_recall_against_numpy(data: tuple[np.ndarray, np.ndarray], kind: vectors.IndexKind) -> None:
    base, queries = data
    index = VectorIndex.build(base, kind=kind)
    assert index.kind == kind
    scores, ids = index.search(queries, 10)
    _, want_ids = _numpy_top_k(base, queries, 10)
    assert _recall(ids, want_ids) >= 0.95
    # Whatever it finds, the scores it reports are the true inner products, best first.
    true = np.take_along_axis(queries @ base.T, ids, axis=1)
    np.testing.assert_allclose(scores, true, atol=1e-5)
    assert np.all(np.diff(scores, axis=1) <= 1e-6)


def test_switches_to_approximate_at_the_threshold(
    monkeypatch: pytest.MonkeyPatch, data: tuple[np.ndarray, np.ndarray]
) -> None:
    base, _ = data
    monkeypatch.setattr(vectors, "APPROXIMATE_FROM", 2_000)
    assert VectorIndex.build(base[:1_999]).kind == "exact"
    assert VectorIndex.build(base[:2_000]).kind == vectors.APPROXIMATE_KIND
    assert VectorIndex.build(base[:2_000], kind="exact").kind == "exact"


def test_the_default_threshold_is_the_measured_one() -> None:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "results.json"
    if not path.is_file():
        pytest.skip("no benchmarks/results.json yet: run make bench")
    results = json.loads(path.read_text(encoding="utf-8"))
    assert results["machine"]["approximate_from"] == vectors.APPROXIMATE_FROM
    assert results["machine"]["approximate_kind"] == vectors.APPROXIMATE_KIND


@pytest.mark.parametrize("kind", ["exact", "ivf", "hnsw"])
def test_save_load_roundtrip(tmp_path: Path, data: tuple[np.ndarray, np.ndarray], kind: vectors.IndexKind) -> None:
    base, queries = data
    index = VectorIndex.build(base[:3_000], kind=kind)
    path = tmp_path / f"{kind}.faiss"
    index.save(path)
    loaded = VectorIndex.load(path)
    assert loaded.kind == kind and len(loaded) == 3_000 and loaded.dim == 64
    np.testing.assert_array_equal(loaded.vectors(), base[:3_000])
    for got, want in zip(loaded.search(queries, 10), index.search(queries, 10), strict=True):
        np.testing.assert_array_equal(got, want)
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("kind", ["exact", "ivf", "hnsw"])
def test_small_and_empty_indexes(kind: vectors.IndexKind) -> None:
    empty = VectorIndex.build(np.zeros((0, 8), dtype=np.float32), kind=kind)
    assert len(empty) == 0 and empty.vectors().shape == (0, 8)
    few = embedding_like(5, 8, seed=1)
    index = VectorIndex.build(few, kind=kind)
    scores, ids = index.search(few[0], 50)  # k larger than the index
    assert ids.shape == (1, 5) and ids[0, 0] == 0 and scores[0, 0] == pytest.approx(1.0, abs=1e-5)


def test_quick_benchmark_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    started = time.perf_counter()
    assert main(["--quick", "--out", str(out)]) == 0
    elapsed = time.perf_counter() - started
    results = json.loads(out.read_text(encoding="utf-8"))
    assert tuple(results) == KEYS
    for key in KEYS[:6]:
        assert isinstance(results[key], float) and results[key] > 0, key
    assert results["app_submit_p50_s"] is None and results["machine"]["skipped"]["app_submit_p50_s"]
    assert {p["index"] for p in results["scale"]} >= {"exact", vectors.APPROXIMATE_KIND}
    for point in results["scale"]:
        assert set(point) == {"n", "index", "build_s", "memory_mb", "p50_ms", "recall_at_10"}
        assert 0.0 <= point["recall_at_10"] <= 1.0
    assert results["machine"]["mode"] == "quick" and results["machine"]["cores"]
    assert elapsed < 300, f"quick mode took {elapsed:.0f} s; CI needs it to stay in seconds"


def test_the_api_benchmark_sends_sentences_the_engine_has_not_seen() -> None:
    """The engine keeps the vectors of sentences it has seen: repeated sentences would skip the encoder."""
    from benchmarks.profiles import working_lives
    from recommender.query import make_query

    texts = working_lives(2 * 8 + 600 + 60)  # measure_api's warm-up, throughput and latency texts
    sentences = [u for t in texts for u in make_query(t).matched[1:]]
    assert len(set(texts)) == len(texts) and len(sentences) > 2 * len(texts)
    assert len(set(sentences)) >= 0.99 * len(sentences)
    assert {make_query(t).prepared.language for t in texts[:20]} == {"fr", "en"}
