"""The "refine" panel: filters and preferences, read into the engine's own typed `Request`."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from recommender import FAMILIES, PREFERENCES, TECH_LEVELS, Request

from .safe_text import md
from .strings import STRINGS, label, quote, t

__all__ = ["describe", "refine_panel"]

DEFAULT_TOP_K = 5


def _preference_label(lang: str, pref: str) -> str:
    key = f"pref_{pref}"
    return t(lang, key) if key in STRINGS[lang] else pref


def refine_panel(
    lang: str, text: str, ignore_wishes: tuple[str, ...] = (), on_change: Callable[[], None] | None = None
) -> Request:
    """Draw the filters and preference toggles; return the request for `text` with the current choice.

    `on_change` runs before the rerun any change of choice starts (the app re-reads the text box there).
    Every control keeps its value while the page shows something else.
    """
    with st.expander(t(lang, "refine"), icon=":material/tune:"):
        levels = st.pills(
            t(lang, "filter_levels"),
            TECH_LEVELS,
            selection_mode="multi",
            format_func=lambda v: label(lang, "level", v),
            key="filter_levels",
            on_change=on_change,
            persist_state="page",
        )
        families = st.pills(
            t(lang, "filter_families"),
            FAMILIES,
            selection_mode="multi",
            format_func=lambda v: label(lang, "family", v),
            key="filter_families",
            on_change=on_change,
            persist_state="page",
        )
        reading_language = st.segmented_control(
            t(lang, "filter_reading_lang"),
            ("any", "fr", "en"),
            format_func=lambda v: t(lang, "reading_lang_any") if v == "any" else label(lang, "language", v),
            default="any",
            required=True,
            key="filter_reading_lang",
            on_change=on_change,
            persist_state="page",
        )
        st.markdown(f":small[{md(t(lang, 'prefs_label'))}]")
        chosen = [
            pref
            for pref in PREFERENCES
            if st.toggle(_preference_label(lang, pref), key=f"pref_{pref}", on_change=on_change, persist_state="page")
        ]
        top_k = st.slider(
            t(lang, "top_k"), 3, 10, DEFAULT_TOP_K, key="top_k", on_change=on_change, persist_state="page"
        )
    return Request(
        text,
        language=lang,  # type: ignore[arg-type]
        levels=tuple(levels or ()),
        families=tuple(families or ()),
        reading_language=None if reading_language in (None, "any") else reading_language,
        preferences=tuple(chosen),
        ignore_wishes=ignore_wishes,
        top_k=int(top_k),
    )


def describe(choice: Request, lang: str) -> tuple[str | None, str | None]:
    """Sentences saying which filters and which preferences shaped the results (None when unused)."""
    parts = []
    if choice.levels:
        parts.append(t(lang, "filter_levels") + " — " + ", ".join(label(lang, "level", v) for v in choice.levels))
    if choice.families:
        parts.append(t(lang, "filter_families") + " — " + ", ".join(label(lang, "family", v) for v in choice.families))
    if choice.reading_language:
        parts.append(t(lang, "filter_reading_lang") + " — " + label(lang, "language", choice.reading_language))
    filters = t(lang, "filtered", filters="; ".join(parts)) if parts else None
    prefs = None
    if choice.preferences:
        names = ", ".join(quote(lang, _preference_label(lang, p)) for p in choice.preferences)
        prefs = t(lang, "reranked", prefs=names)
    return filters, prefs
