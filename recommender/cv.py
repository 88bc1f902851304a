"""Reading a CV as a working life: its sections and dates, the jobs that count most first, no contact details.

A CV is lines, not prose: each line becomes one sentence for the engine (so the evidence quotes CV
lines). Section headings are recognised in French and English. Experience comes first, its jobs
ordered by weight (recent and long-held ones before an old summer job); then the summary, skills and
education; interests, hobbies, the name line and contact details (`contacts.strip_contacts`) are left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .contacts import strip_contacts
from .documents import DEFAULT_LIMITS, Document, DocumentLimits, read_document
from .keywords import strip_marks

__all__ = ["CvEntry", "CvReading", "job_weight", "read_cv", "read_cv_file", "section_of"]

#: Section kinds, in the order their lines are given to the engine; "interests" is left out.
ORDER = ("experience", "summary", "skills", "education", "languages", "other")
_HEADINGS = {
    "experience": (
        "experience",
        "experiences",
        "experience professionnelle",
        "experiences professionnelles",
        "parcours professionnel",
        "parcours",
        "emplois",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career",
        "career history",
    ),
    "summary": ("profil", "profil professionnel", "resume", "a propos", "summary", "profile", "about", "about me"),
    "skills": (
        "competences",
        "competences cles",
        "savoir-faire",
        "skills",
        "top skills",
        "key skills",
        "technical skills",
        "outils",
        "tools",
    ),
    "education": (
        "formation",
        "formations",
        "diplomes",
        "etudes",
        "education",
        "qualifications",
        "certifications",
        "formation et diplomes",
    ),
    "languages": ("langues", "languages"),
    "contact": ("contact", "contacts", "coordonnees", "informations personnelles", "personal details", "details"),
    "interests": (
        "centres d'interet",
        "centres d'interets",
        "loisirs",
        "passions",
        "activites extra-professionnelles",
        "interets",
        "interests",
        "hobbies",
        "hobbies and interests",
        "personal interests",
    ),
}
_HEADING_OF = {h: kind for kind, names in _HEADINGS.items() for h in names}
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_NOW = r"(?:aujourd'hui|aujourd’hui|ce jour|present|présent|now|current|actuel(?:lement)?|en cours)"
_MONTH = r"(?:[A-Za-zéû]{3,9}\.?\s+|\d{1,2}/)?"
_RANGE = re.compile(
    rf"(?i)(?:depuis|since)\s+{_MONTH}(?P<since>{_YEAR})"
    rf"|(?:de\s+|from\s+)?{_MONTH}(?P<start>{_YEAR})\s*(?:-|–|—|à|to|au|jusqu'en)\s*{_MONTH}(?:(?P<end>{_YEAR})|(?P<now>{_NOW}))"
    rf"|^\s*{_MONTH}(?P<single>{_YEAR})\b"
)
_CONTACT = "\x00"
#: Jobs that weigh less than this (a one-year job over twenty years ago) are left out.
MIN_WEIGHT = 0.15
#: Sections left out of the text given to the engine.
DROPPED = ("interests", "contact", "languages")
#: A line that is only a person's name: two or three capitalised words, nothing else.
_NAME = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'-]+(?:\s[A-ZÀ-Ý][\w'-]+){1,2}$")
_FOOTER = re.compile(r"(?i)^page\s+\d+\s*(?:of|sur|/)\s*\d+$")


@dataclass(frozen=True)
class CvEntry:
    """One block of a section: its lines, and for a job its years (end None while it runs) and weight."""

    kind: str
    lines: tuple[str, ...]
    start: int | None = None
    end: int | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class CvReading:
    """The CV's text as given to the engine, one line per sentence, and what was recognised or left out."""

    text: str
    entries: tuple[CvEntry, ...]
    #: Section kinds present in the CV, in reading order ("interests" included when there was one).
    sections: tuple[str, ...]
    #: Lines left out of the text (interests, hobbies, a contact section, old short jobs): how many.
    dropped_lines: int


def _plain(line: str) -> str:
    folded = strip_marks(unicodedata.normalize("NFKD", line.casefold().replace("’", "'")))
    return re.sub(r"\s+", " ", re.sub(r"[:#*_•|=\-–—]+\s*$|^[#*_•|=\s]+", "", folded)).strip()


