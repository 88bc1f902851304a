"""Contact details taken out of a text: before a CV is matched, and before any text is written into a download.

E-mail and web addresses (LinkedIn included), phone numbers, street addresses and birth dates. The
engine and the app share this one implementation.
"""

from __future__ import annotations

import re

__all__ = ["strip_contacts"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b(?:[\w-]+\.)?(?:linkedin|github)\.com/\S*")
#: Phone numbers: an optional +country code, then at least eight digits in groups split by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w])(?:\+\d{1,3}[\s.-]?)?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){7,13}(?![\w])")
_STREET_WORDS = (
    "rue|avenue|av\\.|boulevard|bd|chemin|allée|allee|impasse|place|quai|route|cours|square|passage|lieu-dit|"
    "street|st\\.|road|rd\\.|lane|drive|dr\\.|way|close|court|crescent|terrace|boulevard|blvd\\.?|ave\\.?|place"
)
#: A street address: a number, a street word, the rest of its line up to a comma or two; then a postcode and town.
_STREET = re.compile(
    rf"\b\d{{1,5}}(?:\s?(?i:bis|ter|[a-c]))?,?\s+(?:(?i:{_STREET_WORDS})\b[^\n,;|]{{0,60}}"
    rf"|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){{0,3}}\s(?i:{_STREET_WORDS})(?![\w]))"
    r"(?:,?\s*(?:\d{5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\s+[^\W\d_][^\n,;|]{0,40})?"
)
#: A British postcode anywhere ("NW1 6XE").
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
#: A postcode and town alone on a line (the second line of an address).
_TOWN = re.compile(r"(?im)^\s*(?:\d{5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\s+[^\W\d_][^\n,;|\d]{0,40}$")
#: A birth date: the phrase that announces it and the date (or age) that follows.
_BIRTH = re.compile(
    r"(?i)\b(?:née?\s+le|née?\s+en|date\s+de\s+naissance|born(?:\s+on|\s+in)?|date\s+of\s+birth|d\.?o\.?b\.?)"
    r"\s*:?\s*[^\n|;]{0,30}?\b(?:1[89]|20)\d{2}\b"
)


def strip_contacts(text: str, placeholder: str) -> str:
    """`text` with e-mail and web addresses, phone numbers, street addresses and birth dates replaced."""
    for pattern in (_EMAIL, _URL, _BIRTH, _STREET, _POSTCODE, _TOWN, _PHONE):
        text = pattern.sub(placeholder, text)
    return text
