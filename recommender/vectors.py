"""A FAISS inner-product index that picks exact or approximate search by size, and saves atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

from .errors import IndexStoreError

__all__ = ["APPROXIMATE_FROM", "VectorIndex"]

#: From this many vectors on, search switches from exact (flat) to HNSW; see docs/performance.md.
APPROXIMATE_FROM = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96

IndexKind = Literal["exact", "hnsw"]


class VectorIndex:
    """Normalised vectors searched by inner product (= cosine)."""

    def __init__(self, index: faiss.Index):
        self._index = index
        self.kind: IndexKind = "hnsw" if isinstance(index, faiss.IndexHNSW) else "exact"
        if self.kind == "hnsw":
            index.hnsw.efSearch = HNSW_EF_SEARCH

    @classmethod
    def build(cls, vectors: np.ndarray, kind: IndexKind | None = None) -> VectorIndex:
        """Index rows of `vectors`; `kind` defaults to exact below APPROXIMATE_FROM rows, HNSW above."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"expected a 2-D array of vectors, got shape {vectors.shape}")
        chosen = kind or ("hnsw" if len(vectors) >= APPROXIMATE_FROM else "exact")
        dim = vectors.shape[1]
        if chosen == "hnsw":
            index: faiss.Index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            index = faiss.IndexFlatIP(dim)
        if len(vectors):
            index.add(vectors)
        return cls(index)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query row, best first; ids are -1 where fewer than k exist."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if queries.ndim == 1:
            queries = queries[None, :]
        k = max(1, min(k, len(self))) if len(self) else 1
        scores, ids = self._index.search(queries, k)
        return scores, ids

    def vectors(self) -> np.ndarray:
        """All stored vectors as a (n, dim) array."""
        if not len(self):
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.kind == "hnsw":
            storage = faiss.downcast_index(self._index.storage)
            return storage.reconstruct_n(0, len(self))
        return self._index.reconstruct_n(0, len(self))

    def save(self, path: Path) -> None:
        """Write to `path` through a temporary file and a rename, so readers never see half a file."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            faiss.write_index(self._index, str(tmp))
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except (OSError, RuntimeError) as exc:
            tmp.unlink(missing_ok=True)
            raise IndexStoreError(f"cannot write index file {str(path)!r}: {exc}; check the cache folder is writable") from exc

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        try:
            return cls(faiss.read_index(str(path)))
        except (OSError, RuntimeError) as exc:
            raise IndexStoreError(f"cannot read index file {str(path)!r}: {str(exc).splitlines()[0][:160]}") from exc
