"""Readings follow the reader: their language first, and the technical level they accept before the rest."""

from __future__ import annotations

import pytest

from recommender import Recommendation, Recommender
from recommender import engine as engine_module
from recommender.corpus import TECH_LEVELS
from recommender.readings import accepted_levels, reading_level

DRIVER = (
    "Chauffeur routier depuis vingt ans, je fais du frigorifique entre la Bretagne et Rungis. "
    "Je connais les tournées, les quais, les temps de conduite et toutes les galères de livraison. "
    "L'informatique, j'ai horreur de ça, je ne veux surtout pas devenir programmeur. "
    "Mais les logiciels de planification de tournées, je vois tout de suite quand ils se trompent."
)


def _lists(result: Recommendation) -> list[list[str]]:
    """The ids of the readings shown, overall list first, then each card's."""
    return [[r.reading.id for r in result.readings], *([r.reading.id for r in m.readings] for m in result.roles)]


def _first_is_code(rec: Recommender, result: Recommendation) -> bool:
    return any(ids and reading_level(rec.corpus, rec.corpus.reading(ids[0])) == "code" for ids in _lists(result))


def test_accepted_levels() -> None:
    assert accepted_levels((), ()) == frozenset(TECH_LEVELS)
    assert accepted_levels((), ("no-code-stated",)) == {"no-code", "low-code"}
    assert accepted_levels((), ("no-code", "people")) == {"no-code", "low-code"}
    assert accepted_levels(("no-code",), ()) == {"no-code"}
    assert accepted_levels(("code",), ("no-code",)) == {"code"}, "an explicit filter on code is kept"


def test_reading_level_is_the_least_technical_role_it_serves(rec: Recommender) -> None:
    levels = {r.id: r.technical_level for r in rec.corpus.roles}
    for reading in rec.corpus.readings:
        served = [levels[x] for x in reading.roles if x in levels]
        expected = min(served, key=TECH_LEVELS.index) if served else None
        assert reading_level(rec.corpus, reading) == expected


def test_a_wont_code_text_gets_no_coding_reading_first(rec: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    result = rec.recommend(DRIVER, top_k=3)
    assert any(w.wish == "no-code" for w in result.wishes)
    assert not _first_is_code(rec, result)
    for ids in _lists(result):
        levels = [reading_level(rec.corpus, rec.corpus.reading(i)) == "code" for i in ids]
        assert levels == sorted(levels), "coding readings only after the others"
    # the lever off: every level accepted, and a coding reading leads a list again
    monkeypatch.setattr(engine_module, "accepted_levels", lambda levels, prefs: frozenset(TECH_LEVELS))
    assert _first_is_code(rec, rec.recommend(DRIVER, top_k=3))


@pytest.mark.parametrize("reader", ["fr", "en"])
def test_within_a_level_the_readers_language_comes_first(rec: Recommender, reader: str) -> None:
    result = rec.recommend(DRIVER, top_k=3, language=reader)
    for ids in _lists(result):
        keys = [
            (
                reading_level(rec.corpus, rec.corpus.reading(i)) == "code",
                rec.corpus.reading(i).language != reader,
            )
            for i in ids
        ]
        assert keys == sorted(keys)
