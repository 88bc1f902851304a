"""Figure 3: index build throughput against the bare encoders on the same texts, and a cached restart."""

from __future__ import annotations

import time
from dataclasses import dataclass

from recommender import Recommender
from recommender.calibration import labelled_for
from recommender.passages import reading_passages, role_passages

from .common import p50

__all__ = ["BuildThroughput", "measure_build", "measure_cached_restart"]


@dataclass(frozen=True)
class BuildThroughput:
    """Texts per second of `Recommender.build` and of the bare encoders on the same texts."""

    texts: int
    build_s: float
    bare_s: float
    build_texts_per_s: float
    bare_texts_per_s: float
    ratio: float


def _build_inputs(rec: Recommender) -> list[tuple[list[str], str]]:
    """The texts the build encodes with each encoder, and how (as in Recommender.build)."""
    roles = role_passages(rec.corpus.roles)
    role_texts = [p.text for p in roles]
    reading_texts = [p.text for p in reading_passages(rec.corpus.readings)]
    pseudo = [p.text for p in roles if p.field == "background"]
    labelled = [t.text for t in labelled_for([r.id for r in rec.corpus.roles])]  # the match curve's texts
    return [(role_texts, "passage"), (reading_texts, "passage"), (pseudo, "query"), (labelled, "query")]


def measure_build(rec: Recommender, runs: int) -> BuildThroughput:
    """Alternate a full in-memory build with the bare encoders encoding the same texts in one call each."""
    inputs = _build_inputs(rec)
    texts = sum(len(t) for t, _ in inputs) * len(rec.encoders)
    builds, bares = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for encoder in rec.encoders:
            for batch, kind in inputs:
                encoder.encode(batch, kind)  # type: ignore[arg-type]
        bares.append(time.perf_counter() - start)
        start = time.perf_counter()
        rec.build()
        builds.append(time.perf_counter() - start)
    build_s, bare_s = p50(builds), p50(bares)
    return BuildThroughput(texts, build_s, bare_s, texts / build_s, texts / bare_s, bare_s / build_s)


def measure_cached_restart(rec: Recommender, runs: int) -> float:
    """Median seconds to open a Recommender on an unchanged corpus with its cached index, models already loaded.

    This is everything a restart does besides loading the model: read and validate the corpus,
    fingerprint it, check the index files' checksums and load them.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        again = Recommender(rec.settings, encoders=rec.encoders, params=rec.params)
        times.append(time.perf_counter() - start)
        if again.index_files.built:
            raise RuntimeError("the cached restart rebuilt the index; the cache should have been up to date")
    return p50(times)
