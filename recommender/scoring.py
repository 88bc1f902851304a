"""Pure scoring functions over similarity arrays: segment maxima, aggregation, fusion, top-k.

Every function here takes and returns numpy arrays, has no state, and is tested against a
brute-force loop in tests/test_scoring.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = [
    "FIELDS",
    "GATE_FEATURES",
    "Calibration",
    "ScoringParams",
    "aggregate_units",
    "combine",
    "field_scores",
    "field_mean",
    "fit_logistic",
    "fit_logistic_nd",
    "fuse_zscores",
    "gate_features",
    "hub_prior",
    "logistic",
    "segment_max",
    "segment_top_mean",
    "top_k",
    "zscore",
    "zscore_rows",
]

#: The parts of a role that get their own vectors; order is the column order of field_scores.
FIELDS: tuple[str, ...] = ("title", "summary", "description", "task", "skill", "background")


@dataclass(frozen=True)
class ScoringParams:
    """How per-passage similarities become one score per role. Tuned on eval/, see docs/quality.md."""

    field_weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "title": 0.5,
            "summary": 0.5,
            "description": 1.0,
            "task": 0.5,
            "skill": 0.5,
            "background": 1.5,
        }
    )
    #: A field's score is the mean of its best passages, this many (1: the best one alone).
    passages_per_field: int = 2
    #: Share of the whole-text match in the score; the rest comes from the best sentences.
    whole_weight: float = 0.2
    #: How many of the best-matching sentences are averaged.
    top_sentences: int = 3
    #: How strongly a role's usual score (its pull on every profile) is subtracted.
    hub_penalty: float = 0.5
    #: How many encoders of a fused model (the first ones named) also score each sentence; the
    #: others score the whole text only.
    sentence_encoders: int = 1
    #: Weight of the z-scored BM25 keyword score fused with the dense score; 0 gives dense only.
    keyword_weight: float = 0.35
    #: How texts become keyword tokens (keywords.ANALYZERS) and which BM25 IDF is used.
    keyword_analyzer: str = "prefix7"
    keyword_idf: Literal["okapi", "lucene"] = "okapi"
    #: How many of the best background passages (the corpus' people and their job titles) the whole
    #: text is compared with, averaged, for the work gate's job-title likeness (`ranking.title_signal`).
    title_passages: int = 5

    def weights(self) -> np.ndarray:
        return np.array([float(self.field_weights.get(f, 0.0)) for f in FIELDS], dtype=np.float32)


@dataclass(frozen=True)
class Calibration:
    """What the build learns from the corpus and every query needs: hub priors and the match curve.

    `hub_prior` and `keyword_hub_prior` hold one figure per role (corpus order). The match of a
    role is the chance that the text speaks of a working life, read from the text's work-gate
    features (`gate_features`: its best absolute similarity to any role, the dense score before it
    is standardised; its best raw keyword score; for a short text, how much it reads like the
    corpus' job titles),
    times the chance that the role is acceptable for such a text, read from its final score (how
    it compares with the other roles):
    logistic(work_slopes . gate_features + work_intercept) * logistic(slope * final + intercept).
    """

    hub_prior: tuple[float, ...]
    keyword_hub_prior: tuple[float, ...]
    slope: float
    intercept: float
    #: One slope per work-gate feature (GATE_FEATURES); all zero with a large intercept: no gate.
    work_slopes: tuple[float, ...] = (0.0,) * 4
    work_intercept: float = 20.0  # no gate: every text is taken to speak of work
    #: What the match curve was fitted on, e.g. "backgrounds" or "personas+nonwork".
    fitted_on: str = "backgrounds"

    def fits(self, n_roles: int) -> bool:
        """Whether this calibration was made for a corpus of `n_roles` roles."""
        return len(self.hub_prior) == n_roles == len(self.keyword_hub_prior)

    def match(self, scores: np.ndarray, about_work: float = 1.0) -> np.ndarray:
        """The calibrated match in (0, 1): the chance that a role is an acceptable place for the text."""
        return logistic(scores, self.slope, self.intercept) * about_work

    def about_work(self, features: np.ndarray) -> float:
        """The chance that a text speaks of a working life, from its work-gate features (`gate_features`)."""
        z = float(np.dot(self.work_slopes, features)) + self.work_intercept
        return float(1.0 / (1.0 + np.exp(-z)))


#: What the work gate reads from a scored text, in this order (`gate_features`). Job-title likeness
#: counts for short texts only: a bare title has nothing else to show, while a working life told in
#: sentences is judged by what it says (noise such as reference codes lowers its likeness to a title).
GATE_FEATURES = (
    "best absolute similarity",
    "log1p of the best raw keyword score",
    "job-title likeness of a short text",
    "short text",
)


def gate_features(absolute: np.ndarray, keyword: np.ndarray, title: float, short: bool) -> np.ndarray:
    """(4,) work-gate features of one text: best absolute role score, log1p best raw BM25, and for a short
    text its job-title likeness and a 1 (both 0 for a longer text)."""
    best_keyword = float(np.log1p(max(float(keyword.max()), 0.0)))
    return np.array([float(absolute.max()), best_keyword, title if short else 0.0, 1.0 if short else 0.0])


def segment_max(sim: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Max of `sim` columns within each contiguous segment [starts[i], starts[i+1]).

    sim: (U, V); starts: (S,) strictly increasing, starts[0] == 0, all < V. Returns (U, S).
    """
    if sim.shape[1] == 0:
        return np.zeros((sim.shape[0], 0), dtype=sim.dtype)
    return np.maximum.reduceat(sim, starts, axis=1)


def segment_top_mean(sim: np.ndarray, starts: np.ndarray, m: int) -> np.ndarray:
    """Mean of the `m` largest finite `sim` values within each contiguous segment.

    Like `segment_max` (which it equals for m == 1), but a field is judged by its few best
    passages rather than one lucky match. Values of -inf (passages left out) are skipped; a
    segment with no finite value gives -inf. sim: (U, V); returns (U, S).

    The values are taken level by level, largest first: each round finds every segment's next
    lower value and how many times it occurs, so m rounds of segment maxima replace a sort of
    every row (0.24 against 0.42 ms on a query's 3,612 passages, m = 2, the same results).
    """
    if m <= 1 or sim.shape[1] == 0:
        return segment_max(sim, starts)
    lengths = np.diff(np.append(starts, sim.shape[1]))
    below = np.where(np.isfinite(sim), sim, -np.inf)  # the values not taken yet
    total = np.zeros((sim.shape[0], len(starts)))
    count = np.zeros((sim.shape[0], len(starts)), dtype=np.int64)
    for _ in range(m):
        level = np.maximum.reduceat(below, starts, axis=1)
        found = np.isfinite(level)
        if not found.any():
            break
        spread = np.repeat(level, lengths, axis=1)
        copies = np.add.reduceat(below == spread, starts, axis=1, dtype=np.int64)
        take = np.where(found, np.minimum(copies, m - count), 0)
        total += take * np.where(found, level, 0.0)
        count += take
        below = np.where(below < spread, below, -np.inf)
    out = np.where(count > 0, total / np.maximum(count, 1), -np.inf)
    return out.astype(sim.dtype)


def field_scores(seg: np.ndarray, seg_owner: np.ndarray, seg_field: np.ndarray, n_owners: int) -> np.ndarray:
    """Scatter segment maxima into a (U, n_owners, len(FIELDS)) array, NaN where a field is absent."""
    out = np.full((seg.shape[0], n_owners, len(FIELDS)), np.nan, dtype=np.float32)
    out[:, seg_owner, seg_field] = seg
    return out


def field_mean(per_field: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the last axis, ignoring NaN (absent fields): (..., F) -> (...)."""
    present = ~np.isnan(per_field)
    filled = np.where(present, per_field, 0.0)
    norm = (present * weights).sum(axis=-1)
    return (filled * weights).sum(axis=-1) / np.maximum(norm, 1e-9)


def aggregate_units(per_field: np.ndarray, params: ScoringParams) -> np.ndarray:
    """Weighted mean over fields, then whole text + best sentences: (..., U, R, F) -> (..., R).

    Unit 0 is the whole text; units 1.. are its sentences (there may be none). Leading axes are
    independent queries of the same number of units.
    """
    unit_scores = field_mean(per_field, params.weights())  # (..., U, R)
    whole = unit_scores[..., 0, :]
    if unit_scores.shape[-2] <= 1:
        return whole
    sentences = -np.sort(-unit_scores[..., 1:, :], axis=-2)
    best = sentences[..., : max(1, params.top_sentences), :].mean(axis=-2)
    return params.whole_weight * whole + (1.0 - params.whole_weight) * best


def hub_prior(scores: np.ndarray, is_own: np.ndarray) -> np.ndarray:
    """Mean score of each role over the queries that belong to other roles: (P, R), (P, R) -> (R,).

    A role that scores high on everybody's text is a hub; its prior is subtracted from its scores.
    """
    n_others = np.maximum((~is_own).sum(axis=0), 1)  # a one-role corpus has no other queries
    return np.where(is_own, 0.0, scores).sum(axis=0) / n_others


def combine(
    dense: np.ndarray, keyword: np.ndarray, dense_prior: np.ndarray, keyword_prior: np.ndarray, params: ScoringParams
) -> np.ndarray:
    """Final score: z-scored dense and keyword signals, each less its hub prior, weighted."""
    dense_part = dense - params.hub_penalty * dense_prior
    if not params.keyword_weight:
        return dense_part
    return dense_part + params.keyword_weight * (keyword - params.hub_penalty * keyword_prior)


def zscore(scores: np.ndarray) -> np.ndarray:
    """Standardise a score vector (mean 0, std 1); a constant vector becomes zeros."""
    std = float(scores.std())
    if std < 1e-9:
        return np.zeros_like(scores)
    return (scores - scores.mean()) / std


def fuse_zscores(per_encoder: Sequence[np.ndarray]) -> np.ndarray:
    """Mean of each encoder's z-scored role scores: puts encoders with different score ranges on par."""
    return np.mean([zscore(s) for s in per_encoder], axis=0)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest scores, best first; ties go to the lower index."""
    k = max(0, min(k, len(scores)))
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(scores)), -scores))
    return order[:k]


def zscore_rows(scores: np.ndarray) -> np.ndarray:
    """z-score each row of a 2-D array independently."""
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    return np.where(std < 1e-9, 0.0, (scores - mean) / np.maximum(std, 1e-9))


def fit_logistic(x: np.ndarray, y: np.ndarray, iterations: int = 50) -> tuple[float, float]:
    """Class-balanced 1-D logistic regression by Newton's method; returns (slope, intercept)."""
    slope, intercept = fit_logistic_nd(np.asarray(x, dtype=np.float64)[:, None], y, iterations, balanced=True)
    return float(slope[0]), intercept


def fit_logistic_nd(
    x: np.ndarray, y: np.ndarray, iterations: int = 50, *, balanced: bool = False
) -> tuple[np.ndarray, float]:
    """Logistic regression of y on the columns of x by Newton's method; returns (slopes, intercept).

    `balanced` weighs both classes equally; otherwise the fitted probabilities keep the base rate.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n_pos, n_neg = y.sum(), (1 - y).sum()
    if n_pos == 0 or n_neg == 0:
        return np.ones(x.shape[1]), 0.0
    w = np.where(y > 0, 0.5 / n_pos, 0.5 / n_neg) if balanced else np.full(len(y), 1.0 / len(y))
    X = np.concatenate([x, np.ones((len(x), 1))], axis=1)
    beta = np.zeros(X.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        grad = X.T @ (w * (y - p))
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + 1e-6 * np.eye(X.shape[1])
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def logistic(x: np.ndarray | float, slope: float, intercept: float) -> np.ndarray:
    """Map a score to (0, 1)."""
    return 1.0 / (1.0 + np.exp(-(slope * np.asarray(x, dtype=np.float64) + intercept)))
