"""The mechanical definition of a hard persona, on a corpus small enough to check by hand."""

from __future__ import annotations

from pathlib import Path

from recommender.corpus import load_corpus
from recommender.hardness import keyword_leaks, leaky_personas, role_keywords, stems
from recommender.passages import role_passages


def test_stems_fold_case_accents_and_inflections() -> None:
    assert stems("Serveurs SERVEUR sérieux à") == {"serveu", "serieu"}


def test_role_keywords_are_the_stems_few_roles_share(small_corpus: Path) -> None:
    corpus = load_corpus(small_corpus)
    per_role = {r.id: set() for r in corpus.roles}
    for passage in role_passages(corpus.roles):
        per_role[corpus.roles[passage.owner].id] |= stems(passage.text)
    for max_roles in (1, 2):
        keywords = role_keywords(corpus, max_roles)
        for role, own in per_role.items():  # brute force: count the roles holding each stem
            expected = {s for s in own if sum(s in other for other in per_role.values()) <= max_roles}
            assert keywords[role] == expected
    assert keywords["ai-lawyer"] and not keywords["ai-lawyer"] & stems("the and with for")


def test_leaks_name_the_words_of_expected_roles_only(small_corpus: Path) -> None:
    keywords = role_keywords(load_corpus(small_corpus), max_roles=1)
    lawyer_word = sorted(keywords["ai-lawyer"])[0]
    energy_word = sorted(keywords["ai-energy-infrastructure"])[0]
    text = f"{lawyer_word}xyz, {energy_word}"  # an inflected lawyer keyword, then an energy one
    assert keyword_leaks(text, ["ai-lawyer"], keywords) == [f"{lawyer_word}xyz"]
    assert keyword_leaks(text, ["ai-energy-infrastructure"], keywords) == [energy_word]
    assert keyword_leaks(text, ["ai-trainer"], keywords) == []
    assert leaky_personas([("a", text, ["ai-lawyer"]), ("b", "zzz qqq", ["ai-lawyer"])], keywords) == {
        "a": [f"{lawyer_word}xyz"]
    }
