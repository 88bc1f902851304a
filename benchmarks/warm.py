"""Figure 1: a warm `recommend()` against the bare encoder calls on the same text, in the same run."""

from __future__ import annotations

import time
from dataclasses import dataclass

from recommender import Recommender
from recommender.query import make_query

from .common import p50, p95

__all__ = ["WarmQuery", "measure_warm_query"]


@dataclass(frozen=True)
class WarmQuery:
    """Milliseconds per call; `ratio` is the median of per-round recommend/bare ratios."""

    p50_ms: float
    p95_ms: float
    bare_p50_ms: float
    units_p50_ms: float
    ratio: float
    by_language_p50_ms: dict[str, float]


def _bare(rec: Recommender, texts: list[str]) -> float:
    start = time.perf_counter()
    for encoder in rec.encoders:
        encoder.encode(texts, "query")
    return time.perf_counter() - start


def measure_warm_query(rec: Recommender, profiles: dict[str, str], rounds: int) -> WarmQuery:
    """Alternate recommend(), the bare encoders on the text, and on the units the engine encodes.

    The bare call is every encoder of the model on the profile text once: the floor a query cannot
    go below. The engine's first encoder also encodes each sentence (for scoring and evidence), so
    "units" times the encoders on exactly what the engine encodes, to split the ratio into encoder
    work and engine work. The engine's memo of repeated texts is cleared before each timed call.
    """
    for text in profiles.values():  # warm every code path once
        rec.recommend(text)
        _bare(rec, [text])
    full: list[float] = []
    bare: list[float] = []
    units: list[float] = []
    ratios: list[float] = []
    by_lang: dict[str, list[float]] = {lang: [] for lang in profiles}
    for _ in range(rounds):
        for lang, text in profiles.items():
            b = _bare(rec, [text])
            rec.clear_memo()  # time the encoders, not the memo of repeated texts
            start = time.perf_counter()
            rec.recommend(text)
            r = time.perf_counter() - start
            rec.clear_memo()
            start = time.perf_counter()
            rec.encode([make_query(text)])  # exactly the encoder work recommend() does
            u = time.perf_counter() - start
            full.append(r)
            bare.append(b)
            units.append(u)
            ratios.append(r / b)
            by_lang[lang].append(r)
    return WarmQuery(
        p50_ms=p50(full) * 1000,
        p95_ms=p95(full) * 1000,
        bare_p50_ms=p50(bare) * 1000,
        units_p50_ms=p50(units) * 1000,
        ratio=p50(ratios),
        by_language_p50_ms={lang: p50(v) * 1000 for lang, v in by_lang.items()},
    )
