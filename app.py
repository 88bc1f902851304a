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
from recommender.workqueue import QueueFull, QueueTimeout
from ui.cards import results_cards
from ui.catalogue import OPEN_ROLE, catalogue
from ui.corpus_notice import skipped_files_notice
from ui.engine import TEXT_BOX_CHARS, ask, load_recommender
from ui.examples import EXAMPLES, example
from ui.landscape_chart import landscape_chart, map_sentence, rank_legend
from ui.markdown_export import results_markdown
from ui.page import page_style, scroll_to, set_document_language
from ui.print_export import results_html
from ui.readings import show_reading
from ui.refine import describe, refine_panel
from ui.safe_text import HINT_WORDS, md, word_count
from ui.strings import LANGUAGES, STRINGS, label, t
from ui.upload import UPLOAD_TYPES, read_upload

FAVICON = Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"
#: Session keys: the interface language, the text box, the text last submitted, the chosen example.
LANG, PROFILE, QUERY, EXAMPLE = "lang", "profile", "query", "example"
#: Wishes read from the text that the person turned off, until the next submit.
IGNORED = "ignored_wishes"
#: Which view is shown ("find": the form and results; "explore": every role), and a pending scroll.
VIEW, SCROLL = "view", "scroll_to_results"
#: The CV upload widget, and the messages about the last file read (the file itself is never kept).
UPLOAD, UPLOAD_NOTES = "cv_file", "cv_file_notes"
#: The person's last matches by role id, so the catalogue's comparison can say which skills they have.
MINE = "my_matches"


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
        _request_scroll()


def _language_changed() -> None:
    """An example's text follows the language switch (a text the person wrote is left as it is)."""
    chosen = st.session_state.get(EXAMPLE)
    if not chosen:
        return
    new = st.session_state.get(LANG, "fr")
    texts = {example(chosen).text(lang) for lang in LANGUAGES}
    if st.session_state.get(PROFILE) in texts:
        st.session_state[PROFILE] = example(chosen).text(new)
        if st.session_state.get(QUERY) in texts:
            st.session_state[QUERY] = example(chosen).text(new)


def _request_scroll(target: str = "results") -> None:
    """Ask the next run to bring the element of key `target` into view once drawn."""
    st.session_state[SCROLL] = st.session_state.get(SCROLL, 0) + 1
    st.session_state[f"{SCROLL}_pending"] = target


def _submit() -> None:
    st.session_state[QUERY] = st.session_state.get(PROFILE, "")
    st.session_state[IGNORED] = ()
    _request_scroll()


def _rerun_on_current_text() -> None:
    """A refine option changed: run again on what the text box holds now, so nothing shown is stale."""
    current = st.session_state.get(PROFILE) or ""
    if st.session_state.get(QUERY) is not None and current.strip() and current != st.session_state.get(QUERY):
        st.session_state[QUERY] = current
        st.session_state[IGNORED] = ()


def _open_role(role_id: str) -> None:
    """Show a role's sheet in the catalogue (no page reload: the session and the loaded model stay)."""
    st.session_state[OPEN_ROLE] = role_id
    if role_id:
        st.session_state[VIEW] = "explore"
        st.query_params["role"] = role_id
        _request_scroll("role-sheet")
    elif "role" in st.query_params:
        del st.query_params["role"]


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
            on_change=_language_changed,
        )
    lang = lang or "fr"
    st.title(t(lang, "title"), anchor=False)
    st.markdown(t(lang, "tagline"))
    st.caption(t(lang, "privacy"))
    return lang


def view_switch(lang: str) -> str:
    """My results / all roles; a `?role=` address opens that role's sheet."""
    wanted = st.query_params.get("role")
    if wanted and st.session_state.get(OPEN_ROLE) != wanted and not st.session_state.get("_role_param_read"):
        st.session_state["_role_param_read"] = True
        st.session_state[OPEN_ROLE] = wanted
        st.session_state[VIEW] = "explore"
    st.session_state.setdefault(VIEW, "find")
    view = st.segmented_control(
        t(lang, "view_label"),
        ("find", "explore"),
        format_func=lambda v: t(lang, f"view_{v}"),
        required=True,
        key=VIEW,
        label_visibility="collapsed",
        width="stretch",
    )
    return view or "find"


def _use_file() -> None:
    """Put the uploaded CV's text in the text box, to read and edit before submitting; the bytes are dropped."""
    upload = st.session_state.get(UPLOAD)
    if upload is None:
        st.session_state.pop(UPLOAD_NOTES, None)
        return
    lang = st.session_state.get(LANG, "fr")
    text, notes = read_upload(load_recommender(), upload.name, upload.getvalue(), lang)
    if text is not None:
        st.session_state[PROFILE] = text[:TEXT_BOX_CHARS]
    st.session_state[UPLOAD_NOTES] = (text is not None, notes)


def profile_form(lang: str) -> None:
    """Example profiles, the CV upload, the text box and the submit button."""
    st.pills(
        t(lang, "examples_label"),
        [e.id for e in EXAMPLES],
        format_func=lambda v: example(v).label(lang),
        key=EXAMPLE,
        on_change=_use_example,
        persist_state="page",
    )
    st.file_uploader(
        t(lang, "upload_label"), type=UPLOAD_TYPES, key=UPLOAD, on_change=_use_file, help=t(lang, "upload_help")
    )
    read, notes = st.session_state.get(UPLOAD_NOTES, (True, []))
    for note in notes:
        (st.info if read else st.warning)(note)
    with st.container(key="profile-input"):
        st.text_area(
            t(lang, "text_label"),
            key=PROFILE,
            height=200,
            max_chars=TEXT_BOX_CHARS,
            placeholder=t(lang, "placeholder"),
            help=t(lang, "text_help"),
            persist_state="page",
        )
    st.button(
        t(lang, "submit"), type="primary", icon=":material/search:", width="stretch", on_click=_submit, key="submit"
    )


