"""CVs read as working lives: sections, dates and weights, contacts removed; then the acceptance set of CVs
built from persona texts (PDF one and two columns, LinkedIn-like, DOCX, ODT) against their narratives."""

from __future__ import annotations

import json

import pytest

from recommender import Recommender
from recommender.contacts import strip_contacts
from recommender.cv import job_weight, read_cv, read_cv_file, section_of
from recommender.text import split_sentences
from tests.conftest import ROOT
from tests.cv_files import Cv, docx_bytes, odt_bytes, pdf_bytes
from ui.markdown_export import results_markdown

PER_LANGUAGE = 22
#: Format of the i-th CV, in turn.
WRITERS = (
    ("pdf", lambda cv: pdf_bytes(cv)),
    ("pdf-columns", lambda cv: pdf_bytes(cv, "columns")),
    ("docx", docx_bytes),
    ("pdf-linkedin", lambda cv: pdf_bytes(cv, "linkedin")),
    ("odt", odt_bytes),
)
_HEADINGS = {
    "fr": ("Expérience professionnelle", "Formation", "Centres d'intérêt", "Langues"),
    "en": ("Experience", "Education", "Interests", "Languages"),
}
_FILLER = {
    "fr": (
        "1999 : Job d'été, vendeur de glaces sur une plage.",
        ("Baccalauréat, lycée public", "Anglais courant"),
        "Jeux vidéo, photographie, cuisine du monde, football le dimanche",
    ),
    "en": (
        "1999: Summer job selling ice cream on a beach.",
        ("High school diploma", "French, fluent"),
        "Video games, photography, world cooking, Sunday football",
    ),
}


def _contacts(i: int, lang: str) -> tuple[str, ...]:
    street = (
        f"{10 + i} rue des Tilleuls, 690{i:02d} Lyon" if lang == "fr" else f"{10 + i} Elm Road, Leeds LS{i % 9 + 1} 4AB"
    )
    birth = (
        f"Née le 0{i % 9 + 1}/04/{1960 + i % 40}"
        if lang == "fr"
        else f"Date of birth: {i % 27 + 1} May {1960 + i % 40}"
    )
    return (
        f"camille.testperson{i}@example.org",
        f"+33 6 12 {i:02d} 56 78" if lang == "fr" else f"+44 7700 900{i:03d}",
        street,
        birth,
        f"linkedin.com/in/camille-testperson-{i}",
    )


