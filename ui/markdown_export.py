"""The results as a Markdown file a person can keep, in the interface language."""

from __future__ import annotations

import datetime as _dt

from recommender import Reading, Recommendation, Request

from .cards import MAX_FIRST_STEPS, held_line, match_band, match_percent
from .contact import strip_contacts
from .readings import reading_line
from .refine import describe
from .strings import label, quote, t

__all__ = ["kept_text", "results_markdown", "settings_lines"]


def settings_lines(result: Recommendation, choice: Request | None, lang: str) -> list[str]:
    """The filters, preferences and wishes read from the text that shaped these results, one sentence each."""
    lines: list[str] = []
    if choice is not None:
        filters, prefs = describe(choice, lang)
        lines += [x for x in (filters, prefs) if x]
    lines += [t(lang, "md_wish", wish=quote(lang, t(lang, f"wishname_{w.wish}"))) for w in result.wishes]
    return lines or [t(lang, "md_no_settings")]


def kept_text(text: str, lang: str) -> str:
    """The person's text as a download keeps it: without e-mail, web addresses or phone numbers."""
    return strip_contacts(text, t(lang, "md_contact_removed"))


def _reading(reading: Reading, lang: str) -> str:
    return f"- [{reading.title}]({reading.url}) — {reading_line(reading, lang)}"


def results_markdown(
    result: Recommendation,
    lang: str,
    text: str,
    today: _dt.date | None = None,
    choice: Request | None = None,
) -> str:
    """A self-contained text report: the settings, the person's text, each role with its reasons, the readings."""
    day = (today or _dt.date.today()).isoformat()
    out = [f"# {t(lang, 'md_title')}", "", t(lang, "md_generated", date=day), ""]
    out += [f"## {t(lang, 'md_settings')}", ""] + [f"- {x}" for x in settings_lines(result, choice, lang)] + [""]
    out += [f"## {t(lang, 'md_your_text')}", ""]
    out += [f"> {line}" if line.strip() else ">" for line in kept_text(text, lang).strip().splitlines()]
    out += ["", f"## {t(lang, 'md_roles')}", ""]
    for rank, found in enumerate(result.roles, 1):
        role = found.role
        percent = match_percent(found.match)
        out += [
            f"### {rank}. {role.title.get(lang)}",
            "",
            f"- {t(lang, 'map_family')}: {label(lang, 'family', role.family)}",
            f"- {t(lang, 'level_badge', level=label(lang, 'level', role.technical_level))}",
            f"- {t(lang, 'effort_badge', effort=label(lang, 'effort', role.transition_effort))}",
            f"- {t(lang, 'match', percent=percent)} ({t(lang, match_band(found.match))})",
            "",
            role.summary.get(lang),
            "",
        ]
        held = held_line(found, lang)
        if held:
            out += [f"**{held}**", ""] + [f"- {s}" for s in found.skills_held.get(lang)] + [""]
        if found.evidence:
            out += [f"**{t(lang, 'why_title')}**", ""]
            for ev in found.evidence:
                field = t(lang, "evidence_line", field=label(lang, "field", ev.field))
                out.append(f"- {quote(lang, kept_text(ev.sentence, lang))} — {field} *{ev.matched}*")
            out.append("")
        out += [f"**{t(lang, 'skills_have')}**", ""] + [f"- {s}" for s in role.skills_have.get(lang)] + [""]
        out += [f"**{t(lang, 'skills_learn')}**", ""] + [f"- {s}" for s in role.skills_learn.get(lang)] + [""]
        steps = role.first_steps.get(lang)[:MAX_FIRST_STEPS]
        out += [f"**{t(lang, 'first_steps')}**", ""] + [f"{i}. {s}" for i, s in enumerate(steps, 1)] + [""]
        if found.readings:
            out += [f"**{t(lang, 'role_readings')}**", ""] + [_reading(m.reading, lang) for m in found.readings] + [""]
    if result.readings:
        out += [f"## {t(lang, 'md_readings')}", ""]
        for m in result.readings:
            out += [_reading(m.reading, lang), f"  {m.reading.summary.get(lang)}"]
        out.append("")
    return "\n".join(out)
