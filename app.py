"""Find your place in AI: the Streamlit page. Run with `streamlit run app.py`.

The page only draws: every recommendation comes from `Recommender.recommend` and
`Recommender.landscape`. The person's text lives in their session only; it is never logged,
written to disk or sent anywhere.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from recommender import InputError, Recommendation, Recommender, RecommenderError, Request
from recommender.text import MAX_CHARS
from ui.cards import role_card
from ui.corpus_notice import skipped_files_notice
from ui.engine import load_recommender
from ui.examples import EXAMPLES, example
from ui.landscape_chart import landscape_chart, rank_legend
from ui.markdown_export import results_markdown
from ui.readings import show_reading
from ui.refine import describe, refine_panel
from ui.safe_text import HINT_WORDS, md, word_count
from ui.strings import LANGUAGES, STRINGS, label, t

FAVICON = Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"
#: Session keys: the interface language, the text box, and the text last submitted.
LANG, PROFILE, QUERY, EXAMPLE = "lang", "profile", "query", "example"
#: Wishes read from the text that the person turned off, until the next submit.
IGNORED = "ignored_wishes"


def _default_language() -> str:
    """French for French-speaking browsers, and by default; English for everyone else."""
    locale = st.context.locale
    return "en" if locale and not locale.lower().startswith("fr") else "fr"


def _use_example() -> None:
    """Fill the text box with the chosen example, in the interface language, and run it."""
    chosen = st.session_state.get(EXAMPLE)
    if chosen:
        text = example(chosen).text(st.session_state.get(LANG, "fr"))
        st.session_state[PROFILE] = text
        st.session_state[QUERY] = text


def header() -> str:
    """Title, language switch and privacy note; returns the interface language."""
    if LANG not in st.session_state:
        st.session_state[LANG] = _default_language()
    with st.container(horizontal=True, horizontal_alignment="right"):
        lang = st.segmented_control(
            "Langue / Language",
            LANGUAGES,
            format_func=lambda v: label(v, "language", v),
            required=True,
            key=LANG,
            label_visibility="collapsed",
        )
    lang = lang or "fr"
    st.title(t(lang, "title"), anchor=False)
    st.markdown(t(lang, "tagline"))
    st.caption(t(lang, "privacy"))
    return lang


def profile_form(lang: str) -> None:
    """Example profiles and the text box; a submitted text is kept in the session for the results."""
    st.pills(
        t(lang, "examples_label"),
        [e.id for e in EXAMPLES],
        format_func=lambda v: example(v).label(lang),
        key=EXAMPLE,
        on_change=_use_example,
    )
    with st.form("profile_form", border=False, enter_to_submit=False):
        st.text_area(
            t(lang, "text_label"),
            key=PROFILE,
            height=200,
            placeholder=t(lang, "placeholder"),
            help=t(lang, "text_help"),
        )
        if st.form_submit_button(t(lang, "submit"), type="primary", icon=":material/search:", width="stretch"):
            st.session_state[QUERY] = st.session_state.get(PROFILE, "")
            st.session_state[IGNORED] = ()


def _ignore_wish(wish: str) -> None:
    st.session_state[IGNORED] = (*st.session_state.get(IGNORED, ()), wish)


def _recommend(rec: Recommender, request: Request, lang: str) -> Recommendation | None:
    """The engine's answer, or None after telling the person, in their language, why it cannot be used."""
    try:
        with st.spinner(t(lang, "running")):
            return rec.recommend(request)
    except InputError as exc:
        key = f"err_{exc.reason}"
        message = t(lang, key) if key in STRINGS[lang] else t(lang, "err_input", error=md(str(exc)))
        st.warning(message, icon=":material/edit_note:")
        return None


