"""Benchmark queries: two ~150-word working lives, in English and in French, and the evaluation sets' texts."""

from __future__ import annotations

import json
from functools import cache
from itertools import chain, zip_longest
from pathlib import Path

__all__ = ["PROFILES", "working_lives"]

_EVAL = Path(__file__).resolve().parent.parent / "eval"
_SETS = [_EVAL / "personas.jsonl", _EVAL / "personas-heldout.jsonl"]

_EN = (
    "I have worked for twenty years as a nurse in intensive care units, first in a large public hospital and then "
    "in a private clinic. For the last eight years I have managed a team of thirty nurses and care assistants, "
    "organising schedules, training newcomers and handling conflicts. I am the person colleagues come to when the "
    "patient record software breaks or when a new monitoring device arrives, and I wrote the ward's guide to the new "
    "electronic prescribing system. I like spreadsheets and I built our own dashboard of bed occupancy and staffing "
    "ratios. I care a lot about patient safety, privacy of medical data and fairness between patients. I do not know "
    "how to program, but I am curious about how machine learning could predict deterioration of patients or reduce "
    "paperwork. I would like a role where my clinical experience counts, where I can work with engineers and "
    "doctors, and where I still help people."
)

_FR = (
    "Je suis contrôleuse de gestion depuis quinze ans dans un groupe de distribution alimentaire, après un début de "
    "carrière en cabinet d'audit. Je prépare les budgets, je suis les marges de deux cents magasins et je présente "
    "chaque mois les résultats au comité de direction. J'ai automatisé une bonne partie de nos tableaux avec des "
    "macros Excel puis avec Power BI, et j'ai appris un peu de SQL pour interroger l'entrepôt de données sans "
    "attendre le service informatique. On me demande souvent d'expliquer des chiffres compliqués à des personnes "
    "qui n'aiment pas les chiffres, et j'aime ça. Je m'intéresse aux prévisions de ventes et à la détection des "
    "anomalies dans les factures fournisseurs, où l'apprentissage automatique pourrait nous faire gagner beaucoup "
    "de temps. Je voudrais un métier où je reste proche des décisions de l'entreprise, où je travaille avec des "
    "équipes techniques, et où la qualité et la fiabilité des données comptent vraiment."
)

#: Language code -> profile text.
PROFILES: dict[str, str] = {"en": _EN, "fr": _FR}


@cache
def _persona_texts() -> tuple[str, ...]:
    """Every persona text of the evaluation sets, French and English alternating."""
    by_lang: dict[str, list[str]] = {"fr": [], "en": []}
    for path in _SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                persona = json.loads(line)
                by_lang[persona["lang"]].append(persona["text"])
    return tuple(t for t in chain.from_iterable(zip_longest(by_lang["fr"], by_lang["en"])) if t)


def working_lives(n: int, skip: int = 0) -> list[str]:
    """`n` different working lives (French and English, short and long) after the first `skip`, for throughput.

    Their sentences differ too. The engine keeps the vectors of the sentences it has seen (for a page run
    again or the map of a text), so texts that differ only by a tag (`http_load.distinct`) would be answered
    without the encoder, which no real load allows.
    """
    texts = _persona_texts()
    if skip + n > len(texts):
        raise ValueError(f"{skip + n} texts asked, the evaluation sets have {len(texts)}")
    return list(texts[skip : skip + n])
