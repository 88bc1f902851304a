"""Showing untrusted text safely, and telling a visitor early when their text cannot work.

Everything the person types, and everything read from the corpus, goes through `md()` before
it reaches `st.markdown`: Markdown and HTML syntax are escaped so they show as plain characters.
"""

from __future__ import annotations

import re

__all__ = ["HINT_WORDS", "md", "md_link", "word_count"]

#: Every character with a meaning in Streamlit's Markdown (CommonMark, GFM, directives, LaTeX).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^\"'@])")
#: GFM turns bare addresses into links even when escaped; an invisible word joiner breaks them.
_JOINER = "\u2060"
_AUTOLINK_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|xmpp)(\\:)")
_AUTOLINK_WWW = re.compile(r"(?i)\b(www)(\\\.)")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)

#: Below this many words results are shown with a tip to say more.
HINT_WORDS = 25


def md(text: str) -> str:
    """`text` on one line, every Markdown/HTML special character escaped and no bare address left to autolink."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    escaped = _AUTOLINK_SCHEME.sub(rf"\1{_JOINER}\2", escaped)
    escaped = _AUTOLINK_WWW.sub(rf"\1{_JOINER}\2", escaped)
    return escaped.replace("\\@", f"{_JOINER}\\@")


def md_link(title: str, url: str) -> str:
    """A Markdown link with an escaped title; the address is percent-encoded where Markdown would break."""
    safe_url = "".join(f"%{ord(c):02X}" if c in "()<> \"'\\" else c for c in url)
    return f"[{md(title)}]({safe_url})"


def word_count(text: str) -> int:
    """Words of two letters or more, in any alphabet."""
    return len(_WORD.findall(text))