def notices(result: Recommendation, text: str, choice: Request, lang: str) -> None:
    """What shaped these results: truncation, a very short text, filters, preferences."""
    if result.truncated:
        st.info(t(lang, "truncated", limit=f"{MAX_CHARS:,}".replace(",", "\u202f")), icon=":material/content_cut:")
    elif word_count(text) < HINT_WORDS:
        st.caption(t(lang, "short_hint"))
    for stated in result.wishes:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.info(t(lang, f"wish_{stated.wish}", sentence=md(stated.sentence)), icon=":material/record_voice_over:")
            st.button(t(lang, "wish_undo"), key=f"undo_{stated.wish}", on_click=_ignore_wish, args=(stated.wish,))
    filters, prefs = describe(choice, lang)
    if prefs:
        st.info(md(prefs), icon=":material/swap_vert:")
    if filters:
        st.info(md(filters), icon=":material/filter_alt:")


def results(rec: Recommender, result: Recommendation, text: str, lang: str) -> None:
    """Role cards, the reading list and the map, in three tabs, then the download."""
    if not result.roles:
        st.header(t(lang, "results_header"), anchor=False)
        st.warning(t(lang, "no_results"), icon=":material/filter_alt_off:")
        return
    if result.fit == "nothing":
        st.warning(t(lang, "fit_nothing"), icon=":material/edit_note:")
        with st.expander(t(lang, "fit_nothing_show")):
            for rank, found in enumerate(result.roles, 1):
                role_card(rank, found, lang, rec.corpus)
        return
    st.header(t(lang, "results_header_weak" if result.fit == "weak" else "results_header"), anchor=False)
    if result.fit == "weak":
        st.info(t(lang, "fit_weak"), icon=":material/explore:")
    language = t(lang, f"lang_name_{result.language}")
    intro = t(lang, "results_intro", count=len(result.roles)) + " " + t(lang, "detected_language", language=language)
    st.caption(intro, help=t(lang, "match_help"))
    roles_tab, readings_tab, map_tab = st.tabs([t(lang, "tab_roles"), t(lang, "tab_readings"), t(lang, "tab_map")])
    with roles_tab:
        for rank, found in enumerate(result.roles, 1):
            role_card(rank, found, lang, rec.corpus)
    with readings_tab:
        st.subheader(t(lang, "readings_header"), anchor=False)
        st.caption(t(lang, "readings_intro") + " " + t(lang, "opens_new_tab"))
        suggested = {m.role.id: m.role.title.get(lang) for m in result.roles}
        for item in result.readings:
            with st.container(border=True):
                serves = [suggested[r] for r in item.reading.roles if r in suggested]
                show_reading(item.reading, lang, for_roles=serves)
    with map_tab:
        st.subheader(t(lang, "map_header"), anchor=False)
        st.caption(t(lang, "map_intro"))
        landscape = rec.landscape(text, highlight=[m.role.id for m in result.roles])
        titles = {r.id: r.title.get(lang) for r in rec.corpus.roles}
        st.altair_chart(landscape_chart(landscape, titles, lang), width="stretch")
        st.markdown(rank_legend(landscape, titles))
    st.download_button(
        t(lang, "download"),
        results_markdown(result, lang, text),
        file_name=t(lang, "download_name"),
        mime="text/markdown",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )


def main() -> None:
    st.set_page_config(
        page_title="Find your place in AI · Trouver sa place dans l'IA", page_icon=str(FAVICON), layout="centered"
    )
    lang = header()
    with st.spinner(t(lang, "loading_model")):
        try:
            rec = load_recommender()
        except RecommenderError as exc:
            st.error(t(lang, "load_failed", error=md(str(exc))))
            st.stop()
    profile_form(lang)
    text = st.session_state.get(QUERY)
    choice = refine_panel(lang, text or "", st.session_state.get(IGNORED, ()))
    if text is not None:
        result = _recommend(rec, choice, lang)
        if result is not None:
            notices(result, text, choice, lang)
            results(rec, result, text, lang)
    skipped_files_notice(rec.corpus, lang)
    st.divider()
    st.caption(t(lang, "footer"))


main()
