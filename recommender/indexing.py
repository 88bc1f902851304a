"""Index build and calibration: embed every passage, learn the hub priors and the match curve from the corpus.

`build_index` is the public entry point the engine and the benchmarks call; `open_index` loads the
cached index for a fingerprint or builds and saves it.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from .calibration import LabelledText, fit_match, set_digest
from .encoders import Encoder, Kind
from .errors import InputError
from .memo import VectorMemo
from .query import encode_queries, make_query
from .ranking import dense_signal, final_scores, keyword_signal, score_text
from .scoring import GATE_FEATURES, Calibration, ScoringParams, fit_logistic, hub_prior
from .space import RoleSpace
from .store import FORMAT_VERSION, IndexFiles, Manifest, fingerprint_of, open_or_build
from .vectors import VectorIndex

__all__ = [
    "ENCODE_BATCH",
    "LabelledScores",
    "build_index",
    "calibrate",
    "index_fingerprint",
    "open_index",
    "score_labelled",
]

#: Texts per encoder call during a build.
ENCODE_BATCH = 64


def _encode_all(encoder: Encoder, texts: list[str], kind: Kind, label: str, progress: bool) -> np.ndarray:
    """Encode in batches, with a progress bar on long work."""
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    batches: Iterable[int] = range(0, len(texts), ENCODE_BATCH)
    if progress and len(texts) > ENCODE_BATCH:
        from tqdm import tqdm

        batches = tqdm(batches, desc=label, unit="batch", leave=False)
    parts = [encoder.encode(texts[i : i + ENCODE_BATCH], kind) for i in batches]
    return np.concatenate(parts, axis=0)


def index_fingerprint(
    model: str, encoders: Sequence[Encoder], corpus_fingerprint: str, params: ScoringParams, labelled: str = ""
) -> str:
    """Everything that decides the index's content: model, encoders, corpus, scoring parameters, calibration texts."""
    scoring = json.dumps(asdict(params), sort_keys=True, default=str)
    return fingerprint_of(model, "|".join(e.id for e in encoders), corpus_fingerprint, scoring, labelled)


def calibrate(
    space: RoleSpace, role_vectors: Sequence[np.ndarray], pseudo_vectors: Sequence[np.ndarray], params: ScoringParams
) -> Calibration:
    """Hub priors and match calibration from the corpus' own backgrounds used as held-out queries.

    Each background is scored against every role with itself left out, by the same chain as a
    query (`ranking`). A role's prior, per signal, is its mean score over the backgrounds of other
    roles: roles that pull every profile get a high prior. The calibration maps a final score to
    the chance that it is the right role.
    """
    rows = space.background_rows()
    sims = []
    for vecs, queries in zip(role_vectors, pseudo_vectors, strict=True):
        sim = queries @ vecs.T
        sim[np.arange(len(rows)), rows] = -np.inf
        sims.append(sim[:, None, :])  # one unit per query
    dense = dense_signal(sims, space.layout, space.n_roles, params)
    owner = space.role_owner[rows]
    tokens = [space.role_tokens[i] for i in rows]
    keyword = keyword_signal(space.keywords, tokens, [(int(o), t) for o, t in zip(owner, tokens, strict=True)])
    is_own = owner[:, None] == np.arange(space.n_roles)[None, :]
    dense_prior, keyword_prior = hub_prior(dense, is_own), hub_prior(keyword, is_own)
    uncalibrated = Calibration(tuple(dense_prior.tolist()), tuple(keyword_prior.tolist()), 1.0, 0.0)
    final = final_scores(dense, keyword, uncalibrated, params)
    slope, intercept = fit_logistic(final.ravel(), is_own.ravel().astype(np.float64))
    return Calibration(
        hub_prior=tuple(round(float(x), 6) for x in dense_prior),
        keyword_hub_prior=tuple(round(float(x), 6) for x in keyword_prior),
        slope=slope,
        intercept=intercept,
    )


@dataclass(frozen=True)
class LabelledScores:
    """Labelled texts scored as queries are: what the match curve and the work gate are fitted on."""

    final: np.ndarray  # (N, R) final role scores
    gate: np.ndarray  # (N, G) work-gate features (scoring.gate_features)
    acceptable: np.ndarray  # (N, R) which roles an adviser accepts for each text
    work: np.ndarray  # (N,) which texts speak of a working life


