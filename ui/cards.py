"""The role card: what the role is, how well it fits, why, where to start, what to learn.

The same card serves the personal results (with a match and the person's evidence) and the catalogue
(`found=None`: the role alone, no personal match). The order puts what a phone reader needs first:
title, badges, match, why, first steps; the rest follows.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from recommender import Corpus, Evidence, Role, RoleMatch
from recommender.calibration import band_of

from .contact import strip_contacts
from .readings import show_reading
from .safe_text import md
from .strings import label, quote, t

__all__ = ["OPEN_CARDS", "held_line", "match_band", "match_percent", "role_badges", "role_card", "results_cards"]

#: At most this many first steps are listed on a card.
MAX_FIRST_STEPS = 5
#: Readings listed on a card (the full list is in the Readings tab).
CARD_READINGS = 3
#: Evidence quotes shown on a card.
CARD_EVIDENCE = 2
#: The first cards are open; the others are one line each until opened.
OPEN_CARDS = 3


def match_percent(match: float) -> str:
    """A calibrated probability as a whole percentage; '<1' and '>99' rather than a misleading 0 or 100."""
    pct = round(100 * match)
    if pct < 1:
        return "<1"
    return ">99" if pct > 99 else str(pct)


def match_band(match: float) -> str:
    """The strings key of the plain-words reading of a match (the engine's bands)."""
    return f"band_{band_of(match)}"


def held_line(found: RoleMatch, lang: str) -> str | None:
    """ "You already have X of the Y skills this role uses", or None when the engine found none to count."""
    held = found.skills_held.get(lang)
    total = len(found.role.skills_have.get(lang))
    if not held or not total:
        return None
    return t(lang, "held_count", held=len(held), total=total)


def _bullets(items: tuple[str, ...], numbered: bool = False) -> str:
    return "\n".join(f"{i}. {md(x)}" if numbered else f"- {md(x)}" for i, x in enumerate(items, 1))


def _quote_lines(evidence: tuple[Evidence, ...], lang: str) -> list[str]:
    """Each sentence of the person's text (contact details taken out) and what it matched, as quotes."""
    lines = []
    for ev in evidence:
        field = md(t(lang, "evidence_line", field=label(lang, "field", ev.field)))
        sentence = strip_contacts(ev.sentence, t(lang, "md_contact_removed"))
        lines.append(f"> {quote(lang, md(sentence))}  \n> {field} *{md(ev.matched)}*")
    return lines


def role_badges(role: Role, lang: str) -> str:
    """Family, technical level and transition time, each said once, each with its own icon."""
    family = md(label(lang, "family", role.family))
    level = md(t(lang, "level_badge", level=label(lang, "level", role.technical_level)))
    effort = md(t(lang, "effort_badge", effort=label(lang, "effort", role.transition_effort)))
    return (
        f":violet-badge[:material/category: {family}] :blue-badge[:material/code: {level}] "
        f":orange-badge[:material/schedule: {effort}]"
    )


def role_card(
    role: Role,
    lang: str,
    corpus: Corpus,
    *,
    rank: int | None = None,
    found: RoleMatch | None = None,
    key: str,
    open_role: Callable[[str], None] | None = None,
) -> None:
    """One role as a bordered card; with `found`, the person's match and evidence too."""
    with st.container(border=True, key=key):
        title = md(role.title.get(lang))
        st.markdown(f"### {rank}\\. {title}" if rank else f"### {title}", anchors=False)
        st.markdown(role_badges(role, lang))
        if found is not None:
            percent = match_percent(found.match)
            st.progress(
                min(max(found.match, 0.0), 1.0),
                text=f"{t(lang, 'match', percent=percent)} · {t(lang, match_band(found.match))}",
            )
            held = held_line(found, lang)
            if held:
                st.markdown(f"**:material/check_circle: {md(held)}**")
        st.markdown(md(role.summary.get(lang)))

        if found is not None:
            st.markdown(f"**:material/lightbulb: {md(t(lang, 'why_title'))}**")
            if found.evidence:
                st.markdown("\n\n".join(_quote_lines(found.evidence[:CARD_EVIDENCE], lang)))
            else:
                st.markdown(md(t(lang, "why_none")))

        steps = role.first_steps.get(lang)[:MAX_FIRST_STEPS]
        st.markdown(f"**:material/directions_walk: {md(t(lang, 'first_steps'))}**\n\n{_bullets(steps, numbered=True)}")

        held_skills = found.skills_held.get(lang) if found is not None else ()
        have, learn = st.columns(2)
        with have:
            if held_skills:
                st.markdown(f"**:material/check_circle: {md(t(lang, 'held_title'))}**\n\n{_bullets(held_skills)}")
            else:
                uses = _bullets(role.skills_have.get(lang))
                st.markdown(f"**:material/check_circle: {md(t(lang, 'skills_have'))}**\n\n{uses}")
        with learn:
            st.markdown(
                f"**:material/school: {md(t(lang, 'skills_learn'))}**\n\n{_bullets(role.skills_learn.get(lang))}"
            )

        readings = found.readings if found is not None else ()
        if readings:
            st.markdown(f"**:material/menu_book: {md(t(lang, 'role_readings'))}**")
            for item in readings[:CARD_READINGS]:
                show_reading(item.reading, lang, with_summary=False)

        known = {r.id: r for r in corpus.roles}
        related = [known[r] for r in role.related_roles if r in known]
        if related:
            st.markdown(f"**:material/hub: {md(t(lang, 'related_roles'))}**")
            with st.container(horizontal=True, gap="small"):
                for other in related:
                    st.button(
                        other.title.get(lang),
                        key=f"{key}-rel-{other.id}",
                        type="tertiary",
                        icon=":material/arrow_forward:",
                        on_click=open_role,
                        args=(other.id,),
                        disabled=open_role is None,
                    )

        with st.expander(t(lang, "more_details")):
            more = found.evidence[CARD_EVIDENCE:] if found is not None else ()
            if more:  # the card shows the strongest quotes; the others wait here
                st.markdown("\n\n".join(_quote_lines(more, lang)))
            st.markdown(f"**{md(t(lang, 'description'))}**\n\n{md(role.description.get(lang))}")
            st.markdown(f"**{md(t(lang, 'tasks'))}**\n\n{_bullets(role.tasks.get(lang))}")
            alt = role.alt_titles.get(lang)
            if alt:
                st.markdown(f"**{md(t(lang, 'alt_titles'))}**: {md(', '.join(alt))}")


def results_cards(
    roles: tuple[RoleMatch, ...], lang: str, corpus: Corpus, open_role: Callable[[str], None] | None
) -> None:
    """The first `OPEN_CARDS` cards open, each later one collapsed to a single line (title and match)."""
    for rank, found in enumerate(roles, 1):
        args = {"rank": rank, "found": found, "key": f"role-card-{rank}", "open_role": open_role}
        if rank <= OPEN_CARDS:
            role_card(found.role, lang, corpus, **args)  # type: ignore[arg-type]
        else:
            line = (
                f"{rank}\\. {md(found.role.title.get(lang))} · {t(lang, 'match', percent=match_percent(found.match))}"
            )
            with st.expander(line, key=f"role-line-{rank}"):
                role_card(found.role, lang, corpus, **args)  # type: ignore[arg-type]
