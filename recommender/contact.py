"""Contact details (e-mail, web addresses, phone numbers) taken out of a text before it is shown or written."""

from __future__ import annotations

import re

__all__ = ["strip_contacts"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S*")
#: Phone numbers: an optional +country code, then at least eight digits in groups split by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w])(?:\+\d{1,3}[\s.-]?)?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){7,13}(?![\w])")


def strip_contacts(text: str, placeholder: str) -> str:
    """`text` with e-mail addresses, web addresses and phone numbers replaced by `placeholder`."""
    for pattern in (_EMAIL, _URL, _PHONE):
        text = pattern.sub(placeholder, text)
    return text