def _personas() -> list[dict]:
    rows = [json.loads(line) for line in (ROOT / "eval" / "personas.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    for lang in ("fr", "en"):
        out += [r for r in rows if r["lang"] == lang and not r.get("hard")][:PER_LANGUAGE]
    return out


def _cv(i: int, persona: dict) -> Cv:
    lang = persona["lang"]
    old_job, education, interests = _FILLER[lang]
    sentences = list(split_sentences(persona["text"], limit=100))
    now = "aujourd'hui" if lang == "fr" else "present"
    experience = (f"2014 - {now} : {sentences[0]}", *sentences[1:], old_job)
    heads = _HEADINGS[lang]
    return Cv(
        f"Camille Testperson{i}",
        _contacts(i, lang),
        ((heads[0], experience), (heads[1], education[:1]), (heads[3], education[1:]), (heads[2], (interests,))),
    )


PERSONAS = _personas()
CVS = [(p, _cv(i, p), WRITERS[i % len(WRITERS)]) for i, p in enumerate(PERSONAS)]


# ---------------------------------------------------------------------------------------- unit behaviour


def test_headings_are_recognised_in_french_and_english() -> None:
    cases = {
        "Expérience professionnelle": "experience",
        "EXPÉRIENCES PROFESSIONNELLES :": "experience",
        "Work experience": "experience",
        "Formation": "education",
        "Education": "education",
        "Compétences": "skills",
        "Top Skills": "skills",
        "Centres d’intérêt": "interests",
        "Loisirs / Interests": "interests",
        "Hobbies": "interests",
        "Langues": "languages",
    }
    for line, kind in cases.items():
        assert section_of(line) == kind, line
    assert section_of("J'ai dirigé une équipe de formation pendant dix ans") is None


def test_recent_and_long_jobs_weigh_more() -> None:
    today = 2026
    assert job_weight(2016, None, today) == pytest.approx(1.0)
    assert job_weight(2016, None, today) > job_weight(2010, 2016, today) > job_weight(1998, 1998, today)
    assert job_weight(2020, 2024, today) > job_weight(2023, 2024, today)


def test_experience_comes_first_in_weight_order_and_hobbies_are_left_out() -> None:
    text = "\n".join(
        [
            "Jeanne Martin",
            "Centres d'intérêt",
            "Randonnée, piano",
            "Expérience professionnelle",
            "1998 : Job d'été, serveuse dans un camping.",
            "2010 - 2015 : Ingénieure réseau chez un distributeur d'électricité.",
            "2015 - aujourd'hui : Cheffe de projet maintenance des postes électriques.",
            "Je gère les prestataires",
            "Formation",
            "Diplôme d'ingénieure, 2009",
            "Langues",
            "Anglais courant, allemand scolaire",
        ]
    )
    reading = read_cv(text, today=2026)
    assert reading.text.splitlines() == [
        "2015 - aujourd'hui : Cheffe de projet maintenance des postes électriques.",
        "Je gère les prestataires",
        "2010 - 2015 : Ingénieure réseau chez un distributeur d'électricité.",
        "Diplôme d'ingénieure, 2009",
    ]
    assert reading.sections == ("interests", "experience", "education", "languages") and reading.dropped_lines == 3


def test_wrapped_pdf_lines_are_joined_and_each_cv_line_is_a_sentence() -> None:
    reading = read_cv(
        "Expérience\n2015 - 2024 : Cheffe de projet chez un gestionnaire de\nréseau électrique\n"
        "Je gère les prestataires"
    )
    assert reading.text.splitlines()[0].endswith("gestionnaire de réseau électrique")
    lines, sentences = reading.text.splitlines(), split_sentences(reading.text)
    assert len(sentences) == len(lines) and all(s in line for s, line in zip(sentences, lines, strict=True))


CONTACT_CASES = [
    "jeanne.martin@example.org",
    "+33 6 12 34 56 78",
    "06.12.34.56.78",
    "12 rue des Lilas, 75011 Paris",
    "3 bis avenue Jean Jaurès",
    "221B Baker Street",
    "Née le 12/03/1979",
    "Date of birth: 4 May 1980",
    "linkedin.com/in/jeanne-martin",
    "https://www.linkedin.com/in/jeanne-martin-123/",
]


@pytest.mark.parametrize("contact", CONTACT_CASES)
def test_contact_details_are_removed(contact: str) -> None:
    assert " ".join(strip_contacts(f"Contact : {contact} | disponible", "·").split()) in (
        "Contact : · | disponible",
        "Contact : ·| disponible",
    )


@pytest.mark.parametrize(
    "line",
    [
        "2015 - 2024 : Cheffe de projet chez un gestionnaire de réseau, 400 magasins",
        "J'ai géré 3 chantiers de route nationale",
        "I led 12 people across 3 sites since 2018",
    ],
)
def test_working_life_lines_are_kept(line: str) -> None:
    assert strip_contacts(line, "·") == line


# ---------------------------------------------------------------------------------------- the acceptance set


@pytest.fixture(scope="module")
def answers(rec: Recommender) -> list[tuple[list[str], list[str], str, str]]:
    """(CV top 3, narrative top 3, CV JSON output, CV Markdown export) per persona, in two batched calls."""
    texts = [read_cv_file(writer(cv), f"cv.{fmt.split('-')[0]}").text for _, cv, (fmt, writer) in CVS]
    from_cv = rec.recommend_batch([t for t in texts])
    from_text = rec.recommend_batch([p["text"] for p in PERSONAS])
    out = []
    for text, a, b in zip(texts, from_cv, from_text, strict=True):
        lang = a.language
        out.append(
            (
                [m.role.id for m in a.roles[:3]],
                [m.role.id for m in b.roles[:3]],
                json.dumps(a.to_dict(lang), ensure_ascii=False),
                results_markdown(a, lang, text),
            )
        )
    return out


def test_the_set_has_enough_cvs_in_each_format() -> None:
    assert sum(p["lang"] == "fr" for p in PERSONAS) >= 20 and sum(p["lang"] == "en" for p in PERSONAS) >= 20
    assert {fmt for _, _, (fmt, _) in CVS} == {"pdf", "pdf-columns", "pdf-linkedin", "docx", "odt"}


def test_cv_versions_find_an_expected_role_in_the_top_3(answers: list) -> None:
    hits = [bool(set(p["expect"]) & set(top)) for p, (top, _, _, _) in zip(PERSONAS, answers, strict=True)]
    misses = [p["id"] for p, hit in zip(PERSONAS, hits, strict=True) if not hit]
    rate = sum(hits) / len(hits)
    print(f"CV hit@3: {rate:.1%} over {len(hits)} CVs; misses: {misses}")
    assert rate >= 0.95, misses


def test_cv_top_3_agrees_with_the_narrative_top_3(answers: list) -> None:
    agree = [len(set(a) & set(b)) >= 2 for a, b, _, _ in answers]
    rate = sum(agree) / len(agree)
    print(f"CV/narrative top-3 agreement (>= 2 roles): {rate:.1%}")
    assert rate >= 0.80


def test_no_contact_detail_reaches_the_json_output_or_the_export(answers: list) -> None:
    for (_, cv, _), (_, _, output, markdown) in zip(CVS, answers, strict=True):
        for contact in cv.contacts:
            for piece in (contact, contact.split(",")[0], contact.split(" ", 2)[-1]):
                assert piece not in output and piece not in markdown, piece
        assert "testperson" not in output.lower()