def _ignore_wish(wish: str) -> None:
    st.session_state[IGNORED] = (*st.session_state.get(IGNORED, ()), wish)


def _recommend(rec: Recommender, request: Request, lang: str) -> Recommendation | None:
    """The engine's answer, or None after telling the person, in their language, why it cannot be used."""
    try:
        with st.spinner(t(lang, "running")):
            return ask(rec.recommend, request)
    except InputError as exc:
        key = f"err_{exc.reason}"
        message = t(lang, key if key in STRINGS[lang] else "err_input", error=md(str(exc)))
        st.warning(message, icon=":material/edit_note:")
        return None
    except (QueueFull, QueueTimeout):
        st.warning(t(lang, "err_busy"), icon=":material/hourglass_top:")
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


def downloads(result: Recommendation, text: str, choice: Request, lang: str) -> None:
    """The results to keep: a printable page (print it or save it as PDF) and a plain text file."""
    st.caption(t(lang, "download_intro"))
    with st.container(horizontal=True, key="downloads"):
        st.download_button(
            t(lang, "download_print"),
            results_html(result, lang, text, choice=choice),
            file_name=t(lang, "download_print_name"),
            mime="text/html",
            icon=":material/print:",
            on_click="ignore",
            type="primary",
        )
        st.download_button(
            t(lang, "download_text"),
            results_markdown(result, lang, text, choice=choice),
            file_name=t(lang, "download_name"),
            mime="text/plain",
            icon=":material/download:",
            on_click="ignore",
        )


def results(rec: Recommender, result: Recommendation, text: str, choice: Request, lang: str) -> None:
    """Role cards, the reading list and the map, in three tabs, then the downloads."""
    if not result.roles:
        st.header(t(lang, "results_header"), anchor=False)
        st.warning(t(lang, "no_results"), icon=":material/filter_alt_off:")
        return
    if result.fit == "nothing":
        st.warning(t(lang, "fit_nothing"), icon=":material/edit_note:")
        with st.expander(t(lang, "fit_nothing_show")):
            results_cards(result.roles, lang, rec.corpus, _open_role)
        return
    st.header(t(lang, "results_header_weak" if result.fit == "weak" else "results_header"), anchor=False)
    if result.fit == "weak":
        st.info(t(lang, "fit_weak"), icon=":material/explore:")
    language = t(lang, f"lang_name_{result.language}")
    intro = t(lang, "results_intro", count=len(result.roles)) + " " + t(lang, "detected_language", language=language)
    st.caption(intro, help=t(lang, "match_help"))
    roles_tab, readings_tab, map_tab = st.tabs([t(lang, "tab_roles"), t(lang, "tab_readings"), t(lang, "tab_map")])
    with roles_tab:
        results_cards(result.roles, lang, rec.corpus, _open_role)
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
        st.caption(t(lang, "map_intro") + " " + t(lang, "map_shape_note"))
        try:  # the query's vectors come from the memo recommend() filled: no second encoding
            landscape = ask(rec.landscape, text, highlight=[m.role.id for m in result.roles])
        except (QueueFull, QueueTimeout):
            st.info(t(lang, "err_busy"), icon=":material/hourglass_top:")
        else:
            titles = {r.id: r.title.get(lang) for r in rec.corpus.roles}
            st.altair_chart(landscape_chart(landscape, titles, lang), width="stretch")
            sentence = map_sentence(landscape, titles, lang)
            if sentence:
                st.markdown(f"**{md(sentence)}**")
            st.markdown(rank_legend(landscape, titles))
    downloads(result, text, choice, lang)


def find_view(rec: Recommender, lang: str) -> None:
    """The form, then the results with their refine controls just above them."""
    profile_form(lang)
    text = st.session_state.get(QUERY)
    if text is None:
        return
    with st.container(key="results"):
        if (st.session_state.get(PROFILE) or "") != text:
            st.warning(t(lang, "stale"), icon=":material/update:")
        choice = refine_panel(lang, text, st.session_state.get(IGNORED, ()), on_change=_rerun_on_current_text)
        result = _recommend(rec, choice, lang)
        if result is not None:
            st.session_state[MINE] = {m.role.id: m for m in result.roles}
            notices(result, text, choice, lang)
            results(rec, result, text, choice, lang)


def main() -> None:
    st.set_page_config(
        page_title="Find your place in AI · Trouver sa place dans l'IA", page_icon=str(FAVICON), layout="centered"
    )
    lang = header()
    set_document_language(lang)
    page_style()
    with st.spinner(t(lang, "loading_model")):
        try:
            rec = load_recommender()
        except RecommenderError as exc:
            st.error(t(lang, "load_failed", error=md(str(exc))))
            st.stop()
    if view_switch(lang) == "explore":
        catalogue(rec.corpus, lang, _open_role, st.session_state.get(MINE, {}))
    else:
        find_view(rec, lang)
    target = st.session_state.pop(f"{SCROLL}_pending", None)
    if target:
        scroll_to(target, st.session_state.get(SCROLL, 0))
    skipped_files_notice(rec.corpus, lang)
    st.divider()
    st.caption(t(lang, "footer"))


main()
