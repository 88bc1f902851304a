"""Example working lives a visitor can start from, each written natively in French and English."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXAMPLES", "Example", "example"]


@dataclass(frozen=True)
class Example:
    """One sample profile: a short button label (Material icon first) and a first-person description, per language."""

    id: str
    label_fr: str
    label_en: str
    text_fr: str
    text_en: str

    def label(self, lang: str) -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def text(self, lang: str) -> str:
        return self.text_fr if lang == "fr" else self.text_en


EXAMPLES: tuple[Example, ...] = (
    Example(
        id="energy-engineer",
        label_fr=":material/bolt: Ingénieur énergie",
        label_en=":material/bolt: Energy engineer",
        text_fr=(
            "Ingénieur de formation, je travaille depuis plus de vingt ans dans l'énergie et les infrastructures. "
            "J'ai dirigé des projets de postes électriques et de réseaux de chaleur, du dimensionnement à la mise en "
            "service. Aujourd'hui je pilote la maintenance d'un parc de centrales et je suis les indicateurs de "
            "disponibilité avec les exploitants. Je connais bien les contraintes de sûreté et la réglementation. "
            "Je me sens un peu perdu face à l'IA et je me demande si je dois tout reprendre à zéro."
        ),
        text_en=(
            "I trained as an engineer and have spent more than twenty years in energy and infrastructure. "
            "I led substation and district-heating projects from sizing to commissioning. Today I run maintenance "
            "for a fleet of power plants and track availability figures with the operations teams. I know safety "
            "constraints and regulation well. AI makes me feel a bit lost and I wonder whether I must start over."
        ),
    ),
    Example(
        id="lawyer",
        label_fr=":material/gavel: Juriste",
        label_en=":material/gavel: Lawyer",
        text_fr=(
            "Avocate en droit des affaires depuis dix ans, je rédige et négocie des contrats pour des entreprises "
            "du numérique. Je conseille mes clients sur la protection des données personnelles et le RGPD, et je "
            "les accompagne lors des contrôles de la CNIL. On me pose de plus en plus de questions sur l'usage des "
            "outils d'IA générative et sur le nouveau règlement européen."
        ),
        text_en=(
            "I have been a commercial lawyer for ten years, drafting and negotiating contracts for tech companies. "
            "I advise clients on data protection and the GDPR and support them through regulators' inquiries. "
            "More and more, clients ask me about generative AI tools and the new European AI regulation."
        ),
    ),
    Example(
        id="nurse",
        label_fr=":material/stethoscope: Infirmière",
        label_en=":material/stethoscope: Nurse",
        text_fr=(
            "Infirmière depuis quinze ans, d'abord en réanimation puis comme cadre de santé. J'organise les "
            "plannings, j'encadre les nouvelles recrues et j'ai participé au déploiement du dossier patient "
            "informatisé dans le service. Je fais le lien entre les soignants, les médecins et l'informatique de "
            "l'hôpital, et je tiens à ce que les outils servent vraiment les patients."
        ),
        text_en=(
            "I have been a nurse for fifteen years, first in intensive care and then as a ward manager. I plan the "
            "rotas, mentor new staff and helped roll out the electronic patient record on the ward. I am the link "
            "between nurses, doctors and the hospital's IT team, and I care that tools truly serve patients."
        ),
    ),
    Example(
        id="graphic-designer",
        label_fr=":material/palette: Graphiste",
        label_en=":material/palette: Graphic designer",
        text_fr=(
            "Graphiste indépendante depuis huit ans, je crée des identités visuelles, des affiches et des "
            "illustrations pour des associations et des marques. Je travaille surtout sur la suite Adobe et "
            "Figma. Je teste Midjourney et d'autres générateurs d'images, avec un mélange de curiosité et "
            "d'inquiétude pour mon métier."
        ),
        text_en=(
            "I have been a freelance graphic designer for eight years, creating visual identities, posters and "
            "illustrations for charities and brands. I mostly work in Adobe's suite and Figma. I have been trying "
            "Midjourney and other image generators, half curious and half worried about my trade."
        ),
    ),
    Example(
        id="teacher",
        label_fr=":material/school: Enseignant",
        label_en=":material/school: Teacher",
        text_fr=(
            "Professeur de lycée depuis douze ans, j'enseigne les sciences économiques et sociales. Je conçois mes "
            "cours, j'anime des classes de trente élèves et je forme parfois mes collègues aux outils numériques. "
            "J'aime expliquer simplement des sujets compliqués et voir les gens progresser."
        ),
        text_en=(
            "I have taught economics and social science in a secondary school for twelve years. I design my own "
            "lessons, run classes of thirty pupils and sometimes train colleagues on digital tools. I love "
            "explaining complex topics simply and watching people progress."
        ),
    ),
    Example(
        id="hr-manager",
        label_fr=":material/groups: Responsable RH",
        label_en=":material/groups: HR manager",
        text_fr=(
            "Responsable des ressources humaines dans une entreprise industrielle de 600 personnes. Je m'occupe du "
            "recrutement, de la formation et du dialogue social avec les représentants du personnel. J'ai mené "
            "plusieurs réorganisations et je sais accompagner les équipes quand leur travail change."
        ),
        text_en=(
            "I am the HR manager of a 600-person manufacturing company. I look after recruitment, training and "
            "relations with staff representatives. I have led several reorganisations and I know how to support "
            "teams when their work changes."
        ),
    ),
)

_BY_ID = {e.id: e for e in EXAMPLES}


def example(example_id: str) -> Example:
    """The example with this id."""
    return _BY_ID[example_id]
