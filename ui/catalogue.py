"""Explore every role: a catalogue by family, filtered by technical level and transition time, one role's
sheet (the same card as the results, without a personal match) and two or three roles side by side."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from recommender import FAMILIES, TECH_LEVELS, Corpus, Role, RoleMatch
from recommender.corpus import EFFORTS

from .cards import MAX_FIRST_STEPS, role_badges, role_card
from .safe_text import md
from .strings import label, t

__all__ = ["catalogue", "compare", "filtered_roles"]

#: Session keys of the catalogue.
OPEN_ROLE, COMPARE = "open_role", "compare"


def filtered_roles(corpus: Corpus, levels: tuple[str, ...], efforts: tuple[str, ...]) -> list[Role]:
    """The roles with one of `levels` and one of `efforts` (an empty choice keeps all), in corpus order."""
    return [
        r
        for r in corpus.roles
        if (not levels or r.technical_level in levels) and (not efforts or r.transition_effort in efforts)
    ]


def _bullets(items: tuple[str, ...], numbered: bool = False) -> str:
    return "\n".join(f"{i}. {md(x)}" if numbered else f"- {md(x)}" for i, x in enumerate(items, 1))


def compare(roles: list[Role], lang: str, mine: dict[str, RoleMatch]) -> None:
    """Two or three roles in columns: level, transition, skills held (or used), to learn, first steps."""
    st.subheader(t(lang, "compare_header"), anchor=False)
    for column, role in zip(st.columns(len(roles)), roles, strict=True):
        with column, st.container(border=True, key=f"compare-{role.id}"):
            st.markdown(f"**{md(role.title.get(lang))}**")
            st.markdown(f"{md(t(lang, 'compare_level'))}: {md(label(lang, 'level', role.technical_level))}")
            st.markdown(f"{md(t(lang, 'compare_effort'))}: {md(label(lang, 'effort', role.transition_effort))}")
            held = mine[role.id].skills_held.get(lang) if role.id in mine else ()
            if held:
                st.markdown(f"**{md(t(lang, 'compare_have'))}**\n\n{_bullets(held)}")
            else:
                st.markdown(f"**{md(t(lang, 'compare_uses'))}**\n\n{_bullets(role.skills_have.get(lang))}")
            st.markdown(f"**{md(t(lang, 'compare_learn'))}**\n\n{_bullets(role.skills_learn.get(lang))}")
            steps = role.first_steps.get(lang)[:MAX_FIRST_STEPS]
            st.markdown(f"**{md(t(lang, 'compare_steps'))}**\n\n{_bullets(steps, numbered=True)}")


def catalogue(corpus: Corpus, lang: str, open_role: Callable[[str], None], mine: dict[str, RoleMatch]) -> None:
    """The whole catalogue; `open_role(id)` shows a role's sheet, `mine` holds the person's matches, if any."""
    known = {r.id: r for r in corpus.roles}
    with st.container(key="catalogue"):
        st.header(t(lang, "catalogue_header"), anchor=False)
        st.caption(t(lang, "catalogue_intro", count=len(corpus.roles)))
        chosen = st.multiselect(
            t(lang, "compare_label"),
            [r.id for r in corpus.roles],
            format_func=lambda v: known[v].title.get(lang),
            max_selections=3,
            placeholder=t(lang, "compare_placeholder"),
            key=COMPARE,
        )
        if len(chosen) >= 2:
            compare([known[r] for r in chosen], lang, mine)
        elif chosen:
            st.caption(t(lang, "compare_hint"))

        opened = st.session_state.get(OPEN_ROLE)
        if opened in known:
            with st.container(key="role-sheet"):
                st.subheader(t(lang, "role_sheet"), anchor=False)
                role_card(known[opened], lang, corpus, key="sheet-card", open_role=open_role)
                st.button(t(lang, "role_sheet_close"), on_click=open_role, args=("",), icon=":material/close:")

        levels = st.pills(
            t(lang, "catalogue_levels"),
            TECH_LEVELS,
            selection_mode="multi",
            format_func=lambda v: label(lang, "level", v),
            key="cat_levels",
        )
        efforts = st.pills(
            t(lang, "catalogue_efforts"),
            EFFORTS,
            selection_mode="multi",
            format_func=lambda v: label(lang, "effort", v),
            key="cat_efforts",
        )
        shown = filtered_roles(corpus, tuple(levels or ()), tuple(efforts or ()))
        st.caption(t(lang, "catalogue_count", count=len(shown)))
        if not shown:
            st.info(t(lang, "catalogue_none"), icon=":material/filter_alt_off:")
        for family in FAMILIES:
            members = [r for r in shown if r.family == family]
            if not members:
                continue
            st.subheader(label(lang, "family", family), anchor=False)
            for role in members:
                with st.container(horizontal=True, vertical_alignment="center", key=f"cat-{role.id}"):
                    st.button(
                        role.title.get(lang),
                        key=f"cat-open-{role.id}",
                        type="tertiary",
                        on_click=open_role,
                        args=(role.id,),
                    )
                    st.markdown(role_badges(role, lang))
