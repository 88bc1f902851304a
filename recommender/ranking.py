"""Role scoring: one chain from similarities to final scores, used by every query and by the calibration.

unit similarities -> best passages per field -> field mean -> whole text + best sentences
-> z-score per query, mean over encoders (dense)  +  z-scored BM25 (keyword)
-> each less its hub prior, weighted (final)  -> preferences and filters (ranking)
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from .calibration import SHORT_WORDS
from .corpus import Role
from .keywords import KeywordIndex
from .passages import RoleLayout
from .query import Query
from .scoring import (
    FIELDS,
    Calibration,
    ScoringParams,
    aggregate_units,
    combine,
    field_scores,
    gate_features,
    segment_top_mean,
    zscore_rows,
)
from .space import RoleSpace

__all__ = [
    "PREFERENCE_BONUS",
    "TextScores",
    "score_text",
    "title_signal",
    "dense_signal",
    "dense_signals",
    "keyword_raw",
    "final_scores",
    "keyword_signal",
    "preference_shift",
    "role_mask",
]

#: Score shifts (in standard deviations of the fused score) applied by each preference, keyed by
#: technical level, family or role id.
PREFERENCE_BONUS: dict[str, dict[str, float]] = {
    "no-code": {"code": -1.5, "low-code": -0.4},
    "people": {"adoption-people": 0.8, "law-ethics-society": 0.3},
    "creative": {"creative-communication": 0.8},
    "technical": {"technical": 0.8},
    # applied from wishes read in the text (wishes.WISH_PREFERENCE), not offered as toggles; a stated
    # refusal to code weighs twice the toggle: the person said it in their own words
    "no-code-stated": {"code": -3.0, "low-code": -0.4},
    "no-management": {"ai-project-manager": -0.8, "ai-product-manager": -0.5, "ai-change-manager": -0.5},
    "own-field": {"applied-domain": 0.5},
    "rights": {"law-ethics-society": 0.8},
}


def dense_signal(sims: Sequence[np.ndarray], layout: RoleLayout, n_roles: int, params: ScoringParams) -> np.ndarray:
    """Role scores from each encoder's unit similarities, z-scored per query and averaged over encoders.

    sims[e]: (Q, U, V) similarities of Q queries' U units (whole text first) to the V role passages,
    -inf for passages left out. Encoders may see different numbers of units. Returns (Q, R).
    """
    return dense_signals(sims, layout, n_roles, params)[0]


def dense_signals(
    sims: Sequence[np.ndarray], layout: RoleLayout, n_roles: int, params: ScoringParams
) -> tuple[np.ndarray, np.ndarray]:
    """The dense signal (as `dense_signal`) and the absolute one, from one pass over the similarities.

    The absolute signal is the dense role scores before standardising, averaged over encoders:
    how much a text speaks of each role's work at all. Both (Q, R).
    """
    raw = _raw_dense(sims, layout, n_roles, params)
    return np.mean([zscore_rows(r) for r in raw], axis=0), np.mean(raw, axis=0)


def _raw_dense(sims: Sequence[np.ndarray], layout: RoleLayout, n_roles: int, params: ScoringParams) -> list[np.ndarray]:
    parts = []
    for sim in sims:
        n_queries, n_units, n_passages = sim.shape
        seg = segment_top_mean(sim.reshape(n_queries * n_units, n_passages), layout.starts, params.passages_per_field)
        per_field = field_scores(seg, layout.seg_owner, layout.seg_field, n_roles)
        per_field = per_field.reshape(n_queries, n_units, n_roles, len(FIELDS))
        per_field[~np.isfinite(per_field)] = np.nan  # a field whose only passage was left out counts as absent
        parts.append(aggregate_units(per_field, params))
    return parts


def keyword_signal(
    index: KeywordIndex,
    queries: Sequence[Sequence[str]],
    leave_out: Sequence[tuple[int, Sequence[str]]] | None = None,
) -> np.ndarray:
    """z-scored BM25 scores of tokenised queries against every role: (Q, R).

    `leave_out[i] = (role, tokens)` scores query i as if those tokens were not in that role's text.
    """
    return zscore_rows(keyword_raw(index, queries, leave_out))


def keyword_raw(
    index: KeywordIndex,
    queries: Sequence[Sequence[str]],
    leave_out: Sequence[tuple[int, Sequence[str]]] | None = None,
) -> np.ndarray:
    """BM25 scores of tokenised queries against every role, before standardising: (Q, R)."""
    rows = [
        index.scores(tokens, leave_out=None if leave_out is None else leave_out[i]) for i, tokens in enumerate(queries)
    ]
    return np.stack(rows) if rows else np.zeros((0, len(index)))


def final_scores(dense: np.ndarray, keyword: np.ndarray, calibration: Calibration, params: ScoringParams) -> np.ndarray:
    """Dense and keyword signals fused, each less its hub prior: (Q, R) -> (Q, R)."""
    dense_prior = np.asarray(calibration.hub_prior, dtype=np.float32)
    keyword_prior = np.asarray(calibration.keyword_hub_prior, dtype=np.float32)
    return combine(dense, keyword, dense_prior, keyword_prior, params)


@dataclass(frozen=True)
class TextScores:
    """One text scored against every role, with what the evidence and the match need besides."""

    final: np.ndarray  # (R,) final scores
    sims: list[np.ndarray]  # per encoder, (U, V) unit-to-passage similarities
    absolute: np.ndarray  # (R,) dense scores before standardising
    keyword: np.ndarray  # (R,) BM25 scores before standardising
    gate: np.ndarray  # (4,) the work gate's features (scoring.gate_features)


def title_signal(space: RoleSpace, sims: Sequence[np.ndarray], params: ScoringParams) -> float:
    """How much the whole text reads like the corpus' own people: a job title, a working life.

    The mean of the whole text's `params.title_passages` best similarities to background passages
    (first person, each opening on a job title), averaged over encoders. A bare title ("boucher",
    "locksmith") is far from every role's description yet close to a few backgrounds; "bonjour"
    or "hello" is close to none. sims[e]: (U, V), whole text first.
    """
    mask = space.field_mask(("background",))
    m = int(min(max(params.title_passages, 1), mask.sum()))
    if m == 0:
        return 0.0
    best = [np.partition(s[0, mask], -m)[-m:].mean() for s in sims]
    return float(np.mean(best))


def score_text(
    space: RoleSpace,
    role_vectors: Sequence[np.ndarray],
    query: Query,
    vectors: Sequence[np.ndarray],
    calibration: Calibration,
    params: ScoringParams,
) -> TextScores:
    """The whole chain for one text, its units encoded (`vectors[e]`: (U, d)): queries and the match fit share it."""
    # passages @ units.T, not units @ passages.T: the same products, and OpenBLAS splits the long side across its
    # threads; measured 0.74 against 1.57 ms on one thread, 7.9 against 14.9 ms while another process held a core
    sims = [np.ascontiguousarray((passages @ units.T).T) for passages, units in zip(role_vectors, vectors, strict=True)]
    dense, absolute = dense_signals([s[None] for s in sims], space.layout, space.n_roles, params)
    raw = keyword_raw(space.keywords, [space.analyze(query.matched[0], query.prepared.language)])
    final = final_scores(dense, zscore_rows(raw), calibration, params)[0]
    short = len(query.prepared.text.split()) < SHORT_WORDS
    title = title_signal(space, sims, params) if short else 0.0  # the gate reads it on short texts only
    gate = gate_features(absolute[0], raw[0], title, short)
    return TextScores(final, sims, absolute[0], raw[0], gate)


def preference_shift(roles: Sequence[Role], preferences: Collection[str]) -> np.ndarray:
    """The score shift each role gets from the person's preferences: (R,)."""
    shift = np.zeros(len(roles))
    for pref in preferences:
        bonus = PREFERENCE_BONUS[pref]
        shift += np.array(
            [bonus.get(r.technical_level, 0.0) + bonus.get(r.family, 0.0) + bonus.get(r.id, 0.0) for r in roles]
        )
    return shift


def role_mask(roles: Sequence[Role], levels: Collection[str], families: Collection[str]) -> np.ndarray:
    """Which roles pass the filters (an empty filter keeps every role): (R,) booleans."""
    keep = np.ones(len(roles), dtype=bool)
    if levels:
        keep &= np.array([r.technical_level in levels for r in roles])
    if families:
        keep &= np.array([r.family in families for r in roles])
    return keep
