"""The results as a Markdown file a person can keep, in the interface language."""

from __future__ import annotations

import datetime as _dt

from recommender import Reading, Recommendation

from .cards import MAX_FIRST_STEPS, match_band, match_percent
from .readings import reading_line
from .strings import label, t

__all__ = ["results_markdown"]


def _reading(reading: Reading, lang: str) -> str:
    return f"- [{reading.title}]({reading.url}) — {reading_line(reading, lang)}"


def results_markdown(result: Recommendation, lang: str, text: str, today: _dt.date | None = None) -> str:
    """A self-contained Markdown report: the person's text, each role with its reasons, then the readings."""
    day = (today or _dt.date.today()).isoformat()
    out = [f"# {t(lang, 'md_title')}", "", t(lang, "md_generated", date=day), ""]
    out += [f"## {t(lang, 'md_your_text')}", ""]
    out += [f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()]
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
        if found.evidence:
            out += [f"**{t(lang, 'why_title')}**", ""]
            for ev in found.evidence:
                field = t(lang, "evidence_line", field=label(lang, "field", ev.field))
                out.append(f"- « {ev.sentence} » — {field} *{ev.matched}*")
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