def section_of(line: str) -> str | None:
    """The section kind a line heads ("experience", "education", ...), or None when it is not a heading."""
    plain = _plain(line)
    if len(plain) > 45:
        return None
    if plain in _HEADING_OF:
        return _HEADING_OF[plain]
    for sep in (" / ", " & ", " et ", " and "):  # "Loisirs / Interests", "Compétences et outils"
        first = plain.split(sep)[0].strip()
        if first != plain and first in _HEADING_OF:
            return _HEADING_OF[first]
    return None


def job_weight(start: int | None, end: int | None, today: int) -> float:
    """How much a job counts: recent and long-held ones most (1.0 for a job held 5+ years that runs now)."""
    if start is None and end is None:
        return 0.5
    last = today if end is None else end
    first = start if start is not None else last
    years = max(last - first, 0) + 0.5
    recency = 1.0 / (1.0 + max(today - last, 0) / 8.0)
    return recency * min(1.0, 0.4 + years / 8.0)


def _years(line: str) -> tuple[int | None, int | None, bool] | None:
    """(start, end, dated) from a line with a date range; None when it has none."""
    m = _RANGE.search(line)
    if not m:
        return None
    if m["since"]:
        return int(m["since"]), None, True
    if m["start"]:
        return int(m["start"]), int(m["end"]) if m["end"] else None, True
    return int(m["single"]), int(m["single"]), True


def _joined(lines: list[str]) -> list[str]:
    """Lines a PDF wrapped put back together: a line that does not end a sentence, followed by a lowercase start."""
    out: list[str] = []
    for line in lines:
        if out and out[-1][-1:] not in ".!?;:" and line[:1].islower() and section_of(out[-1]) is None:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def read_cv(text: str, today: int | None = None) -> CvReading:
    """The CV in `text` read as a working life: the lines that count most first, contact details removed."""
    today = today or date.today().year
    raw = [line.strip(" \t•·*-–—▪►●|") for line in strip_contacts(text, _CONTACT).split("\n")]
    lines = _joined(
        [
            ln
            for ln in (r.replace(_CONTACT, "").strip(" ,;|·-") for r in raw)
            if _has_words(ln) and not _FOOTER.match(ln)
        ]
    )
    entries: list[CvEntry] = []
    kind, years = "summary", None
    block: list[str] = []
    seen: list[str] = []

    def close() -> None:
        if block:
            weight = job_weight(years[0], years[1], today) if years and kind == "experience" else 1.0
            start, end = (years[0], years[1]) if years else (None, None)
            entries.append(CvEntry(kind, tuple(block), start, end, weight))

    for line in lines:
        heading = section_of(line)
        if heading is not None:
            close()
            kind, block, years = heading, [], None
            seen.append(heading)
            continue
        if (kind == "summary" and not seen and len(line.split()) <= 4 and _years(line) is None) or _NAME.match(line):
            continue  # the name and title lines at the top of a CV, a name line elsewhere (a two-column layout)
        dated = _years(line) if kind in ("experience", "summary") else None
        if dated is not None and block:
            close()
            block, years = [], None
        if dated is not None:
            if kind == "summary" and "experience" not in seen:  # jobs before any heading
                close()
                kind, block = "experience", []
            years = dated[:2]
        block.append(line)
    close()
    kept = [e for e in entries if e.kind not in DROPPED and e.weight >= MIN_WEIGHT]
    rank = {k: i for i, k in enumerate(ORDER)}
    ordered = sorted(kept, key=lambda e: (rank.get(e.kind, len(ORDER)), -e.weight if e.kind == "experience" else 0))
    text_out = "\n".join(line for e in ordered for line in e.lines)
    dropped = sum(len(e.lines) for e in entries if e not in kept)
    return CvReading(text_out, tuple(entries), tuple(dict.fromkeys(seen)), dropped)


def _has_words(line: str) -> bool:
    return sum(c.isalpha() for c in line) >= 2


def read_cv_file(data: bytes, filename: str, limits: DocumentLimits = DEFAULT_LIMITS) -> Document:
    """A CV file's text ready to match and to show for editing: read by content, then as a working life.

    When no section is recognised the whole text is kept (contact details still removed).
    Raises InputError (reasons of `documents.read_document`).
    """
    document = read_document(data, filename, limits)
    reading = read_cv(document.text)
    text = reading.text if _has_words(reading.text) else strip_contacts(document.text, "")
    return Document(text=text, format=document.format, warnings=document.warnings)