def score_labelled(
    space: RoleSpace,
    encoders: Sequence[Encoder],
    role_vectors: Sequence[np.ndarray],
    calibration: Calibration,
    params: ScoringParams,
    labelled: Sequence[LabelledText],
) -> LabelledScores:
    """Score each usable labelled text with the query chain (texts the engine refuses are skipped)."""
    known = {r.id: i for i, r in enumerate(space.corpus.roles)}
    queries, kept = [], []
    for item in labelled:
        try:
            queries.append(make_query(item.text))
        except InputError:
            continue
        kept.append(item)
    acceptable = np.zeros((len(kept), space.n_roles), dtype=bool)
    for row, item in zip(acceptable, kept, strict=True):
        row[[known[e] for e in item.expect if e in known]] = True
    encoded = encode_queries(encoders, VectorMemo(), queries, params.sentence_encoders) if queries else []
    scored = [
        score_text(space, role_vectors, query, vectors, calibration, params)
        for query, vectors in zip(queries, encoded, strict=True)
    ]
    final = np.array([s.final for s in scored]).reshape(len(kept), space.n_roles)
    gate = np.array([s.gate for s in scored]).reshape(len(kept), len(GATE_FEATURES))
    return LabelledScores(final, gate, acceptable, np.array([item.work for item in kept], dtype=bool))


def fit_match_curve(calibration: Calibration, scores: LabelledScores) -> Calibration:
    """The calibration with its match curve refitted on labelled texts scored as queries are (`score_labelled`)."""
    if not scores.acceptable.any():
        return calibration
    slope, intercept, work_slopes, work_intercept = fit_match(scores.final, scores.gate, scores.acceptable, scores.work)
    if scores.work.all():  # no text about nothing: no gate can be learnt
        work_slopes, work_intercept = (0.0,) * len(work_slopes), 20.0
    return replace(
        calibration,
        slope=slope,
        intercept=intercept,
        work_slopes=work_slopes,
        work_intercept=work_intercept,
        fitted_on="labelled texts",
    )


def build_index(
    space: RoleSpace,
    encoders: Sequence[Encoder],
    params: ScoringParams,
    *,
    model: str,
    fingerprint: str,
    progress: bool = False,
    labelled: Sequence[LabelledText] = (),
) -> IndexFiles:
    """Embed every role and reading passage with each encoder, calibrate, and return the index in memory."""
    role_texts = [p.text for p in space.role_passages]
    reading_texts = [p.text for p in space.reading_passages]
    queries = [role_texts[i] for i in space.background_rows()]
    roles, readings, pseudo_vectors = [], [], []
    for enc in encoders:
        role_vecs = _encode_all(enc, role_texts, "passage", f"roles [{enc.id}]", progress)
        roles.append(VectorIndex.build(role_vecs, kind="exact"))
        readings.append(VectorIndex.build(_encode_all(enc, reading_texts, "passage", f"readings [{enc.id}]", progress)))
        pseudo_vectors.append(_encode_all(enc, queries, "query", f"calibration [{enc.id}]", progress))
    vectors = [r.vectors() for r in roles]
    calibration = calibrate(space, vectors, pseudo_vectors, params)
    calibration = fit_match_curve(calibration, score_labelled(space, encoders, vectors, calibration, params, labelled))
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        fingerprint=fingerprint,
        model=model,
        encoder_ids=[e.id for e in encoders],
        dims=[e.dim for e in encoders],
        corpus_fingerprint=space.corpus.fingerprint,
        n_roles=space.n_roles,
        n_readings=space.n_readings,
        n_role_vectors=len(role_texts),
        n_reading_vectors=len(reading_texts),
        reading_index=readings[0].kind if readings else "exact",
        built_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        build_seconds=0.0,
        calibration=calibration,
    )
    return IndexFiles(manifest, roles, readings, None, built=True)


def open_index(
    space: RoleSpace,
    encoders: Sequence[Encoder],
    params: ScoringParams,
    *,
    model: str,
    cache_dir: Path,
    progress: bool,
    labelled: Sequence[LabelledText] = (),
) -> IndexFiles:
    """The cached index of this corpus, model and parameters, built and saved first when needed."""
    fingerprint = index_fingerprint(model, encoders, space.corpus.fingerprint, params, set_digest(labelled))

    def build() -> IndexFiles:
        return build_index(
            space, encoders, params, model=model, fingerprint=fingerprint, progress=progress, labelled=labelled
        )

    return open_or_build(cache_dir, fingerprint, build, lambda m: m.calibration.fits(space.n_roles))
