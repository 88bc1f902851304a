"""The `Recommender` facade: loads corpus, model and index once, then answers queries."""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from .config import Settings
from .corpus import Corpus, load_corpus
from .encoders import Encoder, Kind, load_encoders
from .errors import InputError
from .keywords import STEM, KeywordIndex, stem_tokens
from .landscape import Landscape, RolePoint, centroids, pca_fit, pca_project
from .memo import VectorMemo
from .passages import Passage, RoleLayout, reading_passages, role_passages
from .results import Evidence, Preference, ReadingMatch, Recommendation, RoleMatch
from .scoring import (
    ScoringParams,
    aggregate_units,
    combine,
    field_mean,
    field_scores,
    fit_logistic,
    fuse_zscores,
    hub_prior,
    logistic,
    segment_top_mean,
    top_k,
    zscore,
    zscore_rows,
)
from .store import IndexFiles, Manifest, fingerprint_of, open_or_build
from .text import PreparedText, prepare
from .vectors import VectorIndex

__all__ = ["PREFERENCES", "PREFERENCE_BONUS", "Recommender"]

log = logging.getLogger(__name__)

_ENCODE_BATCH = 64
_EVIDENCE_PER_ROLE = 3
_READINGS_PER_ROLE = 4
_OVERALL_READINGS = 8

#: Score shifts (in standard deviations of the fused score) applied by each preference.
PREFERENCE_BONUS: dict[str, dict[str, float]] = {
    "no-code": {"code": -1.5, "low-code": -0.4},
    "people": {"adoption-people": 0.8, "law-ethics-society": 0.3},
    "creative": {"creative-communication": 0.8},
    "technical": {"technical": 0.8},
}

#: The preference names `recommend(preferences=...)` accepts.
PREFERENCES: tuple[str, ...] = tuple(PREFERENCE_BONUS)


@dataclass(frozen=True)
class _Query:
    prepared: PreparedText
    units: tuple[str, ...]


def _encode_all(encoder: Encoder, texts: list[str], kind: Kind, label: str, progress: bool) -> np.ndarray:
    """Encode in batches, with a progress bar on long work."""
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    batches: Iterable[int] = range(0, len(texts), _ENCODE_BATCH)
    if progress and len(texts) > _ENCODE_BATCH:
        from tqdm import tqdm

        batches = tqdm(batches, desc=label, unit="batch", leave=False)
    parts = [encoder.encode(texts[i : i + _ENCODE_BATCH], kind) for i in batches]
    return np.concatenate(parts, axis=0)


