"""How one reading is shown: linked title, where it comes from, and what it is about."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from recommender import Reading

from .safe_text import md, md_link
from .strings import label, t

__all__ = ["reading_line", "show_reading"]


def reading_line(reading: Reading, lang: str) -> str:
    """Source, kind, level and language of a reading, in the interface language."""
    return t(
        lang,
        "reading_meta",
        source=reading.source,
        kind=label(lang, "kind", reading.kind),
        level=label(lang, "reading_level", reading.level),
        language=t(lang, f"reading_lang_{reading.language}"),
    )


def show_reading(reading: Reading, lang: str, *, with_summary: bool = True, for_roles: Sequence[str] = ()) -> None:
    """A reading as a linked title (opens a new tab), a meta line, optionally its summary and the roles it serves."""
    body = f"**{md_link(reading.title, reading.url)}** ↗  \n:small[{md(reading_line(reading, lang))}]"
    if with_summary:
        body += f"  \n{md(reading.summary.get(lang))}"
    if for_roles:
        body += f"  \n:small[:material/work: {md(t(lang, 'reading_for', roles=', '.join(for_roles)))}]"
    st.markdown(body)
