"""The role card: what the role is, how well it fits, why, what to learn, where to start."""

from __future__ import annotations

import streamlit as st

from recommender import Corpus, RoleMatch
from recommender.calibration import band_of

from .readings import show_reading
from .safe_text import md
from .strings import label, t

__all__ = ["match_band", "match_percent", "role_card"]

#: At most this many first steps are listed on a card.
MAX_FIRST_STEPS = 5
#: Readings listed on a card (the full list is in the Readings tab).
CARD_READINGS = 3


def match_percent(match: float) -> str:
    """A calibrated probability as a whole percentage; '<1' and '>99' rather than a misleading 0 or 100."""
    pct = round(100 * match)
    if pct < 1:
        return "<1"
    return ">99" if pct > 99 else str(pct)


def match_band(match: float) -> str:
    """The strings key of the plain-words reading of a match (the engine's bands)."""
    return f"band_{band_of(match)}"


def _bullets(items: tuple[str, ...], numbered: bool = False) -> str:
    return "\n".join(f"{i}. {md(x)}" if numbered else f"- {md(x)}" for i, x in enumerate(items, 1))


def role_card(rank: int, found: RoleMatch, lang: str, corpus: Corpus) -> None:
    """One recommended role as a bordered card."""
    role = found.role
    with st.container(border=True, key=f"role-card-{rank}"):
        st.markdown(f"### {rank}\\. {md(role.title.get(lang))}", anchors=False)
        family = md(label(lang, "family", role.family))
        level = md(t(lang, "level_badge", level=label(lang, "level", role.technical_level)))
        effort = md(t(lang, "effort_badge", effort=label(lang, "effort", role.transition_effort)))
        st.markdown(f":violet-badge[{family}] :blue-badge[{level}] :orange-badge[{effort}]")
        percent = match_percent(found.match)
        st.progress(
            min(max(found.match, 0.0), 1.0),
            text=f"{t(lang, 'match', percent=percent)} · {t(lang, match_band(found.match))}",
        )
        st.markdown(md(role.summary.get(lang)))

        st.markdown(f"**:material/lightbulb: {md(t(lang, 'why_title'))}**")
        if found.evidence:
            lines = [md(t(lang, "why_intro"))]
            for ev in found.evidence:
                field = md(t(lang, "evidence_line", field=label(lang, "field", ev.field)))
                lines.append(f"> «\u00a0{md(ev.sentence)}\u00a0»  \n> :gray[{field}] *{md(ev.matched)}*")
            st.markdown("\n\n".join(lines))
        else:
            st.markdown(md(t(lang, "why_none")))

        have, learn = st.columns(2)
        with have:
            st.markdown(
                f"**:material/check_circle: {md(t(lang, 'skills_have'))}**\n\n{_bullets(role.skills_have.get(lang))}"
            )
        with learn:
            st.markdown(
                f"**:material/school: {md(t(lang, 'skills_learn'))}**\n\n{_bullets(role.skills_learn.get(lang))}"
            )

        steps = role.first_steps.get(lang)[:MAX_FIRST_STEPS]
        st.markdown(f"**:material/directions_walk: {md(t(lang, 'first_steps'))}**\n\n{_bullets(steps, numbered=True)}")

        st.markdown(f"**:material/menu_book: {md(t(lang, 'role_readings'))}**")
        if found.readings:
            for item in found.readings[:CARD_READINGS]:
                show_reading(item.reading, lang, with_summary=False)
        else:
            st.caption(md(t(lang, "no_readings")))

        with st.expander(t(lang, "more_details")):
            st.markdown(f"**{md(t(lang, 'description'))}**\n\n{md(role.description.get(lang))}")
            st.markdown(f"**{md(t(lang, 'tasks'))}**\n\n{_bullets(role.tasks.get(lang))}")
            alt = role.alt_titles.get(lang)
            if alt:
                st.markdown(f"**{md(t(lang, 'alt_titles'))}**: {md(', '.join(alt))}")
            known = {r.id: r for r in corpus.roles}
            related = [known[r].title.get(lang) for r in role.related_roles if r in known]
            if related:
                st.markdown(f"**{md(t(lang, 'related_roles'))}**\n\n{_bullets(tuple(related))}")
