"""Wishes and worries a person states in their own text, in French or English, and how they re-rank roles.

"I can't code and have no wish to", "je ne veux pas manager", "je veux rester dans mon métier",
"I'm worried about copyright": each is read by a small pattern, reported with the person's own
sentence, and applied like the preferences a person can pick by hand (`ranking.PREFERENCE_BONUS`),
unless the request turns it off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

__all__ = ["WISHES", "WISH_PREFERENCE", "StatedWish", "Wish", "applied_preferences", "read_wishes"]

Wish = Literal["no-code", "no-management", "own-field", "rights", "job-worry"]
WISHES: tuple[str, ...] = get_args(Wish)

#: The preference each wish applies; a worry about one's job changes no ranking (the app answers it in words).
WISH_PREFERENCE: dict[str, str | None] = {
    "no-code": "no-code-stated",
    "no-management": "no-management",
    "own-field": "own-field",
    "rights": "rights",
    "job-worry": None,
}

_CODE = (
    r"(?:cod(?:e|er|ing|eu[rs]|euse)\w*|programm\w*|d[ée]velopp(?:eur|euse|er|ement)\w*|developer|informati\w*|python)"
)
_NO = (
    r"(?:ne\b[^.?!;]{0,25}\b(?:pas|jamais|plus)|(?:veux|sais|veut|sait|vais)\s+pas|pas\s+(?:envie|question|fait\s+pour)|"
    r"aucune?\s+(?:envie|intention|idée)|horreur|jamais|can['’]?t|cannot|don['’]?t|do\s+not|won['’]?t|will\s+not|"
    r"never|(?:no|zero|little)\s+(?:wish|desire|interest|intention)|not\s+(?:interested|going|a|an|for)|hate|"
    r"rather\s+not|avoid|nothing\s+to\s+do\s+with|i['’]?m\s+no|surtout\s+pas|pas\s+(?:une?\s+)?(?=\w*(?:cod|program|informati|d[ée]velopp)))"
)
#: After the code word: "programmer, très peu pour moi", "coding is not my thing", "le code ne m'intéresse pas".
_REFUSED = (
    r"(?:\bnon\b|jamais|très\s+peu\s+pour\s+moi|hors\s+de\s+question|pas\s+(?:pour\s+moi|mon\s+truc)|"
    r"ne\s+m['’]\w+\s+(?:pas|jamais|plus)|not\s+(?:my|for|something)|isn['’]?t\s+(?:my|for)|"
    r"doesn['’]?t\s+(?:interest|appeal)|no\s+thanks|never)"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "no-code": re.compile(
        rf"\b{_NO}\b[^.?!;]{{0,45}}\b{_CODE}|\b{_CODE}[^.?!;]{{0,25}}\b(?:not\s+for\s+me|pas\s+pour\s+moi|"
        rf"n['’]est\s+pas\s+(?:mon|pour))|\bsans\s+(?:coder|code|programmer|programmation)\b|"
        rf"\bno\s+(?:code|coding|programming)\b|\bne\s+{_CODE}\s+(?:pas|jamais|plus)\b|"
        rf"\b{_CODE}[^.?!;]{{0,60}}{_REFUSED}|\bnot\s+a\s+techie\b",
        re.IGNORECASE,
    ),
    "no-management": re.compile(
        rf"\b{_NO}\b[^.?!;]{{0,35}}\b(?:manag\w*|encadr\w*|chef\s+d['’]équipe|diriger\s+(?:une|des)|"
        rf"lead\s+(?:a\s+)?team|be\s+(?:a|the)\s+boss|people\s+manager)",
        re.IGNORECASE,
    ),
    "own-field": re.compile(
        r"\b(?:rester|garder|sans\s+(?:quitter|changer\s+de)|ne\s+pas\s+quitter|pas\s+quitter)\b[^.?!;]{0,30}"
        r"\b(?:mon|ma|mes|de)\s+(?:métier|domaine|secteur|poste|boulot|travail|spécialité|profession)\b|"
        r"\b(?:stay|remain|keep\s+working)\b[^.?!;]{0,20}\bmy\s+(?:field|job|trade|profession|sector|line\s+of\s+work)\b|"
        r"\bwithout\s+(?:leaving|changing|quitting)\s+my\s+(?:job|field|trade|profession)\b",
        re.IGNORECASE,
    ),
    "rights": re.compile(
        r"\b(?:droits?\s+d['’]auteur|propriété\s+intellectuelle|plagi\w*|pillage|pill(?:er|ent|é)\w*|"
        r"défendre\s+les\s+(?:artistes|auteurs|illustrat\w*|créat\w*)|copyright|intellectual\s+property|"
        r"(?:steal|stole|stolen|scrap\w*)\b[^.?!;]{0,30}\b(?:work|art|drawings|images)|"
        r"protect\w*\s+(?:artists|creators|illustrators|authors))",
        re.IGNORECASE,
    ),
    "job-worry": re.compile(
        r"\b(?:peur|crains|craint|inquiet|inquiète|angoiss\w*|afraid|fear\w*|worr(?:y|ied|ies)|scared|anxious)\b"
        r"[^.?!;]{0,60}\b(?:remplac\w*|perdre\s+(?:mon|ma)\s+(?:emploi|travail|poste|boulot|place)|"
        r"disparaître|chômage|replac\w*|los(?:e|ing)\s+my\s+(?:job|work|place)|out\s+of\s+(?:a\s+)?(?:job|work)|"
        r"redundan\w*|obsolete)",
        re.IGNORECASE,
    ),
}
#: A first-person statement of coding, which overrides a refusal elsewhere ("I don't manage, I code").
_CODES = re.compile(
    r"\b(?:je\s+(?:code|programme|développe\s+(?:des|en)|fais\s+du\s+(?:code|python|sql))|"
    r"i\s+(?:code|program|write\s+code|develop\s+(?:software|apps)|script)|"
    r"(?:je\s+suis|i['’]?m|i\s+am)\s+(?:an?\s+)?(?:d[ée]veloppeu(?:r|se)|developer|programmer|software\s+engineer))\b",
    re.IGNORECASE,
)


#: Word pieces without which a wish's pattern cannot match: a cheap test, on the lowercased sentence, that
#: spares the full pattern. Plain substring tests, since a regular expression of alternatives tries each
#: of them at every position (0.4 to 0.6 ms on a CV-length text, against 0.06 ms here, measured side by side).
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "no-code": ("cod", "program", "développ", "developp", "developer", "informati", "python", "techie"),
    "no-management": ("manag", "encadr", "chef", "diriger", "lead", "boss"),
    "own-field": ("rester", "garder", "quitter", "changer", "stay", "remain", "keep", "without"),
    "rights": (
        "droit",
        "propri",
        "plagi",
        "pill",
        "défendre",
        "copyright",
        "intellectual",
        "steal",
        "stole",
        "scrap",
        "protect",
    ),
    "job-worry": ("peur", "crain", "inqui", "angoiss", "afraid", "fear", "worr", "scared", "anxious"),
}
#: Any wish's trigger: a sentence with none of them states no wish, and its patterns are not tried.
_ANY_TRIGGER: tuple[str, ...] = tuple(dict.fromkeys(w for words in _TRIGGERS.values() for w in words))


@dataclass(frozen=True)
class StatedWish:
    """A wish read from the text, with the person's own sentence that states it."""

    wish: Wish
    sentence: str


def read_wishes(sentences: Iterable[str]) -> tuple[StatedWish, ...]:
    """Every wish stated in the sentences, first sentence first, each wish once."""
    sentences = list(sentences)
    says_codes = any(_CODES.search(s) and not _PATTERNS["no-code"].search(s) for s in sentences)
    found: dict[str, StatedWish] = {}
    for sentence in sentences:
        low = sentence.lower()
        if not any(w in low for w in _ANY_TRIGGER):
            continue
        for wish, pattern in _PATTERNS.items():
            if wish in found or (wish == "no-code" and says_codes):
                continue
            if any(w in low for w in _TRIGGERS[wish]) and pattern.search(sentence):
                found[wish] = StatedWish(wish, sentence)  # type: ignore[arg-type]
    return tuple(found.values())


def applied_preferences(chosen: Iterable[str], wishes: Iterable[StatedWish]) -> tuple[str, ...]:
    """The preferences a ranking applies: those chosen by hand, then those the stated wishes imply."""
    out = list(dict.fromkeys(chosen))
    for stated in wishes:
        pref = WISH_PREFERENCE[stated.wish]
        if pref is not None and pref not in out:
            out.append(pref)
    return tuple(out)
