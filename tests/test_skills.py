"""Personal skills: what the person's own text shows they already have, and nothing they did not say."""

from __future__ import annotations

import pytest

from recommender import Recommender, RoleMatch, skills
from recommender.honesty_eval import load_skill_labels, skills_precision

WAREHOUSE = (
    "I manage a warehouse of forty pickers. I track service levels and cost per parcel every day. "
    "I use our WMS to plan the shifts."
)
ANALYST = {
    "en": "As a data analyst I write SQL queries against our sales database every day. I build Power BI dashboards.",
    "fr": "Analyste de données, j'écris des requêtes SQL sur la base clients. Je fais des tableaux de bord Power BI.",
}


def _card(rec: Recommender, text: str, role: str) -> RoleMatch:
    return next(m for m in rec.recommend(text, top_k=len(rec.corpus.roles)).roles if m.role.id == role)


def test_a_warehouse_manager_never_gets_solid_python(rec: Recommender, monkeypatch: pytest.MonkeyPatch) -> None:
    python = rec.corpus.roles[[r.id for r in rec.corpus.roles].index("ml-engineer")].skills_have.en[0]
    assert "Python" in python
    assert python not in _card(rec, WAREHOUSE, "ml-engineer").skills_held.en
    logistics = _card(rec, WAREHOUSE, "ai-logistics-transport").skills_held.en
    assert any("WMS" in s for s in logistics) and any("service level" in s for s in logistics)
    monkeypatch.setattr(skills, "SKILL_THRESHOLD", -1.0)  # the lever off: every skill counts as held
    assert python in _card(rec, WAREHOUSE, "ml-engineer").skills_held.en


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_data_analyst_gets_sql_and_the_same_skills_in_both_languages(rec: Recommender, lang: str) -> None:
    card = _card(rec, ANALYST[lang], "data-engineer")
    assert any("SQL" in s for s in card.skills_held.get(lang))
    have = card.role.skills_have
    assert [have.fr.index(s) for s in card.skills_held.fr] == [have.en.index(s) for s in card.skills_held.en]


def test_a_refusal_gives_no_skill(rec: Recommender) -> None:
    text = "I run a bakery and I manage my suppliers. I have never written Python and I don't want to."
    assert not _card(rec, text, "ml-engineer").skills_held.en


def test_held_skills_are_precise_on_the_held_out_labels(rec: Recommender) -> None:
    report = skills_precision(rec, load_skill_labels(split="heldout"))
    assert report["precision"] >= 0.9 and report["recall"] >= 0.5, report
