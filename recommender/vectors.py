"""A FAISS inner-product index that picks exact or approximate search by size, and saves atomically.

Below `APPROXIMATE_FROM` vectors the index is exact (a flat scan, perfect recall). From there on it
is an inverted file (IVF): k-means cells, of which a query scans the `IVF_NPROBE` nearest. The cells
hold 8-bit codes of the vectors, a quarter of the bytes to read per candidate, and the best
candidates are re-scored on the full vectors, so the scores returned are exact inner products. HNSW
is kept as an explicit choice. The threshold and the parameters come from `make bench` (see
docs/performance.md): IVF met the 1M targets with a build several times faster than HNSW.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

from .errors import IndexStoreError

__all__ = ["APPROXIMATE_FROM", "APPROXIMATE_KIND", "IndexKind", "VectorIndex"]

log = logging.getLogger(__name__)

#: From this many vectors on, search switches from exact (flat) to APPROXIMATE_KIND; see docs/performance.md.
APPROXIMATE_FROM = 20_000
IndexKind = Literal["exact", "ivf", "hnsw"]
APPROXIMATE_KIND: IndexKind = "ivf"

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96

#: Cells per index are about IVF_LISTS_PER_ROOT * sqrt(n), capped; each cell is trained on this many points.
IVF_LISTS_PER_ROOT = 2.0
IVF_MAX_LISTS = 4096
IVF_TRAIN_PER_LIST = 40
IVF_KMEANS_ITERATIONS = 10
IVF_NPROBE = 32
#: The IVF search keeps this many times k candidates by their 8-bit codes, then re-scores them exactly.
IVF_REFINE_FACTOR = 2.0
_SEED = 1234
#: Searches of fewer query rows than this run on one OpenMP thread: on a busy 2-core machine, two
#: spinning threads made a one-query flat search over 10k vectors 60x slower (docs/performance.md).
SINGLE_THREAD_BELOW = 16


def ivf_lists(n: int) -> int:
    """Number of IVF cells for n vectors: ~2*sqrt(n), and never more than the points can train."""
    return max(1, min(IVF_MAX_LISTS, round(IVF_LISTS_PER_ROOT * math.sqrt(n)), n // IVF_TRAIN_PER_LIST))


def _ivf_of(index: faiss.Index) -> faiss.IndexIVF | None:
    """The inverted file inside `index` (itself, or the base of a re-scoring wrapper), if any."""
    if isinstance(index, faiss.IndexRefine):
        index = faiss.downcast_index(index.base_index)
    return index if isinstance(index, faiss.IndexIVF) else None


def _kind_of(index: faiss.Index) -> IndexKind:
    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    if _ivf_of(index) is not None:
        return "ivf"
    return "exact"


def _build_ivf(vectors: np.ndarray) -> faiss.Index:
    n, dim = vectors.shape
    nlist = ivf_lists(n)
    quantizer = faiss.IndexFlatIP(dim)
    codes = faiss.ScalarQuantizer.QT_8bit
    ivf = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, codes, faiss.METRIC_INNER_PRODUCT)
    ivf.cp.niter = IVF_KMEANS_ITERATIONS
    ivf.cp.seed = _SEED
    sample = min(n, nlist * IVF_TRAIN_PER_LIST)
    rows = np.sort(np.random.default_rng(_SEED).choice(n, size=sample, replace=False)) if sample < n else slice(None)
    ivf.train(np.ascontiguousarray(vectors[rows]))
    index = faiss.IndexRefineFlat(ivf)
    index.k_factor = IVF_REFINE_FACTOR
    return index  # faiss' Python wrapper keeps `quantizer` and `ivf` alive as long as `index`


class VectorIndex:
    """Normalised vectors searched by inner product (= cosine)."""

    def __init__(self, index: faiss.Index):
        self._index = index
        self.kind: IndexKind = _kind_of(index)
        ivf = _ivf_of(index)
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        elif ivf is not None:
            ivf.nprobe = min(IVF_NPROBE, ivf.nlist)

    @classmethod
    def build(cls, vectors: np.ndarray, kind: IndexKind | None = None) -> VectorIndex:
        """Index rows of `vectors`; `kind` defaults to exact below APPROXIMATE_FROM rows, APPROXIMATE_KIND above.

        An empty index is always exact: there is nothing to train an IVF on.
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"expected a 2-D array of vectors, got shape {vectors.shape}")
        n, dim = vectors.shape
        chosen: IndexKind = kind or (APPROXIMATE_KIND if n >= APPROXIMATE_FROM else "exact")
        if chosen == "ivf" and n == 0:
            chosen = "exact"
        index: faiss.Index
        if chosen == "hnsw":
            hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index = hnsw
        elif chosen == "ivf":
            index = _build_ivf(vectors)
        else:
            index = faiss.IndexFlatIP(dim)
        if n:
            index.add(vectors)
        log.info("vector index: %s over %d vectors of dimension %d", chosen, n, dim)
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
        if len(queries) >= SINGLE_THREAD_BELOW:
            return self._index.search(queries, k)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # per calling thread in libgomp, so other threads keep theirs
        try:
            return self._index.search(queries, k)
        finally:
            faiss.omp_set_num_threads(threads)

    def vectors(self) -> np.ndarray:
        """All stored vectors as a (n, dim) array, in insertion order."""
        if not len(self):
            return np.zeros((0, self.dim), dtype=np.float32)
        index = self._index
        if isinstance(index, faiss.IndexHNSW):
            return faiss.downcast_index(index.storage).reconstruct_n(0, len(self))
        if isinstance(index, faiss.IndexRefine):
            return faiss.downcast_index(index.refine_index).reconstruct_n(0, len(self))  # the full vectors
        if isinstance(index, faiss.IndexIVF):
            index.make_direct_map()  # id -> (cell, offset), needed to read vectors back by id
        return index.reconstruct_n(0, len(self))

    def nbytes(self) -> int:
        """Size of the index as saved (vectors plus cells or graph links): about what it holds in memory."""
        return int(faiss.serialize_index(self._index).nbytes)

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
            raise IndexStoreError(
                f"cannot write index file {str(path)!r}: {exc}; check the cache folder is writable"
            ) from exc

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        try:
            return cls(faiss.read_index(str(path)))
        except (OSError, RuntimeError) as exc:
            raise IndexStoreError(f"cannot read index file {str(path)!r}: {str(exc).splitlines()[0][:160]}") from exc
