"""The `Recommender` facade: loads corpus, model and index once, then runs the pipeline for each request.

    prepare text (query) -> encode (query, memo) -> score roles (ranking) -> read wishes (wishes)
    -> choose (preferences, filters)
    -> explain (explain) -> skills held (skills) -> rank readings (readings)

Each step is a small module; this one only wires them together.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np

from .calibration import LabelledText, labelled_for
from .config import Settings
from .corpus import Corpus, load_corpus_cached
from .cv import read_cv_file
from .documents import Document
from .encoders import Encoder, load_encoders
from .explain import evidence
from .indexing import build_index, open_index
from .landscape import Landscape, role_landscape
from .memo import VectorMemo
from .query import Query, encode_queries, make_query
from .ranking import preference_shift, role_mask, score_text
from .readings import (
    FaissReadingStore,
    ReadingStore,
    accepted_levels,
    overall_readings,
    reading_scores,
    role_readings,
)
from .request import Request
from .results import Recommendation, RoleMatch
from .scoring import ScoringParams, top_k
from .skills import held_skills, stated_rows
from .space import RoleSpace
from .store import IndexFiles
from .text import is_experience, warm_up_language_models
from .wishes import applied_preferences, read_wishes

__all__ = ["Recommender"]

log = logging.getLogger(__name__)


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
        labelled: Sequence[LabelledText] | None = None,
    ) -> None:
        warm_up_language_models()
        self.settings = settings or Settings.from_env()
        self.params = params or ScoringParams()
        # The model loads in a thread beside the corpus: reading its weights (zlib, numpy copies) lets go of
        # the GIL, so on two cores it mostly overlaps the corpus and role-space work done here meanwhile.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="recommender-load") as loader:
            loading = None if encoders is not None else loader.submit(load_encoders, self.settings.model)
            self.corpus = (
                corpus
                if corpus is not None
                else load_corpus_cached(self.settings.corpus_dir, self.settings.cache_dir / "corpus")
            )
            for issue in self.corpus.issues:
                log.warning("corpus: %s", issue)
            self.space = RoleSpace.of(self.corpus, self.params)
            self.encoders: tuple[Encoder, ...] = loading.result() if loading is not None else tuple(encoders or ())
        ids = [r.id for r in self.corpus.roles]
        self._labelled = tuple(labelled_for(ids) if labelled is None else labelled)
        self.index_files = open_index(
            self.space,
            self.encoders,
            self.params,
            model=self.settings.model,
            cache_dir=self.settings.cache_dir,
            progress=self.settings.progress,
            labelled=self._labelled,
        )
        self.calibration = self.index_files.manifest.calibration
        self._role_vectors = [index.vectors() for index in self.index_files.roles]
        self._reading_stores: list[ReadingStore] = [FaissReadingStore(i) for i in self.index_files.readings]
        self._memo = VectorMemo()

    @property
    def fingerprint(self) -> str:
        """The identity of the index in use: model, encoders, corpus and scoring parameters."""
        return self.index_files.manifest.fingerprint

    def build(self) -> IndexFiles:
        """Build this engine's index again, in memory (what `recommender build` saves); e.g. to time a build."""
        return build_index(
            self.space,
            self.encoders,
            self.params,
            model=self.settings.model,
            fingerprint=self.fingerprint,
            progress=self.settings.progress,
            labelled=self._labelled,
        )

    # ------------------------------------------------------------------ the pipeline

    def recommend(self, request: Request | str, **options: Any) -> Recommendation:
        """Roles and readings for one request; `recommend("text", top_k=3)` is `recommend(Request("text", top_k=3))`.

        Raises InputError (with a reason code) when the text or an option cannot be used.
        """
        req = replace(request, **options) if isinstance(request, Request) else Request(request, **options)
        return self.recommend_batch([req])[0]

    def read_file(self, data: bytes, filename: str) -> Document:
        """A CV file's text as the engine matches it (contact details and hobbies out): to show, edit, submit."""
        return read_cv_file(data, filename)

    def recommend_file(
        self, data: bytes, filename: str, request: Request | None = None, **options: Any
    ) -> Recommendation:
        """Roles and readings for a CV file (PDF, DOCX, ODT, text); `request` gives the other options."""
        text = self.read_file(data, filename).text
        return self.recommend(replace(request, text=text) if request else Request(text), **options)

    def recommend_batch(self, requests: Sequence[Request | str]) -> list[Recommendation]:
        """Several requests, their texts encoded together; any unusable one raises InputError."""
        reqs = [r if isinstance(r, Request) else Request(r) for r in requests]
        queries = [make_query(r.text) for r in reqs]
        vectors = self.encode(queries)
        return [self._answer(r, q, v) for r, q, v in zip(reqs, queries, vectors, strict=True)]

    def encode(self, queries: Sequence[Query]) -> list[list[np.ndarray]]:
        """Each query's unit vectors per encoder, recent texts answered from memory: [query][encoder] -> (U, d)."""
        return encode_queries(self.encoders, self._memo, queries, self.params.sentence_encoders)

    def _answer(self, request: Request, query: Query, vectors: list[np.ndarray]) -> Recommendation:
        fused, sims, about_work = self._score(query, vectors)
        wishes = tuple(w for w in read_wishes(query.prepared.sentences) if w.wish not in request.ignore_wishes)
        preferences = applied_preferences(request.preferences, wishes)
        chosen = self._choose(fused, request, preferences)
        accepted = accepted_levels(request.levels, preferences)
        # evidence comes from the encoders that saw every sentence (same passage order for all)
        sentence_sim = np.mean([s for s in sims if len(s) == len(query.units)], axis=0)
        near = reading_scores(self._reading_stores, self.space.reading_owner, self.space.n_readings, vectors)
        match = self.calibration.match(fused, about_work)
        language, reading_language = query.prepared.language, request.reading_language
        reader = request.language or language
        experience = {u for u in query.units if is_experience(u)}  # read once, for the quotes and the skills
        quotes = evidence(self.space, query.units, language, sentence_sim, chosen, experience)
        stated = stated_rows(query.units, sentence_sim, experience)
        roles = tuple(
            RoleMatch(
                self.corpus.roles[i],
                float(fused[i]),
                float(match[i]),
                quoted,
                role_readings(self.corpus, self.corpus.roles[i].id, near, reading_language, reader, accepted),
                held_skills(self.space, stated, i),
            )
            for i, quoted in zip(chosen, quotes, strict=True)
        )
        return Recommendation(
            query=query.prepared.text,
            language=language,  # type: ignore[arg-type]
            roles=roles,
            readings=overall_readings(self.corpus, roles, near, reading_language, reader, accepted),
            truncated=query.prepared.truncated,
            preferences=request.preferences,
            wishes=wishes,
            about_work=about_work,
        )

    def _score(
        self, query: Query, vectors: list[np.ndarray], params: ScoringParams | None = None
    ) -> tuple[np.ndarray, list[np.ndarray], float]:
        """Final role scores (R,), each encoder's unit-to-passage similarities (U, V), the chance it speaks of work."""
        scores = score_text(self.space, self._role_vectors, query, vectors, self.calibration, params or self.params)
        about_work = self.calibration.about_work(scores.gate)
        return scores.final, scores.sims, about_work

    def _choose(self, fused: np.ndarray, request: Request, preferences: tuple[str, ...]) -> list[int]:
        """The request's top roles after preferences (chosen and stated) and filters, best first."""
        mask = role_mask(self.corpus.roles, request.levels, request.families)
        ranked = np.where(mask, fused + preference_shift(self.corpus.roles, preferences), -np.inf)
        return [int(i) for i in top_k(ranked, min(request.top_k, int(mask.sum())))]

    # ------------------------------------------------------------------ evaluation and the map

    def score_roles(self, text: str, *, params: ScoringParams | None = None) -> np.ndarray:
        """The ranking scores a text gets, in corpus order: final scores shifted by the wishes it states.

        No filters and no chosen preferences. `params` overrides the query-time scoring parameters
        on the same index (e.g. keyword_weight=0 for the dense encoders alone), so that the
        evaluation can measure each lever.
        """
        query = make_query(text)
        (vectors,) = self.encode([query])
        stated = applied_preferences((), read_wishes(query.prepared.sentences))
        return self._score(query, vectors, params)[0] + preference_shift(self.corpus.roles, stated)

    def clear_memo(self) -> None:
        """Forget the query vectors kept in memory (by text digest) for repeated texts."""
        self._memo.clear()

    def landscape(self, text: str | None = None, highlight: Sequence[str] = ()) -> Landscape:
        """All roles on a 2-D map, and the text's place when given (encoded as recommend() does: the memo answers)."""
        vectors = self.encode([make_query(text)])[0] if text is not None else None
        return role_landscape(self.corpus.roles, self._role_vectors, self.space.role_owner, vectors, highlight)
