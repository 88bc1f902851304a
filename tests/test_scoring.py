"""Pure scoring functions against brute-force numpy oracles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from recommender.scoring import (
    FIELDS,
    ScoringParams,
    aggregate_units,
    combine,
    field_mean,
    field_scores,
    fit_logistic,
    fuse_zscores,
    hub_prior,
    logistic,
    segment_max,
    segment_top_mean,
    top_k,
    zscore,
    zscore_rows,
)

finite = st.floats(-1, 1, allow_nan=False, width=32)


@st.composite
def segmented(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n_units = draw(st.integers(1, 5))
    lengths = draw(st.lists(st.integers(1, 4), min_size=1, max_size=8))
    sim = draw(arrays(np.float32, (n_units, sum(lengths)), elements=finite))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    return sim, starts


@given(segmented())
def test_segment_max_matches_loop(case: tuple[np.ndarray, np.ndarray]) -> None:
    sim, starts = case
    bounds = [*starts.tolist(), sim.shape[1]]
    expected = np.array([[row[bounds[i] : bounds[i + 1]].max() for i in range(len(starts))] for row in sim])
    np.testing.assert_array_equal(segment_max(sim, starts), expected)


@given(segmented(), st.integers(1, 5), st.data())
def test_segment_top_mean_matches_loop(case: tuple[np.ndarray, np.ndarray], m: int, data: st.DataObject) -> None:
    sim, starts = case
    left_out = data.draw(arrays(np.bool_, sim.shape))  # passages left out are -inf, as in calibration
    sim = np.where(left_out, -np.inf, sim).astype(np.float32)
    bounds = [*starts.tolist(), sim.shape[1]]
    expected = np.full((sim.shape[0], len(starts)), -np.inf)
    for u, row in enumerate(sim):
        for i in range(len(starts)):
            values = sorted((v for v in row[bounds[i] : bounds[i + 1]] if np.isfinite(v)), reverse=True)[:m]
            if values:
                expected[u, i] = sum(values) / len(values)
    np.testing.assert_allclose(segment_top_mean(sim, starts, m), expected, rtol=1e-5, atol=1e-6)


def test_segment_top_mean_of_one_is_segment_max() -> None:
    sim = np.array([[0.1, 0.9, -0.2, 0.4, 0.3]], dtype=np.float32)
    starts = np.array([0, 2, 3])
    np.testing.assert_array_equal(segment_top_mean(sim, starts, 1), segment_max(sim, starts))
    np.testing.assert_allclose(segment_top_mean(sim, starts, 2), [[0.5, -0.2, 0.35]], rtol=1e-6)


def test_field_scores_scatters_and_marks_absent() -> None:
    seg = np.array([[0.1, 0.2, 0.3]], dtype=np.float32)
    out = field_scores(seg, np.array([0, 0, 1]), np.array([0, 5, 2]), n_owners=2)
    assert out.shape == (1, 2, len(FIELDS))
    assert (
        out[0, 0, 0] == pytest.approx(0.1) and out[0, 0, 5] == pytest.approx(0.2) and out[0, 1, 2] == pytest.approx(0.3)
    )
    assert np.isnan(out[0, 1, 0]) and np.isnan(out[0, 0, 1])


@given(
    arrays(np.float32, (3, 4, len(FIELDS)), elements=finite),
    st.lists(st.booleans(), min_size=len(FIELDS), max_size=len(FIELDS)),
)
def test_field_mean_ignores_absent_fields(values: np.ndarray, absent: list[bool]) -> None:
    values = values.copy()
    values[..., np.array(absent)] = np.nan
    weights = ScoringParams().weights()
    got = field_mean(values, weights)
    for idx in np.ndindex(values.shape[:2]):
        keep = ~np.isnan(values[idx])
        expected = (values[idx][keep] * weights[keep]).sum() / weights[keep].sum() if keep.any() else 0.0
        assert got[idx] == pytest.approx(expected, abs=1e-5)


def test_aggregate_units_mixes_whole_text_and_best_sentences() -> None:
    params = ScoringParams(field_weights={f: 1.0 for f in FIELDS}, whole_weight=0.5, top_sentences=2)
    per_unit = np.array([[0.2, 0.4], [0.9, 0.0], [0.1, 0.8], [0.5, 0.6]], dtype=np.float32)  # (U=4, R=2)
    per_field = np.repeat(per_unit[:, :, None], len(FIELDS), axis=2)
    got = aggregate_units(per_field, params)
    expected = [0.5 * 0.2 + 0.5 * (0.9 + 0.5) / 2, 0.5 * 0.4 + 0.5 * (0.8 + 0.6) / 2]
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    single = aggregate_units(per_field[:1], params)
    np.testing.assert_allclose(single, per_unit[0], rtol=1e-6)


@given(arrays(np.float64, st.integers(2, 30), elements=st.floats(-100, 100)))
def test_zscore_is_standardised(x: np.ndarray) -> None:
    z = zscore(x)
    if x.std() < 1e-9:
        assert not z.any()
    else:
        assert z.mean() == pytest.approx(0, abs=1e-6) and z.std() == pytest.approx(1, abs=1e-6)


def test_zscore_rows_and_fusion_put_scales_on_par() -> None:
    a = np.array([0.1, 0.2, 0.3])
    b = a * 10 + 5
    np.testing.assert_allclose(fuse_zscores([a, b]), zscore(a), atol=1e-9)
    np.testing.assert_allclose(zscore_rows(np.stack([a, b])), np.stack([zscore(a), zscore(b)]))


@settings(max_examples=200)
@given(arrays(np.float64, st.integers(0, 40), elements=st.integers(-5, 5).map(float)), st.integers(0, 50))
def test_top_k_matches_sorted_oracle(scores: np.ndarray, k: int) -> None:
    expected = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]
    assert top_k(scores, k).tolist() == expected


def test_fit_logistic_separates_classes() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(2, 1, 200), rng.normal(-1, 1, 2000)])
    y = np.concatenate([np.ones(200), np.zeros(2000)])
    slope, intercept = fit_logistic(x, y)
    assert slope > 0
    assert logistic(2.0, slope, intercept) > 0.8 > 0.2 > logistic(-1.0, slope, intercept)
    assert 0.3 < float(logistic(0.5, slope, intercept)) < 0.7  # balanced classes: the midpoint is near 0.5


@settings(max_examples=100)
@given(st.integers(1, 6), st.integers(1, 5), st.data())
def test_hub_prior_is_the_mean_over_other_roles_queries(n_queries: int, n_roles: int, data: st.DataObject) -> None:
    owners = np.array(data.draw(st.lists(st.integers(0, n_roles - 1), min_size=n_queries, max_size=n_queries)))
    scores = data.draw(arrays(np.float64, (n_queries, n_roles), elements=st.integers(-9, 9).map(float)))
    is_own = owners[:, None] == np.arange(n_roles)[None, :]
    expected = []
    for role in range(n_roles):
        others = [scores[q, role] for q in range(n_queries) if owners[q] != role]
        expected.append(sum(others) / len(others) if others else 0.0)
    np.testing.assert_allclose(hub_prior(scores, is_own), expected)


def test_combine_weights_each_signal_less_its_prior() -> None:
    dense, keyword = np.array([1.0, 0.0, -1.0]), np.array([0.0, 2.0, -2.0])
    dense_prior, keyword_prior = np.array([0.5, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    params = ScoringParams(hub_penalty=1.0, keyword_weight=0.5)
    np.testing.assert_allclose(combine(dense, keyword, dense_prior, keyword_prior, params), [0.5, 0.5, -2.0])
    dense_only = ScoringParams(hub_penalty=1.0, keyword_weight=0.0)
    np.testing.assert_allclose(combine(dense, keyword, dense_prior, keyword_prior, dense_only), [0.5, 0.0, -1.0])
