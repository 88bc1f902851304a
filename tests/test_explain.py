"""Evidence: only sentences that read as reasons, matched to a task or a skill, spread across cards."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommender import Recommender, explain
from recommender.honesty_eval import evidence_precision, load_evidence
from recommender.results import Evidence

FORKLIFT = (
    "I started as a forklift driver. Now I write backend services in Go and Python. "
    "I review pull requests and run our release pipeline."
)
CAT = "I love my cat. I run a warehouse with forty pickers across two shifts. I track service levels every morning."
RECRUITER = (
    "I'm a recruiter and I interview candidates all day. I keep candidate files confidential. "
    "I use an applicant tracking system every day. I run onboarding workshops for new hires."
)


def _quoted(rec: Recommender, text: str, top_k: int = 5) -> dict[str, list[Evidence]]:
    return {m.role.id: list(m.evidence) for m in rec.recommend(text, top_k=top_k).roles}


def _spread_oracle(per_role: list[list[Evidence]], limit: int) -> list[tuple[Evidence, ...]]:
    """Brute force: walk the cards, keep fresh quotes (or the best one when none is fresh)."""
    out, seen = [], []
    for found in per_role:
        fresh = [e for e in found if all(e.sentence != s for s in seen)]
        out.append(tuple(fresh[:limit]) if fresh else tuple(found[:1]))
        seen += [e.sentence for e in out[-1]]
    return out


@given(st.lists(st.lists(st.sampled_from("abcdef"), max_size=5, unique=True), max_size=6), st.integers(1, 4))
def test_spread_matches_a_brute_force(cards: list[list[str]], limit: int) -> None:
    per_role = [[Evidence(s, "task", "t", "en", 0.5) for s in card] for card in cards]
    assert explain.spread(per_role, limit) == _spread_oracle(per_role, limit)


def test_a_quote_matches_a_task_or_skill_not_a_background(rec: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    quotes = _quoted(rec, FORKLIFT)["ai-app-developer"]
    assert quotes and all(e.field in explain.REASON_FIELDS for e in quotes)
    assert not any("forklift" in e.sentence for e in quotes), "an unrelated first job is no reason"
    # the lever: let backgrounds (other people's careers) be matched again and the forklift comes back
    monkeypatch.setattr(explain, "REASON_FIELDS", ("task", "skill", "background"))
    assert any("forklift" in e.sentence for e in _quoted(rec, FORKLIFT)["ai-app-developer"])


def test_a_sentence_about_nothing_is_not_quoted(rec: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    quoted = {e.sentence for quotes in _quoted(rec, CAT).values() for e in quotes}
    assert quoted and "I love my cat." not in quoted
    monkeypatch.setattr(explain, "EVIDENCE_THRESHOLD", -1.0)  # the lever off: every sentence passes
    assert "I love my cat." in {e.sentence for quotes in _quoted(rec, CAT).values() for e in quotes}


def test_cards_do_not_all_reuse_the_same_quote(rec: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    def cards() -> list[list[str]]:
        return [[e.sentence for e in q] for q in _quoted(rec, RECRUITER, top_k=3).values()]

    spread_out, seen = cards(), set()
    for quotes in spread_out:
        assert quotes and (len(quotes) == 1 or not seen & set(quotes)), "a quote repeats only on a card with no other"
        seen |= set(quotes)
    firsts = [q[0] for q in spread_out]
    monkeypatch.setattr(explain, "spread", lambda per_role, limit=3: [tuple(f[:limit]) for f in per_role])
    alone = [q[0] for q in cards()]
    assert len(set(firsts)) > len(set(alone)), "without the spread, one sentence leads more cards"


def test_shown_evidence_is_precise_on_the_held_out_pairs(rec: Recommender) -> None:
    report = evidence_precision(rec, load_evidence(split="heldout"), top_k=5)
    assert report["precision"] >= 0.9, report["wrongly_shown"]
    assert report["recall"] >= 0.7, "quotes are still shown for most sentences that support a role"


def test_every_labelled_pair_names_a_known_role_and_both_languages_are_there(rec: Recommender) -> None:
    pairs = load_evidence()
    ids = {r.id for r in rec.corpus.roles}
    assert len(pairs) >= 150 and {p.role for p in pairs} <= ids
    for lang, supportive in itertools.product(("fr", "en"), (True, False)):
        assert sum(p.lang == lang and p.supportive is supportive for p in pairs) >= 30