class Recommender:
    """Recommends AI roles and readings for a free-text description of someone's working life.

    >>> rec = Recommender()                      # default corpus, model and cache
    >>> result = rec.recommend("Vingt ans dans l'énergie et les réseaux électriques")
    >>> result.roles[0].role.id
    'ai-energy-infrastructure'
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        corpus: Corpus | None = None,
        encoders: Sequence[Encoder] | None = None,
        params: ScoringParams | None = None,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.params = params or ScoringParams()
        self.corpus = corpus if corpus is not None else load_corpus(self.settings.corpus_dir)
        for issue in self.corpus.issues:
            log.warning("corpus: %s", issue)
        self.encoders: tuple[Encoder, ...] = (
            tuple(encoders) if encoders is not None else load_encoders(self.settings.model)
        )
        self._role_passages: list[Passage] = role_passages(self.corpus.roles)
        self._layout = RoleLayout.of(self._role_passages)
        self._reading_passages: list[Passage] = reading_passages(self.corpus.readings)
        self._reading_owner = np.array([p.owner for p in self._reading_passages], dtype=np.int64)
        self._role_owner = np.array([p.owner for p in self._role_passages], dtype=np.int64)
        self._role_lang = np.array([p.lang for p in self._role_passages])
        self._role_tokens = [stem_tokens(p.text) for p in self._role_passages]
        docs: list[list[str]] = [[] for _ in self.corpus.roles]
        for passage, tokens in zip(self._role_passages, self._role_tokens, strict=True):
            docs[passage.owner].extend(tokens)
        self._keywords = KeywordIndex(docs)
        self._memo = VectorMemo()
        fingerprint = fingerprint_of(
            self.settings.model,
            "|".join(e.id for e in self.encoders),
            self.corpus.fingerprint,
            repr(sorted(self.params.field_weights.items())),
            repr(
                (
                    self.params.whole_weight,
                    self.params.top_sentences,
                    self.params.hub_penalty,
                    self.params.keyword_weight,
                    self.params.passages_per_field,
                    STEM,
                )
            ),
        )
        self._fingerprint = fingerprint
        files = open_or_build(self.settings.cache_dir, fingerprint, self._build, self._usable)
        self.index_files = files
        self._role_vectors = [idx.vectors() for idx in files.roles]
        self._reading_index = files.readings
        self._reading_vectors = [idx.vectors() if idx.kind == "exact" else None for idx in files.readings]
        extra = files.manifest.extra
        self._hub_prior = np.asarray(extra["hub_prior"], dtype=np.float32)
        self._keyword_prior = np.asarray(extra["keyword_hub_prior"], dtype=np.float32)
        self._calibration = (float(extra["calibration"][0]), float(extra["calibration"][1]))
        self._role_index = {r.id: i for i, r in enumerate(self.corpus.roles)}
        self._reading_pos = {r.id: i for i, r in enumerate(self.corpus.readings)}

    # ------------------------------------------------------------------ build

    def _usable(self, manifest: Manifest) -> bool:
        """Whether a cached manifest carries every calibration figure this engine reads."""
        extra, n_roles = manifest.extra, len(self.corpus.roles)
        try:
            priors_ok = all(len(extra[key]) == n_roles for key in ("hub_prior", "keyword_hub_prior"))
            return priors_ok and len(extra["calibration"]) == 2
        except (KeyError, TypeError):
            return False

    def _build(self) -> IndexFiles:
        role_texts = [p.text for p in self._role_passages]
        reading_texts = [p.text for p in self._reading_passages]
        pseudo = [i for i, p in enumerate(self._role_passages) if p.field == "background"]
        roles, readings, pseudo_vectors = [], [], []
        show = self.settings.progress
        for enc in self.encoders:
            role_vecs = _encode_all(enc, role_texts, "passage", f"roles [{enc.id}]", show)
            roles.append(VectorIndex.build(role_vecs, kind="exact"))
            readings.append(VectorIndex.build(_encode_all(enc, reading_texts, "passage", f"readings [{enc.id}]", show)))
            queries = [role_texts[i] for i in pseudo]
            pseudo_vectors.append(_encode_all(enc, queries, "query", f"calibration [{enc.id}]", show))
        dense_prior, keyword_prior, calibration = self._calibrate(
            [r.vectors() for r in roles], pseudo_vectors, np.array(pseudo)
        )
        manifest = Manifest(
            format_version=0,  # set below from store.FORMAT_VERSION
            fingerprint=self._fingerprint,
            model=self.settings.model,
            encoder_ids=[e.id for e in self.encoders],
            dims=[e.dim for e in self.encoders],
            corpus_fingerprint=self.corpus.fingerprint,
            n_roles=len(self.corpus.roles),
            n_readings=len(self.corpus.readings),
            n_role_vectors=len(role_texts),
            n_reading_vectors=len(reading_texts),
            reading_index=readings[0].kind if readings else "exact",
            built_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            build_seconds=0.0,
            extra={
                "hub_prior": [round(float(x), 6) for x in dense_prior],
                "keyword_hub_prior": [round(float(x), 6) for x in keyword_prior],
                "calibration": list(calibration),
            },
        )
        from .store import FORMAT_VERSION

        manifest.format_version = FORMAT_VERSION
        return IndexFiles(manifest, roles, readings, None, built=True)

    def _calibrate(
        self, role_vectors: list[np.ndarray], pseudo_vectors: list[np.ndarray], pseudo_idx: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
        """Hub priors and match calibration from the corpus' own backgrounds used as held-out queries.

        Each background is scored against every role with itself left out, densely and by keywords.
        A role's prior, per signal, is its mean score over the backgrounds of other roles: roles that
        pull every profile get a high prior. The calibration maps a final score to the chance that it
        is the right role.
        """
        n_roles = len(self.corpus.roles)
        weights = self.params.weights()
        dense_parts = []
        rows = np.arange(len(pseudo_idx))
        for vecs, queries in zip(role_vectors, pseudo_vectors, strict=True):
            sim = queries @ vecs.T
            sim[rows, pseudo_idx] = -np.inf
            seg = segment_top_mean(sim, self._layout.starts, self.params.passages_per_field)
            per_field = field_scores(seg, self._layout.seg_owner, self._layout.seg_field, n_roles)
            per_field[~np.isfinite(per_field)] = np.nan
            dense_parts.append(zscore_rows(field_mean(per_field, weights)))
        dense = np.mean(dense_parts, axis=0)  # (P, R)
        owner = self._role_owner[pseudo_idx]
        keyword = zscore_rows(
            np.stack(
                [
                    self._keywords.scores(self._role_tokens[i], leave_out=(int(o), self._role_tokens[i]))
                    for i, o in zip(pseudo_idx, owner, strict=True)
                ]
            )
        )
        is_own = owner[:, None] == np.arange(n_roles)[None, :]
        dense_prior, keyword_prior = hub_prior(dense, is_own), hub_prior(keyword, is_own)
        final = combine(dense, keyword, dense_prior, keyword_prior, self.params)
        calibration = fit_logistic(final.ravel(), is_own.ravel().astype(np.float64))
        return dense_prior.astype(np.float32), keyword_prior.astype(np.float32), calibration

    # ------------------------------------------------------------------ query

    def recommend(
        self,
        text: str,
        top_k: int = 5,
        *,
        technical_levels: Collection[str] | None = None,
        families: Collection[str] | None = None,
        reading_language: str | None = None,
        preferences: Collection[Preference] = (),
    ) -> Recommendation:
        """Recommend roles and readings for one description; raises InputError on unusable text."""
        return self.recommend_batch(
            [text],
            top_k,
            technical_levels=technical_levels,
            families=families,
            reading_language=reading_language,
            preferences=preferences,
        )[0]

    def recommend_batch(
        self,
        texts: Sequence[str],
        top_k: int = 5,
        *,
        technical_levels: Collection[str] | None = None,
        families: Collection[str] | None = None,
        reading_language: str | None = None,
        preferences: Collection[Preference] = (),
    ) -> list[Recommendation]:
        """Recommend for several descriptions, encoding them together; any bad text raises InputError."""
        n_roles = len(self.corpus.roles)
        if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
            raise InputError(f"top_k must be a positive whole number, got {top_k!r}")
        unknown = [p for p in preferences if p not in PREFERENCE_BONUS]
        if unknown:
            raise InputError(f"unknown preference {unknown[0]!r}; use one of: {', '.join(PREFERENCE_BONUS)}")
        queries = [self._query(t) for t in texts]
        per_query = self._encode_queries(queries)
        mask = self._role_mask(technical_levels, families)
        return [
            self._recommend_one(q, vectors, min(top_k, n_roles), mask, reading_language, tuple(preferences))
            for q, vectors in zip(queries, per_query, strict=True)
        ]

    def _encode_queries(self, queries: Sequence[_Query]) -> list[list[np.ndarray]]:
        """Encode every query's units in one call per encoder: [query][encoder] -> (units, dim).

        The first `params.sentence_encoders` encoders see the sentences, and only them: the whole
        text's vector is the normalised mean of its sentences' vectors, so the encoder reads each
        word once, as a bare call on the text would (docs/performance.md). The other encoders
        encode the whole text alone, which keeps slow encoders off the per-sentence work.
        """
        out: list[list[np.ndarray]] = [[] for _ in queries]
        for j, enc in enumerate(self.encoders):
            per_sentence = j < max(1, self.params.sentence_encoders)
            units = [q.units[1:] if per_sentence and len(q.units) > 1 else q.units[:1] for q in queries]
            encoded = self._memo.encode(j, [u for group in units for u in group], partial(enc.encode, kind="query"))
            start = 0
            for i, group in enumerate(units):
                rows = encoded[start : start + len(group)]
                start += len(group)
                if len(group) < len(queries[i].units):
                    whole = rows.mean(axis=0, keepdims=True)
                    rows = np.concatenate([whole / max(float(np.linalg.norm(whole)), 1e-12), rows])
                out[i].append(rows.astype(np.float32, copy=False))
        return out

    def clear_memo(self) -> None:
        """Forget the query vectors kept in memory (by text digest) for repeated texts."""
        self._memo.clear()

    def score_roles(self, text: str, *, keyword_weight: float | None = None) -> np.ndarray:
        """Final role scores for a text, in corpus order (no filters, no preferences).

        `keyword_weight` overrides the weight of the keyword signal (0: dense encoders only), so
        that the evaluation can compare both on one index.
        """
        q = self._query(text)
        (vectors,) = self._encode_queries([q])
        params = self.params if keyword_weight is None else replace(self.params, keyword_weight=keyword_weight)
        fused, _ = self._role_scores(q, vectors, params)
        return fused

    def _query(self, text: str) -> _Query:
        """The units to match: the whole text, then each sentence when there are several.

        Questions ("should I learn Python?") say what a person wonders, not what they have done;
        when the text also has statements, the questions are left out of the matching.
        """
        prepared = prepare(text)
        statements = [s for s in prepared.sentences if not s.endswith("?")]
        if not statements or len(statements) == len(prepared.sentences):
            statements, whole = list(prepared.sentences), prepared.text
        else:
            whole = " ".join(statements)
        units = (whole, *statements) if len(statements) > 1 else (whole,)
        return _Query(prepared, units)

    def _role_mask(self, levels: Collection[str] | None, families: Collection[str] | None) -> np.ndarray:
        roles = self.corpus.roles
        keep = np.ones(len(roles), dtype=bool)
        if levels:
            keep &= np.array([r.technical_level in levels for r in roles])
        if families:
            keep &= np.array([r.family in families for r in roles])
        return keep

    def _role_scores(
        self, q: _Query, unit_vectors: list[np.ndarray], params: ScoringParams | None = None
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Fused role scores (dense encoders + keywords - hub prior) and each encoder's similarities."""
        params = params or self.params
        n_roles = len(self.corpus.roles)
        per_encoder, sims = [], []
        for vecs, units in zip(self._role_vectors, unit_vectors, strict=True):
            sim = units @ vecs.T
            seg = segment_top_mean(sim, self._layout.starts, params.passages_per_field)
            per_field = field_scores(seg, self._layout.seg_owner, self._layout.seg_field, n_roles)
            per_encoder.append(aggregate_units(per_field, params))
            sims.append(sim)
        keyword = zscore(self._keywords.scores(stem_tokens(q.units[0])))
        return combine(fuse_zscores(per_encoder), keyword, self._hub_prior, self._keyword_prior, params), sims

    def _recommend_one(
        self,
        q: _Query,
        unit_vectors: list[np.ndarray],
        k: int,
        mask: np.ndarray,
        reading_language: str | None,
        preferences: tuple[str, ...],
    ) -> Recommendation:
        fused, sims = self._role_scores(q, unit_vectors)
        ranked = fused.copy()
        for pref in preferences:
            bonus = PREFERENCE_BONUS[pref]
            ranked += np.array(
                [bonus.get(r.technical_level, 0.0) + bonus.get(r.family, 0.0) for r in self.corpus.roles]
            )
        ranked = np.where(mask, ranked, -np.inf)
        chosen = [int(i) for i in top_k(ranked, int(mask.sum()) and k) if np.isfinite(ranked[i])]
        match = logistic(fused, *self._calibration)
        # evidence comes from the encoders that saw every sentence (same passage order for all)
        sentence_sims = [sim for sim in sims if len(sim) == len(q.units)]
        total_sim = np.mean(sentence_sims, axis=0)  # (U, V)
        reading_scores = self._reading_scores(unit_vectors)
        role_matches = []
        for i in chosen:
            role = self.corpus.roles[i]
            readings = self._rank_readings(self.corpus.readings_of(role.id), reading_scores, reading_language)
            role_matches.append(
                RoleMatch(
                    role,
                    float(fused[i]),
                    float(match[i]),
                    self._evidence(q, total_sim, i),
                    tuple(readings[:_READINGS_PER_ROLE]),
                )
            )
        overall = self._overall_readings(role_matches, reading_scores, reading_language)
        return Recommendation(
            query=q.prepared.text,
            language=q.prepared.language,  # type: ignore[arg-type]
            roles=tuple(role_matches),
            readings=tuple(overall),
            truncated=q.prepared.truncated,
            preferences=preferences,
        )

    def _evidence(self, q: _Query, total_sim: np.ndarray, role: int) -> tuple[Evidence, ...]:
        """The sentences of the user's text that best match this role, and what they matched."""
        same_lang = self._role_lang == q.prepared.language  # show what matched in the person's own language
        columns = np.flatnonzero((self._role_owner == role) & same_lang)
        if not len(columns):
            columns = np.flatnonzero(self._role_owner == role)
        block = total_sim[:, columns]
        first = 1 if len(q.units) > 1 else 0
        best_col = block[first:].argmax(axis=1)
        best_val = block[first:].max(axis=1)
        order = np.argsort(-best_val, kind="stable")[:_EVIDENCE_PER_ROLE]
        out = []
        for u in order:
            passage = self._role_passages[int(columns[best_col[u]])]
            if passage.field in ("description", "summary"):
                continue
            out.append(Evidence(q.units[first + int(u)], passage.field, passage.text, passage.lang, float(best_val[u])))
        return tuple(out)

    # ------------------------------------------------------------------ readings

    def _reading_scores(self, unit_vectors: list[np.ndarray]) -> dict[int, float]:
        """Similarity of the whole text to readings: all of them when exact, the nearest otherwise."""
        n_readings = len(self.corpus.readings)
        total, count = np.zeros(n_readings), np.zeros(n_readings)
        for index, vecs, units in zip(self._reading_index, self._reading_vectors, unit_vectors, strict=True):
            whole = units[:1]
            if vecs is not None:
                sim, ids = (whole @ vecs.T)[0], np.arange(len(vecs))
            else:
                s, found = index.search(whole, 200)
                keep = found[0] >= 0
                sim, ids = s[0][keep], found[0][keep]
            best = np.full(n_readings, -np.inf)
            np.maximum.at(best, self._reading_owner[ids], sim.astype(np.float64))  # best passage per reading
            seen = np.isfinite(best)
            values = best[seen]
            mean, std = (values.mean(), values.std() or 1.0) if len(values) else (0.0, 1.0)
            total[seen] += (values - mean) / std
            count[seen] += 1
        scored = np.flatnonzero(count)
        return dict(zip(scored.tolist(), (total[scored] / count[scored]).tolist(), strict=True))

    def _rank_readings(self, ids: Sequence[str], scores: dict[int, float], language: str | None) -> list[ReadingMatch]:
        matches = []
        for rid in ids:
            pos = self._reading_pos[rid]
            reading = self.corpus.readings[pos]
            if language and reading.language != language:
                continue
            matches.append(ReadingMatch(reading, scores.get(pos, -3.0)))
        return sorted(matches, key=lambda m: (-m.score, m.reading.id))

    def _overall_readings(
        self, roles: list[RoleMatch], scores: dict[int, float], language: str | None
    ) -> list[ReadingMatch]:
        """Readings of the top roles first (weighted by rank), then other close readings."""
        boost: dict[str, float] = {}
        for rank, match in enumerate(roles):
            for rid in self.corpus.readings_of(match.role.id):
                boost[rid] = max(boost.get(rid, 0.0), 1.5 / (1 + rank))
        candidates = set(boost) | {self.corpus.readings[p].id for p in scores}
        ranked = []
        for rid in candidates:
            pos = self._reading_pos[rid]
            reading = self.corpus.readings[pos]
            if language and reading.language != language:
                continue
            ranked.append(ReadingMatch(reading, scores.get(pos, -3.0) + boost.get(rid, 0.0)))
        ranked.sort(key=lambda m: (-m.score, m.reading.id))
        return ranked[:_OVERALL_READINGS]

    # ------------------------------------------------------------------ map

    def landscape(self, text: str | None = None, highlight: Sequence[str] = ()) -> Landscape:
        """All roles on a 2-D map (PCA of role centroids, encoders side by side), and the text's place."""
        n_roles = len(self.corpus.roles)
        parts = [centroids(v, self._role_owner, n_roles) for v in self._role_vectors]
        joined = np.concatenate(parts, axis=1)
        mean, axes = pca_fit(joined)
        xy = pca_project(joined, mean, axes)
        points = tuple(
            RolePoint(r.id, r.family, float(x), float(y)) for r, (x, y) in zip(self.corpus.roles, xy, strict=True)
        )
        you = None
        if text is not None:
            (vectors,) = self._encode_queries([self._query(text)])  # as recommend() encodes it: the memo answers
            query = np.concatenate([v[:1] for v in vectors], axis=1)
            qx, qy = pca_project(query, mean, axes)[0]
            you = (float(qx), float(qy))
        return Landscape(points, you, tuple(highlight))
