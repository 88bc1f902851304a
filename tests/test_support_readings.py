"""Issue 17, point 8: French readers who want to move get pointed at the public services for it."""

from __future__ import annotations

import pytest

from recommender import Recommender

#: France Travail, the CPF, the bilan de compétences and the CEP (where APEC is named for cadres).
SUPPORT = {
    "fr-france-travail-inscription",
    "fr-compte-personnel-de-formation",
    "fr-bilan-de-competences",
    "fr-conseil-evolution-professionnelle",
}

CAREER_CHANGERS_FR = [
    "Je suis agent administratif dans une mairie depuis quinze ans : état civil, accueil du public, "
    "courriers. Je voudrais me reconvertir vers un métier lié à l'intelligence artificielle.",
    "Cariste puis chef d'équipe dans un entrepôt de la grande distribution, je gère les réceptions et "
    "les inventaires. Je cherche à évoluer et à me former à l'IA sans quitter la logistique.",
    "Vendeuse en magasin de prêt-à-porter depuis dix ans, je conseille les clientes et je tiens la "
    "caisse. J'aimerais changer de métier et découvrir les outils d'IA.",
    "Je suis téléconseiller dans un centre d'appels pour un opérateur télécom. Je réponds aux "
    "réclamations toute la journée et je voudrais me former pour travailler sur les chatbots.",
    "Assistante RH dans une PME industrielle, je prépare la paie et les dossiers de formation. Je "
    "réfléchis à une reconversion et je me demande quelle formation financer.",
    "Après vingt ans comme conducteur de bus, je veux changer de voie. Je connais bien les horaires, "
    "les incidents sur le réseau et les voyageurs.",
]


def test_support_readings_are_french_guides_linked_to_roles(rec: Recommender) -> None:
    readings = {r.id: r for r in rec.corpus.readings}
    assert SUPPORT <= set(readings)
    for rid in SUPPORT:
        assert readings[rid].language == "fr"
        linked = [role.id for role in rec.corpus.roles if rid in rec.corpus.readings_of(role.id)]
        assert len(linked) >= 3, f"{rid} helps only {linked}"


@pytest.mark.parametrize("text", CAREER_CHANGERS_FR, ids=lambda t: t.split(",")[0][:30])
def test_a_french_career_changer_is_pointed_at_a_public_service(rec: Recommender, text: str) -> None:
    result = rec.recommend(text, top_k=3)
    shown = {m.reading.id for m in result.readings}
    assert SUPPORT & shown, f"no public-service reading among {sorted(shown)}"
