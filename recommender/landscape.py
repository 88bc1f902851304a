"""A 2-D map of the roles: PCA of role centroids, with a person's text placed on it. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .corpus import Role

__all__ = ["Landscape", "RolePoint", "centroids", "pca_fit", "pca_project", "role_landscape"]


@dataclass(frozen=True)
class RolePoint:
    """A role's position on the map."""

    role_id: str
    family: str
    x: float
    y: float


@dataclass(frozen=True)
class Landscape:
    """Every role on the map and, when a text was given, where that text lands."""

    points: tuple[RolePoint, ...]
    you: tuple[float, float] | None = None
    highlighted: tuple[str, ...] = ()


def centroids(vectors: np.ndarray, owner: np.ndarray, n_owners: int) -> np.ndarray:
    """Mean vector per owner, L2-normalised: (V, d) -> (n_owners, d)."""
    sums = np.zeros((n_owners, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, owner, vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.maximum(norms, 1e-12)).astype(np.float32)


def pca_fit(points: np.ndarray, dims: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Mean and top principal axes (dims, d) of the rows of `points`; signs fixed for stable maps."""
    mean = points.mean(axis=0)
    _, _, vt = np.linalg.svd(points - mean, full_matrices=False)
    axes = vt[:dims]
    signs = np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])
    return mean, axes * signs[:, None]


def pca_project(points: np.ndarray, mean: np.ndarray, axes: np.ndarray) -> np.ndarray:
    """Coordinates of rows of `points` on the principal axes."""
    return (np.atleast_2d(points) - mean) @ axes.T


def role_landscape(
    roles: Sequence[Role],
    role_vectors: Sequence[np.ndarray],
    owner: np.ndarray,
    text_vectors: Sequence[np.ndarray] | None = None,
    highlight: Sequence[str] = (),
) -> Landscape:
    """Every role on the map (PCA of role centroids, encoders side by side) and, given its vectors, the text's place.

    role_vectors[e]: (V, d_e) role passages of encoder e, `owner` their role; text_vectors[e]: the
    text's units for encoder e, whole text first.
    """
    joined = np.concatenate([centroids(v, owner, len(roles)) for v in role_vectors], axis=1)
    mean, axes = pca_fit(joined)
    xy = pca_project(joined, mean, axes)
    points = tuple(RolePoint(r.id, r.family, float(x), float(y)) for r, (x, y) in zip(roles, xy, strict=True))
    you = None
    if text_vectors is not None:
        qx, qy = pca_project(np.concatenate([v[:1] for v in text_vectors], axis=1), mean, axes)[0]
        you = (float(qx), float(qy))
    return Landscape(points, you, tuple(highlight))
